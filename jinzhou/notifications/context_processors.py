"""Template context: the unread count for the admin header's "通知 (N)" link."""

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from jinzhou.notifications.selectors import unread_count


def unread_notifications(request: HttpRequest) -> dict[str, object]:
    """``unread_notifications``: the signed-in staff user's unread count, computed lazily (one COUNT
    query, only on pages that show it)."""
    user = getattr(request, "user", None)
    if not getattr(user, "is_staff", False):
        return {"unread_notifications": 0}
    return {"unread_notifications": SimpleLazyObject(lambda: unread_count(user))}
