"""The words of a notification outside the app: the chat-robot markdown and the e-mail context,
always in the site's language (Chinese), whatever language the worker runs in."""

from django.conf import settings
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from jinzhou.notifications.channels.inapp import link_for


def context_for(notification) -> dict:
    case = notification.case
    deadline = notification.deadline
    return {
        "notification": notification,
        "level": notification.get_level_display(),
        "case": case,
        "case_label": f"{case.reference} {case.title}" if case else "",
        "deadline": date_format(timezone.localtime(deadline), "DATETIME_FORMAT") if deadline else "",
        "link": link_for(notification),
    }


def markdown_for(notification) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        context = context_for(notification)
        lines = [f"### 【{context['level']}】{notification.title}"]
        if notification.body:
            lines.append(notification.body)
        if context["case_label"]:
            lines.append(f"> {_('Case')}: {context['case_label']}")
        if context["deadline"]:
            lines.append(f"> {_('Deadline')}: {context['deadline']}")
        lines.append(f"[{_('Open in the system')}]({context['link']})")
        return "\n\n".join(lines)
