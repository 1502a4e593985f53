"""Reads of the chains app: the chains' own figures (产业链运行监测) over time and summed by industry.

Only reviewed reports count as the chain's figures (a submitted one may still be returned). Given a
``user``, only the reports they may see count (``visible_to``: the office, the leading group, the
chain's task-force leader and chain-leader department); without one (the office's circular, a
command), every reviewed report."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Sum

from chains.models import ChainReport
from chains.workflows import CHAIN_REPORT

REVIEWED = tuple(state.code for state in CHAIN_REPORT.states if state.terminal)
ZERO = Decimal("0.00")


@dataclass
class Figures:
    """Summed figures of some reports (one chain, or every chain of an industry) for a period."""

    output_value: Decimal = ZERO
    above_scale_enterprises: int = 0
    investment_in_progress: Decimal = ZERO
    bottlenecks_solved: int = 0
    reports: int = 0


@dataclass
class IndustryFigures(Figures):
    industry_id: int = 0
    industry_name: str = ""
    chains: list = field(default_factory=list)  # (chain, Figures) of its chains that reported


def reviewed_reports(user=None):
    reports = ChainReport.objects.all() if user is None else ChainReport.objects.visible_to(user)
    return reports.filter(status__in=REVIEWED)


def chain_figures(chains, period: dt.date, *, user=None) -> tuple[dict[int, Figures], list[IndustryFigures]]:
    """The reviewed figures of ``chains`` (a queryset or list of Chain) for the period starting ``period``
    (the first day of a month or quarter): per chain id, and per industry (summed over its chains),
    in two queries whatever the number of chains (give ``Chain.objects.select_related("industry")`` for
    the industries' names). A monthly and a quarterly report starting the same day are summed alike."""
    chains = list(chains)
    by_id = {chain.pk: chain for chain in chains}
    rows = (
        reviewed_reports(user)
        .filter(reporting_chain_id__in=by_id, period_start=period)
        .values("reporting_chain_id")
        .annotate(
            output=Sum("output_value"),
            enterprises=Sum("above_scale_enterprises"),
            investment=Sum("investment_in_progress"),
            solved=Sum("bottlenecks_solved"),
            n=Count("id"),
        )
    )
    per_chain = {
        row["reporting_chain_id"]: Figures(
            row["output"] or ZERO, row["enterprises"] or 0, row["investment"] or ZERO, row["solved"] or 0, row["n"]
        )
        for row in rows
    }
    industries: dict[int, IndustryFigures] = {}
    for chain in sorted(chains, key=lambda c: (c.industry_id, c.order, c.code)):
        figures = per_chain.get(chain.pk)
        if figures is None:
            continue
        total = industries.get(chain.industry_id)
        if total is None:
            name = chain.industry.name if "industry" in chain._state.fields_cache else ""
            total = industries[chain.industry_id] = IndustryFigures(industry_id=chain.industry_id, industry_name=name)
        total.output_value += figures.output_value
        total.above_scale_enterprises += figures.above_scale_enterprises
        total.investment_in_progress += figures.investment_in_progress
        total.bottlenecks_solved += figures.bottlenecks_solved
        total.reports += figures.reports
        total.chains.append((chain, figures))
    return per_chain, list(industries.values())


def latest_reviewed_period(chains=None, *, user=None) -> dt.date | None:
    """The start of the latest period with a reviewed report (of ``chains``, or of any chain)."""
    reports = reviewed_reports(user)
    if chains is not None:
        reports = reports.filter(reporting_chain__in=chains)
    return reports.order_by("-period_start").values_list("period_start", flat=True).first()


def chain_series(chain, *, user=None, periods: int = 12) -> list[ChainReport]:
    """The chain's reviewed reports, oldest first (at most the last ``periods``), with their capacities."""
    latest = list(
        reviewed_reports(user)
        .filter(reporting_chain=chain)
        .order_by("-period_start")
        .prefetch_related("capacities__enterprise")[:periods]
    )
    return latest[::-1]
