"""How fast one search is with many cases, and whether the index serves it.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/jinzhou_bench_search \\
        .venv/bin/python benchmarks/search.py --cases 100000 --loads 30
    DATABASE_URL=sqlite:////tmp/jinzhou-search-bench.sqlite3 .venv/bin/python benchmarks/search.py --cases 100000

1. Migrates, loads the catalogue and demo users and tops the cases up to ``--cases`` with
   ``seed_demo`` (the machinery of benchmarks/admin_case_list.py), then fills the index with
   ``rebuild_search_index`` (timed) unless it already covers every case.
2. For a rare and a common two-character word, a one-character word and a longer phrase, times
   ``search.selectors.search`` (one page of 20 hits, the office's scope and a chain leader's) and the
   whole ``/api/v1/search/?q=`` through Django's test Client, ``--loads`` times after two warm-ups;
   prints the median and p90 in milliseconds, the number of hits, and the plans of the queries of the
   first page (one per tier of relevance; PostgreSQL: EXPLAIN ANALYZE, GIN ``search_entry_document_gin``
   or the recency index ``search_entry_recency``; SQLite: the FTS5 table).
Not part of the test run.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.admin_case_list import ensure_cases, prepare_database, setup_django  # noqa: E402

QUERIES = ("石英", "供应", "钛", "高纯石英砂供应紧张")


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cases", type=int, default=100_000, help="cases in the database (default 100000)")
    parser.add_argument("--loads", type=int, default=30, help="timed searches per query and caller (default 30)")
    parser.add_argument("--seed", type=int, default=1, help="seed_demo's --seed for the cases added (default 1)")
    parser.add_argument("--reset", action="store_true", help="PostgreSQL: drop and recreate the database first")
    parser.add_argument("--explain", nargs="*", default=["石英"], help="queries whose tier plans to print")
    return parser.parse_args()


def timed(fn, loads: int) -> tuple[float, float]:
    for _ in range(2):
        fn()
    samples = []
    for _ in range(loads):
        started = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - started) * 1000)
    samples.sort()
    return statistics.median(samples), samples[max(0, int(len(samples) * 0.9) - 1)]


def main() -> None:
    args = parse_args()
    url = os.environ.get("DATABASE_URL", "")
    if not url:
        sys.exit("set DATABASE_URL to the benchmark's own database (postgres://… or sqlite:///…)")
    if url.startswith("postgres"):
        prepare_database(url, args.reset)
    setup_django(url)

    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from jinzhou.casework.models import Case
    from search.models import SearchEntry
    from search.selectors import entries, search

    ensure_cases(args.cases, args.seed)
    if SearchEntry.objects.filter(kind="case").count() < Case.objects.count():
        started = time.perf_counter()
        call_command("rebuild_search_index", stdout=open(os.devnull, "w"))  # noqa: SIM115
        print(f"rebuild_search_index: {time.perf_counter() - started:.1f} s")
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE" if connection.vendor == "postgresql" else "ANALYZE search_searchentry")
    users = get_user_model().objects
    callers = {"office": users.get(username="office")}
    # chainlead (工信局, the chain leader of the demo accounts), else the first chain leader.
    lead = users.filter(username="chainlead").first()
    lead = lead or users.filter(groups__role__code="chain_leader").order_by("pk").first()
    if lead:
        callers["chain leader"] = lead
    client = Client()
    client.force_login(callers["office"])
    print(
        f"{connection.vendor}: {Case.objects.count():,} cases, {SearchEntry.objects.count():,} entries; "
        f"{os.cpu_count()} cores; {time.strftime('%Y-%m-%d %H:%M %Z')}"
    )
    print(f"\n{'query':20s} {'caller':13s} {'hits':>7s} {'median ms':>10s} {'p90 ms':>7s}")
    for query in QUERIES:
        for name, user in callers.items():
            hits = entries(user, query).count()
            median, p90 = timed(lambda u=user, q=query: search(u, q), args.loads)
            print(f"{query:20s} {name:13s} {hits:7,d} {median:10.1f} {p90:7.1f}")
        median, p90 = timed(lambda q=query: client.get("/api/v1/search/", {"q": q}), args.loads)
        print(f"{query:20s} {'office, API':13s} {'':7s} {median:10.1f} {p90:7.1f}")
    _plans(connection, callers, args.explain)


def _plans(connection, callers, queries) -> None:
    """EXPLAIN ANALYZE of each tier query ``search`` runs for the first page (PostgreSQL), or the plan."""
    from search.models import SearchEntry
    from search.selectors import NEWEST_FIRST, _index, scope_q
    from search.tokens import query_tokens, tier_queries

    for query in queries:
        for name, user in callers.items():
            for score, tier in tier_queries(query_tokens(query), connection.vendor):
                rows = SearchEntry.objects.filter(_index(tier)).filter(scope_q(user)).order_by(*NEWEST_FIRST)[:20]
                options = {"analyze": True} if connection.vendor == "postgresql" else {}
                print(f"\nplan of the tier {score} of {query} ({name}):\n" + rows.explain(**options))


if __name__ == "__main__":
    main()
