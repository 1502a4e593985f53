"""How long the monthly circular takes with many cases, and what it asks the database.

Run against a PostgreSQL database of its own (created if missing; never the development database):

    .venv/bin/python benchmarks/circular.py --url postgres://postgres@127.0.0.1:5432/wt_circ_bench \\
        --cases 100000 --repeat 5

1. Migrates, loads the catalogue and demo users (``seed_jinzhou --demo-users``), and tops the cases
   up to ``--cases`` with ``seed_demo`` (as benchmarks/admin_case_list.py does; cases are only added).
2. Times, ``--repeat`` times after one warm-up, for the last full month and for the year so far:
   the figures alone (``circulars.selectors.circular_figures`` over every case, the office's view),
   and the whole issue (``generate_circular``: figures, number, charts, Word, workbook, saved).
   Prints the medians in seconds, the queries of the figures, and the command to rerun.
Not part of the test run.
"""

from __future__ import annotations

import argparse
import os
import platform
import shlex
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/jinzhou_bench_circular"


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL))
    parser.add_argument("--cases", type=int, default=100_000, help="cases in the database (default 100000)")
    parser.add_argument("--repeat", type=int, default=5, help="timed runs of each measure (default 5)")
    parser.add_argument("--seed", type=int, default=1, help="seed_demo's --seed for the cases added (default 1)")
    return parser.parse_args()


def timed(function, repeat: int) -> tuple[float, object]:
    result = function()  # warm-up: the calendar, the content types, matplotlib's font cache
    runs = []
    for _index in range(repeat):
        started = time.perf_counter()
        result = function()
        runs.append(time.perf_counter() - started)
    return statistics.median(runs), result


def main() -> int:
    args = parse_args()
    from admin_case_list import ensure_cases, prepare_database, setup_django

    prepare_database(args.url, False)
    setup_django(args.url)
    ensure_cases(args.cases, args.seed)

    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from circulars.selectors import circular_figures
    from circulars.services import generate_circular
    from jinzhou.casework.models import Case
    from jinzhou.casework.periods import parse_period, previous_period

    today = timezone.localdate()
    this_month = parse_period(f"{today.year}-{today.month:02d}")
    periods = [previous_period(this_month), parse_period(f"{today.year}-01-01..{today}")]
    cases = Case.objects.all()
    print(f"{cases.count():,} cases; PostgreSQL {connection.pg_version}; Python {platform.python_version()}")
    for period in periods:
        in_period = cases.filter(created_at__gte=period.start, created_at__lt=period.end).count()
        figures_s, figures = timed(lambda p=period: circular_figures(cases, p), args.repeat)
        with CaptureQueriesContext(connection) as queries:  # after the warm-up: the calendar is loaded
            circular_figures(cases, period)
        issue_s, circular = timed(lambda p=period: generate_circular(None, p), args.repeat)
        print(
            f"{period.code}: {in_period:,} cases received, {len(figures['departments'])} departments, "
            f"{len(figures['chains'])} chains, {figures['overdue']['total']:,} overdue; "
            f"figures {figures_s:.2f} s median ({len(queries)} queries), whole issue {issue_s:.2f} s median "
            f"(.docx {len(circular.docx) // 1024} KB, .xlsx {len(circular.xlsx) // 1024} KB)"
        )
    print("rerun: " + shlex.join([sys.executable, *sys.argv]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
