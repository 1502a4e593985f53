"""How fast the admin's case list is with many cases, and what it asks the database.

Run against a PostgreSQL database of its own (created if missing; never the development database):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/jinzhou_bench \\
        .venv/bin/python benchmarks/admin_case_list.py --cases 100000 --big 1000000 --loads 30

1. Migrates, loads the catalogue and demo users (``seed_jinzhou --demo-users``), and tops the
   cases up to ``--cases`` with ``seed_demo`` (cases are only ever added: use ``--reset`` for a
   fresh database).
2. Loads the case list as the ``office`` demo user with Django's test Client (the whole stack:
   middleware, admin, templates, database) ``--loads`` times per page, after two warm-up loads:
   all cases unfiltered, filtered by light=red and by one chain, and the bottleneck list. Prints the
   median and p90 in milliseconds and the number of queries of one load.
3. With ``--big``: tops the cases up to that number and captures the queries of one load of the
   unfiltered list, to show whether it runs a full ``COUNT(*)`` of the table, first as the admin
   is, then with ``jinzhou.casework.pagination.EstimatedCountPaginator`` set on the admins, and
   times a few loads of each page at that size.

The real admin (``/admin/casework/case/``, ``/admin/chains/bottleneck/``) is measured when it is
registered; otherwise a stand-in view in this script renders the same queryset, a page of 100.
Not part of the test run.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import shlex
import statistics
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/jinzhou_bench"


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cases", type=int, default=100_000, help="cases for the timed list (default 100000)")
    parser.add_argument("--loads", type=int, default=30, help="timed page loads per page, 0 to skip (default 30)")
    parser.add_argument("--big", type=int, default=0, help="then top up to this many cases and check the queries")
    parser.add_argument("--big-loads", type=int, default=5, help="timed page loads per page at --big (default 5)")
    parser.add_argument("--seed", type=int, default=1, help="seed_demo's --seed for the cases added (default 1)")
    parser.add_argument("--reset", action="store_true", help="drop and recreate the benchmark database first")
    return parser.parse_args()


def prepare_database(url: str, reset: bool) -> None:
    """Create the benchmark database if it does not exist (or recreate it with --reset)."""
    import psycopg
    from psycopg import sql

    parsed = urlparse(url)
    name = parsed.path.lstrip("/")
    if name in ("", "postgres", "template0", "template1"):
        sys.exit(f"refusing to use the database {name!r}: give the benchmark a database of its own")
    admin_url = parsed._replace(path="/postgres").geturl()
    with psycopg.connect(admin_url, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if exists and reset:
            conn.execute(sql.SQL("DROP DATABASE {} WITH (FORCE)").format(sql.Identifier(name)))
            exists = None
        if not exists:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
            print(f"created database {name}")


def setup_django(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jinzhou.settings")
    # Keep the benchmark's var/ files (Celery's file transport, uploads) out of the project's var/.
    os.environ.setdefault("JINZHOU_VAR_DIR", str(Path(tempfile.gettempdir()) / "jinzhou-bench-var"))
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def ensure_cases(target: int, seed: int) -> None:
    from django.core.management import call_command

    from jinzhou.casework.models import Case
    from jinzhou.org.models import Chain

    call_command("migrate", verbosity=0)
    if not Chain.objects.exists() or not _office_user():
        call_command("seed_jinzhou", "--demo-users", stdout=open(os.devnull, "w"))  # noqa: SIM115
    have = Case.objects.count()
    if have > target:
        print(f"the database already holds {have:,} cases (> {target:,}); measuring with {have:,} (use --reset)")
        return
    if have < target:
        print(f"adding {target - have:,} cases to the {have:,} there (seed_demo --seed {seed})")
        call_command("seed_demo", "--cases", str(target - have), "--seed", str(seed))


def _office_user():
    from django.contrib.auth import get_user_model

    return get_user_model().objects.filter(username="office").first()


# --- pages ---------------------------------------------------------------------------------------------
def pages() -> list[tuple[str, str]]:
    from django.contrib import admin

    from chains.models import Bottleneck
    from jinzhou.casework.models import Case
    from jinzhou.org.models import Chain

    chain = Chain.objects.filter(code="MT-01").first() or Chain.objects.order_by("code").first()
    if admin.site.is_registered(Case):
        listed = [
            ("all cases", "/admin/casework/case/"),
            ("all cases, light=red", "/admin/casework/case/?light=red"),
            (f"all cases, chain={chain.code}", f"/admin/casework/case/?chain__id__exact={chain.pk}"),
        ]
        if admin.site.is_registered(Bottleneck):
            listed.append(("bottlenecks", "/admin/chains/bottleneck/"))
        return listed
    return [
        ("stand-in view", "/bench/cases/"),
        ("stand-in view, light=red", "/bench/cases/?light=red"),
        (f"stand-in view, chain={chain.code}", f"/bench/cases/?chain={chain.pk}"),
    ]


def install_stand_in_view() -> None:
    """If the case admin is not registered: a plain view over the same queryset, a page of 100."""
    from django.contrib import admin
    from django.core.paginator import Paginator
    from django.http import HttpResponse
    from django.template import Context, Template
    from django.urls import clear_url_caches, path

    from jinzhou import urls
    from jinzhou.casework.models import Case

    if admin.site.is_registered(Case):
        return
    template = Template(
        "<table>{% for c in page %}<tr><td>{{ c.light }}</td><td>{{ c.reference }}</td><td>{{ c.title }}</td>"
        "<td>{{ c.chain }}</td><td>{{ c.responsible_department }}</td><td>{{ c.due_at }}</td>"
        "<td>{{ c.status }}</td></tr>{% endfor %}</table>"
    )

    def cases(request):
        queryset = Case.objects.visible_to(request.user).with_light()
        if request.GET.get("light"):
            queryset = queryset.filter(light=request.GET["light"])
        if request.GET.get("chain"):
            queryset = queryset.filter(chain_id=request.GET["chain"])
        queryset = queryset.select_related("chain", "responsible_department").order_by("-created_at", "-id")
        page = Paginator(queryset, 100).get_page(request.GET.get("p"))
        return HttpResponse(template.render(Context({"page": page})))

    urls.urlpatterns.insert(0, path("bench/cases/", cases))
    clear_url_caches()


def client():
    from django.test import Client

    browser = Client()
    browser.force_login(_office_user())
    return browser


def rows_on(response) -> int:
    body = response.content.split(b"<tbody>", 1)[-1].split(b"</tbody>", 1)[0]
    return body.count(b"<tr")


def time_page(browser, url: str, loads: int) -> tuple[list[float], int, int]:
    """Milliseconds of each of ``loads`` loads (after two warm-ups), the queries of one, rows shown."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _warm_up in range(2):
        response = browser.get(url)
        if response.status_code != 200:
            sys.exit(f"{url} answered {response.status_code}")
    with CaptureQueriesContext(connection) as captured:
        response = browser.get(url)
    # Read now: the next request resets the connection's query log that captured_queries slices.
    queries = len(captured.captured_queries)
    timings = []
    for _load in range(loads):
        started = time.perf_counter()
        response = browser.get(url)
        timings.append((time.perf_counter() - started) * 1000)
    return timings, queries, rows_on(response)


