"""The trends as an inline SVG drawn on the server: no script, no library, nothing from the internet.

Bars (opened, closed, closed on time) and a line (overdue at the month's end) per month. Positions
across are percentages of the chart's width, so the chart fills a phone or a desktop column while
its text (month labels, in the page's own font: ``font-family: inherit`` in the CSS) keeps the
page's size; the line is drawn in a nested SVG stretched to the same width."""

from __future__ import annotations

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

PLOT = 160  # height of the plot area, px
TOP = 12  # room above the tallest bar for its figure
LABELS = 34  # month and year labels under the plot
BARS = ("opened", "closed", "closed_on_time")


def series_labels() -> dict[str, str]:
    return {
        "opened": _("Opened"),
        "closed": _("Closed"),
        "closed_on_time": _("Closed on time"),
        "overdue_at_end": _("Overdue at month end"),
    }


def _pct(value: float) -> str:
    return f"{value:.3f}%"


def trend_legend() -> SafeString:
    items = format_html_join(
        "",
        '<li><span class="trend-swatch trend-{}" aria-hidden="true"></span>{}</li>',
        series_labels().items(),
    )
    return format_html('<ul class="trend-legend">{}</ul>', items)


def trend_chart(months: list, title: str) -> SafeString:
    """``months``: ``casework.trends.TrendMonth`` rows, oldest first."""
    count = len(months) or 1
    tallest = max((max(getattr(m, name) for name in (*BARS, "overdue_at_end")) for m in months), default=0) or 1
    slot = 100 / count
    bar = slot * 0.22
    parts, points = [], []

    def y_of(value: int) -> float:
        return TOP + PLOT - PLOT * value / tallest

    for index, month in enumerate(months):
        left = index * slot + slot * 0.1
        for offset, name in enumerate(BARS):
            value = getattr(month, name)
            parts.append(
                format_html(
                    '<rect class="trend-{}" x="{}" y="{}" width="{}" height="{}"><title>{} {}: {}</title></rect>',
                    name,
                    _pct(left + offset * bar),
                    f"{y_of(value):.1f}",
                    _pct(bar * 0.9),
                    f"{TOP + PLOT - y_of(value):.1f}",
                    month.code,
                    series_labels()[name],
                    value,
                )
            )
        centre = index * slot + slot / 2
        overdue = month.overdue_at_end
        points.append(f"{centre * 10:.1f},{y_of(overdue):.1f}")
        parts.append(
            format_html(
                '<circle class="trend-overdue_at_end" cx="{}" cy="{}" r="4"><title>{} {}: {}</title></circle>',
                _pct(centre),
                f"{y_of(overdue):.1f}",
                month.code,
                series_labels()["overdue_at_end"],
                overdue,
            )
        )
        parts.append(
            format_html(
                '<text class="trend-month" x="{}" y="{}" text-anchor="middle">{}</text>',
                _pct(centre),
                TOP + PLOT + 14,
                month.month,
            )
        )
        if index == 0 or month.month == 1:
            parts.append(
                format_html(
                    '<text class="trend-year" x="{}" y="{}" text-anchor="middle">{}</text>',
                    _pct(centre),
                    TOP + PLOT + 30,
                    month.year,
                )
            )
    # The line lives in a nested SVG whose 1000 units span the chart's width; the stroke keeps its
    # width however much the nested SVG is stretched.
    line = format_html(
        '<svg x="0" y="0" width="100%" height="{}" viewBox="0 0 1000 {}" preserveAspectRatio="none">'
        '<polyline class="trend-line" points="{}" vector-effect="non-scaling-stroke"></polyline></svg>',
        TOP + PLOT,
        TOP + PLOT,
        " ".join(points),
    )
    axis = format_html('<line class="trend-axis" x1="0" x2="100%" y1="{}" y2="{}"></line>', TOP + PLOT, TOP + PLOT)
    body = mark_safe(axis + "".join(parts) + line)  # noqa: S308 - every part is format_html output
    return format_html(
        '<svg class="trend-chart" width="100%" height="{}" role="img" aria-label="{}"><title>{}</title>{}</svg>',
        TOP + PLOT + LABELS,
        title,
        title,
        body,
    )
