"""What the chains' transitions do to the chains' own fields, handed to the engine in their ``KindSpec``."""


def _resolution(case, cleaned: dict, *, actor, now) -> None:
    case.resolution = cleaned["resolution"]


def _progress_cycle(case, cleaned: dict, *, actor, now) -> None:
    # Work has started (or starts again after a return): the next report falls due one cadence from now.
    case.schedule_next_report(now)


BOTTLENECK_EFFECTS = {"resolution": _resolution}
CHAIN_TASK_EFFECTS = {"progress_cycle": _progress_cycle}
