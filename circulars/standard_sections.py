"""The sections every circular carries after the standard five, through the seam of ``sections.py``:
六、年度目标完成情况 (the year's targets against 时序进度, from ``assessment.selectors.target_progress``) and
七、产业链运行监测 (the chain-leader departments' reviewed figures of the month, per industry, from
``chains.selectors.chain_figures``). Each is left out when it has nothing to say (no target for the year,
no reviewed report for the month), so a circular never prints an empty heading."""

from __future__ import annotations

from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from assessment.selectors import target_progress
from chains.selectors import chain_figures
from circulars.sections import register_section
from jinzhou.casework.periods import month_end
from jinzhou.org.models import Chain

TARGETS = "year_targets"
CHAIN_FIGURES = "chain_figures"


def _number(value) -> str:
    if value is None:
        return "—"
    value = Decimal(value)
    return f"{value:.2f}" if value != value.to_integral_value() else str(int(value))


def _percent(value) -> str:
    return "—" if value is None else f"{Decimal(value):.1f}%"


def _standing(row) -> str:
    """The words of the dashboards' 目标完成情况 (滞后 / 已完成 / 暂无数据 / 正常), so a unit reads the same
    standing in the circular as on the dashboard."""
    if row.behind:
        return _("Behind schedule")
    if row.met:
        return _("Met")
    return _("No figure") if row.actual is None else _("On schedule")


def targets_section(cases, period, now) -> dict | None:
    """The year's targets as of the period's last day (or today, if the period has not ended)."""
    today = timezone.localdate(now)
    as_of = min(period.last, today) if period else today
    rows = target_progress(as_of.year, as_of=as_of)
    if not rows:
        return None
    behind = [row for row in rows if row.behind]
    schedule = rows[0].schedule
    paragraph = _(
        "As of %(date)s the year's schedule (时序进度) stands at %(schedule)s; %(behind)s of %(total)s targets are "
        "behind it and are listed first."
    ) % {"date": f"{as_of:%Y年%-m月%-d日}", "schedule": _percent(schedule), "behind": len(behind), "total": len(rows)}
    return {
        "title": _("Progress of the year's targets"),
        "paragraphs": [paragraph],
        "header": [
            pgettext("organisation", "Unit"),
            _("Indicator"),
            _("Target"),
            _("Actual"),
            _("Progress"),
            _("Schedule"),
            _("Standing"),
        ],
        "rows": [
            [
                str(row.target.unit),
                str(row.target.get_indicator_display()),
                _number(row.target.value),
                _number(row.actual),
                _percent(row.actual if row.is_rate else row.percent),
                _percent(None if row.is_rate else row.schedule),
                _standing(row),
            ]
            for row in rows
        ],
    }


def chain_figures_section(cases, period, now) -> dict | None:
    """The reviewed monthly figures of the period's month, per industry (a month's circular only: a
    quarter's or a year's would add months and quarters of different reports together)."""
    if period is None or period.first.day != 1 or period.last != month_end(period.first.year, period.first.month):
        return None
    chains = Chain.objects.select_related("industry")
    _per_chain, industries = chain_figures(chains, period.first)
    if not industries:
        return None
    reported = sum(len(industry.chains) for industry in industries)
    return {
        "title": _("Chain monitoring"),
        "paragraphs": [
            _("%(chains)s chains' figures for %(period)s were reviewed by the office; per industry:")
            % {"chains": reported, "period": period.label}
        ],
        "header": [
            _("Industry"),
            _("Chains reported"),
            _("Output value (100 million yuan)"),
            _("Enterprises above designated size"),
            _("Investment in projects under construction (100 million yuan)"),
            _("Bottlenecks solved in the period"),
        ],
        "rows": [
            [
                industry.industry_name,
                len(industry.chains),
                _number(industry.output_value),
                industry.above_scale_enterprises,
                _number(industry.investment_in_progress),
                industry.bottlenecks_solved,
            ]
            for industry in industries
        ],
    }


def register() -> None:
    register_section(TARGETS, targets_section)
    register_section(CHAIN_FIGURES, chain_figures_section)
