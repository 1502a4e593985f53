"""The notifications app's models: the inbox, the chat robots and the delivery log (``inbox.py``)."""

from jinzhou.notifications.models.inbox import ChatRobot, Delivery, EmailPreference, Notification

__all__ = ["ChatRobot", "Delivery", "EmailPreference", "Notification"]
