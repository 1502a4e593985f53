"""benchmarks/pages.py's machinery: growing the database, the search index, the chain leader's queue,
the browsers, one page's timing, and one run per mix in its own process."""

from __future__ import annotations

import json
import os
import shlex
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlparse

# The chain leader's 我的待办 at the last size: its department (the ``chainlead`` demo user's, 工信局).
QUEUE_ACCOUNT = "chainlead"
QUEUE_DEPARTMENT = "miit"


def quiet():
    return open(os.devnull, "w")


def grow(target: int, seed: int, mix: str) -> tuple[int, int, float]:
    """Top the cases up to ``target`` with seed_demo; the count after, the cases added, the seconds."""
    from django.core.management import call_command

    from jinzhou.casework.models import Case
    from jinzhou.org.models import Chain

    if not Chain.objects.exists():
        call_command("seed_jinzhou", "--demo-users", stdout=quiet())
    have = Case.objects.count()
    if have > target:
        print(f"the database already holds {have:,} cases (> {target:,}): measuring with them (use --reset)")
    started = time.perf_counter()
    if have < target:
        print(f"adding {target - have:,} cases to the {have:,} there (seed_demo --mix {mix} --seed {seed})", flush=True)
        call_command("seed_demo", "--cases", str(target - have), "--seed", str(seed), "--mix", mix, verbosity=0)
    return Case.objects.count(), max(0, target - have), time.perf_counter() - started


def index_search(force: bool) -> float | None:
    """rebuild_search_index (seed_demo writes below the receivers that keep the index), then VACUUM (ANALYZE);
    also when the index misses cases (a database seeded before). The seconds, or None if not needed."""
    from django.core.management import call_command
    from django.db import connection

    from jinzhou.casework.models import Case
    from search.models import SearchEntry

    if not force and SearchEntry.objects.filter(kind="case").count() >= Case.objects.count():
        return None
    started = time.perf_counter()
    call_command("rebuild_search_index", stdout=quiet())
    # VACUUM (ANALYZE) of the whole database, as autovacuum does soon after a bulk load in production:
    # without it the index-only reads of the lists and counts visit the table for every row just written
    # (the visibility map is unset), a cost of the load, not of the page (2-3x on some pages at 1,000,000).
    with connection.cursor() as cursor:
        cursor.execute("VACUUM (ANALYZE)")
    seconds = time.perf_counter() - started
    print(f"rebuild_search_index: {seconds:.1f} s ({SearchEntry.objects.count():,} entries)", flush=True)
    return seconds


def open_cases() -> int:
    from jinzhou.casework.models import Case

    return Case.objects.filter(is_open=True).count()


def queue_size(username: str = QUEUE_ACCOUNT) -> int:
    """The open cases in any tab of ``username``'s 我的待办 (each counted once)."""
    from django.contrib.auth import get_user_model
    from django.db.models import Q

    from jinzhou.org.selectors import actor_for
    from jinzhou.portal import queues
    from jinzhou.portal.selectors import todo_cases

    user = get_user_model().objects.get(username=username)
    in_a_tab = Q(pk__in=[])
    for section in queues.sections_for(actor_for(user)):
        in_a_tab |= section.condition
    return todo_cases(user).filter(in_a_tab).distinct().count()


def fill_queue(size: int, seed: int) -> tuple[int, int, float]:
    """Add open cases assigned to the chain leader's department (``seed_demo --open-for``) until their
    我的待办 holds ``size``; (queue size, cases added, seconds)."""
    from django.core.management import call_command

    have = queue_size()
    missing = size - have
    started = time.perf_counter()
    if missing > 0:
        print(
            f"adding {missing:,} open cases to {QUEUE_ACCOUNT}'s 我的待办 ({have:,} there; "
            f"seed_demo --open-for {QUEUE_DEPARTMENT} --seed {seed})",
            flush=True,
        )
        call_command(
            "seed_demo", "--cases", str(missing), "--seed", str(seed), "--open-for", QUEUE_DEPARTMENT, verbosity=0
        )
        index_search(force=True)
    return queue_size(), max(0, missing), time.perf_counter() - started


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
    """Two warm-up loads, the queries of one, then the median of ``loads`` timed loads (ms)."""
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


def load_average() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f} {five:.2f} {fifteen:.2f} on {os.cpu_count()} cores"


# --- several mixes: one process and database each ---------------------------------------------------------
def mix_url(url: str, mix: str) -> str:
    parsed = urlparse(url)
    return parsed._replace(path=f"{parsed.path.rstrip('/')}_{mix}").geturl()


def run_children(url: str, mixes: list[str], argv: list[str]) -> list[dict]:
    """Run this script once per mix on ``<database>_<mix>`` (Django holds one database per process);
    their progress streams through, their results come back as JSON."""
    script = Path(sys.argv[0]).resolve()
    results = []
    for mix in mixes:
        with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as handle:
            out = handle.name
        child_argv = [*without_option(argv, "--mix"), "--mix", mix, "--results", out]
        print(f"\n=== mix {mix} on {mix_url(url, mix)} ===", flush=True)
        env = {**os.environ, "DATABASE_URL": mix_url(url, mix)}
        done = subprocess.run([sys.executable, str(script), *child_argv], env=env, check=False)  # noqa: S603
        if done.returncode:
            sys.exit(f"the {mix} run failed ({done.returncode}): {shlex.join([str(script), *child_argv])}")
        results.append(json.loads(Path(out).read_text()))
        Path(out).unlink()
    return results


def without_option(argv: list[str], name: str) -> list[str]:
    kept, skip = [], False
    for arg in argv:
        if skip:
            skip = False
        elif arg == name:
            skip = True
        elif not arg.startswith(f"{name}="):
            kept.append(arg)
    return kept