def p90(values: list[float]) -> float:
    return statistics.quantiles(values, n=10, method="inclusive")[-1] if len(values) > 1 else values[0]


def report_timings(browser, loads: int, cases: int) -> None:
    print(f"\n{'page':32s} {'median ms':>10s} {'p90 ms':>8s} {'queries':>8s} {'rows':>5s}   ({cases:,} cases)")
    for label, url in pages():
        timings, queries, rows = time_page(browser, url, loads)
        print(f"{label:32s} {statistics.median(timings):10.0f} {p90(timings):8.0f} {queries:8d} {rows:5d}")


# --- the COUNT(*) check --------------------------------------------------------------------------------
FULL_COUNT = re.compile(r'SELECT COUNT\(\*\)(?: AS "__count")? FROM "casework_case"\s*$', re.IGNORECASE)


def captured_unfiltered(browser, url: str):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    browser.get(url)
    with CaptureQueriesContext(connection) as captured:
        started = time.perf_counter()
        response = browser.get(url)
        elapsed = (time.perf_counter() - started) * 1000
    assert response.status_code == 200, response.status_code
    return list(captured.captured_queries), elapsed


def report_queries(queries: list[dict], elapsed: float) -> bool:
    full_counts = [q for q in queries if FULL_COUNT.search(q["sql"].strip())]
    print(f"  one load: {elapsed:.0f} ms, {len(queries)} queries; full COUNT(*) of casework_case: {len(full_counts)}")
    for q in full_counts:
        print(f"  {float(q['time']) * 1000:8.0f} ms  {q['sql'].strip()}   <- the full count")
    print("  the slowest five:")
    for q in sorted(queries, key=lambda q: -float(q["time"]))[:5]:
        sql = re.sub(r"\s+", " ", q["sql"])
        print(f"  {float(q['time']) * 1000:8.0f} ms  {sql[:150]}{'…' if len(sql) > 150 else ''}")
    return bool(full_counts)


