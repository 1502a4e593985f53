"""Writes of the notifications app: the inbox (``notify``, ``mark_read``) and delivery (claim, send, retry)."""

from jinzhou.notifications.services.delivery import (
    claim_deliveries,
    deliver_claimed,
    queue_delivery,
    retry_deliveries,
    run_deliveries,
)
from jinzhou.notifications.services.inbox import (
    NotificationRequest,
    dedupe_key,
    mark_all_read,
    mark_read,
    notify,
    notify_many,
)
from jinzhou.notifications.services.preferences import muted_categories, set_muted_categories

__all__ = [
    "NotificationRequest",
    "claim_deliveries",
    "dedupe_key",
    "deliver_claimed",
    "mark_all_read",
    "mark_read",
    "muted_categories",
    "notify",
    "notify_many",
    "queue_delivery",
    "retry_deliveries",
    "run_deliveries",
    "set_muted_categories",
]
