"""Writes of the webhooks app: fan a case event out to subscriptions, deliver, retry, redeliver.

The path of one event: ``record_event`` → (after commit) task ``webhooks.fan_out`` → ``fan_out``
creates one ``WebhookDelivery`` per subscription that wants the event type and whose owner may see
the case, with the body frozen → (after commit) task ``webhooks.deliver`` → ``deliver`` POSTs it,
outside any transaction, and logs the attempt. A failed attempt sets ``next_attempt_at`` by
exponential backoff; the periodic task ``webhooks.deliver_due`` (every minute) queues the due ones
and fans out events whose fan-out was lost. No retry is an ETA task: the rows are the schedule.
"""

import datetime as dt
import http.client
import json
import logging
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from functools import partial

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, transaction
from django.db.models import Exists, F, OuterRef
from django.utils import timezone

from jinzhou import outbound, queueing
from jinzhou.casework.events import webhook_event_kinds, webhook_event_type
from jinzhou.casework.models import Case, TimelineEvent
from jinzhou.org.selectors import display_name
from jinzhou.webhooks.choices import DeliveryStatus
from jinzhou.webhooks.models import EventFanOut, Subscription, WebhookAttempt, WebhookDelivery
from jinzhou.webhooks.signing import sign

logger = logging.getLogger(__name__)

USER_AGENT = "JinzhouChainWorks-Webhooks/1.0"
# Characters of the partner's answer kept in the log (enough for an error message, shown to
# superusers only): a log that keeps whole answers would make the webhook a way to read pages.
RESPONSE_KEPT = 200


def _setting(name: str, default):
    return getattr(settings, name, default)


def timeout_seconds() -> float:
    return float(_setting("WEBHOOK_TIMEOUT_SECONDS", 5))


def max_attempts() -> int:
    return int(_setting("WEBHOOK_MAX_ATTEMPTS", 8))


def retry_delay(attempts: int) -> dt.timedelta:
    """Wait after the ``attempts``-th failed attempt: 1, 4, 16, 64 minutes, … at most 12 hours."""
    base = int(_setting("WEBHOOK_RETRY_BASE_SECONDS", 60))
    cap = int(_setting("WEBHOOK_RETRY_MAX_SECONDS", 12 * 3600))
    return dt.timedelta(seconds=min(base * 4 ** (attempts - 1), cap))


def lease() -> dt.timedelta:
    # While an attempt is in flight its row is "not due" for this long, so the sweep and a queued
    # task never POST the same message at once; a worker that dies leaves it due again after.
    return dt.timedelta(seconds=timeout_seconds() + 60)


# --- fan-out --------------------------------------------------------------------------------------
def _iso(moment: dt.datetime | None) -> str | None:
    if moment is None:
        return None
    return moment.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")


def build_payload(event: TimelineEvent, case: Case, event_type: str) -> dict:
    """The JSON every subscription receives for ``event``; see docs/api.md, "Webhooks"."""
    return {
        "id": f"evt_{event.pk}",
        "type": event_type,
        "timestamp": _iso(event.at),
        "data": {
            "case": {
                "id": case.pk,
                "reference": case.reference,
                "kind": case.kind,
                "status": case.status,
                "title": case.title,
                "light": case.light,
                "due_at": _iso(case.due_at),
                "chain": case.chain.code if case.chain_id else None,
            },
            "event": {
                "id": event.pk,
                "kind": event.kind,
                "action": event.action,
                "from_status": event.from_status,
                "to_status": event.to_status,
                "summary": event.summary,
                "note": event.note,
                "details": event.data or {},
                "actor": display_name(event.actor),
                "at": _iso(event.at),
            },
        },
    }


def _case_as_seen_by(case_id: int, owners) -> Case | None:
    """The case with its light and, per owner, ``seen_by_<id>``: whether the owner may see it.
    One query whatever the number of owners; the rule is ``visible_to``, as everywhere."""
    seen = {f"seen_by_{owner.pk}": Exists(Case.objects.visible_to(owner).filter(pk=OuterRef("pk"))) for owner in owners}
    return Case.objects.with_light().select_related("chain").annotate(**seen).filter(pk=case_id).first()


