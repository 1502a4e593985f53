"""A broker outage costs a write nothing (security review, issue 16): with the broker down, a
transition answers within twice its normal time, the log says so once instead of a traceback per
event, and what the transition would have queued reaches the partner after the broker returns.

The one timing comparison of the suite: a broker that is down used to make each timeline event wait
for kombu's connection retries (about 6 s per event, against 0.03 s for the write)."""

import datetime as dt
import logging
import statistics
import time

import pytest
from django.utils import timezone

from jinzhou.casework import services as casework
from jinzhou.webhooks import services
from tests.webhooks.support import subscribe
from tests.world import Bottleneck, case_in_state

pytestmark = pytest.mark.django_db
TRANSITIONS = 7


def timed_transitions(world, capture, count: int) -> list[float]:
    """Seconds each of ``count`` transitions takes, its after-commit queueing included."""
    cases = [case_in_state(Bottleneck, "submitted", world=world) for _ in range(count)]
    timings = []
    for case in cases:
        started = time.perf_counter()
        with capture(execute=True):
            casework.transition(case, "accept", actor=world.office, note="受理")
        timings.append(time.perf_counter() - started)
    return timings


def test_with_the_broker_down_a_transition_answers_in_its_normal_time_and_its_webhook_goes_out_after(
    world, receiver, broker, caplog, django_capture_on_commit_callbacks
):
    subscribe(receiver, world.enterprise, "citic")
    broker.up()
    timed_transitions(world, django_capture_on_commit_callbacks, 1)  # warm-up: imports, first connection
    normal = statistics.median(timed_transitions(world, django_capture_on_commit_callbacks, TRANSITIONS))

    caplog.clear()
    broker.down()
    with caplog.at_level(logging.INFO):
        outage = statistics.median(timed_transitions(world, django_capture_on_commit_callbacks, TRANSITIONS))

    assert outage <= 2 * normal, f"{outage:.3f} s with the broker down, {normal:.3f} s with it up"
    assert broker.connections == 1  # one attempt, then the broker is left alone for a while
    warnings = [record for record in caplog.records if record.levelno >= logging.WARNING]
    assert [record.name for record in warnings] == ["jinzhou.queueing"]
    assert "cannot be reached" in warnings[0].getMessage()
    assert not any(record.exc_info for record in caplog.records)

    # The broker is back (tasks run again); the minute sweep fans out every event it did not get.
    broker.inline()
    with django_capture_on_commit_callbacks(execute=True):
        services.deliver_due(now=timezone.now() + dt.timedelta(minutes=3))
    assert receiver.types("citic") == ["case.transitioned"] * (1 + 2 * TRANSITIONS)
