"""The escalation ladder: 黄 after 1 working day overdue to the chain-leader department's head, 橙 after 3
to the task-force leader, 红 after 5 to the leading group — on working days by the calendar, once each.

A case due Wed 9/30 (before National Day): overdue 1 working day on Thu 10/8, 3 on the make-up
Saturday 10/10, 5 on Tue 10/13.
"""

import datetime as dt

import pytest

from jinzhou.casework.choices import EscalationLevel, EscalationTarget, EventKind
from jinzhou.casework.models import Escalation
from jinzhou.casework.services import escalate
from jinzhou.casework.services.sweep import sweep_reminders
from jinzhou.notifications.models import Notification
from tests.reminders.support import at, case_due, inbox

pytestmark = pytest.mark.django_db


def ladder(case) -> list[tuple[int, str, str | None]]:
    rows = Escalation.objects.filter(case=case).order_by("level")
    return [(e.level, e.target, e.target_user.username if e.target_user_id else None) for e in rows]


def test_the_ladder_climbs_on_the_right_working_days_once_each(world):
    case = case_due(world, dt.date(2026, 9, 30), now=at(2026, 9, 20, 12))

    for day in (1, 2, 3, 4, 5, 6, 7):  # the National Day holiday: nothing
        sweep_reminders(now=at(2026, 10, day, 10))
    assert ladder(case) == []

    sweep_reminders(now=at(2026, 10, 8, 9, 1))
    sweep_reminders(now=at(2026, 10, 8, 9, 6))
    assert ladder(case) == [(EscalationLevel.YELLOW, EscalationTarget.DEPARTMENT_HEAD, "chainlead")]

    sweep_reminders(now=at(2026, 10, 9, 9, 1))
    assert len(ladder(case)) == 1

    sweep_reminders(now=at(2026, 10, 10, 9, 1))  # the make-up Saturday is a working day
    sweep_reminders(now=at(2026, 10, 12, 9, 1))
    assert ladder(case)[-1] == (EscalationLevel.ORANGE, EscalationTarget.TASK_FORCE_LEADER, "taskforce")
    assert len(ladder(case)) == 2

    sweep_reminders(now=at(2026, 10, 13, 9, 1))
    sweep_reminders(now=at(2026, 10, 13, 9, 6))
    sweep_reminders(now=at(2026, 10, 14, 9, 1))
    assert ladder(case) == [
        (EscalationLevel.YELLOW, EscalationTarget.DEPARTMENT_HEAD, "chainlead"),
        (EscalationLevel.ORANGE, EscalationTarget.TASK_FORCE_LEADER, "taskforce"),
        (EscalationLevel.RED, EscalationTarget.LEADING_GROUP, None),
    ]
    red = Escalation.objects.get(case=case, level=EscalationLevel.RED)
    assert red.target_department == world.group_dept
    assert red.issued_by is None and red.due_at == case.due_at
    # Each addressee has its notice in the inbox, once.
    assert inbox(world.taskforce) == [(case.reference, f"escalation:{ladder_number(case, EscalationLevel.ORANGE)}")]
    assert inbox(world.leader) == [(case.reference, f"escalation:{red.notice_number}")]
    # One "overdue" event for the deadline, however many sweeps met it.
    events = case.events.filter(kind=EventKind.OVERDUE)
    assert [(e.data["track"], e.data["deadline"]) for e in events] == [
        ("deadline", case.due_at.astimezone(dt.UTC).isoformat())
    ]
    # The overdue repeats: one per working day 10/8 … 10/14.
    overdue_steps = [step for _ref, step in inbox(world.office) if step.startswith("overdue")]
    assert overdue_steps == ["overdue:1", "overdue:2", "overdue:3", "overdue:4", "overdue:5", "overdue:6"]


def ladder_number(case, level) -> str:
    return Escalation.objects.get(case=case, level=level).notice_number


def test_an_extended_deadline_starts_the_ladder_again(world):
    case = case_due(world, dt.date(2026, 9, 30), now=at(2026, 9, 20, 12))
    sweep_reminders(now=at(2026, 10, 8, 9, 1))
    assert len(ladder(case)) == 1
    # A new deadline is a new track: its own yellow after it is overdue, the old one kept.
    from jinzhou.casework.effects import set_deadline
    from jinzhou.casework.inputs import end_of_day
    from jinzhou.casework.services.reminders import compute_next_reminder

    set_deadline(case, end_of_day(dt.date(2026, 10, 9)))
    case.next_reminder_at = compute_next_reminder(case, now=at(2026, 10, 8, 10))
    case.save()
    sweep_reminders(now=at(2026, 10, 10, 9, 1))
    assert [level for level, _t, _u in ladder(case)] == [EscalationLevel.YELLOW, EscalationLevel.YELLOW]


def test_a_notice_issued_by_the_office_reaches_its_addressee(world):
    case = case_due(world, dt.date(2026, 12, 30), now=at(2026, 11, 20, 12))
    notice = escalate(
        case,
        actor=world.office,
        level=EscalationLevel.ORANGE,
        target=EscalationTarget.TASK_FORCE_LEADER,
        reason="进度滞后",
    )
    note = Notification.objects.get(recipient=world.taskforce)
    assert (note.case_id, note.step, note.level) == (case.pk, f"escalation:{notice.notice_number}", "orange")
    assert notice.notice_number in note.title
