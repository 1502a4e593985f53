"""Every page a person opens daily, at growing volume: the median at each size and the ratio.

Grows one PostgreSQL database of its own through the given sizes and measures every page at each:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/jinzhou_bench_pages \\
        .venv/bin/python benchmarks/pages.py --sizes 10000,100000 --mix stress --loads 7

1. Migrates, loads the catalogue and demo users (``seed_jinzhou --demo-users``); then, for each
   size, tops the cases up to it with ``seed_demo --mix <mix>`` (cases are only ever added: use
   ``--reset`` for a fresh database).
2. At each size, logged in as the demo accounts with Django's test Client (the whole stack:
   middleware, sessions, templates, database), loads each page twice to warm up, then ``--loads``
   times, and keeps the median. It also counts the queries of one load.
3. Prints one table: the median at each size, the ratio of the last to the first, the queries,
   and the command to rerun. A page passes when it answers in ≤ 300 ms at the last size and in
   ≤ 2× its time at the first (both measured in this run).

Not part of the test run.
"""

from __future__ import annotations

import argparse
import logging
import os
import shlex
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from admin_case_list import describe_machine, prepare_database, setup_django

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/jinzhou_bench_pages"
TARGET_MS = 300
TARGET_RATIO = 2.0


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="10000,100000", help="case counts to measure at (default 10000,100000)")
    parser.add_argument("--mix", choices=("stress", "realistic"), default="stress", help="seed_demo's --mix")
    parser.add_argument("--loads", type=int, default=7, help="timed loads per page and size (default 7)")
    parser.add_argument(
        "--only", default="", help="measure only the pages whose label contains this (or one of these, comma-separated)"
    )
    parser.add_argument("--seed", type=int, default=1, help="seed_demo's --seed of the first size (default 1)")
    parser.add_argument("--reset", action="store_true", help="drop and recreate the benchmark database first")
    args = parser.parse_args()
    try:
        args.sizes = sorted({int(size) for size in args.sizes.split(",") if size.strip()})
    except ValueError:
        parser.error("--sizes takes case counts separated by commas, e.g. 10000,100000")
    if not args.sizes or args.sizes[0] < 1:
        parser.error("--sizes needs at least one positive case count")
    return args


def grow(target: int, seed: int, mix: str) -> int:
    from django.core.management import call_command

    from jinzhou.casework.models import Case
    from jinzhou.org.models import Chain

    if not Chain.objects.exists():
        call_command("seed_jinzhou", "--demo-users", stdout=open(os.devnull, "w"))  # noqa: SIM115
    have = Case.objects.count()
    if have < target:
        print(f"adding {target - have:,} cases to the {have:,} there (seed_demo --mix {mix} --seed {seed})", flush=True)
        call_command("seed_demo", "--cases", str(target - have), "--seed", str(seed), "--mix", mix, verbosity=0)
    return Case.objects.count()


def pages() -> list[tuple[str, str, str]]:
    """(label, account, URL) of every daily page, the objects picked once (the same at every size)."""
    from jinzhou.casework.models import Case
    from jinzhou.org.models import Chain
    from meetings.models import Meeting

    chain = Chain.objects.filter(code="MT-01").first() or Chain.objects.order_by("code").first()
    case = Case.objects.filter(chain=chain, is_open=True).order_by("pk").first() or Case.objects.order_by("pk").first()
    meeting = Meeting.objects.order_by("pk").first()
    dept = case.responsible_department_id
    listed = [
        ("portal todos (chainlead)", "chainlead", "/portal/"),
        ("portal todos (enterprise)", "enterprise", "/portal/"),
        ("portal todos (office)", "office", "/portal/"),
        ("portal case page (office)", "office", f"/portal/cases/{case.pk}/"),
        ("portal chain page (chainlead)", "chainlead", f"/portal/chains/{chain.pk}/"),
        ("portal dashboard (leader)", "leader", "/portal/dashboard/"),
        ("portal dashboard (taskforce)", "taskforce", "/portal/dashboard/"),
        ("admin home (office)", "office", "/admin/"),
        ("admin dashboard (office)", "office", "/admin/casework/dashboard/"),
        ("admin case list (office)", "office", "/admin/casework/case/"),
        ("admin case list, light=red", "office", "/admin/casework/case/?light=red"),
        ("admin case list, search", "office", "/admin/casework/case/?q=%E9%9B%86%E9%87%87"),
        ("api cases", "office", "/api/v1/cases/"),
        ("api bottlenecks", "office", "/api/v1/bottlenecks/"),
        ("api tasks", "office", "/api/v1/tasks/"),
        ("api meetings", "office", "/api/v1/meetings/"),
        ("api chain-reports", "office", "/api/v1/chain-reports/"),
        # Every other list of cases and of the kinds (the lists' pass of 2026-12-05).
        ("api challenges", "office", "/api/v1/challenges/"),
        ("api projects", "office", "/api/v1/investment-projects/"),
        ("api alliances", "office", "/api/v1/alliances/"),
        ("api targets", "office", "/api/v1/targets/"),
        ("api notifications", "office", "/api/v1/notifications/"),
        ("admin case list, chain", "office", f"/admin/casework/case/?chain__id__exact={chain.pk}"),
        ("admin case list, department", "office", f"/admin/casework/case/?responsible_department__id__exact={dept}"),
        ("admin case list, kind", "office", "/admin/casework/case/?kind=bottleneck"),
        ("admin case list, state", "office", "/admin/casework/case/?status=handling"),
        ("admin bottlenecks", "office", "/admin/chains/bottleneck/"),
        ("admin chain tasks", "office", "/admin/chains/chaintask/"),
        ("admin challenges", "office", "/admin/projects/challenge/"),
        ("admin projects", "office", "/admin/projects/investmentproject/"),
        ("admin alliances", "office", "/admin/alliances/alliance/"),
        ("portal case list (office)", "office", "/portal/cases/"),
    ]
    if meeting is not None:
        listed.insert(5, ("portal meeting page (office)", "office", f"/portal/meetings/{meeting.pk}/"))
    return listed


