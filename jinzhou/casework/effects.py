"""What follows a transition (``Transition.effects``), by name.

Each effect changes the locked, freshly loaded case in memory; ``services.transition`` saves it,
in the same transaction as the status change, the timeline event and the audit record. The effects
here touch only what every case has; a kind brings the effects on its own fields in its
``KindSpec.effects`` (``casework.kinds``), and a name is looked up there first.
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


def _close(case, cleaned: dict, *, actor, now) -> None:
    case.closed_at = now


def _reopen(case, cleaned: dict, *, actor, now) -> None:
    case.closed_at = None
    if cleaned.get("deadline"):
        set_deadline(case, cleaned["deadline"], keep_original=True)


def _stop_reports(case, cleaned: dict, *, actor, now) -> None:
    case.report_due_at = None


EFFECTS: dict[str, Callable] = {
    "assign": _assign,
    "acknowledge": _acknowledge,
    "close": _close,
    "reopen": _reopen,
    "stop_reports": _stop_reports,
}


def check_effects(spec) -> None:
    """Refuse a kind whose workflow names an effect that neither the kind nor the engine has."""
    for transition in spec.workflow.transitions:
        unknown = [name for name in transition.effects if name not in spec.effects and name not in EFFECTS]
        if unknown:
            raise ValueError(f"{spec.code}.{transition.action}: unknown effects {unknown}")


def apply_effects(names, case, cleaned: dict, *, actor) -> None:
    now = timezone.now()
    own = case.spec.effects
    for name in names:
        (own.get(name) or EFFECTS[name])(case, cleaned, actor=actor, now=now)


__all__ = ["EFFECTS", "apply_effects", "check_effects", "end_of_day", "set_deadline"]
