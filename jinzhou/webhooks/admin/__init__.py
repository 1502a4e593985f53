"""The webhooks admin (imported for its registrations)."""

from jinzhou.webhooks.admin import subscriptions  # noqa: F401
