"""Delivering a webhook: POST it outside any transaction, log the attempt, retry, redeliver.

The path of one event: ``record_event`` → (after commit) task ``webhooks.fan_out`` → ``fan_out``
(``fan_out.py``) creates one ``WebhookDelivery`` per subscription that wants the event type and
whose owner may see the case, with the body frozen → (after commit) task ``webhooks.deliver`` →
``deliver`` POSTs it and logs the attempt. Claiming, backoff and redelivery are the outbox's
(``jinzhou/outbox.py``, channel ``webhooks``); the periodic task ``webhooks.deliver_due``
(``sweep.py``, every minute) queues the due ones and fans out events whose fan-out was lost. No
retry is an ETA task: the rows are the schedule.
"""

import datetime as dt
import http.client
import logging
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from functools import partial

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from jinzhou import outbound, outbox, queueing
from jinzhou.webhooks.choices import DeliveryStatus
from jinzhou.webhooks.models import WebhookAttempt, WebhookDelivery
from jinzhou.webhooks.signing import sign

logger = logging.getLogger(__name__)

USER_AGENT = "JinzhouChainWorks-Webhooks/1.0"
# Characters of the partner's answer kept in the log (enough for an error message, shown to
# superusers only): a log that keeps whole answers would make the webhook a way to read pages.
RESPONSE_KEPT = 200
CHANNEL = "webhooks"


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
        with outbound.urlopen(request, timeout=settings.WEBHOOK_TIMEOUT_SECONDS) as response:
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
    rules = outbox.policy(CHANNEL)
    # Whoever moves next_attempt_at first owns this attempt (one UPDATE; see jinzhou/outbox.py).
    claimable = WebhookDelivery.objects.filter(pk=delivery_id, status=DeliveryStatus.PENDING)
    if not outbox.claim_due(claimable, 1, now=now, until=now + dt.timedelta(seconds=rules.claim_seconds)):
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
        delivered = {"sent_status": DeliveryStatus.DELIVERED, "delivered_at": now} if outcome.succeeded else {}
        outbox.record_outcome(
            WebhookDelivery.objects.filter(pk=delivery.pk),
            attempts=delivery.attempts,
            policy=rules,
            now=now,
            error=outcome.error,
            give_up=not delivery.subscription.is_active,
            last_status_code=outcome.status_code,
            **delivered,
        )
    return attempt


def redeliver(delivery: WebhookDelivery, *, actor) -> None:
    """Send a delivery once more (same ``webhook-id``, same body, a fresh timestamp and signature),
    whatever its state: what a partner asks for after losing a message. Queued after commit. The
    attempts go on counting (each is a numbered line of the log)."""
    if not actor.has_perm("webhooks.change_webhookdelivery"):
        raise PermissionDenied
    with transaction.atomic():
        outbox.redeliver(WebhookDelivery.objects.filter(pk=delivery.pk), at=timezone.now())
        transaction.on_commit(partial(queue_deliveries, [delivery.pk], requested_by_id=actor.pk))
