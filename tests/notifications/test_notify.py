"""notify(): one notification per recipient and (case, step, deadline), whatever calls it again."""

import datetime as dt

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from jinzhou.notifications.models import ChatRobot, Delivery, Notification
from jinzhou.notifications.services import NotificationRequest, delivery, notify, notify_many
from tests.world import ChainTask, case_in_state, make_user

pytestmark = pytest.mark.django_db


def remind(recipients, case, *, step="before_3", deadline=None):
    return notify(
        recipients,
        case=case,
        step=step,
        deadline=deadline or case.due_at,
        title="任务将于3个工作日后到期",
        body="请按时办结。",
        level="blue",
        url="/admin/",
    )


def test_a_second_call_for_the_same_reminder_writes_nothing(world):
    case = case_in_state(ChainTask, "in_progress", world=world)

    first = remind([world.chainlead, world.otherlead], case)
    second = remind([world.chainlead, world.otherlead], case)

    assert {n.recipient for n in first} == {world.chainlead, world.otherlead}
    assert second == []
    assert Notification.objects.filter(case=case).count() == 2


def test_a_new_deadline_or_step_is_a_new_reminder(world):
    case = case_in_state(ChainTask, "in_progress", world=world)
    remind([world.chainlead], case)

    assert len(remind([world.chainlead], case, step="due_day")) == 1
    assert len(remind([world.chainlead], case, deadline=case.due_at + dt.timedelta(days=7))) == 1
    assert Notification.objects.filter(recipient=world.chainlead).count() == 3


def test_repeated_recipients_in_one_call_get_one_notification(world):
    case = case_in_state(ChainTask, "in_progress", world=world)

    new = remind([world.chainlead, world.chainlead.pk, world.chainlead], case)

    assert [n.recipient_id for n in new] == [world.chainlead.pk]


def test_digests_without_case_or_with_a_day_are_deduplicated_too(world):
    # A unique index treats NULL case ids as all different; the dedupe key must not.
    day = timezone.localdate()
    for _ in range(2):
        notify([world.taskforce], case=None, step="digest:industry", deadline=day, title="每日汇总", body="")
        notify([world.taskforce], case=None, step="digest:undated", title="汇总", body="")

    assert Notification.objects.filter(recipient=world.taskforce).count() == 2


def test_an_inactive_user_gets_nothing(world):
    case = case_in_state(ChainTask, "in_progress", world=world)
    world.otherlead.is_active = False
    world.otherlead.save()

    assert [n.recipient for n in remind([world.chainlead, world.otherlead], case)] == [world.chainlead]


def test_notify_plans_email_and_one_robot_message_per_department(world):
    case = case_in_state(ChainTask, "in_progress", world=world)
    colleague = make_user("colleague", None, department=world.miit)
    world.chainlead.email = "chainlead@example.cn"
    world.chainlead.save()
    ChatRobot.objects.create(department=world.miit, kind="wecom", url="http://127.0.0.1:9/wecom")
    ChatRobot.objects.create(department=world.miit, kind="dingtalk", url="http://127.0.0.1:9/ding", active=False)

    remind([world.chainlead, colleague], case)

    # E-mail for the one recipient with an address; the department's group chat hears it once, not
    # once per colleague; the switched-off robot nothing.
    assert sorted(Delivery.objects.values_list("channel", flat=True)) == ["email", "wecom"]


def test_notify_costs_the_same_queries_for_one_or_many_recipients(world):
    case = case_in_state(ChainTask, "in_progress", world=world)
    ChatRobot.objects.create(department=world.miit, kind="wecom", url="http://127.0.0.1:9/wecom")
    many = [make_user(f"staff{i}", None, department=world.miit) for i in range(15)]

    def count(recipients, step):
        with CaptureQueriesContext(connection) as queries:
            remind(recipients, case, step=step)
        return len(queries)

    assert count([world.chainlead], "one") == count(many, "many")


def test_notify_many_writes_a_sweeps_batch_in_the_queries_of_one_call(world):
    cases = [case_in_state(ChainTask, "in_progress", world=world) for _ in range(3)]
    ChatRobot.objects.create(department=world.miit, kind="wecom", url="http://127.0.0.1:9/wecom")
    colleague = make_user("colleague", None, department=world.miit)

    def requests(step):
        return [
            NotificationRequest(recipients=[world.chainlead, colleague], case=case, step=step, title=case.title)
            for case in cases
        ]

    with CaptureQueriesContext(connection) as one:
        notify_many(requests("before_3")[:1])
    with CaptureQueriesContext(connection) as three:
        new = notify_many(requests("before_1"))

    assert len(three) == len(one)
    assert len(new) == 6
    # The department's robot posts each case's reminder once, not once per colleague.
    assert Delivery.objects.filter(notification__step="before_1", robot__isnull=False).count() == 3
    assert notify_many(requests("before_1")) == []


def test_one_transaction_queues_its_notifications_together_and_a_rollback_queues_none(
    world, monkeypatch, django_capture_on_commit_callbacks
):
    pushed: list[list[int]] = []
    monkeypatch.setattr(delivery, "_push", lambda ids: pushed.append(sorted(ids)))
    ChatRobot.objects.create(department=world.miit, kind="wecom", url="http://127.0.0.1:9/wecom")
    case = case_in_state(ChainTask, "in_progress", world=world)

    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError), transaction.atomic():  # a request that fails after notifying
            remind([world.chainlead], case, step="rolled back")
            raise RuntimeError
        with transaction.atomic():  # a sweep batch
            new = [remind([world.chainlead], case, step=f"step {i}")[0].pk for i in range(3)]

    assert pushed == [sorted(new)]
