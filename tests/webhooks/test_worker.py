"""The whole path with real services: a comment committed in this process, the fan-out and the
delivery run by a ``celery worker`` process through Redis, the partner's receiver verifying the
request. Every wait is a poll with a deadline."""

import datetime as dt
import statistics
import time

import pytest
from django.utils import timezone

from jinzhou import queueing
from jinzhou.casework import services as casework
from jinzhou.webhooks import services
from jinzhou.webhooks.choices import DeliveryStatus
from jinzhou.webhooks.models import WebhookDelivery
from tests.brokers import use_broker
from tests.integration.conftest import (  # noqa: F401 (fixtures)
    broker_url,
    private_redis,
    real_celery,
    wait_for,
    worker,
)
from tests.webhooks.support import subscribe
from tests.world import Bottleneck, case_in_state

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.redis,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_a_real_worker_sends_a_committed_event_to_the_partner(world, receiver, worker):  # noqa: F811
    subscribe(receiver, world.enterprise, "citic")
    case = case_in_state(Bottleneck, "handling", world=world)
    worker.start()

    casework.add_comment(case, actor=world.chainlead, text="经由 Redis 和 Celery 工作进程送达")

    wait_for(lambda: receiver.received, what="the partner's receiver to get the webhook")
    wait_for(
        lambda: WebhookDelivery.objects.filter(status=DeliveryStatus.DELIVERED).exists(),
        what="the delivery to be logged as delivered",
    )
    assert receiver.types("citic") == ["case.commented"]
    assert receiver.rejected == []
    assert receiver.received[0].headers["webhook-id"] == WebhookDelivery.objects.get().message_id


def _timed_transitions(world, count: int) -> list[float]:
    cases = [case_in_state(Bottleneck, "submitted", world=world) for _ in range(count)]
    timings = []
    for case in cases:
        started = time.perf_counter()
        casework.transition(case, "accept", actor=world.office, note="受理")  # queues after its commit
        timings.append(time.perf_counter() - started)
    return timings


def test_with_redis_down_a_transition_answers_in_its_normal_time_and_its_webhook_goes_out_after(
    world,
    receiver,
    worker,  # noqa: F811
    private_redis,  # noqa: F811
    monkeypatch,
):
    """Issue 16 against a real Redis that is stopped, then started again with a worker."""
    subscribe(receiver, world.enterprise, "citic")
    queueing.breaker.reset()
    monkeypatch.setattr(queueing, "breaker", queueing.BrokerBreaker())  # this test's own outage
    use_broker(private_redis.url)
    _timed_transitions(world, 1)  # warm-up: the first connection to Redis
    normal = statistics.median(_timed_transitions(world, 5))  # queued in Redis; no worker yet

    private_redis.stop()
    outage = statistics.median(_timed_transitions(world, 5))
    # Twice normal, plus half a second for a busy machine: tens of milliseconds of noise are not the
    # fault guarded against (a connection attempt per transition: 6 s before the breaker).
    assert outage <= 2 * normal + 0.5, f"{outage:.3f} s with Redis down, {normal:.3f} s with it up"

    private_redis.start()
    worker.start(broker_url=private_redis.url)
    use_broker(private_redis.url)
    # A few minutes later: the pause is over and the minute sweep runs (here, in this process).
    clock = queueing.breaker.clock
    monkeypatch.setattr(queueing.breaker, "clock", lambda: clock() + 60)
    services.deliver_due(now=timezone.now() + dt.timedelta(minutes=3))

    wait_for(lambda: len(receiver.types("citic")) == 11, what="every transition's webhook to reach the partner")
    assert receiver.types("citic") == ["case.transitioned"] * 11
    assert receiver.rejected == []