def use_estimated_paginator() -> list[str]:
    """Set EstimatedCountPaginator on every registered case admin (in this process only)."""
    from django.contrib import admin

    from jinzhou.casework.models import Case
    from jinzhou.casework.pagination import EstimatedCountPaginator

    changed = []
    for model, model_admin in admin.site._registry.items():
        if issubclass(model, Case):
            type(model_admin).paginator = EstimatedCountPaginator
            changed.append(type(model_admin).__name__)
    return changed


def page_query_alone() -> None:
    """The list's main query on its own: ordered as the admin orders it, and by an indexed column."""
    from django.contrib import admin
    from django.db import connection
    from django.test import RequestFactory

    from jinzhou.casework.models import Case

    model_admin = admin.site._registry.get(Case)
    if model_admin is None:
        return
    request = RequestFactory().get("/admin/casework/case/")
    request.user = _office_user()
    queryset = model_admin.get_queryset(request)
    print("\nthe page query alone (100 rows, median of 3):")
    for label, ordering in (
        ("ordered as the admin orders it", model_admin.get_ordering(request)),
        ("ordered by -created_at (indexed)", ["-created_at", "-id"]),
    ):
        sql, params = queryset.order_by(*ordering)[:100].query.sql_with_params()
        timings = []
        with connection.cursor() as cursor:
            for _run in range(3):
                started = time.perf_counter()
                cursor.execute(sql, params)
                cursor.fetchall()
                timings.append((time.perf_counter() - started) * 1000)
        print(f"  {statistics.median(timings):8.0f} ms  {label}")


def check_big(browser, loads: int, cases: int) -> None:
    from django.contrib import admin

    from jinzhou.casework.models import Case

    url = pages()[0][1]
    print(f"\nqueries of one load of {url} with {cases:,} cases")
    model_admin = admin.site._registry.get(Case)
    paginator = type(model_admin).paginator.__name__ if model_admin else "Paginator (stand-in view)"
    print(
        f"- as the admin is (paginator {paginator}, show_full_result_count "
        f"{getattr(model_admin, 'show_full_result_count', '-')}):"
    )
    counted = report_queries(*captured_unfiltered(browser, url))
    report_timings(browser, loads, cases)
    page_query_alone()
    if model_admin is None:
        return
    print(f"\n- with EstimatedCountPaginator on {', '.join(use_estimated_paginator())}:")
    counted_after = report_queries(*captured_unfiltered(browser, url))
    report_timings(browser, loads, cases)
    from jinzhou.casework.pagination import EstimatedCountPaginator

    print(
        f"\nfull COUNT(*) on the unfiltered page: {'yes' if counted else 'no'} as the admin is, "
        f"{'yes' if counted_after else 'no'} with EstimatedCountPaginator "
        f"(which counts exactly below {EstimatedCountPaginator.exact_below:,} rows)"
    )


def describe_machine() -> None:
    from django import get_version
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        (pg,) = cursor.fetchone()
    cpu = (
        next(
            (
                line.split(":", 1)[1].strip()
                for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")
            ),
            platform.processor(),
        )
        if Path("/proc/cpuinfo").exists()
        else platform.processor()
    )
    print(
        f"machine: {os.cpu_count()} cores ({cpu}); Python {platform.python_version()}, Django {get_version()}, "
        f"PostgreSQL {pg}; {time.strftime('%Y-%m-%d %H:%M %Z')}"
    )


def main() -> None:
    args = parse_args()
    url = os.environ.get("DATABASE_URL") or DEFAULT_URL
    if not url.startswith("postgres"):
        sys.exit("this benchmark runs on PostgreSQL: set DATABASE_URL=postgres://…/<a benchmark database>")
    prepare_database(url, args.reset)
    setup_django(url)
    describe_machine()
    from jinzhou.casework.models import Case

    ensure_cases(args.cases, args.seed)
    install_stand_in_view()
    browser = client()
    if args.loads:
        report_timings(browser, args.loads, Case.objects.count())
    if args.big:
        ensure_cases(args.big, args.seed + 1)
        check_big(browser, args.big_loads, Case.objects.count())
    command = f"DATABASE_URL={shlex.quote(url)} .venv/bin/python benchmarks/admin_case_list.py " + " ".join(
        shlex.quote(a) for a in sys.argv[1:]
    )
    print(f"\nreproduce: {command}")


if __name__ == "__main__":
    main()
