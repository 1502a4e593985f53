"""Sending deliveries: claim due rows, send them outside any transaction, record each outcome.

The schedule is ``Delivery.next_attempt_at`` and nothing else (no countdown or ETA tasks): tasks
queued after commit only make delivery prompt; the periodic ``deliver_due`` finds every row whose
time has come, so a lost task message, a killed worker or a broker outage delays a delivery but
never loses it.

Duplicates: a row is claimed (status ``sending``, claim expiry in ``next_attempt_at``) in its own
short transaction before the request, and marked sent in another right after the answer. The one
window left is between the robot accepting a message and our commit of ``sent``: a worker killed
there sends that message again when the claim expires. No chat robot accepts an idempotency key,
so that window cannot be closed from our side; see docs/operations.md.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable
from contextlib import contextmanager

from django.conf import settings
from django.db import transaction
from django.db.models import Case, F, TextField, Value, When
from django.utils import timezone

from jinzhou import outbox, queueing
from jinzhou.casework.deadlines import next_working_moment
from jinzhou.notifications.channels import ChannelError, send
from jinzhou.notifications.choices import DeliveryStatus
from jinzhou.notifications.models import Delivery

logger = logging.getLogger(__name__)

# Notifications per queued task; a task claims their deliveries a few at a time.
QUEUE_BATCH = 100
CLAIM_BATCH = 10
# Claiming, backoff (1, 2, 4 … minutes, at most 4 hours) and retries are the outbox's, channel
# "notifications" (jinzhou/outbox.py; the numbers are settings).
CHANNEL = "notifications"
LOST_CLAIM_ERROR = "The previous attempt did not finish (worker stopped or timed out)."


def deliverable_at(moment: dt.datetime) -> dt.datetime:
    """The first moment at or after ``moment`` when an external channel may deliver (quiet hours:
    09:00–18:00 on working days, by the holiday calendar)."""
    return next_working_moment(moment) if settings.NOTIFICATIONS_QUIET_HOURS else moment


def queue_delivery(notification_ids: Iterable[int]) -> None:
    """After the current transaction commits, queue delivery tasks for these notifications.

    A broker that cannot be reached is logged once per outage, not raised, and costs the request
    no waiting (``jinzhou.queueing``): the caller's request has committed and must succeed, and
    ``deliver_due`` sends the rows within a minute of the broker's return.
    """
    ids = list(notification_ids)
    if not ids:
        return
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        _push(ids)
        return
    # One callback per transaction collects the ids of every notify() in it, so a sweep batch of
    # 500 reminders queues 5 tasks, not 500. The callback is looked up among the connection's
    # pending ones: after a rollback discarded it, the next call registers a new one.
    pending = getattr(connection, "_notifications_pending_push", None)
    if pending is None or not any(callback is pending for _sids, callback, _robust in connection.run_on_commit):
        pending = _PendingPush()
        connection._notifications_pending_push = pending
        transaction.on_commit(pending)
    pending.ids.extend(ids)


class _PendingPush:
    def __init__(self) -> None:
        self.ids: list[int] = []

    def __call__(self) -> None:
        _push(self.ids)


def _push(notification_ids: list[int]) -> None:
    # Through the one queueing helper: one connection attempt, and nothing tried while the broker
    # is known to be down (see jinzhou/queueing.py); deliver_due sends what is not queued here.
    for start in range(0, len(notification_ids), QUEUE_BATCH):
        chunk = notification_ids[start : start + QUEUE_BATCH]
        if not queueing.enqueue("jinzhou.notifications.tasks.deliver", args=[chunk]):
            logger.info("%d notifications left to deliver_due", len(notification_ids) - start)
            return


def _in_quiet_hours(now: dt.datetime) -> bool:
    return settings.NOTIFICATIONS_QUIET_HOURS and next_working_moment(now) != now


def claim_deliveries(
    *, notification_ids: Iterable[int] | None = None, limit: int = CLAIM_BATCH, now: dt.datetime | None = None
) -> list[Delivery]:
    """Claim up to ``limit`` due deliveries (of these notifications, or any) for this process.

    Locked rows are skipped, so concurrent workers and sweeps claim different rows. A claimed row
    is ``sending`` until its claim expires (``NOTIFICATIONS_CLAIM_TIMEOUT``); an expired claim is due
    again. Nothing is claimed in quiet hours.
    """
    now = now or timezone.now()
    if _in_quiet_hours(now):
        return []
    until = now + dt.timedelta(seconds=outbox.policy(CHANNEL).claim_seconds)
    with _bookkeeping():
        due = Delivery.objects.filter(status__in=[DeliveryStatus.PENDING, DeliveryStatus.SENDING])
        if notification_ids is not None:
            due = due.filter(notification_id__in=list(notification_ids))
        claimed = outbox.claim_due(
            due,
            limit,
            now=now,
            until=until,
            last_error=Case(
                When(status=DeliveryStatus.SENDING, then=Value(LOST_CLAIM_ERROR)),
                default=F("last_error"),
                output_field=TextField(),
            ),
            status=DeliveryStatus.SENDING,
            claimed_at=now,
        )
    if not claimed:
        return []
    # This claim's rows: its expiry and its time are its token (read through delivery_due_idx).
    return list(
        Delivery.objects.filter(status=DeliveryStatus.SENDING, next_attempt_at=until, claimed_at=now)
        .select_related("notification__recipient", "notification__case", "robot")
        .order_by("id")
    )


def deliver_claimed(deliveries: list[Delivery]) -> tuple[int, int]:
    """Send claimed deliveries one by one, recording each outcome as soon as it is known.

    Returns (sent, failed). Must run outside any transaction: the requests are slow and external,
    and each outcome must be committed before the next request goes out.
    """
    if _inside_transaction():
        raise RuntimeError("deliveries are sent outside database transactions")
    sent = failed = 0
    for delivery in deliveries:
        try:
            send(delivery)
        except Exception as exc:  # every channel error, including bugs, is logged on the row
            failed += 1
            _record_failure(delivery, exc)
        else:
            sent += 1
            _record(delivery, sent_status=DeliveryStatus.SENT, sent_at=timezone.now())
    return sent, failed


def _inside_transaction() -> bool:
    # The atomic blocks a test case wraps every test in do not count: they are not ours.
    connection = transaction.get_connection()
    return any(not getattr(block, "_from_testcase", False) for block in connection.atomic_blocks)


@contextmanager
def _bookkeeping():
    """A transaction for the delivery log's own writes (claims and outcomes), committed without
    waiting for the disk on PostgreSQL.

    Sending is one outcome commit per message, and waiting for each commit's WAL flush was half of
    the delivery time. What a PostgreSQL *server* crash can lose this way is the last fraction of a
    second of these commits: a claim (the row is simply claimed again) or a "sent" (the message is
    sent again, the same duplicate as a worker dying before its commit; see docs/operations.md).
    """
    with transaction.atomic():
        connection = transaction.get_connection()
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL synchronous_commit TO OFF")
        yield


def _record(delivery: Delivery, **outcome) -> None:
    # The outcome is written only while this process still holds the claim; if the claim expired
    # and another worker took the row over, that worker records it.
    claimed = Delivery.objects.filter(pk=delivery.pk, status=DeliveryStatus.SENDING, claimed_at=delivery.claimed_at)
    with _bookkeeping():
        outbox.record_outcome(
            claimed,
            attempts=delivery.attempts,
            policy=outbox.policy(CHANNEL),
            now=timezone.now(),
            retry_at=deliverable_at,
            **outcome,
        )


def _record_failure(delivery: Delivery, exc: Exception) -> None:
    message = str(exc) if isinstance(exc, ChannelError) else f"{type(exc).__name__}: {exc}"
    level = logging.WARNING if isinstance(exc, ChannelError) else logging.ERROR
    logger.log(level, "delivery %s failed (attempt %s): %s", delivery.pk, delivery.attempts, message)
    _record(delivery, error=message[:2000])


def run_deliveries(*, notification_ids: Iterable[int] | None = None, time_budget: float | None = None) -> int:
    """Claim and send due deliveries (of these notifications, or all) until none is left or the
    time budget (seconds) is spent. Returns the number of deliveries attempted."""
    ids = list(notification_ids) if notification_ids is not None else None
    stop_at = timezone.now() + dt.timedelta(seconds=time_budget) if time_budget else None
    attempted = 0
    while stop_at is None or timezone.now() < stop_at:
        claimed = claim_deliveries(notification_ids=ids)
        if not claimed:
            break
        attempted += len(claimed)
        deliver_claimed(claimed)
    return attempted


def retry_deliveries(deliveries, *, actor) -> int:
    """Give failed deliveries a fresh set of attempts, from now (or the end of quiet hours).

    ``deliveries`` is a Delivery queryset already scoped by the caller. Returns how many were reset.
    """
    with transaction.atomic():
        rows = list(deliveries.filter(status=DeliveryStatus.FAILED).values_list("pk", "notification_id"))
        failed = Delivery.objects.filter(pk__in=[pk for pk, _n in rows], status=DeliveryStatus.FAILED)
        count = outbox.redeliver(failed, at=deliverable_at(timezone.now()), fresh_attempts=True)
        notification_ids = sorted({notification_id for _pk, notification_id in rows})
        logger.info("%s reset %d failed deliveries", actor, count)
        queue_delivery(notification_ids)
    return count
