"""The one outbox: how a row that must be sent somewhere (a notification's delivery through a chat
robot or e-mail, a partner's webhook) is claimed, retried with backoff and sent again on request.

Both channels keep their own tables (``notifications.Delivery``, ``webhooks.WebhookDelivery``) on
``OutboxRow``'s fields; this module is the mechanism they share:

- ``claim_due``: an UPDATE takes up to ``batch`` due rows for this process (``attempts + 1``, the
  claim's expiry in ``next_attempt_at``). On PostgreSQL, inside the caller's transaction, the rows
  are first picked ``FOR UPDATE SKIP LOCKED``, so concurrent claimers take different rows without
  waiting; the UPDATE repeats the due condition, so a row another claimer moved in between is not
  taken twice (PostgreSQL re-checks the condition on the row it waited for; SQLite runs one writer
  at a time). The claim's expiry is the claim's token: the caller reads its rows back by it.
- ``backoff(attempt, policy)`` and ``record_outcome``: sent, retried after the channel's backoff,
  or failed after the channel's maximum of attempts.
- ``redeliver``: a row is due again now.

Each channel's numbers are settings (``OUTBOX_CHANNELS`` in jinzhou/settings.py names their prefix);
the queue its tasks run on is ``DELIVERY_QUEUE``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db import connection, models
from django.db.models import F
from django.utils.translation import gettext_lazy as _

# The statuses every outbox has; a channel adds its own (``sending``, ``sent``, ``delivered``).
PENDING = "pending"
FAILED = "failed"


def delivery_queue() -> str:
    """The Celery queue of every outbox task (and of nothing else); named once, in settings."""
    return settings.DELIVERY_QUEUE


class OutboxRow(models.Model):
    """The retry state of one message. A channel declares ``status`` with its own choices (the
    values ``pending`` and ``failed`` mean the same everywhere) and may widen ``last_error``."""

    status = models.CharField(_("status"), max_length=10, default=PENDING)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt at"), null=True, blank=True)
    last_error = models.CharField(_("last error"), max_length=300, blank=True)

    class Meta:
        abstract = True


@dataclass(frozen=True)
class Policy:
    """One channel's numbers: the wait after the first failure, its growth, its cap, the attempts
    before giving up and how long a claim lasts."""

    base: dt.timedelta
    factor: int
    cap: dt.timedelta
    max_attempts: int
    claim_seconds: int


def policy(channel: str) -> Policy:
    """The channel's policy, read from settings at each call (tests and operators change them):
    ``<prefix>_RETRY_BASE_SECONDS``, ``_RETRY_FACTOR``, ``_RETRY_MAX_SECONDS``, ``_MAX_ATTEMPTS``
    and ``_CLAIM_TIMEOUT``, with the prefix ``settings.OUTBOX_CHANNELS`` gives the channel."""
    prefix = settings.OUTBOX_CHANNELS[channel]

    def number(name: str) -> int:
        return int(getattr(settings, f"{prefix}_{name}"))

    return Policy(
        base=dt.timedelta(seconds=number("RETRY_BASE_SECONDS")),
        factor=number("RETRY_FACTOR"),
        cap=dt.timedelta(seconds=number("RETRY_MAX_SECONDS")),
        max_attempts=number("MAX_ATTEMPTS"),
        claim_seconds=number("CLAIM_TIMEOUT"),
    )


def backoff(attempt: int, policy: Policy) -> dt.timedelta:
    """The wait after the ``attempt``-th failed attempt: base, base × factor, … at most the cap."""
    # In seconds first: a late attempt's multiple is past what a timedelta holds.
    seconds = policy.base.total_seconds() * policy.factor ** min(max(attempt - 1, 0), 64)
    return min(dt.timedelta(seconds=min(seconds, policy.cap.total_seconds())), policy.cap)


def claim_due(queryset: models.QuerySet, batch: int, *, now: dt.datetime, until: dt.datetime, **fields) -> int:
    """Claim up to ``batch`` rows of ``queryset`` (already narrowed to the claimable statuses)
    whose ``next_attempt_at`` has passed: ``attempts + 1``, ``next_attempt_at = until`` and
    ``fields``. Returns how many were claimed; the caller reads them back by ``until``.

    On PostgreSQL call it inside a transaction (it then skips rows another claimer holds);
    outside one, or on SQLite, the single UPDATE is exclusive by itself.
    """
    due = queryset.filter(next_attempt_at__lte=now)
    picked = due.order_by("next_attempt_at", "pk").values("pk")[:batch]
    if connection.features.has_select_for_update_skip_locked and not connection.get_autocommit():
        # The ids first, as a list: PostgreSQL may run a LIMIT … FOR UPDATE subquery of an UPDATE
        # more than once, and each run locks (and so takes) more rows than the batch.
        picked = list(picked.select_for_update(skip_locked=True).values_list("pk", flat=True))
        if not picked:
            return 0
    return due.filter(pk__in=picked).update(attempts=F("attempts") + 1, next_attempt_at=until, **fields)


def record_outcome(
    queryset: models.QuerySet,
    *,
    attempts: int,
    policy: Policy,
    now: dt.datetime,
    error: str = "",
    sent_status: str | None = None,
    give_up: bool = False,
    retry_at=None,
    **fields,
) -> dict:
    """Write the outcome of the ``attempts``-th attempt on ``queryset`` (the claimed row, guarded
    by the caller as it needs) and return the fields written. ``sent_status`` when it went through;
    otherwise it is retried after ``backoff`` (``retry_at`` may move that moment, e.g. out of
    quiet hours), or failed after the policy's last attempt or when ``give_up``."""
    if sent_status is not None:
        outcome = {"status": sent_status, "next_attempt_at": None, "last_error": ""}
    elif give_up or attempts >= policy.max_attempts:
        outcome = {"status": FAILED, "next_attempt_at": None, "last_error": error}
    else:
        moment = now + backoff(attempts, policy)
        outcome = {"status": PENDING, "next_attempt_at": retry_at(moment) if retry_at else moment, "last_error": error}
    outcome.update(fields)
    queryset.update(**outcome)
    return outcome


def redeliver(queryset: models.QuerySet, *, at: dt.datetime, fresh_attempts: bool = False) -> int:
    """Make these rows due again at ``at`` (``fresh_attempts``: with the full number of attempts
    again). Returns how many rows were changed."""
    fields = {"status": PENDING, "next_attempt_at": at}
    if fresh_attempts:
        fields["attempts"] = 0
    return queryset.update(**fields)
