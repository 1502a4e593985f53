"""Every page a person opens daily, at growing volume: the median at each size and the ratio.

Grows a PostgreSQL database of its own through the given sizes and measures every page at each:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/jinzhou_bench_pages \\
        .venv/bin/python benchmarks/pages.py --sizes 10000,1000000 --mix realistic,stress --loads 7 --reset

1. One mix (``--mix stress``) runs on the database of DATABASE_URL; several (``--mix realistic,stress``)
   run one after the other, each in its own process on its own database ``<database>_<mix>``.
2. Migrates, loads the catalogue and demo users (``seed_jinzhou --demo-users``); then, for each size,
   tops the cases up to it with ``seed_demo --mix <mix>`` (timed; cases are only ever added: use
   ``--reset`` for a fresh database) and refills the search index (``rebuild_search_index``, timed:
   seed_demo writes with COPY, below the receivers that keep the index).
3. At each size, after printing the machine's load average, logs in as the demo accounts with
   Django's test Client (the whole stack: middleware, sessions, templates, database), loads each page
   twice to warm up, then ``--loads`` times, and keeps the median. It also counts one load's queries.
4. At the last size: the chain leader's queue. The ``chainlead`` demo user's 我的待办 (工信局) is
   topped up to ``--queue`` open cases (``seed_demo --open-for miit``; the realistic mix leaves only
   a few thousand open cases in all) and its first page measured, beside the queue's size.
5. Prints one table per mix: the median at each size, the ratio of the last to the first, the
   queries, then the command to rerun. A page passes when it answers in ≤ 300 ms at the last size and
   in ≤ 2× its time at the first (both measured in this run).

Not part of the test run.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import shlex
import sys
from pathlib import Path
from urllib.parse import quote

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _pages_run import (
    QUEUE_ACCOUNT,
    browsers,
    fill_queue,
    grow,
    index_search,
    load_average,
    measure,
    open_cases,
    queue_size,
    run_children,
)
from admin_case_list import describe_machine, prepare_database, setup_django

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/jinzhou_bench_pages"
TARGET_MS = 300
TARGET_RATIO = 2.0
MIXES = ("realistic", "stress")
SEARCH_WORD = quote("石英")
QUEUE_LABEL = "portal todos (chainlead), full queue"


def wanted(only: str, label: str) -> bool:
    """``--only``: the pages whose label contains one of its comma-separated parts (all without it)."""
    return not only or any(part and part in label for part in only.split(","))


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="10000,100000", help="case counts to measure at (default 10000,100000)")
    parser.add_argument("--mix", default="stress", help="seed_demo's --mix, or several: realistic,stress")
    parser.add_argument("--loads", type=int, default=7, help="timed loads per page and size (default 7)")
    parser.add_argument(
        "--only", default="", help="measure only the pages whose label contains this (or one of these, comma-separated)"
    )
    parser.add_argument("--seed", type=int, default=1, help="seed_demo's --seed of the first size (default 1)")
    parser.add_argument("--queue", type=int, default=5000, help="chainlead's queue at the last size (0: skip)")
    parser.add_argument("--reset", action="store_true", help="drop and recreate the benchmark database(s) first")
    parser.add_argument("--results", default="", help=argparse.SUPPRESS)  # a child's JSON, for its parent
    args = parser.parse_args()
    try:
        args.sizes = sorted({int(size) for size in args.sizes.split(",") if size.strip()})
    except ValueError:
        parser.error("--sizes takes case counts separated by commas, e.g. 10000,100000")
    if not args.sizes or args.sizes[0] < 1:
        parser.error("--sizes needs at least one positive case count")
    args.mixes = list(dict.fromkeys(mix.strip() for mix in args.mix.split(",") if mix.strip()))
    if not args.mixes or set(args.mixes) - set(MIXES):
        parser.error(f"--mix takes {' or '.join(MIXES)}, or both separated by a comma")
    return args


def pages() -> list[tuple[str, str, str]]:
    """(label, account, URL) of every daily page, the objects picked once (the same at every size)."""
    from jinzhou.casework.admin.cases import kind_change_url
    from jinzhou.casework.models import Case
    from jinzhou.org.models import Chain
    from meetings.models import Meeting

    chain = Chain.objects.filter(code="MT-01").first() or Chain.objects.order_by("code").first()
    case = Case.objects.filter(chain=chain, is_open=True).order_by("pk").first() or Case.objects.order_by("pk").first()
    meeting = Meeting.objects.order_by("pk").first()
    # The admin's page of an open bottleneck (the commonest kind; the first open case may be a 揭榜挂帅 challenge).
    bottleneck = Case.objects.filter(chain=chain, is_open=True, kind="bottleneck").order_by("pk").first() or case
    case_page = kind_change_url(bottleneck.kind, bottleneck.pk)
    dept = case.responsible_department_id
    listed = [
        ("portal todos (chainlead)", "chainlead", "/portal/"),
        ("portal todos (enterprise)", "enterprise", "/portal/"),
        ("portal todos (office)", "office", "/portal/"),
        ("portal todos (leader)", "leader", "/portal/"),
        ("portal todos (taskforce)", "taskforce", "/portal/"),
        ("portal case page (office)", "office", f"/portal/cases/{case.pk}/"),
        ("portal case list (leader)", "leader", "/portal/cases/"),
        ("portal chain page (chainlead)", "chainlead", f"/portal/chains/{chain.pk}/"),
        ("portal search (office)", "office", f"/portal/search/?q={SEARCH_WORD}"),
        ("portal search (chainlead)", "chainlead", f"/portal/search/?q={SEARCH_WORD}"),
        ("api search (office)", "office", f"/api/v1/search/?q={SEARCH_WORD}"),
        ("portal dashboard (leader)", "leader", "/portal/dashboard/"),
        ("portal dashboard (taskforce)", "taskforce", "/portal/dashboard/"),
        ("admin dashboard (chainlead)", "chainlead", "/admin/casework/dashboard/"),
        ("admin home (office)", "office", "/admin/"),
        ("admin dashboard (office)", "office", "/admin/casework/dashboard/"),
        ("admin case page (office)", "office", case_page),
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
        ("portal watch list (leader)", "leader", "/portal/watch/"),
    ]
    if meeting is not None:
        listed.insert(8, ("portal meeting page (office)", "office", f"/portal/meetings/{meeting.pk}/"))
    return listed


def run_mix(args: argparse.Namespace, mix: str) -> dict:
    """Grow this process's database through the sizes with one mix, measuring at each."""
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    result = {"mix": mix, "database": connection.settings_dict["NAME"], "sizes": [], "pages": {}, "queue": None}
    for step, size in enumerate(args.sizes):
        have, added, seeded = grow(size, args.seed + step, mix)
        indexed = index_search(force=added > 0)
        at = {"cases": have, "open": open_cases(), "queue": queue_size(), "seed_s": seeded, "index_s": indexed}
        at["load"] = load_average()
        result["sizes"].append(at)
        print(
            f"measuring at {have:,} cases ({at['open']:,} open; {QUEUE_ACCOUNT}'s 我的待办 {at['queue']:,}), "
            f"{args.loads} loads per page; seeding took {seeded:.1f} s; {at['load']}",
            flush=True,
        )
        found = browsers()
        for label, account, page_url in pages():
            if not wanted(args.only, label):
                continue
            ms, queries = measure(found[account], page_url, args.loads)
            result["pages"].setdefault(label, []).append((ms, queries))
            print(f"  {label:38s} {ms:8.0f} ms  {queries:3d} queries", flush=True)
    if args.queue > 0 and wanted(args.only, QUEUE_LABEL):
        size, added, seconds = fill_queue(args.queue, args.seed + len(args.sizes))
        print(f"{QUEUE_LABEL}: {size:,} open cases in the queue; {load_average()}", flush=True)
        ms, queries = measure(browsers()[QUEUE_ACCOUNT], "/portal/", args.loads)
        result["queue"] = {"size": size, "added": added, "seed_s": seconds, "ms": ms, "queries": queries}
        print(f"  {QUEUE_LABEL:38s} {ms:8.0f} ms  {queries:3d} queries", flush=True)
    return result