def fan_out(event_id: int) -> list[int]:
    """Create the deliveries of one timeline event and queue them; returns the new delivery ids.

    Idempotent: an event is fanned out once (``EventFanOut``); a second call, or a race between
    the queued task and the sweep, creates nothing. Only subscriptions that existed when the event
    happened, are active, want its type, and whose owner may see the case receive it.
    """
    if EventFanOut.objects.filter(event_id=event_id).exists():
        return []
    event = TimelineEvent.objects.select_related("actor").filter(pk=event_id).first()
    if event is None:
        return []
    event_type = webhook_event_type(event)
    subscriptions: list[Subscription] = []
    if event_type is not None:
        candidates = Subscription.objects.filter(is_active=True, created_at__lte=event.at).select_related("owner")
        subscriptions = [sub for sub in candidates if sub.wants(event_type)]
    case = None
    if subscriptions:
        owners = {sub.owner_id: sub.owner for sub in subscriptions}
        case = _case_as_seen_by(event.case_id, owners.values())
        subscriptions = [sub for sub in subscriptions if case is not None and getattr(case, f"seen_by_{sub.owner_id}")]
    body = json.dumps(build_payload(event, case, event_type), cls=DjangoJSONEncoder, ensure_ascii=False) if case else ""
    now = timezone.now()
    try:
        with transaction.atomic():
            EventFanOut.objects.create(event_id=event.pk, deliveries=len(subscriptions))
            created = WebhookDelivery.objects.bulk_create(
                WebhookDelivery(subscription=sub, event=event, event_type=event_type, body=body, next_attempt_at=now)
                for sub in subscriptions
            )
    except IntegrityError:
        # Another fan-out of the same event committed first; it owns the deliveries.
        return []
    ids = [delivery.pk for delivery in created]
    if ids:
        transaction.on_commit(partial(queue_deliveries, ids))
    return ids


def queue_deliveries(delivery_ids: list[int], *, requested_by_id: int | None = None) -> int:
    """Queue a ``webhooks.deliver`` task per id; returns how many were queued. A broker that is
    down (or paused after a failure, ``jinzhou.queueing``) stops the loop: the rows stay due and
    the sweep queues them later."""
    queued = 0
    options = {"requested_by_id": requested_by_id}
    for delivery_id in delivery_ids:
        if not queueing.enqueue("jinzhou.webhooks.tasks.deliver", args=[delivery_id], kwargs=options):
            break
        queued += 1
    return queued


# --- delivery -------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Outcome:
    timestamp: int
    status_code: int | None
    error: str
    response: str
    duration_ms: int

    @property
    def succeeded(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300


def post(delivery: WebhookDelivery, *, attempted_at: dt.datetime) -> Outcome:
    """POST the delivery's frozen body, signed for this attempt. Never call it inside a transaction:
    a slow partner must not hold database locks or a connection's transaction open."""
    timestamp = int(attempted_at.timestamp())
    body = delivery.body.encode("utf-8")
    request = urllib.request.Request(  # noqa: S310 (http/https only; outbound.urlopen checks the address)
        delivery.subscription.url,
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/json",
            "User-Agent": USER_AGENT,
            "webhook-id": delivery.message_id,
            "webhook-timestamp": str(timestamp),
            "webhook-signature": sign(delivery.subscription.secret, delivery.message_id, timestamp, body),
        },
    )
    status_code, error, answer = None, "", b""
    started = time.monotonic()
    try:
        # The SSRF rule (jinzhou/outbound.py): only allowed addresses, checked after resolving, at
        # the socket that connects; no redirects.
        with outbound.urlopen(request, timeout=timeout_seconds()) as response:
            status_code, answer = response.status, response.read(RESPONSE_KEPT)
    except urllib.error.HTTPError as exc:
        status_code, answer = exc.code, exc.read(RESPONSE_KEPT)
    except urllib.error.URLError as exc:
        error = str(exc.reason)
    except (OSError, http.client.HTTPException, ValueError) as exc:
        error = str(exc) or exc.__class__.__name__
    duration_ms = int((time.monotonic() - started) * 1000)
    return Outcome(timestamp, status_code, error[:300], answer.decode("utf-8", "replace")[:RESPONSE_KEPT], duration_ms)


