"""A chain's own figures over time (产业链运行监测) as an inline SVG drawn on the server, the way
``casework.trend_chart`` draws the trends: no script, positions across in percent, labels as SVG text
in the page's font (Chinese included). Two bars per period, both in 亿元: the output value and the
investment in projects under construction; the table beside it (wide screens) gives every figure."""

from __future__ import annotations

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

PLOT = 160
TOP = 14
LABELS = 34
BARS = ("output_value", "investment_in_progress")


def series_labels() -> dict[str, str]:
    return {
        "output_value": _("Output value (100 million yuan)"),
        "investment_in_progress": _("Investment under construction (100 million yuan)"),
    }


def figures_legend() -> SafeString:
    items = format_html_join(
        "",
        '<li><span class="trend-swatch figures-{}" aria-hidden="true"></span>{}</li>',
        series_labels().items(),
    )
    return format_html('<ul class="trend-legend">{}</ul>', items)


def _pct(value: float) -> str:
    return f"{value:.3f}%"


def _short_period(report) -> str:
    start = report.period_start
    if report.cadence == "quarterly":
        return _("Q%(quarter)d") % {"quarter": (start.month - 1) // 3 + 1}
    return _("Month %(month)d") % {"month": start.month}


def figures_chart(reports: list, title: str) -> SafeString:
    """``reports``: a chain's reviewed ``ChainReport`` rows, oldest first."""
    count = len(reports) or 1
    tallest = max((float(getattr(r, name) or 0) for r in reports for name in BARS), default=0) or 1.0
    slot = 100 / count
    bar = min(slot * 0.3, 12)
    parts = []

    def y_of(value: float) -> float:
        return TOP + PLOT - PLOT * value / tallest

    for index, report in enumerate(reports):
        centre = index * slot + slot / 2
        for offset, name in enumerate(BARS):
            value = getattr(report, name) or 0
            left = centre - bar + offset * bar
            parts.append(
                format_html(
                    '<rect class="figures-{}" x="{}" y="{}" width="{}" height="{}"><title>{} {}: {}</title></rect>',
                    name,
                    _pct(left),
                    f"{y_of(float(value)):.1f}",
                    _pct(bar * 0.9),
                    f"{TOP + PLOT - y_of(float(value)):.1f}",
                    report.period_label,
                    series_labels()[name],
                    value,
                )
            )
        parts.append(
            format_html(
                '<text class="trend-month" x="{}" y="{}" text-anchor="middle">{}</text>',
                _pct(centre),
                TOP + PLOT + 14,
                _short_period(report),
            )
        )
        if index == 0 or report.period_start.month == 1:
            parts.append(
                format_html(
                    '<text class="trend-year" x="{}" y="{}" text-anchor="middle">{}</text>',
                    _pct(centre),
                    TOP + PLOT + 30,
                    report.period_start.year,
                )
            )
    axis = format_html('<line class="trend-axis" x1="0" x2="100%" y1="{}" y2="{}"></line>', TOP + PLOT, TOP + PLOT)
    body = mark_safe(axis + "".join(parts))  # noqa: S308 - every part is format_html output
    return format_html(
        '<svg class="trend-chart figures-chart" width="100%" height="{}" role="img" aria-label="{}">'
        "<title>{}</title>{}</svg>",
        TOP + PLOT + LABELS,
        title,
        title,
        body,
    )
