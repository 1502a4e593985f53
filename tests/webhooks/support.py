"""Helpers shared by the webhook tests."""

from jinzhou.webhooks.choices import EventType
from jinzhou.webhooks.models import Subscription

ALL_TYPES = list(EventType.values)


def subscribe(receiver, owner, path: str, event_types=ALL_TYPES, **fields) -> Subscription:
    """A subscription of ``owner`` posting to the receiver's endpoint ``path``, which knows its secret."""
    subscription = Subscription.objects.create(
        owner=owner, name=path, url=receiver.url(path), event_types=list(event_types), **fields
    )
    receiver.listen(path, subscription.secret)
    return subscription
