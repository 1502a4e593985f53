"""The words of a notification outside the app: the chat-robot markdown and the e-mail context,
always in the site's language (Chinese), whatever language the worker runs in."""

import re

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


# What WeCom's and DingTalk's robot markdown reads as markup: links and images ([ ]), headings (#),
# emphasis (* _), code (`), quotes and tags (> <, e.g. <font> and <@userid>). WeCom does not honour
# backslash escapes (it shows them, or reads "\[…\]" as a formula), so each is replaced by its
# full-width twin, which reads the same in Chinese text and is plain text to both robots.
_MARKUP = str.maketrans({"[": "［", "]": "］", "#": "＃", "*": "＊", "_": "＿", "`": "｀", "<": "＜", ">": "＞"})
# At the start of a line, "-", "+" and "=" make lists, rules and (under a line of text) headings.
_LINE_START = re.compile(r"^([ \t]*)([-+=])", re.MULTILINE)
_FULL_WIDTH = {"-": "－", "+": "＋", "=": "＝"}


def escape_markdown(text: str, *, multiline: bool = True) -> str:
    """User-provided ``text`` as plain words in a robot's markdown: no link, heading, quote or tag.

    Every string a user typed (titles, notes, case titles) goes through this before it is put into
    ``markdown_for``'s message; ``multiline=False`` also folds line breaks, for one-line places
    such as the heading, where a new line would start markup of its own."""
    text = (text or "").replace("\r\n", "\n").replace("\r", "\n").translate(_MARKUP)
    if not multiline:
        text = " ".join(text.split("\n"))
    return _LINE_START.sub(lambda match: match.group(1) + _FULL_WIDTH[match.group(2)], text)


def markdown_for(notification) -> str:
    """The robots' message. The system's own markup (heading, quotes, the link) is written here;
    every user-provided part goes through ``escape_markdown``."""
    with translation.override(settings.LANGUAGE_CODE):
        context = context_for(notification)
        lines = [f"### 【{context['level']}】{escape_markdown(notification.title, multiline=False)}"]
        if notification.body:
            lines.append(escape_markdown(notification.body))
        if context["case_label"]:
            lines.append(f"> {_('Case')}: {escape_markdown(context['case_label'], multiline=False)}")
        if context["deadline"]:
            lines.append(f"> {_('Deadline')}: {context['deadline']}")
        lines.append(f"[{_('Open in the system')}]({context['link']})")
        return "\n\n".join(lines)
