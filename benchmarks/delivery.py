"""Delivery of 10,000 in-app + chat-robot notifications through Celery and Redis to a local robot.

Run against a PostgreSQL database of its own (created if missing) and a Redis database of its own:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/jinzhou_bench_delivery \\
        CELERY_BROKER_URL=redis://127.0.0.1:6379/12 \\
        .venv/bin/python benchmarks/delivery.py --notifications 10000 --runs 3

Each run:
1. empties the notification tables and the Redis database;
2. writes ``--notifications`` notifications with ``notify_many()`` (``--per-call``: one ``notify()``
   each), ``--batch`` per transaction as the reminder sweep does; one recipient in a department with a
   WeCom robot, so each notification has one in-app row and one webhook delivery; each commit queues
   its delivery tasks (batches of 100 notifications);
3. waits until every delivery is ``sent``. The worker (``celery -A jinzhou worker -Q delivery
   --concurrency 2``, started once) posts to a local stand-in robot (tests/notifications/robot.py).

Prints, per run and as medians: the time to write the notifications, and the time from the start of
writing until the last delivery was sent (the figure the target of 60 s is about). Not part of the
test run.
"""

from __future__ import annotations

import argparse
import os
import platform
import shlex
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DB = "postgres://postgres@127.0.0.1:5432/jinzhou_bench_delivery"
DEFAULT_BROKER = "redis://127.0.0.1:6379/12"


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--notifications", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--batch", type=int, default=500, help="notifications per transaction (default 500)")
    parser.add_argument(
        "--per-call", action="store_true", help="write with one notify() per notification instead of notify_many()"
    )
    parser.add_argument("--concurrency", type=int, default=2, help="worker processes (default 2)")
    parser.add_argument("--timeout", type=float, default=600, help="give up a run after this many seconds")
    return parser.parse_args()


def prepare_database(url: str) -> None:
    import psycopg
    from psycopg import sql

    parsed = urlparse(url)
    name = parsed.path.lstrip("/")
    if name in ("", "postgres", "template0", "template1"):
        sys.exit(f"refusing to use the database {name!r}: give the benchmark a database of its own")
    with psycopg.connect(parsed._replace(path="/postgres").geturl(), autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
            print(f"created database {name}")


def environment(db_url: str, broker_url: str) -> dict[str, str]:
    return {
        "DATABASE_URL": db_url,
        "CELERY_BROKER_URL": broker_url,
        "CELERY_TASK_ALWAYS_EAGER": "0",
        "NOTIFICATIONS_QUIET_HOURS": "0",  # measure at any hour
        "NOTIFICATIONS_EMAIL": "0",
        "WEBHOOK_ALLOWED_NETWORKS": "127.0.0.0/8",  # the stand-in robot listens on 127.0.0.1
        "DJANGO_LOG_LEVEL": "WARNING",
        "DJANGO_SETTINGS_MODULE": "jinzhou.settings",
        "JINZHOU_VAR_DIR": str(Path(tempfile.gettempdir()) / "jinzhou-bench-var"),
    }


def setup_django(env: dict[str, str]) -> None:
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def recipient_with_robot(robot_url: str):
    from django.contrib.auth import get_user_model

    from jinzhou.notifications.models import ChatRobot
    from jinzhou.org.models import Department, UserProfile

    department, _ = Department.objects.get_or_create(
        code="bench", defaults={"name": "基准测试部门", "kind": "city_bureau"}
    )
    user, _ = get_user_model().objects.get_or_create(username="bench-recipient", defaults={"is_staff": True})
    UserProfile.objects.update_or_create(user=user, defaults={"department": department})
    ChatRobot.objects.filter(department=department).delete()
    ChatRobot.objects.create(department=department, kind="wecom", url=robot_url)
    return user


def one_run(run: int, args, user, robot, broker_url: str) -> tuple[float, float]:
    import redis
    from django.db import connection, transaction

    from jinzhou.notifications.models import Delivery, Notification
    from jinzhou.notifications.services import NotificationRequest, notify, notify_many

    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {Delivery._meta.db_table}, {Notification._meta.db_table}")
    redis.Redis.from_url(broker_url).flushdb()
    robot.accepted.clear()
    robot.received.clear()

    started = time.perf_counter()
    for start in range(0, args.notifications, args.batch):
        numbers = range(start, min(start + args.batch, args.notifications))
        with transaction.atomic():
            if args.per_call:
                for i in numbers:
                    notify([user], step=f"bench:{run}:{i}", title=f"基准测试提醒 {i}", body="催办", level="blue")
            else:
                notify_many(
                    NotificationRequest(
                        recipients=[user], step=f"bench:{run}:{i}", title=f"基准测试提醒 {i}", body="催办", level="blue"
                    )
                    for i in numbers
                )
    written = time.perf_counter() - started
    deadline = started + args.timeout
    while Delivery.objects.filter(status="sent").count() < args.notifications:
        if time.perf_counter() > deadline:
            sys.exit(f"run {run}: not all deliveries were sent within {args.timeout:.0f}s")
        time.sleep(0.2)
    delivered = time.perf_counter() - started
    if len(robot.accepted) != args.notifications:
        sys.exit(f"run {run}: the robot accepted {len(robot.accepted)} messages, expected {args.notifications}")
    return written, delivered


def main() -> None:
    args = parse_args()
    db_url = os.environ.get("DATABASE_URL") or DEFAULT_DB
    broker_url = os.environ.get("CELERY_BROKER_URL") or DEFAULT_BROKER
    if not db_url.startswith("postgres") or not broker_url.startswith("redis://"):
        sys.exit("needs DATABASE_URL=postgres://… (a database of its own) and CELERY_BROKER_URL=redis://…")
    prepare_database(db_url)
    env = environment(db_url, broker_url)
    setup_django(env)
    from tests.notifications.robot import RobotServer

    robot = RobotServer().start()
    user = recipient_with_robot(robot.url)
    from jinzhou.celery import app

    app.conf.broker_url = broker_url
    worker = subprocess.Popen(  # noqa: S603
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "jinzhou",
            "worker",
            "-Q",
            "delivery",
            "--concurrency",
            str(args.concurrency),
            "--without-gossip",
            "--without-mingle",
            "--loglevel=WARNING",
        ],
        cwd=ROOT,
        env={**os.environ, **env},
    )
    try:
        ready = time.monotonic() + 60
        while not app.control.ping(timeout=0.5):
            if time.monotonic() > ready or worker.poll() is not None:
                sys.exit("the worker did not start")
        results = []
        for run in range(1, args.runs + 1):
            written, delivered = one_run(run, args, user, robot, broker_url)
            results.append((written, delivered))
            print(
                f"run {run}: wrote {args.notifications:,} notifications in {written:.1f} s; "
                f"all delivered {delivered:.1f} s after the start ({args.notifications / delivered:,.0f}/s)"
            )
    finally:
        worker.terminate()
        worker.wait(timeout=30)
        robot.stop()
    print(
        f"\nmedian of {args.runs}: write {statistics.median(r[0] for r in results):.1f} s, "
        f"write + deliver {statistics.median(r[1] for r in results):.1f} s "
        f"({args.notifications:,} notifications, {args.concurrency} worker processes; target < 60 s)"
    )
    print(f"machine: {platform.platform()}, Python {platform.python_version()}")
    print(
        "command: DATABASE_URL="
        + shlex.quote(db_url)
        + " CELERY_BROKER_URL="
        + shlex.quote(broker_url)
        + " .venv/bin/python "
        + " ".join(shlex.quote(a) for a in sys.argv)
    )


if __name__ == "__main__":
    main()
