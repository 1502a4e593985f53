"""Celery tasks of the webhooks app, on the outbox's queue (``settings.DELIVERY_QUEUE``). All are idempotent: a fan-out
happens once per event, and an attempt is made only by whoever claims the due delivery."""

from celery import shared_task
from django.conf import settings

from jinzhou.webhooks import services

# The outbox's one queue (settings.DELIVERY_QUEUE, jinzhou/outbox.py).
DELIVERY_QUEUE = settings.DELIVERY_QUEUE


@shared_task(name="webhooks.fan_out", queue=DELIVERY_QUEUE, ignore_result=True)
def fan_out(event_id: int) -> int:
    """Create and queue the deliveries of one case timeline event (queued after its commit)."""
    return len(services.fan_out(event_id))


@shared_task(name="webhooks.deliver", queue=DELIVERY_QUEUE, ignore_result=True)
def deliver(delivery_id: int, requested_by_id: int | None = None) -> str | None:
    """One attempt of one delivery, if it is due; the outcome is logged on the delivery."""
    attempt = services.deliver(delivery_id, requested_by_id=requested_by_id)
    return None if attempt is None else f"{attempt.status_code or attempt.error}"


@shared_task(name="webhooks.deliver_due", queue=DELIVERY_QUEUE, ignore_result=True)
def deliver_due() -> dict[str, int]:
    """Every minute (django-celery-beat): queue due retries and finish lost fan-outs."""
    return services.deliver_due()
