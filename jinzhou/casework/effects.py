"""What follows a transition (``Transition.effects``), by name.

Each effect changes the locked, freshly loaded case in memory; ``services.transition`` saves it,
in the same transaction as the status change, the timeline event and the audit record.
"""

import datetime as dt
from collections.abc import Callable

from django.utils import timezone

from jinzhou.casework.inputs import end_of_day


def set_deadline(case, due_at: dt.datetime | None, *, keep_original: bool = True) -> None:
    """Set the deadline and the start of its yellow window (N working days before, per kind)."""
    from jinzhou.casework.deadlines import add_working_days

    case.due_at = due_at
    if due_at is None:
        case.warn_at = None
        return
    if keep_original and case.original_due_at is None:
        case.original_due_at = due_at
    due_day = timezone.localtime(due_at).date()
    warn_day = add_working_days(due_day, -case.spec.yellow_days)
    case.warn_at = timezone.make_aware(dt.datetime.combine(warn_day, dt.time.min))


def _assign(case, cleaned: dict, *, actor, now) -> None:
    case.responsible_department = cleaned["department"]
    case.responsible_person = cleaned.get("person")
    case.assigned_by = actor
    case.assigned_at = now
    case.acknowledged_at = None
    # A new assignment sets a new deadline; the first one ever given stays the assessed one.
    set_deadline(case, cleaned["deadline"])


def _acknowledge(case, cleaned: dict, *, actor, now) -> None:
    case.acknowledged_at = now


def _resolution(case, cleaned: dict, *, actor, now) -> None:
    case.resolution = cleaned["resolution"]


def _close(case, cleaned: dict, *, actor, now) -> None:
    case.closed_at = now


def _reopen(case, cleaned: dict, *, actor, now) -> None:
    case.closed_at = None
    if cleaned.get("deadline"):
        set_deadline(case, cleaned["deadline"], keep_original=True)


def _progress_cycle(case, cleaned: dict, *, actor, now) -> None:
    # Work has started: the first progress report falls due one cadence from now.
    if hasattr(case, "schedule_next_report"):
        case.schedule_next_report(now)


def _stop_reports(case, cleaned: dict, *, actor, now) -> None:
    case.report_due_at = None


EFFECTS: dict[str, Callable] = {
    "assign": _assign,
    "acknowledge": _acknowledge,
    "resolution": _resolution,
    "close": _close,
    "reopen": _reopen,
    "progress_cycle": _progress_cycle,
    "stop_reports": _stop_reports,
}


def register_effect(name: str, effect: Callable) -> None:
    """Add a kind's own effect (called from its ``AppConfig.ready``); a name belongs to one function."""
    existing = EFFECTS.get(name)
    if existing is not None and existing is not effect:
        raise ValueError(f"effect {name!r} is already registered")
    EFFECTS[name] = effect


def apply_effects(names, case, cleaned: dict, *, actor) -> None:
    now = timezone.now()
    for name in names:
        EFFECTS[name](case, cleaned, actor=actor, now=now)


__all__ = ["EFFECTS", "apply_effects", "end_of_day", "register_effect", "set_deadline"]
