"""Writes of the chains app: its cases (``cases``: reporting a bottleneck, assigning a chain task,
progress reports; ``reports``: the chains' figure reports). Everything public is importable from here."""

from chains.services.cases import (
    ANY_CHAIN,
    check_may_assign_tasks,
    check_may_report,
    create_chain_task,
    may_assign_chain_tasks,
    may_report_bottleneck,
    may_report_progress,
    report_bottleneck,
    report_progress,
)
from chains.services.reports import (
    last_ended_period,
    may_fill_report,
    open_period_reports,
    period_containing,
    save_figures,
)

__all__ = [
    "ANY_CHAIN",
    "check_may_assign_tasks",
    "check_may_report",
    "create_chain_task",
    "last_ended_period",
    "may_assign_chain_tasks",
    "may_fill_report",
    "may_report_bottleneck",
    "may_report_progress",
    "open_period_reports",
    "period_containing",
    "report_bottleneck",
    "report_progress",
    "save_figures",
]
