"""The 09:00 digests: the task-force leader's industry, the leading group's city; once a day, working days only."""

import datetime as dt

import pytest
from django.utils import translation

from jinzhou.casework.choices import EscalationLevel, EscalationTarget
from jinzhou.casework.services import escalate
from jinzhou.casework.services.digests import send_digests
from jinzhou.notifications.models import Notification
from tests.reminders.support import at, case_due

pytestmark = pytest.mark.django_db


@pytest.fixture
def cases(world):
    made = at(2026, 10, 1, 12)
    # titanium (metals): overdue since the end of the make-up Saturday 10/10, the last digest's day
    overdue = case_due(world, dt.date(2026, 10, 10), now=made)
    yellow = case_due(world, dt.date(2026, 10, 13), now=made)  # titanium: inside the 3-day window
    green = case_due(world, dt.date(2026, 11, 30), now=made, chain=world.wind)  # wind (energy), other industry
    escalate(
        overdue,
        actor=world.office,
        level=EscalationLevel.YELLOW,
        target=EscalationTarget.DEPARTMENT_HEAD,
        reason="逾期未办",
    )
    return overdue, yellow, green


def test_each_leader_gets_their_scope_once_a_day(world, cases):
    overdue, _yellow, _green = cases
    with translation.override("en"):
        written = send_digests(now=at(2026, 10, 12, 9, 0))
    assert written == 2
    industry = Notification.objects.get(recipient=world.taskforce, case=None)
    assert industry.step == f"digest:industry:{world.titanium.subfield.industry_id}"
    assert industry.deadline == at(2026, 10, 12, 0)
    assert industry.body.splitlines() == [
        "Open cases: red 1, yellow 1, green 0.",
        "Newly overdue since the last digest: 1.",
        overdue.reference,
        "Supervision notices waiting for acknowledgement: 1.",
    ]
    city = Notification.objects.get(recipient=world.leader, case=None)
    assert city.step == "digest:city"
    assert city.body.splitlines()[0] == "Open cases: red 1, yellow 1, green 1."
    # Again the same day (a second beat, a retried task): nothing new.
    assert send_digests(now=at(2026, 10, 12, 9, 5)) == 0
    assert Notification.objects.filter(case=None).count() == 2


def test_the_overdue_of_yesterday_is_not_new_today(world, cases):
    with translation.override("en"):
        send_digests(now=at(2026, 10, 13, 9, 0))
    body = Notification.objects.get(recipient=world.taskforce, case=None).body
    assert "Newly overdue since the last digest: 0." in body


def test_no_digest_on_a_day_off(world, cases):
    assert send_digests(now=at(2026, 10, 11, 9, 0)) == 0  # Sunday
    assert send_digests(now=at(2026, 10, 5, 9, 0)) == 0  # National Day
    assert send_digests(now=at(2026, 10, 10, 9, 0)) == 2  # the make-up Saturday is a working day
