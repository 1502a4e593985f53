"""The sweep: each due reminder once, to the right people, at the right moment; next_reminder_at advances.

Time is moved by passing ``now``; the calendar is the real 2026 one (see test_policy_arithmetic).
"""

import datetime as dt

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from chains.models import Bottleneck
from chains.services import report_progress
from jinzhou.casework.choices import EventKind
from jinzhou.casework.models import Case, SweepRun, TimelineEvent
from jinzhou.casework.services import add_co_handler, transition
from jinzhou.casework.services.reminders import compute_next_reminder
from jinzhou.casework.services.sweep import sweep_reminders
from jinzhou.notifications.models import Notification
from tests.reminders.support import at, case_due, inbox
from tests.world import make_user

pytestmark = pytest.mark.django_db


def test_a_due_reminder_is_written_once_and_next_reminder_advances(world):
    case = case_due(world, dt.date(2026, 10, 12), now=at(2026, 10, 1, 12))
    assert case.next_reminder_at == at(2026, 10, 8)

    with translation.override("en"):
        run = sweep_reminders(now=at(2026, 10, 8, 9, 3))
    assert inbox(world.chainlead) == [(case.reference, "before:3")]
    note = Notification.objects.get(recipient=world.chainlead)
    assert note.deadline == case.due_at
    assert note.title == f"{case.reference} is due in 3 working days (2026-10-12)"
    case.refresh_from_db()
    assert case.next_reminder_at == at(2026, 10, 10)
    assert (run.cases_claimed, run.notifications_written, run.escalations_written) == (1, 1, 0)

    again = sweep_reminders(now=at(2026, 10, 8, 9, 8))
    assert (again.cases_claimed, again.notifications_written) == (0, 0)
    assert Notification.objects.count() == 1


def test_a_second_sweep_over_the_same_due_case_writes_nothing(world):
    case = case_due(world, dt.date(2026, 10, 12), now=at(2026, 10, 1, 12))
    sweep_reminders(now=at(2026, 10, 10, 9, 1))
    # Someone acknowledges the same morning: the recomputation makes the case due again at once
    # (the step might not have been sent); the sweep meets the same step and writes nothing.
    Case.objects.filter(pk=case.pk).update(next_reminder_at=at(2026, 10, 10, 9, 30))
    run = sweep_reminders(now=at(2026, 10, 10, 9, 31))
    assert run.cases_claimed == 1
    assert run.notifications_written == 0
    assert inbox(world.chainlead) == [(case.reference, "before:1")]


def test_a_late_sweep_sends_only_the_latest_step_not_a_burst(world):
    case = case_due(world, dt.date(2026, 10, 12), now=at(2026, 9, 20, 12))
    sweep_reminders(now=at(2026, 10, 12, 10))
    assert inbox(world.chainlead) == [(case.reference, "due_day")]


def test_recipients_follow_the_policy_and_the_department(world):
    colleague = make_user("colleague", None, department=world.miit)
    case = case_due(world, dt.date(2026, 9, 30), now=at(2026, 9, 20, 12), responsible_person=None)
    sweep_reminders(now=at(2026, 9, 24, 9, 1))  # three working days before 9/30 (9/25–9/27 are off)
    sweep_reminders(now=at(2026, 10, 8, 9, 1))  # the first working day overdue
    # Before the deadline: the department's staff (no assignee here); overdue: the assigner too.
    assert sorted(inbox(colleague)) == [(case.reference, "before:3"), (case.reference, "overdue:1")]
    # chainlead heads 工信局, so the ladder's first rung (黄, one working day overdue) reaches them too.
    assert sorted(inbox(world.chainlead)) == [
        (case.reference, "before:3"),
        # The notice's official number, of the year it is issued in.
        (case.reference, f"escalation:锦工领办督〔{timezone.localtime().year}〕1号"),
        (case.reference, "overdue:1"),
    ]
    assert (case.reference, "overdue:1") in inbox(world.office)
    assert not [step for _ref, step in inbox(world.office) if step.startswith("before")]


def test_nothing_goes_out_in_quiet_hours(world):
    case = case_due(world, dt.date(2026, 10, 12), now=at(2026, 10, 1, 12))
    Case.objects.filter(pk=case.pk).update(next_reminder_at=at(2026, 10, 9, 17, 0))
    run = sweep_reminders(now=at(2026, 10, 9, 20))
    assert run.notifications_written == 0
    case.refresh_from_db()
    assert case.next_reminder_at == at(2026, 10, 10)


def test_closing_a_case_clears_its_next_reminder(world):
    task = case_due(world, dt.date(2026, 12, 30), now=at(2026, 11, 20, 12), status="in_progress")
    assert task.next_reminder_at is not None
    task = transition(task, "submit", actor=world.chainlead, note="已完成")
    task = transition(task, "close", actor=world.office)
    assert Case.objects.get(pk=task.pk).next_reminder_at is None


