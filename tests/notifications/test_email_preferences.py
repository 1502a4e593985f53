"""A user may turn off the e-mail of some kinds of case events; the in-app copy always stays."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from jinzhou.notifications.models import Delivery, Notification
from jinzhou.notifications.services import NotificationRequest, notify_many, set_muted_categories
from tests.world import ChainTask, case_in_state, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _email_on(settings):
    settings.NOTIFICATIONS_EMAIL = True


def with_email(user):
    user.email = f"{user.username}@example.org"
    user.save()
    return user


def request(recipients, case, *, step="event:1", category="comment"):
    return NotificationRequest(recipients=recipients, case=case, step=step, title="新留言", category=category)


def test_a_muted_category_sends_no_email_but_writes_the_in_app_row(world):
    case = case_in_state(ChainTask, "in_progress", world=world)
    muted, other = with_email(world.chainlead), with_email(world.otherlead)
    set_muted_categories(["comment"], actor=muted)

    notify_many([request([muted, other], case)])

    assert Notification.objects.filter(recipient=muted).exists()
    assert not Delivery.objects.filter(notification__recipient=muted, channel="email").exists()
    assert Delivery.objects.filter(notification__recipient=other, channel="email").exists()


def test_other_categories_and_reminders_still_come_by_email(world):
    case = case_in_state(ChainTask, "in_progress", world=world)
    user = with_email(world.chainlead)
    set_muted_categories(["comment"], actor=user)

    notify_many([request([user], case, step="event:2", category="transition")])
    notify_many([request([user], case, step="before:3", category="")])

    assert Delivery.objects.filter(notification__recipient=user, channel="email").count() == 2


def test_muting_costs_no_query_per_recipient(world):
    case = case_in_state(ChainTask, "in_progress", world=world)
    counts = []
    for size, step in ((1, "event:3"), (20, "event:4")):
        users = [with_email(make_user(f"u{step[-1]}-{n}", None, department=world.miit)) for n in range(size)]
        for user in users[1::2]:
            set_muted_categories(["comment"], actor=user)
        with CaptureQueriesContext(connection) as queries:
            notify_many([request(users, case, step=step)])
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_an_unknown_category_is_refused_and_nothing_changes(world):
    from django.core.exceptions import ValidationError

    from jinzhou.notifications.services import muted_categories

    set_muted_categories(["progress"], actor=world.chainlead)
    with pytest.raises(ValidationError):
        set_muted_categories(["progress", "reminder"], actor=world.chainlead)
    assert muted_categories(world.chainlead) == ["progress"]
