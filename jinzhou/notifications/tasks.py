"""Celery tasks of the notifications app, on the outbox's queue (``settings.DELIVERY_QUEUE``). Both
are idempotent: they only send deliveries whose ``next_attempt_at`` has passed and that they have
claimed."""

from celery import shared_task
from django.conf import settings

from jinzhou.notifications.services import run_deliveries

# deliver_due runs every minute; a run stops taking new rows after this long so runs rarely overlap
# (an overlap is harmless: claims keep them apart).
DELIVER_DUE_BUDGET_SECONDS = 50


@shared_task(name="notifications.deliver", queue=settings.DELIVERY_QUEUE, ignore_result=True)
def deliver(notification_ids: list[int]) -> int:
    """Send the due deliveries of these notifications (queued after the notify() commit)."""
    return run_deliveries(notification_ids=notification_ids)


@shared_task(name="notifications.deliver_due", queue=settings.DELIVERY_QUEUE, ignore_result=True)
def deliver_due() -> int:
    """Send every delivery whose time has come: deferred by quiet hours, retried after a failure,
    or left behind by a lost task, a dead worker or a broker outage. Scheduled every minute."""
    return run_deliveries(time_budget=DELIVER_DUE_BUDGET_SECONDS)
