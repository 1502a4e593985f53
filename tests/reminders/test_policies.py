"""Reminder policies as data: defaults per kind, validation a clerk understands, recomputation on change,
and the beat schedule rows that run the sweep and the digests."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from django_celery_beat.models import PeriodicTask

from jinzhou.casework.models import Case, ReminderPolicy
from jinzhou.casework.services.reminders import policy_for, recompute_open_cases, save_policy
from tests.reminders.support import at, case_due

pytestmark = pytest.mark.django_db


def test_the_existing_kinds_have_the_default_policy():
    policy = ReminderPolicy.objects.get(kind="task")
    assert ReminderPolicy.objects.filter(kind="bottleneck").exists()
    assert policy.before_days == [3, 1] and policy.on_due_day and policy.overdue_every == 1
    assert policy.ladder == [
        {"days": 1, "level": 2, "target": "department_head"},
        {"days": 3, "level": 3, "target": "task_force_leader"},
        {"days": 5, "level": 4, "target": "leading_group"},
    ]
    assert (policy.work_start, policy.work_end, policy.remind_at) == (dt.time(9), dt.time(18), dt.time(9))


def test_a_kind_registered_later_gets_the_defaults_on_demand():
    assert not ReminderPolicy.objects.filter(kind="challenge").exists()
    assert policy_for("challenge").before_days == [3, 1]
    assert ReminderPolicy.objects.filter(kind="challenge").count() == 1


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("before_days", [3, "1"], "Enter a list of whole numbers of working days between 1 and 60, e.g. [3, 1]."),
        ("before_days", [1, 1], "Each number of days may appear only once."),
        ("ladder", [{"days": 1, "level": 2}], 'Rung 1: give exactly "days", "level" and "target".'),
        (
            "ladder",
            [{"days": 1, "level": 9, "target": "leading_group"}],
            "Rung 1: level must be 1 (blue), 2 (yellow), 3 (orange) or 4 (red).",
        ),
        (
            "ladder",
            [{"days": 2, "level": 2, "target": "leading_group"}, {"days": 2, "level": 3, "target": "leading_group"}],
            "Rung 2: another rung already starts at 2 working days overdue.",
        ),
        (
            "recipients",
            {"before": ["boss"]},
            "Step before: recipients must be a list of assignee, department, assigner, escalation_target.",
        ),
        ("recipients", {"before": ["escalation_target"]}, "Step before: only the ladder has an escalation target."),
        ("work_end", dt.time(8), "Working hours must end after they start."),
    ],
)
def test_invalid_policies_are_refused_with_a_clear_message(field, value, message):
    policy = ReminderPolicy.objects.get(kind="task")
    setattr(policy, field, value)
    with translation.override("en"):
        with pytest.raises(ValidationError) as error:
            policy.full_clean()
        # Read inside the override: the messages are lazy and translate when they are read.
        assert error.value.message_dict[field] == [message]


def test_a_policy_change_recomputes_the_open_cases_of_its_kind(world):
    now = at(2026, 10, 1, 12)
    task = case_due(world, dt.date(2026, 10, 30), now=now)
    assert task.next_reminder_at == at(2026, 10, 27)  # three working days before Fri 10/30
    policy = ReminderPolicy.objects.get(kind="task")
    policy.before_days = [10]
    assert save_policy(policy, actor=world.office, now=now) == 1
    assert Case.objects.get(pk=task.pk).next_reminder_at == at(2026, 10, 16)
    policy.enabled = False
    save_policy(policy, actor=world.office, now=now)
    assert Case.objects.get(pk=task.pk).next_reminder_at is None


def test_recomputation_is_batched_not_one_query_per_case(world):
    now = at(2026, 10, 1, 12)
    for _ in range(12):
        case_due(world, dt.date(2026, 10, 30), now=now)
    Case.objects.update(next_reminder_at=None)
    with CaptureQueriesContext(connection) as queries:
        assert recompute_open_cases("task", now=now, batch_size=5) == 12
    # One read of the policy, then three batches (5, 5, 2): each reads the cases and their
    # co-handlings and writes one UPDATE. No query per case.
    selects = [q for q in queries if q["sql"].startswith("SELECT")]
    updates = [q for q in queries if q["sql"].startswith("UPDATE")]
    assert (len(selects), len(updates)) == (7, 3)


def test_beat_runs_the_sweep_every_five_minutes_and_the_digests_at_nine_on_weekdays():
    sweep = PeriodicTask.objects.get(task="casework.sweep_reminders")
    assert (sweep.interval.every, sweep.interval.period, sweep.queue, sweep.enabled) == (
        5,
        "minutes",
        "reminders",
        True,
    )
    digests = PeriodicTask.objects.get(task="casework.send_digests")
    crontab = digests.crontab
    assert (crontab.minute, crontab.hour, crontab.day_of_week, str(crontab.timezone)) == (
        "0",
        "9",
        "1-5",
        "Asia/Shanghai",
    )


def test_the_tasks_go_to_the_reminders_queue():
    from jinzhou.celery import app

    router = app.amqp.router
    for name in ("casework.sweep_reminders", "casework.send_digests"):
        assert router.route({}, name)["queue"].name == "reminders"
