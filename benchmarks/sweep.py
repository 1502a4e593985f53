"""How long the reminder sweep takes over a big case table, with many and with no cases due.

Run against a PostgreSQL database of its own (created if missing; never the development database):

    .venv/bin/python benchmarks/sweep.py --cases 1000000 --due 10000 --repeat 3

1. Migrates the database (default ``jinzhou_bench_sweep``), loads the catalogue and demo users
   (``seed_jinzhou --demo-users``) and tops ``casework_case`` up to ``--cases`` rows with one
   ``INSERT … SELECT generate_series`` (base rows only: the sweep reads nothing else), 85 % open,
   chain tasks and bottlenecks, deadlines over the next year, ``next_reminder_at`` after the moment
   measured, as the recomputation would leave them. ``ANALYZE`` at the end.
2. "Due": ``--due`` open cases (spread over the table) get a deadline three working days after the
   measured moment's day, a responsible person and ``next_reminder_at`` one minute before it, and
   ``sweep_reminders(now=…)`` runs: it claims them 500 at a time with ``FOR UPDATE SKIP LOCKED``,
   writes one notification each through ``notifications.notify_many`` (one call per batch, with the
   delivery plans) and advances ``next_reminder_at``. The notifications are deleted and the cases made due again before
   each repeat. The broker is Celery's in-memory transport, so queueing the deliveries after each
   commit costs what building the messages costs, not a server's latency.
   The same runs are repeated with ``notify_many`` replaced by a stand-in that writes nothing, which
   separates the sweep's own cost from the notifications app's.
3. "None due": the same table with nothing due; ``sweep_reminders`` runs ``--idle-repeat`` times.

Prints the medians, the claim query's plan and the command. Not part of the test run.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import platform
import shlex
import statistics
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/jinzhou_bench_sweep"


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL))
    parser.add_argument("--cases", type=int, default=1_000_000, help="rows in casework_case (default 1000000)")
    parser.add_argument("--due", type=int, default=10_000, help="cases due in the timed sweep (default 10000)")
    parser.add_argument("--repeat", type=int, default=3, help="timed sweeps with cases due (default 3)")
    parser.add_argument("--idle-repeat", type=int, default=20, help="timed sweeps with none due (default 20)")
    return parser.parse_args()


def prepare_database(url: str) -> None:
    import psycopg
    from psycopg import sql

    parsed = urlparse(url)
    name = parsed.path.lstrip("/")
    if name in ("", "postgres", "test", "template0", "template1"):
        sys.exit(f"refusing to use the database {name!r}: give the benchmark a database of its own")
    admin_url = parsed._replace(path="/postgres").geturl()
    with psycopg.connect(admin_url, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
            print(f"created database {name}")


def setup_django(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ["CELERY_BROKER_URL"] = "memory://"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jinzhou.settings")
    os.environ.setdefault("JINZHOU_VAR_DIR", str(Path(tempfile.gettempdir()) / "jinzhou-bench-sweep-var"))
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def measured_moment():
    """10:00 on the next working day: a moment inside working hours, whatever day the benchmark runs."""
    import datetime as dt

    from django.utils import timezone

    from jinzhou.casework.deadlines import add_working_days

    day = add_working_days(timezone.localdate(), 1)
    return timezone.make_aware(dt.datetime.combine(day, dt.time(10)))


def fill_table(target: int, now) -> None:
    from django.core.management import call_command
    from django.db import connection

    from jinzhou.casework.models import Case
    from jinzhou.org.models import Chain

    if not Chain.objects.exists():
        call_command("seed_jinzhou", "--demo-users", stdout=open(os.devnull, "w"))  # noqa: SIM115
    have = Case.objects.count()
    if have >= target:
        print(f"the table holds {have:,} cases")
        return
    missing = target - have
    print(f"adding {missing:,} cases with INSERT … SELECT generate_series …", flush=True)
    started = time.monotonic()
    chains = list(Chain.objects.values_list("pk", "leader_department_id"))
    with connection.cursor() as cursor:
        cursor.execute("CREATE TEMP TABLE bench_chain (n int, chain_id bigint, department_id bigint)")
        cursor.executemany(
            "INSERT INTO bench_chain VALUES (%s, %s, %s)", [(i, pk, dep) for i, (pk, dep) in enumerate(chains)]
        )
        cursor.execute(
            """
            INSERT INTO casework_case (kind, reference, title, description, status, is_open, priority, source,
                due_at, original_due_at, warn_at, next_reminder_at, version, created_at, updated_at,
                chain_id, responsible_department_id)
            SELECT CASE WHEN g %% 5 < 2 THEN 'task' ELSE 'bottleneck' END,
                   'BS-' || (%(offset)s + g),
                   'benchmark case ' || g, '',
                   CASE WHEN g %% 100 < 15 THEN 'closed' WHEN g %% 5 < 2 THEN 'in_progress' ELSE 'handling' END,
                   g %% 100 >= 15, 2, 'department',
                   d.due, d.due, d.due - interval '5 days',
                   CASE WHEN g %% 100 >= 15 THEN %(now)s + interval '1 day' + (g %% 240) * interval '1 hour' END,
                   1, %(now)s - interval '30 days', %(now)s - interval '30 days',
                   c.chain_id, c.department_id
            FROM generate_series(1, %(missing)s) AS g
            CROSS JOIN LATERAL (SELECT %(now)s + interval '10 days' + (g %% 365) * interval '1 day' AS due) AS d
            JOIN bench_chain c ON c.n = g %% %(chains)s
            """,
            {"offset": have, "now": now, "missing": missing, "chains": len(chains)},
        )
        cursor.execute("DROP TABLE bench_chain")
        cursor.execute("ANALYZE casework_case")
    print(f"  {time.monotonic() - started:.1f} s", flush=True)


def make_due(count: int, now) -> None:
    """``count`` open cases, spread over the table, due three working days after ``now``'s day."""
    import datetime as dt

    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.utils import timezone

    from jinzhou.casework.deadlines import add_working_days
    from jinzhou.casework.inputs import end_of_day

    person = get_user_model().objects.filter(profile__department__isnull=False).order_by("pk").first()
    office = get_user_model().objects.filter(username="office").first()
    due = end_of_day(add_working_days(timezone.localtime(now).date(), 3))
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE notifications_notification CASCADE")
        cursor.execute("SELECT count(*) FROM casework_case WHERE is_open")
        (open_cases,) = cursor.fetchone()
        step = max(open_cases // count, 1)
        cursor.execute(
            """
            WITH picked AS (
                SELECT id FROM (SELECT id, row_number() OVER (ORDER BY id) AS n FROM casework_case WHERE is_open) s
                WHERE n %% %(step)s = 0 LIMIT %(count)s
            )
            UPDATE casework_case c SET kind = 'task', status = 'in_progress', due_at = %(due)s,
                original_due_at = %(due)s, warn_at = %(due)s - interval '5 days', report_due_at = NULL,
                responsible_person_id = %(person)s, assigned_by_id = %(office)s,
                responsible_department_id = %(department)s, next_reminder_at = %(before)s
            FROM picked WHERE c.id = picked.id
            """,
            {
                "step": step,
                "count": count,
                "due": due,
                "person": person.pk,
                "office": office.pk if office else None,
                "department": person.profile.department_id,
                "before": now - dt.timedelta(minutes=1),
            },
        )
        print(f"  {cursor.rowcount:,} cases made due (responsible person {person.username})", flush=True)


class NotifyClock:
    """Accumulates the time spent inside ``notifications.notify_many`` (the sweep writes each batch's
    reminders with one call)."""

    def __init__(self) -> None:
        from jinzhou.notifications import services

        self.services = services
        self.real = services.notify_many
        self.spent = 0.0

        def timed(*args, **kwargs):
            started = time.perf_counter()
            try:
                return self.real(*args, **kwargs)
            finally:
                self.spent += time.perf_counter() - started

        services.notify_many = timed

    @contextlib.contextmanager
    def stubbed(self):
        timed = self.services.notify_many
        self.services.notify_many = lambda *args, **kwargs: []
        try:
            yield
        finally:
            self.services.notify_many = timed


def explain_claim(now) -> str:
    from django.db import connection

    from jinzhou.casework.models import Case

    query = (
        Case.objects.filter(is_open=True, next_reminder_at__lte=now)
        .order_by("next_reminder_at")
        .values_list("pk", flat=True)[:500]
    )
    sql, params = query.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, COSTS OFF) {sql} FOR UPDATE SKIP LOCKED", params)
        return "\n".join(row[0] for row in cursor.fetchall())


