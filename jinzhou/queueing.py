"""The one way a web request (or a task) queues follow-up work: ``enqueue`` / ``enqueue_on_commit``.

Everything queued this way is only a prompt: the rows it points at (a timeline event, a
notification's deliveries, a webhook delivery) are already committed, and a periodic sweep
(``webhooks.deliver_due``, ``notifications.deliver_due``) sends whatever is still pending. So when the
broker cannot be reached, queueing must cost the request nothing and lose nothing:

- one connection attempt, never kombu's retries (they took about 6 s per message), with the short
  socket timeouts of ``CELERY_BROKER_TRANSPORT_OPTIONS`` (settings, "Queueing and the broker");
- after a failure the process-wide ``breaker`` skips the broker for ``QUEUEING_PAUSE_SECONDS``, then
  lets one message try again; so an outage costs one connection attempt per process and pause,
  not one per timeline event;
- one warning per outage (no traceback: the broker being down is an operational state, not a bug),
  and one line when the broker answers again.

With ``task_always_eager`` (the tests, ``CELERY_TASK_ALWAYS_EAGER``) the task runs inline and its
errors propagate: there is no broker to be down.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Sequence
from functools import partial

from django.conf import settings
from django.db import transaction
from django.utils.module_loading import import_string
from kombu.exceptions import OperationalError

logger = logging.getLogger(__name__)


class BrokerBreaker:
    """Process-wide memory of a broker outage (a circuit breaker).

    Closed: every message is tried. After a failure it opens for ``pause`` seconds, during which
    messages are skipped (left to the sweeps); then the next message is tried, and its outcome
    closes the breaker or opens it for another pause.
    """

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self.clock = clock
        self._lock = threading.Lock()
        self.open_until = 0.0
        self.outage_started: float | None = None
        self.skipped = 0

    def reset(self) -> None:
        with self._lock:
            self.open_until, self.outage_started, self.skipped = 0.0, None, 0

    @property
    def pause(self) -> float:
        return float(getattr(settings, "QUEUEING_PAUSE_SECONDS", 30))

    @property
    def is_open(self) -> bool:
        return self.clock() < self.open_until

    def allows(self) -> bool:
        """True if a message may try the broker now; otherwise the skip is counted."""
        with self._lock:
            if self.clock() < self.open_until:
                self.skipped += 1
                return False
            return True

    def failed(self, error: BaseException) -> None:
        with self._lock:
            now = self.clock()
            first = self.outage_started is None
            if first:
                self.outage_started = now
            self.open_until = now + self.pause
        reason = f"{type(error).__name__}: {error}"
        if first:
            logger.warning(
                "The Celery broker cannot be reached (%s). Queueing is paused for %.0f s at a time; "
                "nothing is lost: the periodic sweeps send what is pending once the broker is back.",
                reason,
                self.pause,
            )
        else:
            logger.info("The Celery broker still cannot be reached (%s); queueing paused again.", reason)

    def succeeded(self) -> None:
        if self.outage_started is None:  # the usual case, without taking the lock
            return
        with self._lock:
            started, skipped = self.outage_started, self.skipped
            self.outage_started, self.skipped, self.open_until = None, 0, 0.0
        if started is not None:
            logger.info(
                "The Celery broker answers again after %.0f s; %d messages skipped meanwhile are left to "
                "the periodic sweeps.",
                self.clock() - started,
                skipped,
            )


breaker = BrokerBreaker()


def enqueue(task_path: str, args: Sequence = (), kwargs: dict | None = None) -> bool:
    """Queue the task at ``task_path`` (``"jinzhou.webhooks.tasks.fan_out"``: imported when first
    used, so that callers need not import the apps that own the tasks) now; True if the broker took
    the message.

    False means it was not queued (broker down, or paused after a recent failure): the caller stops
    queueing more of the same and leaves the work to its sweep. Never raises for a broker failure.
    """
    from jinzhou.celery import app

    task = import_string(task_path)
    if app.conf.task_always_eager:
        task.apply_async(args=list(args), kwargs=kwargs or {})
        return True
    if not breaker.allows():
        logger.debug("Broker paused: %s not queued, left to the sweep.", task.name)
        return False
    try:
        # A pooled connection, made to connect with one attempt: kombu would otherwise retry for
        # seconds before publish(retry=False) even starts.
        with app.pool.acquire(block=True) as connection:
            connection.ensure_connection(max_retries=0)
            task.apply_async(args=list(args), kwargs=kwargs or {}, connection=connection, retry=False)
    except (OperationalError, OSError) as exc:  # the broker or the way to it: the sweep covers it
        breaker.failed(exc)
        return False
    except Exception:
        # Not the broker (a message that cannot be encoded is a bug): shown in full, and the
        # request that committed still succeeds; the sweep covers this message too.
        logger.exception("Could not queue %s; left to the sweep.", task.name)
        return False
    breaker.succeeded()
    return True


def enqueue_on_commit(task_path: str, args: Sequence = (), kwargs: dict | None = None) -> None:
    """``enqueue`` once the current transaction commits (at once outside one): the task must never
    see rows that are not committed yet, and a rollback must queue nothing."""
    transaction.on_commit(partial(enqueue, task_path, args, kwargs))


def state() -> dict:
    """This process's view of queueing, for ``/healthz``."""
    if breaker.is_open:
        return {"queueing": "paused", "resumes_in_s": round(breaker.open_until - breaker.clock(), 1)}
    return {"queueing": "on"}