def deliver(delivery_id: int, *, requested_by_id: int | None = None) -> WebhookAttempt | None:
    """Make one attempt of a due delivery and log it; None when it is not due (delivered, given
    up, or another worker holds it). 2xx is delivered; anything else is retried with backoff
    until ``WEBHOOK_MAX_ATTEMPTS`` attempts, then the delivery is failed."""
    now = timezone.now()
    # Claim with one conditional UPDATE (works the same on SQLite and PostgreSQL): whoever moves
    # next_attempt_at first owns this attempt.
    claimed = WebhookDelivery.objects.filter(
        pk=delivery_id, status=DeliveryStatus.PENDING, next_attempt_at__lte=now
    ).update(next_attempt_at=now + lease(), attempts=F("attempts") + 1)
    if not claimed:
        return None
    delivery = WebhookDelivery.objects.select_related("subscription").get(pk=delivery_id)
    if delivery.subscription.is_active:
        outcome = post(delivery, attempted_at=now)
    else:
        outcome = Outcome(int(now.timestamp()), None, "The subscription is inactive: not sent.", "", 0)
    with transaction.atomic():
        attempt = WebhookAttempt.objects.create(
            delivery=delivery,
            number=delivery.attempts,
            attempted_at=now,
            timestamp=outcome.timestamp,
            status_code=outcome.status_code,
            error=outcome.error,
            response=outcome.response,
            duration_ms=outcome.duration_ms,
            requested_by_id=requested_by_id,
        )
        delivery.last_status_code = outcome.status_code
        delivery.last_error = outcome.error
        if outcome.succeeded:
            delivery.status, delivery.delivered_at, delivery.next_attempt_at = DeliveryStatus.DELIVERED, now, None
        elif delivery.attempts >= max_attempts() or not delivery.subscription.is_active:
            delivery.status, delivery.next_attempt_at = DeliveryStatus.FAILED, None
        else:
            delivery.next_attempt_at = now + retry_delay(delivery.attempts)
        delivery.save(update_fields=["status", "delivered_at", "next_attempt_at", "last_status_code", "last_error"])
    return attempt


def redeliver(delivery: WebhookDelivery, *, actor) -> None:
    """Send a delivery once more (same ``webhook-id``, same body, a fresh timestamp and signature),
    whatever its state: what a partner asks for after losing a message. Queued after commit."""
    if not actor.has_perm("webhooks.change_webhookdelivery"):
        raise PermissionDenied
    with transaction.atomic():
        WebhookDelivery.objects.filter(pk=delivery.pk).update(
            status=DeliveryStatus.PENDING, next_attempt_at=timezone.now()
        )
        transaction.on_commit(partial(queue_deliveries, [delivery.pk], requested_by_id=actor.pk))


# --- the periodic sweep ---------------------------------------------------------------------------
def lost_fan_outs(now: dt.datetime, *, limit: int) -> list[int]:
    """Timeline events that should have been fanned out by now but were not (broker down, crash)."""
    hours = int(_setting("WEBHOOK_CATCH_UP_HOURS", 24))
    grace = dt.timedelta(minutes=2)  # the normal path's queued task gets a head start
    return list(
        TimelineEvent.objects.filter(
            kind__in=webhook_event_kinds(), at__gte=now - dt.timedelta(hours=hours), at__lte=now - grace
        )
        .exclude(Exists(EventFanOut.objects.filter(event_id=OuterRef("pk"))))
        .order_by("at", "pk")
        .values_list("pk", flat=True)[:limit]
    )


def deliver_due(*, now: dt.datetime | None = None, limit: int = 500) -> dict[str, int]:
    """The minute sweep: fan out lost events, then queue every due delivery (retries, and any a
    crash or broker outage left behind). Returns what it did, for the task's result."""
    now = now or timezone.now()
    fanned = 0
    if Subscription.objects.filter(is_active=True).exists():
        for event_id in lost_fan_outs(now, limit=limit):
            fanned += len(fan_out(event_id))
    due = list(
        WebhookDelivery.objects.filter(status=DeliveryStatus.PENDING, next_attempt_at__lte=now)
        .order_by("next_attempt_at", "pk")
        .values_list("pk", flat=True)[:limit]
    )
    return {"fanned_out": fanned, "queued": queue_deliveries(due)}
