"""Deliveries: robots and e-mail receive each notification, failures are retried with backoff and
logged, quiet hours defer the external channels only, and nothing is lost."""

import base64
import datetime as dt
import hashlib
import hmac
import urllib.parse
from datetime import date, datetime

import pytest
from django.core import mail
from django.utils import timezone

from jinzhou.casework.deadlines import invalidate_calendar_cache
from jinzhou.casework.models import CalendarYear, Holiday
from jinzhou.notifications import tasks
from jinzhou.notifications.channels.dingtalk import sign, signed_url
from jinzhou.notifications.models import ChatRobot, Delivery, Notification
from jinzhou.notifications.selectors import unread_count
from jinzhou.notifications.services import claim_deliveries, deliver_claimed, notify, run_deliveries
from jinzhou.notifications.services.delivery import LOST_CLAIM_ERROR
from jinzhou.outbox import backoff, policy
from tests.world import ChainTask, case_in_state

pytestmark = pytest.mark.django_db(transaction=False)
SHANGHAI = dt.timezone(dt.timedelta(hours=8))


def send_reminder(world, case=None, **fields):
    return notify(
        [world.chainlead],
        case=case,
        step=fields.pop("step", "before_1"),
        deadline=case.due_at if case else None,
        title="钛白粉补链任务明天到期",
        body="请于明天下班前报送进展。",
        level="yellow",
        url="/admin/",
    )


def test_the_robot_of_the_recipients_department_gets_the_reminder_once(
    world, wecom_robot, robot, django_capture_on_commit_callbacks
):
    case = case_in_state(ChainTask, "in_progress", world=world)

    with django_capture_on_commit_callbacks(execute=True):
        send_reminder(world, case)
    tasks.deliver_due()

    assert len(robot.accepted) == 1
    message = robot.accepted[0]
    assert message.body["msgtype"] == "markdown"
    assert "钛白粉补链任务明天到期" in message.body["markdown"]["content"]
    assert case.reference in message.body["markdown"]["content"]
    delivery = Delivery.objects.get()
    assert (delivery.status, delivery.attempts, delivery.last_error) == ("sent", 1, "")


def test_email_goes_out_in_html_and_text(world, django_capture_on_commit_callbacks):
    world.chainlead.email = "chainlead@example.cn"
    world.chainlead.save()
    case = case_in_state(ChainTask, "in_progress", world=world)

    with django_capture_on_commit_callbacks(execute=True):
        send_reminder(world, case)

    [message] = mail.outbox
    assert message.to == ["chainlead@example.cn"]
    assert "钛白粉补链任务明天到期" in message.subject
    assert "请于明天下班前报送进展。" in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html" and case.reference in html and 'href="http://' in html
    assert Delivery.objects.get().status == "sent"


def test_dingtalk_signature_matches_an_independent_computation():
    secret, timestamp = "SEC0123456789abcdef", 1764201600000
    # DingTalk's documented recipe, written out independently of the implementation.
    expected_raw = base64.b64encode(
        hmac.new(secret.encode(), f"{timestamp}\n{secret}".encode(), digestmod=hashlib.sha256).digest()
    ).decode()
    expected = urllib.parse.quote(expected_raw, safe="")

    assert sign(secret, timestamp) == expected
    url = signed_url("https://oapi.dingtalk.com/robot/send?access_token=abc", secret, timestamp)
    assert url == f"https://oapi.dingtalk.com/robot/send?access_token=abc&timestamp={timestamp}&sign={expected}"
    assert signed_url("https://oapi.dingtalk.com/robot/send?access_token=abc", "", timestamp).endswith("=abc")


def test_a_dingtalk_robot_receives_a_signed_markdown_message(world, robot):
    secret = "SECtest-secret"
    ChatRobot.objects.create(department=world.miit, kind="dingtalk", url=robot.url, secret=secret)
    send_reminder(world, case_in_state(ChainTask, "in_progress", world=world))

    run_deliveries()

    [message] = robot.accepted
    assert message.body["msgtype"] == "markdown"
    assert message.body["markdown"]["title"] == "钛白粉补链任务明天到期"
    timestamp = int(message.query["timestamp"])
    digest = hmac.new(secret.encode(), f"{timestamp}\n{secret}".encode(), hashlib.sha256).digest()
    assert message.query["sign"] == base64.b64encode(digest).decode()  # parse_qs undid the URL encoding


def test_a_failing_robot_keeps_the_notification_and_records_the_error(world, wecom_robot, robot):
    robot.errcode, robot.errmsg = 310000, "keywords not in content"
    before = timezone.now()
    send_reminder(world, case_in_state(ChainTask, "in_progress", world=world))

    run_deliveries()

    assert Notification.objects.filter(recipient=world.chainlead).count() == 1
    assert unread_count(world.chainlead) == 1
    delivery = Delivery.objects.get()
    assert delivery.status == "pending" and delivery.attempts == 1
    assert delivery.last_error == "errcode 310000: keywords not in content"
    assert before + dt.timedelta(minutes=1) <= delivery.next_attempt_at <= timezone.now() + dt.timedelta(minutes=1)


