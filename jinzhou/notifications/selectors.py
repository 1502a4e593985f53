"""Reads of the notifications app. A user's inbox is their own; only the office sees everyone's
(in the Notification admin, for support)."""

from django.db.models import QuerySet

from jinzhou.notifications.models import Delivery, Notification


def notifications_for(user) -> QuerySet[Notification]:
    """The user's own notifications, newest first (the inbox, the header count, the REST API)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return Notification.objects.none()
    return Notification.objects.filter(recipient_id=user.pk)


def unread_count(user) -> int:
    """How many of the user's notifications are unread: one COUNT over a partial index."""
    if user is None or not getattr(user, "is_authenticated", False):
        return 0
    return notifications_for(user).filter(read_at__isnull=True).count()


def notifications_visible_to(user) -> QuerySet[Notification]:
    """What the Notification admin lists: everything for the office, else the user's own."""
    return Notification.objects.restrict(user, "view")


def deliveries_visible_to(user) -> QuerySet[Delivery]:
    return Delivery.objects.restrict(user, "view")
