"""The notifications admin (imported for its registrations)."""

from jinzhou.notifications.admin import inbox  # noqa: F401