def test_an_unreachable_robot_is_retried_with_exponential_backoff_then_given_up(world, settings):
    settings.NOTIFICATIONS_MAX_ATTEMPTS = 5
    ChatRobot.objects.create(department=world.miit, kind="wecom", url="http://127.0.0.1:9/refused")
    send_reminder(world, case_in_state(ChainTask, "in_progress", world=world))

    waits = []
    for _attempt in range(5):
        Delivery.objects.update(next_attempt_at=timezone.now())  # time passes until the retry is due
        started = timezone.now()
        run_deliveries()
        delivery = Delivery.objects.get()
        if delivery.next_attempt_at:
            waits.append(round((delivery.next_attempt_at - started).total_seconds() / 60))

    assert waits == [1, 2, 4, 8]
    assert (delivery.status, delivery.attempts) == ("failed", 5)
    assert "ConnectionRefusedError" in delivery.last_error or "Connection refused" in delivery.last_error
    assert Notification.objects.count() == 1


def test_backoff_doubles_up_to_a_cap():
    notifications = policy("notifications")
    assert [backoff(n, notifications) for n in (1, 2, 3, 4)] == [dt.timedelta(minutes=m) for m in (1, 2, 4, 8)]
    assert backoff(30, notifications) == dt.timedelta(hours=4)


@pytest.fixture
def national_day_2026(db):
    """国庆 2026: 1–7 October off, Saturday 10 October worked (the seeded calendar has it; made sure here)."""
    CalendarYear.objects.update_or_create(year=2026, defaults={"complete": True})
    for day in range(1, 8):
        Holiday.objects.update_or_create(date=date(2026, 10, day), defaults={"kind": "holiday", "name": "国庆节"})
    Holiday.objects.update_or_create(date=date(2026, 10, 10), defaults={"kind": "workday", "name": "国庆节调休"})
    invalidate_calendar_cache()


def at(monkeypatch, moment: datetime) -> None:
    monkeypatch.setattr(timezone, "now", lambda: moment)


def test_quiet_hours_defer_robots_past_the_holiday_but_not_the_inbox(
    world, wecom_robot, robot, settings, monkeypatch, national_day_2026
):
    settings.NOTIFICATIONS_QUIET_HOURS = True
    at(monkeypatch, datetime(2026, 9, 30, 19, 30, tzinfo=SHANGHAI))  # Wednesday evening before 国庆

    send_reminder(world, case_in_state(ChainTask, "in_progress", world=world))

    assert unread_count(world.chainlead) == 1  # the in-app copy is there at once
    assert Delivery.objects.get().next_attempt_at == datetime(2026, 10, 8, 9, 0, tzinfo=SHANGHAI)
    for moment in (datetime(2026, 10, 1, 10, 0), datetime(2026, 10, 7, 17, 0), datetime(2026, 10, 8, 8, 59)):
        at(monkeypatch, moment.replace(tzinfo=SHANGHAI))
        tasks.deliver_due()
    assert robot.received == []

    at(monkeypatch, datetime(2026, 10, 8, 9, 1, tzinfo=SHANGHAI))
    tasks.deliver_due()
    assert len(robot.accepted) == 1


def test_a_retry_falling_after_hours_waits_for_the_next_working_morning(
    world, settings, monkeypatch, national_day_2026
):
    settings.NOTIFICATIONS_QUIET_HOURS = True
    ChatRobot.objects.create(department=world.miit, kind="wecom", url="http://127.0.0.1:9/refused")
    at(monkeypatch, datetime(2026, 10, 9, 17, 59, 30, tzinfo=SHANGHAI))  # Friday, last minute of the day
    send_reminder(world, case_in_state(ChainTask, "in_progress", world=world))

    run_deliveries()

    # Saturday 10 October is a make-up working day, so the retry is then, not on Monday.
    assert Delivery.objects.get().next_attempt_at == datetime(2026, 10, 10, 9, 0, tzinfo=SHANGHAI)


def test_a_claim_left_by_a_dead_worker_is_sent_again_after_it_expires(world, wecom_robot, robot, settings):
    send_reminder(world, case_in_state(ChainTask, "in_progress", world=world))
    claimed = claim_deliveries()  # the worker that claimed it dies before sending
    assert [d.status for d in claimed] == ["sending"]

    assert claim_deliveries() == []  # a live claim is left alone
    later = timezone.now() + dt.timedelta(seconds=settings.NOTIFICATIONS_CLAIM_TIMEOUT + 1)
    [again] = claim_deliveries(now=later)
    assert again.last_error == LOST_CLAIM_ERROR  # what the office sees if this one also dies
    deliver_claimed([again])

    delivery = Delivery.objects.get()
    assert (delivery.status, delivery.attempts) == ("sent", 2)
    assert len(robot.accepted) == 1
    # The first claimant, waking up late, cannot overwrite the outcome of the second.
    deliver_claimed(claimed)
    assert Delivery.objects.get().sent_at == delivery.sent_at


def test_deliveries_are_never_sent_inside_a_transaction(world, wecom_robot, django_db_blocker):
    from django.db import transaction

    send_reminder(world, case_in_state(ChainTask, "in_progress", world=world))
    with pytest.raises(RuntimeError), transaction.atomic():
        deliver_claimed(claim_deliveries())


def test_a_broker_outage_does_not_fail_the_request_and_deliver_due_recovers(
    world, wecom_robot, robot, broker, django_capture_on_commit_callbacks, caplog
):
    broker.down()
    with django_capture_on_commit_callbacks(execute=True):
        new = send_reminder(world, case_in_state(ChainTask, "in_progress", world=world))
    # The next request does not try the broker again: queueing is paused for a while.
    with django_capture_on_commit_callbacks(execute=True):
        send_reminder(world, case_in_state(ChainTask, "in_progress", world=world))

    assert len(new) == 1 and robot.received == []
    assert broker.connections == 1
    assert "The Celery broker cannot be reached" in caplog.text
    broker.inline()
    tasks.deliver_due()
    assert len(robot.accepted) == 2
