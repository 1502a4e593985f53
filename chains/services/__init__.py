"""Writes of the chains app: its cases (``cases``: reporting a bottleneck, assigning a chain task,
progress reports). Everything public is importable from here."""

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

__all__ = [
    "ANY_CHAIN",
    "check_may_assign_tasks",
    "check_may_report",
    "create_chain_task",
    "may_assign_chain_tasks",
    "may_report_bottleneck",
    "may_report_progress",
    "report_bottleneck",
    "report_progress",
]
