"""The delivery channels. The in-app copy is the Notification row itself (see ``inapp``); the
external ones each take a claimed ``Delivery`` and raise ``ChannelError`` when it did not arrive."""

from jinzhou.notifications.channels.base import ChannelError
from jinzhou.notifications.choices import Channel


def send(delivery) -> None:
    """Send one delivery through its channel; raises ``ChannelError`` (or anything) on failure."""
    from jinzhou.notifications.channels import dingtalk, email, wecom

    senders = {Channel.EMAIL: email.send, Channel.WECOM: wecom.send, Channel.DINGTALK: dingtalk.send}
    try:
        sender = senders[delivery.channel]
    except KeyError:
        raise ChannelError(f"unknown channel {delivery.channel!r}") from None
    sender(delivery)


__all__ = ["ChannelError", "send"]
