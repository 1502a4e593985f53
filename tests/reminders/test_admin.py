"""The admin: the policies' list shows the last sweep; a policy is edited with clear errors and its save
recomputes the open cases' next reminder."""

import datetime as dt
import json

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from jinzhou.casework.models import Case, ReminderPolicy, SweepRun
from tests.reminders.support import at, case_due

pytestmark = pytest.mark.django_db

POLICIES = "/admin/casework/reminderpolicy/"


@pytest.fixture
def admin_client(client, db):
    client.force_login(User.objects.create_superuser("root", password="x"))
    client.cookies["django_language"] = "en"
    return client


def test_the_list_shows_the_last_sweep_and_how_long_it_took(admin_client):
    page = admin_client.get(POLICIES).content.decode()
    assert "The reminder sweep has not run yet." in page
    started = timezone.make_aware(dt.datetime(2026, 11, 27, 9, 5, 1))
    SweepRun.objects.create(
        started_at=started - dt.timedelta(minutes=5),
        finished_at=started - dt.timedelta(minutes=5),
        duration=dt.timedelta(seconds=9),
    )
    SweepRun.objects.create(
        started_at=started,
        finished_at=started + dt.timedelta(seconds=1),
        duration=dt.timedelta(milliseconds=1234),
        cases_claimed=7,
        notifications_written=12,
    )
    page = admin_client.get(POLICIES).content.decode()
    assert "Last reminder sweep: 2026-11-27 09:05:01, took 1.234 s (7 cases, 12 notifications)." in page
    assert admin_client.get("/admin/casework/sweeprun/").status_code == 200


def _form(policy: ReminderPolicy, **changes) -> dict:
    data = {
        "kind": policy.kind,
        "enabled": "on",
        "before_days": json.dumps(policy.before_days),
        "on_due_day": "on",
        "overdue_every": policy.overdue_every,
        "ladder": json.dumps(policy.ladder),
        "remind_reports": "on",
        "report_before_days": json.dumps(policy.report_before_days),
        "remind_co_handlers": "on",
        "recipients": json.dumps(policy.recipients),
        "remind_at": "09:00",
        "work_start": "09:00",
        "work_end": "18:00",
    }
    data.update(changes)
    return data


def test_a_bad_ladder_is_shown_next_to_the_field(admin_client):
    policy = ReminderPolicy.objects.get(kind="task")
    bad = json.dumps([{"days": 1, "level": 2, "target": "mayor"}])
    response = admin_client.post(f"{POLICIES}{policy.pk}/change/", _form(policy, ladder=bad))
    assert response.status_code == 200
    assert (
        "Rung 1: target must be one of department_head, task_force_leader, leading_group." in response.content.decode()
    )
    assert ReminderPolicy.objects.get(pk=policy.pk).ladder == policy.ladder


def test_saving_a_policy_recomputes_its_open_cases(admin_client, world):
    tomorrow = timezone.localdate() + dt.timedelta(days=40)
    case = case_due(world, tomorrow, now=timezone.now())
    before = case.next_reminder_at
    policy = ReminderPolicy.objects.get(kind="task")
    response = admin_client.post(f"{POLICIES}{policy.pk}/change/", _form(policy, before_days="[20]"), follow=True)
    assert "The next reminder of 1 open cases was recomputed." in response.content.decode()
    after = Case.objects.get(pk=case.pk).next_reminder_at
    assert after < before
    assert ReminderPolicy.objects.get(pk=policy.pk).updated_by.username == "root"
    assert at(2026, 1, 1) < after
