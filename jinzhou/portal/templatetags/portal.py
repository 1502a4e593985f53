"""Template helpers of the portal: lights, deadlines, the unread count, and charts as inline SVG.

The charts are drawn on the server so that no script or file from the internet is needed; each
has a text title for screen readers, and the page shows the same figures in a table beside it.
"""

from __future__ import annotations

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from jinzhou.casework import display
from jinzhou.casework.choices import Light

register = template.Library()

LIGHT_ORDER = (Light.RED, Light.YELLOW, Light.GREEN, Light.GREY)


@register.simple_tag
def light_badge(light: str, case=None) -> SafeString:
    """The light's badge; with the case, its reason as the tooltip (``title``)."""
    if case is None:
        return display.light_badge(light)
    return format_html('<span title="{}">{}</span>', display.light_reason(case, light), display.light_badge(light))


@register.filter
def due_text(case) -> str:
    """The deadline with the working days left (or overdue), by the working-day calendar."""
    return display.due_text(case)


@register.filter
def kind_label(code: str) -> str:
    return display.kind_label(code)


# A chain map's notes quoting the source article (文章：…) are the catalogue's provenance, for the admin.
SOURCE_NOTE_PREFIX = "文章："


@register.filter
def public_note(note: str) -> str:
    """A chain-map note as the portal shows it: "" for a note about the source article."""
    note = (note or "").strip()
    return "" if note.startswith(SOURCE_NOTE_PREFIX) else note


@register.filter
def light_label(light: str) -> str:
    return display.LIGHT_TEXT.get(light, light)


@register.simple_tag(takes_context=True)
def unread_count(context) -> int | None:
    """The visitor's unread notifications (one COUNT), or None when the notifications app is absent."""
    request = context.get("request")
    if request is None or not request.user.is_authenticated:
        return None
    try:
        from jinzhou.notifications.selectors import unread_count as count
    except ImportError:
        return None
    return count(request.user)


# --- charts ------------------------------------------------------------------------------------------
# Each row is a label line with its figure, then the bar under it. Positions along the bar are
# percentages of the chart's width, so the chart fills a phone or a desktop column without scaling
# its text: labels stay at the page's font size on every screen.
ROW = 44
BAR_Y = 20
BAR_HEIGHT = 16


def _pct(value: float) -> str:
    return f"{value:.2f}%"


def _label(text: str, limit: int = 40) -> str:
    """The label cut to fit a phone's width: a CJK character is as wide as two Latin ones."""
    text, width, kept = str(text), 0, []
    for char in text:
        width += 2 if ord(char) > 0x2E7F else 1
        if width > limit:
            return "".join(kept[:-1]) + "…"
        kept.append(char)
    return text


def _svg(title: str, rows: int, body: SafeString) -> SafeString:
    return format_html(
        '<svg class="chart" width="100%" height="{}" role="img" aria-label="{}"><title>{}</title>{}</svg>',
        max(rows, 1) * ROW,
        title,
        title,
        body,
    )


def _row_label(y: int, label: str, figure) -> SafeString:
    return format_html(
        '<text class="chart-label" x="0" y="{}">{} <tspan class="chart-value">{}</tspan></text>',
        y + 14,
        _label(label),
        figure,
    )


@register.simple_tag
def light_chart(bars, title: str = "") -> SafeString:
    """Stacked bars per row (red, yellow, green, closed), scaled to the longest row."""
    longest = max((bar.total for bar in bars), default=0) or 1
    parts = []
    for index, bar in enumerate(bars):
        y = index * ROW
        parts.append(_row_label(y, bar.label, bar.total))
        x = 0.0
        for light in LIGHT_ORDER:
            count = bar.values.get(light, 0)
            if not count:
                continue
            width = 100 * count / longest
            parts.append(
                format_html(
                    '<rect class="chart-{}" x="{}" y="{}" width="{}" height="{}"><title>{}: {}</title></rect>',
                    light,
                    _pct(x),
                    y + BAR_Y,
                    _pct(width),
                    BAR_HEIGHT,
                    display.LIGHT_TEXT[light],
                    count,
                )
            )
            x += width
    return _svg(title, len(bars), mark_safe("".join(parts)))  # noqa: S308 - every part is format_html output


@register.simple_tag
def value_chart(bars, title: str = "", suffix: str = "", maximum=None) -> SafeString:
    """One bar per row for ``bar.total``, scaled to ``maximum`` (100 for rates) or the largest."""
    longest = float(maximum or max((float(bar.total or 0) for bar in bars), default=0) or 1)
    parts = []
    for index, bar in enumerate(bars):
        y = index * ROW
        parts.append(_row_label(y, bar.label, f"{bar.total}{suffix}"))
        parts.append(
            format_html(
                '<rect class="chart-track" x="0" y="{}" width="100%" height="{}"></rect>'
                '<rect class="chart-bar" x="0" y="{}" width="{}" height="{}"></rect>',
                y + BAR_Y,
                BAR_HEIGHT,
                y + BAR_Y,
                _pct(100 * float(bar.total or 0) / longest),
                BAR_HEIGHT,
            )
        )
    return _svg(title, len(bars), mark_safe("".join(parts)))  # noqa: S308 - every part is format_html output


@register.simple_tag
def rate_bars(rows, attribute: str):
    """Rows of ``casework.reports.Rates`` as bars of one of their rates (percent)."""
    from jinzhou.portal.selectors import Bar

    return [Bar(label=row.department, values={}, total=getattr(row, attribute)) for row in rows]


@register.simple_tag
def legend() -> SafeString:
    items = format_html_join(
        "",
        '<li><span class="swatch chart-{}" aria-hidden="true"></span>{}</li>',
        ((light, display.LIGHT_TEXT[light]) for light in LIGHT_ORDER),
    )
    return format_html('<ul class="legend">{}</ul>', items)


@register.simple_tag(takes_context=True)
def portal_menu(context) -> dict:
    """Which optional menu entries the visitor gets (the pages still check for themselves)."""
    from jinzhou.portal.selectors import may_report_bottleneck, may_see_dashboard, may_watch

    request = context.get("request")
    if request is None or not request.user.is_authenticated:
        return {}
    from meetings.selectors import may_browse_meetings
    from projects.selectors import may_browse_challenges

    reports = may_report_bottleneck(request.user)
    return {
        "report": reports,
        "reported": reports,
        "watch": may_watch(request.user),
        "dashboard": may_see_dashboard(request.user),
        "challenges": may_browse_challenges(request.user),
        "meetings": may_browse_meetings(request.user),
    }


@register.filter
def total_of(bars) -> int:
    """The sum of the bars' totals: whether a chart has anything to draw."""
    return sum(int(bar.total or 0) for bar in bars or ())


@register.filter
def case_kind_label(case) -> str:
    """The case's kind as its header and the lists name it (``casework.display.case_kind_label``)."""
    return display.case_kind_label(case)