def main() -> None:
    args = parse_args()
    prepare_database(args.url)
    setup_django(args.url)
    import django
    from django.core.management import call_command
    from django.db import connection

    from jinzhou.casework.models import Case
    from jinzhou.casework.services.sweep import sweep_reminders
    from jinzhou.notifications.models import Notification

    call_command("migrate", verbosity=0)
    now = measured_moment()
    fill_table(args.cases, now)
    total = Case.objects.count()
    print(f"measured moment: {now.isoformat()}; {total:,} cases, {Case.objects.filter(is_open=True).count():,} open")

    notify_clock = NotifyClock()
    due_times, notify_times = [], []
    for run in range(args.repeat):
        make_due(args.due, now)
        notify_clock.spent = 0.0
        started = time.perf_counter()
        result = sweep_reminders(now=now)
        elapsed = time.perf_counter() - started
        written = Notification.objects.count()
        due_times.append(elapsed)
        notify_times.append(notify_clock.spent)
        print(
            f"  due run {run + 1}: {elapsed:.2f} s ({notify_clock.spent:.2f} s inside notify), "
            f"{result.cases_claimed:,} claimed, {result.notifications_written:,} notifications ({written:,} rows)",
            flush=True,
        )
    # The sweep's own part: the same run with notify() replaced by a stand-in that writes nothing.
    own_times = []
    with notify_clock.stubbed():
        for run in range(args.repeat):
            make_due(args.due, now)
            started = time.perf_counter()
            result = sweep_reminders(now=now)
            own_times.append(time.perf_counter() - started)
            print(f"  sweep without notify, run {run + 1}: {own_times[-1]:.2f} s, {result.cases_claimed:,} claimed")
    idle_times = []
    for _ in range(args.idle_repeat):
        started = time.perf_counter()
        result = sweep_reminders(now=now)
        idle_times.append(time.perf_counter() - started)
        assert result.cases_claimed == 0
    # Right after the due sweeps the index still holds the rows' old versions (next_reminder_at in the
    # past) until autovacuum removes them; measure again after a VACUUM, as the table usually is.
    explain_before_vacuum = explain_claim(now)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE casework_case")
    vacuumed_times = []
    for _ in range(args.idle_repeat):
        started = time.perf_counter()
        result = sweep_reminders(now=now)
        vacuumed_times.append(time.perf_counter() - started)
    print("\nclaim query with none due, right after the due sweeps:\n" + explain_before_vacuum)
    print("\nclaim query with none due, after VACUUM:\n" + explain_claim(now))
    print(
        f"\nPython {platform.python_version()}, Django {django.get_version()}, {os.cpu_count()} cores\n"
        f"| cases | due | median | runs |\n|---:|---:|---:|---|\n"
        f"| {total:,} | {args.due:,} | {statistics.median(due_times):.2f} s "
        f"(notify {statistics.median(notify_times):.2f} s) | " + " / ".join(f"{t:.2f}" for t in due_times) + " s |\n"
        f"| {total:,} | {args.due:,}, notify stubbed | {statistics.median(own_times):.2f} s | "
        + " / ".join(f"{t:.2f}" for t in own_times)
        + " s |\n"
        f"| {total:,} | 0 | {statistics.median(idle_times) * 1000:.1f} ms | "
        f"min {min(idle_times) * 1000:.1f} / max {max(idle_times) * 1000:.1f} ms over {len(idle_times)} |\n"
        f"| {total:,} | 0, after VACUUM | {statistics.median(vacuumed_times) * 1000:.1f} ms | "
        f"min {min(vacuumed_times) * 1000:.1f} / max {max(vacuumed_times) * 1000:.1f} ms over {len(vacuumed_times)} |"
    )
    command = ".venv/bin/python benchmarks/sweep.py " + " ".join(
        shlex.quote(a)
        for a in (
            "--cases",
            str(args.cases),
            "--due",
            str(args.due),
            "--repeat",
            str(args.repeat),
            "--idle-repeat",
            str(args.idle_repeat),
        )
    )
    print(f"\ncommand: {command}")


if __name__ == "__main__":
    main()