def passes(ms: float, ratio: float | None) -> str:
    return "yes" if ms <= TARGET_MS and (ratio is None or ratio <= TARGET_RATIO) else "NO"


def print_table(result: dict) -> None:
    sizes = result["sizes"]
    print(f"\nmix {result['mix']} (database {result['database']}); medians in ms (queries)")
    for at in sizes:
        index = f"{at['index_s']:.1f} s" if at["index_s"] is not None else "kept"
        print(
            f"  {at['cases']:>9,} cases: seeding {at['seed_s']:.1f} s, search index {index}; "
            f"{QUEUE_ACCOUNT}'s 我的待办 {at['queue']:,} open; {at['load']}"
        )
    heads = " ".join(f"{'{:,} ({:,} open)'.format(at['cases'], at['open']):>24s}" for at in sizes)
    print(f"{'page':38s} {heads} {'ratio':>6s}  ≤300 ms & ≤2×")
    for label, measured in result["pages"].items():
        cells = " ".join(f"{f'{ms:.0f} ({queries})':>24s}" for ms, queries in measured)
        ratio = measured[-1][0] / measured[0][0] if measured[0][0] else 0.0
        print(f"{label:38s} {cells} {ratio:6.1f}  {passes(measured[-1][0], ratio)}")
    queue = result["queue"]
    if queue:
        print(
            f"{QUEUE_ACCOUNT}'s 我的待办, first page, with {queue['size']:,} open cases in its tabs "
            f"(at {sizes[-1]['cases'] + queue['added']:,} cases; {queue['added']:,} added with --open-for in "
            f"{queue['seed_s']:.1f} s): {queue['ms']:.0f} ms ({queue['queries']} queries)  "
            f"≤300 ms: {passes(queue['ms'], None)}"
        )


def main() -> None:
    args = parse_args()
    url = os.environ.get("DATABASE_URL") or DEFAULT_URL
    if not url.startswith("postgres"):
        sys.exit("this benchmark runs on PostgreSQL: set DATABASE_URL=postgres://…/<a benchmark database>")
    if len(args.mixes) > 1:
        results = run_children(url, args.mixes, sys.argv[1:])
    else:
        prepare_database(url, args.reset)
        setup_django(url)
        # One "successful login" line per account and size says nothing about speed.
        logging.getLogger("axes").setLevel(logging.WARNING)
        describe_machine()
        results = [run_mix(args, args.mixes[0])]
        if args.results:
            Path(args.results).write_text(json.dumps(results[0]))
            return
    for result in results:
        print_table(result)
    command = f"cd {shlex.quote(os.getcwd())} && DATABASE_URL={shlex.quote(url)} {shlex.quote(sys.executable)} "
    command += shlex.join([sys.argv[0], *sys.argv[1:]])
    print(f"\nrerun: {command}")
    if "--reset" not in sys.argv:
        print("(cases are only ever added: add --reset to grow again from an empty database)")


if __name__ == "__main__":
    main()
