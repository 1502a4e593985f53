"""How fast the API's case list is at 100,000 cases, beside a minimal view serving the same page.

Run against a PostgreSQL database of its own (created if missing; never the development database):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/jinzhou_bench_api \\
        .venv/bin/python benchmarks/api_case_list.py --cases 100000 --loads 30

1. Migrates, seeds the catalogue and demo users, and tops the cases up to ``--cases`` with
   ``seed_demo`` (shared with ``admin_case_list.py``).
2. Issues an API key to the ``office`` demo user and loads
   ``/api/v1/cases/?light=red&chain=<chain>&limit=50`` with Django's test Client (the whole stack:
   middleware, key lookup, scope, filterset, serializer, JSON) ``--loads`` times after two warm-ups.
3. In the same run and the same way, loads a minimal view that answers the same page (the same
   rows, the same fields, the same count) from one hand-written SQL query and a COUNT, with no
   framework between: the floor the API is measured against (target: the API within 2×). The two
   take turns load by load, so the machine's noise falls on both.

Prints medians and p90s in milliseconds, the API's query count, and checks both give the same ids.
Not part of the test run.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from admin_case_list import ensure_cases, p90, prepare_database, setup_django

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/jinzhou_bench_api"

MINIMAL_SQL = """
SELECT c.id, c.reference, c.kind, c.title, c.description, c.status, c.is_open, c.priority, c.source,
       ch.code, d.id, d.code, d.name, c.reporter_enterprise_id, c.due_at, c.original_due_at,
       c.report_due_at, c.version, c.parent_id, c.created_at, c.updated_at, c.closed_at
FROM casework_case c
JOIN chains_chain ch ON ch.id = c.chain_id
LEFT JOIN org_department d ON d.id = c.responsible_department_id
WHERE ch.code = %(chain)s AND c.is_open AND (c.due_at <= %(now)s OR c.report_due_at <= %(now)s)
ORDER BY c.created_at DESC, c.id DESC
LIMIT 50
"""
MINIMAL_COUNT = """
SELECT COUNT(*) FROM casework_case c JOIN chains_chain ch ON ch.id = c.chain_id
WHERE ch.code = %(chain)s AND c.is_open AND (c.due_at <= %(now)s OR c.report_due_at <= %(now)s)
"""
COLUMNS = [
    "id",
    "reference",
    "kind",
    "title",
    "description",
    "status",
    "is_open",
    "priority",
    "source",
    "chain",
    "department_id",
    "department_code",
    "department_name",
    "reporter_enterprise",
    "due_at",
    "original_due_at",
    "report_due_at",
    "version",
    "parent",
    "created_at",
    "updated_at",
    "closed_at",
]


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cases", type=int, default=100_000, help="cases in the database (default 100000)")
    parser.add_argument("--loads", type=int, default=30, help="timed loads per page (default 30)")
    parser.add_argument("--chain", default="MT-01", help="the chain filtered on (default MT-01)")
    parser.add_argument("--seed", type=int, default=1, help="seed_demo's --seed for the cases added")
    parser.add_argument("--reset", action="store_true", help="drop and recreate the benchmark database first")
    return parser.parse_args()


def install_minimal_view() -> None:
    from django.db import connection
    from django.http import JsonResponse
    from django.urls import clear_url_caches, path
    from django.utils import timezone

    from jinzhou import urls

    def minimal(request):
        params = {"chain": request.GET["chain"], "now": timezone.now()}
        with connection.cursor() as cursor:
            cursor.execute(MINIMAL_COUNT, params)
            count = cursor.fetchone()[0]
            cursor.execute(MINIMAL_SQL, params)
            rows = [dict(zip(COLUMNS, row, strict=True)) for row in cursor.fetchall()]
        for row in rows:
            row["light"] = "red"
            row["responsible_department"] = {
                "id": row.pop("department_id"),
                "code": row.pop("department_code"),
                "name": row.pop("department_name"),
            }
        return JsonResponse({"count": count, "results": rows})

    urls.urlpatterns.insert(0, path("bench/minimal-cases/", minimal))
    clear_url_caches()


def first_load(client, url: str, headers: dict) -> tuple[int, list[int], int]:
    """Two warm-ups, then one load with its queries counted: (queries, ids, count)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _warm_up in range(2):
        response = client.get(url, headers=headers)
        if response.status_code != 200:
            sys.exit(f"{url} answered {response.status_code}: {response.content[:300]!r}")
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, headers=headers)
    body = json.loads(response.content)
    return len(captured.captured_queries), [row["id"] for row in body["results"]], body["count"]