def test_a_running_deadline_only_while_the_workflow_says_so(world):
    # A bottleneck whose resolution waits for review is not reminded (its deadline is not running).
    case = case_due(
        world, dt.date(2026, 10, 12), now=at(2026, 10, 1, 12), model=Bottleneck, status="resolution_submitted"
    )
    assert case.next_reminder_at is None


def test_opening_a_chain_task_sets_its_next_reminder(world):
    from chains.services import create_chain_task

    task = create_chain_task(
        actor=world.office, title="补链招商", chain=world.titanium, department=world.miit, due_in_working_days=10
    )
    assert task.next_reminder_at is not None
    assert task.next_reminder_at == compute_next_reminder(task)


def test_missing_progress_reports_are_reminded(world):
    task = case_due(world, dt.date(2026, 12, 30), now=at(2026, 10, 20, 12), status="in_progress")
    task.report_due_at = at(2026, 11, 2, 23, 59)  # Mon 11/2 end of day
    task.next_reminder_at = compute_next_reminder(task, now=at(2026, 10, 20, 12))
    task.save()
    assert task.next_reminder_at == at(2026, 10, 30)  # one working day before: Fri 10/30
    sweep_reminders(now=at(2026, 10, 30, 9, 2))
    sweep_reminders(now=at(2026, 11, 3, 9, 2))
    assert inbox(world.chainlead) == [(task.reference, "report:before:1"), (task.reference, "report:overdue:1")]
    overdue = task.events.filter(kind=EventKind.OVERDUE)
    assert [e.data["track"] for e in overdue] == ["report"]
    # Reporting moves the next report a cadence later; the old one is no longer reminded.
    report_progress(task, actor=world.chainlead, percent=40, text="设备已到货")
    task.refresh_from_db()
    assert task.report_due_at > at(2026, 11, 3, 23, 59)


def test_co_handlers_are_reminded_of_their_own_sub_deadline(world):
    task = case_due(world, dt.date(2026, 12, 30), now=at(2026, 11, 20, 12))
    co_handling = add_co_handler(task, actor=world.office, department=world.mofcom, due_date=dt.date(2026, 12, 10))
    task.refresh_from_db()
    assert task.next_reminder_at == compute_next_reminder(task)
    added = TimelineEvent.objects.get(case_id=task.pk, action="add_co_handler")
    sweep_reminders(now=at(2026, 12, 9, 9, 1))
    # First the handoff notice of being added as co-handler, then the reminder of the sub-deadline.
    assert inbox(world.otherlead) == [
        (task.reference, f"event:{added.pk}"),
        (task.reference, f"cohandling:{co_handling.pk}:before:1"),
    ]
    assert inbox(world.chainlead) == []


def test_the_command_runs_the_sweep_and_records_it(world, capsys):
    call_command("sweep_reminders")
    assert "cases claimed" in capsys.readouterr().out
    run = SweepRun.objects.get()
    assert run.finished_at is not None and run.duration is not None


def test_the_command_can_first_recompute_cases_loaded_in_bulk(world, capsys):
    # Cases written by bulk loaders (seed_demo) have no next reminder until it is recomputed.
    task = case_due(world, timezone.localdate() + dt.timedelta(days=40), now=timezone.now())
    Case.objects.filter(pk=task.pk).update(next_reminder_at=None)
    call_command("sweep_reminders", "--recompute")
    assert "task: next reminder recomputed for 1 open cases" in capsys.readouterr().out
    assert Case.objects.get(pk=task.pk).next_reminder_at == compute_next_reminder(task)


class TestQueryCount:
    """A batch costs the same number of queries for 1 or 50 due cases, notifications included:
    the batch's reminders are written by one ``notify_many``."""

    def _sweep_queries(self, world, count: int) -> int:
        for _ in range(count):
            case_due(world, dt.date(2026, 10, 12), now=at(2026, 10, 1, 12))
        with CaptureQueriesContext(connection) as queries:
            run = sweep_reminders(now=at(2026, 10, 8, 9, 1))
        assert run.cases_claimed == count
        assert run.notifications_written == count
        Case.objects.update(next_reminder_at=None)
        return len(queries)

    def test_1_and_50_due_cases(self, world):
        assert self._sweep_queries(world, 1) == self._sweep_queries(world, 50)


def test_the_beat_task_runs_the_sweep_and_records_it(world):
    from jinzhou.casework import tasks

    case_due(world, timezone.localdate() + dt.timedelta(days=40), now=timezone.now())
    assert tasks.sweep_reminders.delay().get() == {"cases": 0, "notifications": 0, "escalations": 0}
    assert SweepRun.objects.count() == 1