def browsers() -> dict:
    from django.contrib.auth import get_user_model
    from django.test import Client

    found = {}
    accounts = ["office", "leader", "taskforce", "chainlead", "enterprise"]
    for user in get_user_model().objects.filter(username__in=accounts):
        browser = Client()
        browser.force_login(user)
        found[user.username] = browser
    return found


def measure(browser, url: str, loads: int) -> tuple[float, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _warm_up in range(2):
        response = browser.get(url)
        if response.status_code != 200:
            sys.exit(f"{url} answered {response.status_code}")
    with CaptureQueriesContext(connection) as captured:
        browser.get(url)
    queries = len(captured.captured_queries)
    timings = []
    for _load in range(loads):
        started = time.perf_counter()
        browser.get(url)
        timings.append((time.perf_counter() - started) * 1000)
    return statistics.median(timings), queries


def open_cases() -> int:
    from jinzhou.casework.models import Case

    return Case.objects.filter(is_open=True).count()


def main() -> None:
    args = parse_args()
    url = os.environ.get("DATABASE_URL") or DEFAULT_URL
    if not url.startswith("postgres"):
        sys.exit("this benchmark runs on PostgreSQL: set DATABASE_URL=postgres://…/<a benchmark database>")
    prepare_database(url, args.reset)
    setup_django(url)
    from django.core.management import call_command

    # One "successful login" line per account and size says nothing about speed.
    logging.getLogger("axes").setLevel(logging.WARNING)
    describe_machine()
    call_command("migrate", verbosity=0)
    results: dict[str, list[tuple[float, int]]] = {}
    sizes = []
    for step, size in enumerate(args.sizes):
        have = grow(size, args.seed + step, args.mix)
        sizes.append((have, open_cases()))
        print(f"measuring at {have:,} cases ({sizes[-1][1]:,} open), {args.loads} loads per page", flush=True)
        found = browsers()
        for label, account, page_url in pages():
            if args.only and not any(part in label for part in args.only.split(",")):
                continue
            results.setdefault(label, []).append(measure(found[account], page_url, args.loads))
            print(f"  {label:34s} {results[label][-1][0]:8.0f} ms  {results[label][-1][1]:3d} queries", flush=True)
    heads = " ".join(f"{f'{have:,} ({opened:,} open)':>24s}" for have, opened in sizes)
    print(f"\nmix {args.mix}; medians in ms (queries)\n{'page':34s} {heads} {'ratio':>6s}  ≤300 ms & ≤2×")
    for label, measured in results.items():
        cells = " ".join(f"{f'{ms:.0f} ({queries})':>24s}" for ms, queries in measured)
        ratio = measured[-1][0] / measured[0][0] if measured[0][0] else 0.0
        passes = measured[-1][0] <= TARGET_MS and ratio <= TARGET_RATIO
        print(f"{label:34s} {cells} {ratio:6.1f}  {'yes' if passes else 'NO'}")
    command = f"DATABASE_URL={shlex.quote(url)} .venv/bin/python benchmarks/pages.py " + " ".join(
        shlex.quote(a) for a in sys.argv[1:]
    )
    print(f"\nreproduce: {command}")


if __name__ == "__main__":
    main()
