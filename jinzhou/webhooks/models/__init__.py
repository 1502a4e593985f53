"""The webhooks app's models: subscriptions, fanned-out events, deliveries and their attempts."""

from jinzhou.webhooks.models.subscriptions import (
    EventFanOut,
    Subscription,
    WebhookAttempt,
    WebhookDelivery,
    new_message_id,
)

__all__ = ["EventFanOut", "Subscription", "WebhookAttempt", "WebhookDelivery", "new_message_id"]
