"""Reminders reach a chat robot through a real Celery worker and Redis: exactly once, across worker
crashes and a broker outage.

The worker is a ``celery -A jinzhou worker`` subprocess on this test's PostgreSQL database; the
robot is a local HTTP server; this process sends tasks to Redis for real (not inline).
"""

import collections
import datetime as dt
import threading

import pytest
from django.db import connection as db_connection
from django.test import Client
from django.urls import reverse

from jinzhou.casework.deadlines import invalidate_calendar_cache
from jinzhou.casework.services.supervision import escalate
from jinzhou.casework.services.sweep import sweep_reminders
from jinzhou.notifications import tasks
from jinzhou.notifications.models import ChatRobot, Delivery, Notification
from jinzhou.notifications.services import run_deliveries
from jinzhou.queueing import breaker
from tests.integration.conftest import CLAIM_TIMEOUT, use_broker, wait_for
from tests.reminders.support import at, case_due
from tests.world import build_world

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.redis,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

SWEEP_AT = at(2026, 10, 8, 9, 3)  # three working days before 12 October: the "before:3" reminders


@pytest.fixture
def world(settings, robot):
    # This process writes the notifications; its deliveries must be due now, whatever the hour.
    settings.NOTIFICATIONS_QUIET_HOURS = False
    invalidate_calendar_cache()
    world = build_world()
    ChatRobot.objects.create(department=world.miit, kind="wecom", url=robot.url)
    yield world
    invalidate_calendar_cache()


def due_cases(world, count: int) -> list:
    return [case_due(world, dt.date(2026, 10, 12), now=at(2026, 10, 1, 12), title=f"补链任务{i}") for i in range(count)]


def robot_deliveries() -> list[Delivery]:
    return list(Delivery.objects.filter(robot__isnull=False).select_related("notification__case"))


def all_sent() -> bool:
    return not Delivery.objects.exclude(status="sent").exists()


def assert_each_reminder_reached_the_robot_once(robot, cases) -> None:
    deliveries = robot_deliveries()
    # One reminder per case (chainlead is the assignee and the whole of 工信局), one robot message each.
    assert sorted(d.notification.case_id for d in deliveries) == sorted(c.pk for c in cases)
    assert all(d.status == "sent" for d in deliveries)
    accepted = collections.Counter(robot.accepted_texts())
    for case in cases:
        [text] = [t for t in accepted if case.reference in t]
        assert accepted[text] == 1, f"{case.reference} reached the robot {accepted[text]} times"
    assert sum(accepted.values()) == len(cases)


def test_due_cases_are_swept_and_the_robot_receives_each_reminder_once(world, robot, worker):
    cases = due_cases(world, 5)
    worker.start()

    run = sweep_reminders(now=SWEEP_AT)  # commits, then queues delivery to Redis

    assert run.notifications_written == 5
    wait_for(lambda: len(robot.accepted) >= 5 and all_sent(), what="the robot to receive 5 reminders")
    assert sweep_reminders(now=SWEEP_AT).notifications_written == 0
    assert run_deliveries() == 0  # what a periodic deliver_due finds afterwards: nothing
    assert_each_reminder_reached_the_robot_once(robot, cases)
    assert Notification.objects.count() == 5


def test_killed_workers_and_a_concurrent_sweep_lose_and_repeat_nothing(world, robot, worker):
    """SIGKILL the worker three times while it waits for the (slow) robot; restart it each time;
    meanwhile beat-like deliver_due tasks keep coming, and at the end a second sweep and a
    deliver_due in this process run alongside the worker."""
    cases = due_cases(world, 6)
    robot.delay = 0.4
    sweep_reminders(now=SWEEP_AT)
    stop_beat = threading.Event()

    def beat() -> None:  # stands in for celery beat's every-minute deliver_due, compressed
        while not stop_beat.wait(0.5):
            tasks.deliver_due.delay()

    beat_thread = threading.Thread(target=beat, daemon=True)
    beat_thread.start()
    try:
        for _kill in range(3):
            robot.in_flight.clear()
            worker.start()
            wait_for(robot.in_flight.is_set, what="the worker to be in the middle of a robot call")
            worker.kill()  # SIGKILL to the worker's process group, mid-request
        abandoned = len(robot.abandoned)
        assert abandoned >= 3

        worker.start()
        second_sweep: dict = {}
        concurrent = [
            threading.Thread(target=lambda: second_sweep.update(run=_in_thread(sweep_reminders, now=SWEEP_AT))),
            threading.Thread(target=lambda: _in_thread(_deliver_due_until_all_sent)),
        ]
        for thread in concurrent:
            thread.start()
        wait_for(all_sent, timeout=60, what="every delivery to be sent")
        for thread in concurrent:
            thread.join(timeout=60)
    finally:
        stop_beat.set()
        beat_thread.join(timeout=10)

    assert second_sweep["run"].notifications_written == 0
    assert Notification.objects.count() == len(cases)
    assert_each_reminder_reached_the_robot_once(robot, cases)
    # The abandoned calls were retried: each kill cost an attempt, recorded on its delivery.
    assert sum(d.attempts for d in robot_deliveries()) >= len(cases) + abandoned


def _deliver_due_until_all_sent() -> None:
    # A second deliverer beside the worker, as another worker's deliver_due would be: it competes
    # for the same rows (the claims keep them apart) until none is left.
    def deliver_then_check() -> bool:
        run_deliveries()  # whatever it claims, it sends; the worker takes the rest
        return all_sent()

    wait_for(deliver_then_check, timeout=CLAIM_TIMEOUT * 20, interval=0.2, what="all sent")


def _in_thread(function, **kwargs):
    try:
        return function(**kwargs)
    finally:
        db_connection.close()


@pytest.fixture
def fresh_breaker():
    breaker.reset()
    yield breaker
    breaker.reset()  # later tests in this process must not find queueing paused


def test_a_broker_outage_keeps_the_site_working_and_the_pending_reminders_go_out_after(
    world, robot, worker, private_redis, caplog, fresh_breaker
):
    use_broker(private_redis.url)
    cases = due_cases(world, 2)
    private_redis.stop()

    # While Redis is down: a supervision notice (a service that notifies in its transaction), the
    # sweep, and admin pages all work; queueing the deliveries is logged, not raised.
    escalate(cases[0], actor=world.office, level=2, target="department_head", reason="进度滞后")
    sweep_reminders(now=SWEEP_AT)
    client = Client()
    client.force_login(world.chainlead)
    assert client.get(reverse("admin:notifications_notification_inbox")).status_code == 200
    assert client.get(reverse("admin:index")).status_code == 200
    assert "The Celery broker cannot be reached" in caplog.text
    assert Delivery.objects.filter(status="pending").count() == 3  # the notice and two reminders
    assert robot.received == []

    private_redis.start()
    worker.start(broker_url=private_redis.url)
    use_broker(private_redis.url)
    tasks.deliver_due.delay()  # what beat does every minute once the broker is back

    wait_for(lambda: all_sent() and len(robot.accepted) == 3, what="the pending deliveries to go out")
    texts = robot.accepted_texts()
    assert sum(cases[0].reference in t for t in texts) == 2 and sum(cases[1].reference in t for t in texts) == 1
