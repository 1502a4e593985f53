"""The minute sweep of the webhooks app (task ``webhooks.deliver_due``)."""

import datetime as dt

from django.utils import timezone

from jinzhou import outbox
from jinzhou.webhooks.models import Subscription, WebhookDelivery
from jinzhou.webhooks.services.delivery import queue_deliveries
from jinzhou.webhooks.services.fan_out import fan_out, lost_fan_outs


def deliver_due(*, now: dt.datetime | None = None, limit: int = 500) -> dict[str, int]:
    """The minute sweep: fan out lost events, then queue every due delivery (retries, and any a
    crash or broker outage left behind). Returns what it did, for the task's result."""
    now = now or timezone.now()
    fanned = 0
    if Subscription.objects.filter(is_active=True).exists():
        for event_id in lost_fan_outs(now, limit=limit):
            fanned += len(fan_out(event_id))
    due = list(
        WebhookDelivery.objects.filter(status=outbox.PENDING, next_attempt_at__lte=now)
        .order_by("next_attempt_at", "pk")
        .values_list("pk", flat=True)[:limit]
    )
    return {"fanned_out": fanned, "queued": queue_deliveries(due)}
