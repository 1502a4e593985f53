"""How a case's light and deadline read in the admin and the portal: text first, colour only as a
help; and the order of urgency their lists share."""

from __future__ import annotations

import datetime as dt

from django.db.models import Case as SqlCase
from django.db.models import Value, When
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext, ngettext

from jinzhou.casework.choices import Light
from jinzhou.casework.deadlines import working_days_between
from jinzhou.casework.kinds import all_kinds
from jinzhou.casework.selectors import light_of

# The lights' own labels (红 / 黄 / 绿 / 已办结 in Chinese), so the badge and the filter agree.
LIGHT_TEXT = dict(Light.choices)

# Most urgent first: red, then yellow, green, and closed cases last (over the ``light`` annotation).
LIGHT_RANK = SqlCase(
    When(light=Light.RED, then=Value(0)),
    When(light=Light.YELLOW, then=Value(1)),
    When(light=Light.GREEN, then=Value(2)),
    default=Value(3),
)


def light_badge(light: str) -> SafeString:
    """A coloured dot plus the light's name, so that the light reads without colour too."""
    light = light if light in LIGHT_TEXT else Light.GREEN
    return format_html(
        '<span class="case-light case-light-{}"><span class="case-light-dot" aria-hidden="true">●</span> {}</span>',
        light,
        LIGHT_TEXT[light],
    )


def case_light_badge(case) -> SafeString:
    return light_badge(light_of(case))


def local_date(value: dt.datetime | None) -> dt.date | None:
    return timezone.localtime(value).date() if value else None


def due_text(case, today: dt.date | None = None) -> str:
    """``2026-06-30 (5 working days left)``; for an open case past its deadline, the days overdue."""
    due = local_date(case.due_at)
    if due is None:
        return "—"
    if not case.is_open:
        return due.isoformat()
    today = today or timezone.localdate()
    days = working_days_between(today, due)
    if case.due_at <= timezone.now():
        late = max(-days, 0)
        return gettext("%(date)s (overdue, %(days)s)") % {
            "date": due.isoformat(),
            "days": ngettext("%(n)d working day", "%(n)d working days", late) % {"n": late},
        }
    if days <= 0:
        return gettext("%(date)s (due today)") % {"date": due.isoformat()}
    return gettext("%(date)s (%(days)s left)") % {
        "date": due.isoformat(),
        "days": ngettext("%(n)d working day", "%(n)d working days", days) % {"n": days},
    }


def kind_label(code: str) -> str:
    spec = next((spec for spec in all_kinds() if spec.code == code), None)
    return str(spec.label) if spec else code


def case_kind_label(case) -> str:
    """What a case is, as its header and every list name it: the label of its kind's ``detail``
    choice when the kind has one (断点 stays 断点), else the kind's. A list's rows carry the value
    as ``kind_detail`` (``CaseQuerySet.with_kind_detail``); a kind instance has the field itself."""
    spec = next((spec for spec in all_kinds() if spec.code == case.kind), None)
    if spec is None:
        return case.kind
    if spec.detail:
        value = getattr(case, "kind_detail", None)
        if value is None and isinstance(case, spec.model):
            value = getattr(case, spec.detail)
        choices = dict(spec.model._meta.get_field(spec.detail).flatchoices)
        if value in choices:
            return str(choices[value])
    return str(spec.label)


def waiting_for_decision(case) -> bool:
    """Whether the case waits for the office's (or the assigner's) decision (``Workflow.waiting_states``)."""
    try:
        return case.is_open and case.status in case.spec.workflow.waiting_states
    except LookupError:  # a kind whose app is gone
        return False


def _days(n: int) -> str:
    return ngettext("%(n)d working day", "%(n)d working days", n) % {"n": n}


def light_reason(case, light: str | None = None, *, pending_extension: bool | None = None, now=None) -> str:
    """One line saying why the light is what it is, e.g. 红灯：已逾期 3 个工作日（截止 2026-11-20）.
    Working days by the calendar (``deadlines``). ``pending_extension``: whether an extension waits
    for a decision, when the caller knows; else read off the light (yellow before the warning window
    can only be a pending extension), so a list needs no query per row."""
    now = now or timezone.now()
    light = light or light_of(case, now)
    if light == Light.GREY or not case.is_open:
        return ""
    today = timezone.localtime(now).date()
    due = local_date(case.due_at)
    parts = []
    if light == Light.RED:
        if case.due_at and case.due_at <= now:
            parts.append(
                gettext("Red: overdue by %(days)s (deadline %(date)s)")
                % {"days": _days(max(working_days_between(due, today), 0)), "date": due.isoformat()}
            )
        else:
            report = local_date(case.report_due_at)
            parts.append(gettext("Red: progress report overdue (due %(date)s)") % {"date": report.isoformat()})
    elif light == Light.YELLOW:
        if pending_extension is None:
            pending_extension = not (case.warn_at and case.warn_at <= now)
        if pending_extension:
            parts.append(gettext("Yellow: extension request awaiting decision"))
        if due and case.warn_at and case.warn_at <= now:
            days = working_days_between(today, due)
            parts.append(
                gettext("Yellow: due today (%(date)s)") % {"date": due.isoformat()}
                if days <= 0
                else gettext("Yellow: %(days)s to the deadline (%(date)s)")
                % {"days": _days(days), "date": due.isoformat()}
            )
    elif due:
        days = max(working_days_between(today, due), 0)
        parts.append(
            gettext("Green: %(days)s left (deadline %(date)s)") % {"days": _days(days), "date": due.isoformat()}
        )
    else:
        parts.append(gettext("Green: no deadline running"))
    if waiting_for_decision(case):
        parts.append(gettext("under review, waiting for the office's decision"))
    return gettext("; ").join(parts)


def case_light_badge_with_reason(case) -> SafeString:
    """The badge with its reason as the tooltip (``title``), for the lists."""
    light = light_of(case)
    return format_html('<span title="{}">{}</span>', light_reason(case, light), light_badge(light))


def overdue_working_days(case, now=None) -> int | None:
    """逾期工作日数: for an open case past its deadline, the working days from the deadline to today
    by the calendar (0 on the deadline's own day); None for a case on time, closed or without one."""
    now = now or timezone.now()
    if not case.is_open or not case.due_at or case.due_at > now:
        return None
    return max(working_days_between(local_date(case.due_at), timezone.localtime(now).date()), 0)


def latest_progress_text(case) -> str:
    """The latest progress of a row carrying ``CaseQuerySet.with_latest_progress``: what happened
    and its note (进展 40%：已完成设备招标)."""
    summary = (getattr(case, "progress_summary", "") or "").strip()
    note = (getattr(case, "progress_note", "") or "").strip()
    return "：".join(part for part in (summary, note) if part)