def time_interleaved(client, urls: list[str], loads: int, headers: dict) -> list[list[float]]:
    """Load each URL ``loads`` times, taking turns (and swapping who goes first every round), so
    that a noisy neighbour on this shared machine slows both sides alike instead of one."""
    timings: list[list[float]] = [[] for _url in urls]
    for round_ in range(loads):
        order = list(range(len(urls)))
        if round_ % 2:
            order.reverse()
        for index in order:
            started = time.perf_counter()
            client.get(urls[index], headers=headers)
            timings[index].append((time.perf_counter() - started) * 1000)
    return timings


def main() -> None:
    args = parse_args()
    url = os.environ.get("DATABASE_URL") or DEFAULT_URL
    if not url.startswith("postgres"):
        sys.exit("set DATABASE_URL to a PostgreSQL database of the benchmark's own")
    prepare_database(url, args.reset)
    setup_django(url)
    os.environ.setdefault("API_THROTTLE_RATE", "1000000/min")
    ensure_cases(args.cases, args.seed)

    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.test import Client

    from jinzhou.casework.models import Case
    from jinzhou.org.services import issue_api_key

    settings.REST_FRAMEWORK["DEFAULT_THROTTLE_CLASSES"] = []
    install_minimal_view()
    office = get_user_model().objects.get(username="office")
    _key, raw = issue_api_key(actor=office, name="benchmark", user=office, scopes="*:read")
    client = Client()
    headers = {"Authorization": f"Bearer {raw}"}
    total = Case.objects.count()
    pages = [
        ("API /api/v1/cases/", f"/api/v1/cases/?light=red&chain={args.chain}&limit=50"),
        ("minimal view (SQL)", f"/bench/minimal-cases/?chain={args.chain}"),
    ]
    print(f"\n{'page (light=red, chain=' + args.chain + ', 50 rows)':44s} {'median ms':>10s} {'p90 ms':>8s} "
          f"{'queries':>8s} {'rows':>5s} {'count':>6s}   ({total:,} cases)")  # fmt: skip
    firsts = [first_load(client, page_url, headers) for _label, page_url in pages]
    all_timings = time_interleaved(client, [page_url for _label, page_url in pages], args.loads, headers)
    for (label, _url), (queries, ids, count), timings in zip(pages, firsts, all_timings, strict=True):
        print(
            f"{label:44s} {statistics.median(timings):10.1f} {p90(timings):8.1f} {queries:8d} {len(ids):5d} {count:6d}"
        )
    (_q, api_ids, api_count), (_q2, sql_ids, sql_count) = firsts
    api_ms, sql_ms = (statistics.median(timings) for timings in all_timings)
    assert api_ids == sql_ids and api_count == sql_count, "the two pages differ"
    ratio = api_ms / sql_ms
    print(f"\nratio API / minimal view: {ratio:.2f}×  (target ≤ 2×); same {len(api_ids)} rows, count {api_count}")
    print(f"reproduce: DATABASE_URL={url} .venv/bin/python benchmarks/api_case_list.py --cases {args.cases} "
          f"--loads {args.loads} --chain {args.chain}")  # fmt: skip


if __name__ == "__main__":
    main()
