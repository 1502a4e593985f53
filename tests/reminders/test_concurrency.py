"""Two sweeps at the same moment on PostgreSQL: SKIP LOCKED keeps them apart, and each reminder and
each ladder notice exists once."""

import datetime as dt
import threading

import pytest
from django.db import connections

from jinzhou.casework.models import Case, Escalation, SweepRun
from jinzhou.casework.services.sweep import sweep_reminders
from jinzhou.notifications.models import Notification
from tests.reminders.support import at, case_due
from tests.world import build_world


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_concurrent_sweeps_write_each_notification_once():
    world = build_world()
    made = at(2026, 9, 20, 12)
    soon = [case_due(world, dt.date(2026, 10, 12), now=made) for _ in range(30)]
    late = [case_due(world, dt.date(2026, 9, 30), now=made) for _ in range(10)]
    now = at(2026, 10, 8, 9, 1)  # soon: three working days before; late: one day overdue (黄)
    barrier = threading.Barrier(2)
    runs: list[object] = []

    def sweep():
        try:
            barrier.wait(timeout=10)
            runs.append(sweep_reminders(now=now, batch_size=5))
        except Exception as exc:  # reported by the assertion below
            runs.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=sweep) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert all(isinstance(run, SweepRun) for run in runs), runs
    assert sum(run.cases_claimed for run in runs) == 40
    # chainlead (assignee, 工信局 staff and its head) once per case and step; the assigner for the overdue.
    steps = list(Notification.objects.filter(recipient=world.chainlead).values_list("case_id", "step"))
    assert len(steps) == len(set(steps))
    assert {(pk, "before:3") for pk in (c.pk for c in soon)} <= set(steps)
    assert {(pk, "overdue:1") for pk in (c.pk for c in late)} <= set(steps)
    assert Escalation.objects.count() == 10
    assert sorted(Escalation.objects.values_list("case_id", flat=True)) == sorted(c.pk for c in late)
    assert sum(run.notifications_written for run in runs) == Notification.objects.count()
    assert not Case.objects.filter(next_reminder_at__lte=now).exists()
    # A third sweep afterwards: nothing.
    assert sweep_reminders(now=now).notifications_written == 0
