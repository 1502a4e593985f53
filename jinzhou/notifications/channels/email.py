"""E-mail, in HTML and plain text, through Django's configured backend (DJANGO_EMAIL_* settings;
the console backend when nothing is set)."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from jinzhou.notifications.channels.base import ChannelError
from jinzhou.notifications.channels.text import context_for


def message_for(notification) -> EmailMultiAlternatives:
    with translation.override(settings.LANGUAGE_CODE):
        context = context_for(notification)
        subject = _("[Jinzhou Chain Works] %(title)s") % {"title": notification.title}
        text = render_to_string("notifications/email/notification.txt", context)
        html = render_to_string("notifications/email/notification.html", context)
    message = EmailMultiAlternatives(subject=subject.replace("\n", " "), body=text, to=[notification.recipient.email])
    message.attach_alternative(html, "text/html")
    return message


def send(delivery) -> None:
    notification = delivery.notification
    if not notification.recipient.email:
        raise ChannelError("the recipient has no e-mail address")
    try:
        sent = message_for(notification).send(fail_silently=False)
    except Exception as exc:  # SMTP and socket errors alike
        raise ChannelError(f"{type(exc).__name__}: {exc}") from exc
    if not sent:
        raise ChannelError("the mail backend did not send the message")
