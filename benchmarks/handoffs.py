"""What telling the next person costs a handoff: a transition with its handoff notices, beside the
same transition with every notification rule switched off, for a department of 1 and of 50 staff.

Run against a PostgreSQL database of its own (created if missing; never the development database):

    .venv/bin/python benchmarks/handoffs.py --repeat 40

1. Migrates the database (default ``jinzhou_bench_handoffs``), loads the catalogue and demo users
   (``seed_jinzhou --demo-users``) and gives 工信局 (the chain leader's department) ``--staff`` - 1
   more active users with e-mail addresses, so a notice fans out to that many people.
2. Times ``transition(…, "reassign")`` back and forth between 工信局 and 商务局 ``--repeat`` times,
   each in its own transaction as a request would be: the rule tells the responsible department
   and person, so each step writes one notification per staff member of the new department and an
   e-mail delivery each. Then the same with every ``HandoffRule`` disabled (the handoff code runs
   but tells nobody), then with a department of one person.
   The broker is Celery's in-memory transport, so queueing the deliveries on commit costs what
   building the message costs, not a server's latency.

Prints the medians, the ratios and the queries of one step. Not part of the test run.
"""

from __future__ import annotations

import argparse
import os
import platform
import shlex
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/jinzhou_bench_handoffs"


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL))
    parser.add_argument("--repeat", type=int, default=40, help="timed transitions per setting (default 40)")
    parser.add_argument("--staff", type=int, default=50, help="staff of the receiving department (default 50)")
    return parser.parse_args()


def setup(url: str) -> None:
    from sweep import prepare_database

    prepare_database(url)
    os.environ["DATABASE_URL"] = url
    os.environ["CELERY_BROKER_URL"] = "memory://"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jinzhou.settings")
    os.environ.setdefault("JINZHOU_VAR_DIR", str(Path(tempfile.gettempdir()) / "jinzhou-bench-handoffs-var"))
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("seed_jinzhou", "--demo-users", stdout=open(os.devnull, "w"))  # noqa: SIM115


def staff_department(code: str, size: int):
    """The department with ``size`` active staff (demo users included), adding or deactivating benchmark users."""
    from django.contrib.auth import get_user_model

    from jinzhou.org.models import Department, UserProfile

    User = get_user_model()
    department = Department.objects.get(code=code)
    prefix = f"bench-{code}-"
    for n in range(size):
        user, created = User.objects.get_or_create(
            username=f"{prefix}{n:03d}", defaults={"email": f"{prefix}{n:03d}@example.invalid", "first_name": "员工"}
        )
        if created:
            UserProfile.objects.create(user=user, department=department)
    active = User.objects.filter(profile__department=department, is_active=True).exclude(username__startswith=prefix)
    others = size - active.count()
    bench = User.objects.filter(username__startswith=prefix).order_by("username")
    bench.update(is_active=False)
    User.objects.filter(pk__in=list(bench.values_list("pk", flat=True)[: max(others, 0)])).update(is_active=True)
    return department


def timed_steps(case, repeat: int, departments) -> tuple[list[float], int]:
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext

    from jinzhou.casework.services import transition
    from jinzhou.org.models import UserProfile

    office = UserProfile.objects.get(user__username="office").user
    times, queries = [], 0
    for run in range(repeat):
        department = departments[run % 2]
        started = time.perf_counter()
        with CaptureQueriesContext(connection) as captured, transaction.atomic():
            case = transition(
                case, "reassign", actor=office, department=department.pk, due_in_working_days=10, note="调整牵头单位"
            )
        times.append(time.perf_counter() - started)
        queries = len(captured)
    return times, queries


def main() -> None:
    args = parse_args()
    setup(args.url)
    from chains.models import Bottleneck
    from jinzhou.casework.models import HandoffRule
    from jinzhou.casework.services import import_case
    from jinzhou.casework.services.handoffs import ensure_rules
    from jinzhou.notifications.models import Notification
    from jinzhou.org.models import Chain, Department

    ensure_rules()
    chain = Chain.objects.get(code="MT-01")
    office = Department.objects.get(code="office").members.first().user
    case = import_case(
        Bottleneck, state="assigned", title="基准：交办通知", chain=chain, actor=office,
        responsible_department=Department.objects.get(code="mofcom"), due_at=None,
    )  # fmt: skip
    results = {}
    for label, size, enabled in (
        (f"{args.staff} staff, notices on", args.staff, True),
        (f"{args.staff} staff, rules off", args.staff, False),
        ("1 staff member, notices on", 1, True),
    ):
        departments = [staff_department("miit", size), staff_department("mofcom", size)]
        HandoffRule.objects.update(enabled=enabled)
        timed_steps(Bottleneck.objects.get(pk=case.pk), 3, departments)  # warm the caches
        times, queries = timed_steps(Bottleneck.objects.get(pk=case.pk), args.repeat, departments)
        results[label] = statistics.median(times) * 1000
        print(f"  {label:<28} median {results[label]:7.1f} ms per transition, {queries} queries", flush=True)
    HandoffRule.objects.update(enabled=True)
    written = Notification.objects.filter(case_id=case.pk).count()
    on, off, one = results.values()
    print(f"\nnotifications written: {written:,}")
    print(f"notices on / rules off ({args.staff} staff): {on / off:.2f}×;  {args.staff} staff / 1: {on / one:.2f}×")
    print(f"python {platform.python_version()}, {platform.machine()}")
    print("command: .venv/bin/python benchmarks/handoffs.py " + shlex.join(sys.argv[1:]))


if __name__ == "__main__":
    main()
