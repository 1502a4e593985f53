"""The in-app channel: the ``Notification`` row is the message, so there is nothing to send.

It is written in the same transaction as whatever caused it and is shown in the admin's inbox and
the header's unread count at once; quiet hours apply to the external channels only. What the
external channels link to is decided here, so every channel points to the same page.
"""

from django.conf import settings
from django.urls import reverse


def link_for(notification) -> str:
    """The absolute URL a message should open: the notification's own link, else the inbox."""
    path = notification.url or reverse("admin:notifications_notification_inbox")
    if path.startswith(("http://", "https://")):
        return path
    return settings.NOTIFICATIONS_SITE_URL.rstrip("/") + path
