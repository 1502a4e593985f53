"""What the chains' transitions do to the chains' own fields, handed to the engine in their ``KindSpec``."""

from jinzhou.casework.effects import set_deadline


def _resolution(case, cleaned: dict, *, actor, now) -> None:
    case.resolution = cleaned["resolution"]


def _progress_cycle(case, cleaned: dict, *, actor, now) -> None:
    # Work has started (or starts again after a return): the next report falls due one cadence from now.
    case.schedule_next_report(now)


def _figures_complete(case, cleaned: dict, *, actor, now) -> None:
    # A report is submitted only with every figure filled in (a ValidationError refuses the step).
    from chains.services.reports import check_complete

    check_complete(case)


def _redeadline(case, cleaned: dict, *, actor, now) -> None:
    # A report returned for correction may get a new deadline; the first one stays the assessed one.
    if cleaned.get("deadline"):
        set_deadline(case, cleaned["deadline"], keep_original=True)


BOTTLENECK_EFFECTS = {"resolution": _resolution}
CHAIN_TASK_EFFECTS = {"progress_cycle": _progress_cycle}
CHAIN_REPORT_EFFECTS = {"figures_complete": _figures_complete, "redeadline": _redeadline}
