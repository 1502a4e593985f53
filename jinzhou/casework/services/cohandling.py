"""Co-handling writes (协办): adding a co-handling department with its sub-deadline, and its feedback."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jinzhou.casework.choices import CoHandlingStatus, EventKind
from jinzhou.casework.exceptions import ActionRefused, TransitionNotAllowed
from jinzhou.casework.inputs import deadline_from
from jinzhou.casework.models import CoHandling
from jinzhou.casework.permissions import relations
from jinzhou.casework.services.cases import lock_case, record_event
from jinzhou.casework.services.reminders import store_next_reminder
from jinzhou.casework.services.supervision import HANDLERS, day_label, relations_of
from jinzhou.casework.workflows import CO_HANDLING
from jinzhou.org.selectors import actor_for


def may_add_co_handler(case, user, *, mine=None) -> bool:
    """``add_co_handler``'s rule: the office or the responsible department, while the case is open."""
    return case.allows(CO_HANDLING) and bool(relations_of(case, user, mine) & HANDLERS)


def may_give_co_handling_feedback(case, co_handling: CoHandling, user) -> bool:
    """``give_co_handling_feedback``'s rule: the co-handling department's staff, while the case is open."""
    department_id = actor_for(user).department_id
    return case.allows(CO_HANDLING) and department_id is not None and department_id == co_handling.department_id


def _refuse_closed_co_handling(case) -> None:
    raise TransitionNotAllowed(
        _("%(reference)s is “%(status)s”: co-handling runs only while it is open.")
        % {"reference": case.reference, "status": case.status_label}
    )


def add_co_handler(case, *, actor, department, due_date=None, due_in_working_days=None) -> CoHandling:
    """Add a co-handling department with its own sub-deadline (not later than the case's)."""
    with transaction.atomic():
        locked = lock_case(case, actor=actor)
        if not relations(locked, actor) & HANDLERS:
            raise ActionRefused(_("Only the office or the responsible department may add co-handlers."))
        if not locked.allows(CO_HANDLING):
            _refuse_closed_co_handling(locked)
        if department.pk == locked.responsible_department_id:
            raise ValidationError({"department": _("The responsible department cannot also co-handle.")})
        due = None
        if due_date not in (None, "") or due_in_working_days not in (None, ""):
            due = deadline_from(due_date=due_date, due_in_working_days=due_in_working_days)
            if locked.due_at and due > locked.due_at:
                raise ValidationError(
                    {
                        "due_date": _("A sub-deadline cannot be after the case's deadline (%(date)s).")
                        % {"date": day_label(locked.due_at)}
                    }
                )
        co_handling, created = CoHandling.objects.get_or_create(
            case_id=locked.pk, department=department, defaults={"due_at": due}
        )
        if not created:
            raise ValidationError(
                {"department": _("%(department)s already co-handles this case.") % {"department": department}}
            )
        record_event(
            locked,
            kind=EventKind.CO_HANDLING,
            action="add_co_handler",
            actor=actor,
            summary=_("Co-handling: %(department)s, by %(date)s") % {"department": department, "date": day_label(due)},
            data={"department": {"id": department.pk, "name": str(department)}},
        )
        store_next_reminder(locked)
    return co_handling


def give_co_handling_feedback(co_handling: CoHandling, *, actor, text: str) -> CoHandling:
    text = (text or "").strip()
    if not text:
        raise ValidationError({"feedback": _("Write the feedback.")})
    with transaction.atomic():
        locked = lock_case(co_handling.case, actor=actor)
        co_handling = CoHandling.objects.select_for_update().get(pk=co_handling.pk)
        if actor_for(actor).department_id != co_handling.department_id:
            raise ActionRefused(_("Only the co-handling department gives its feedback."))
        if not locked.allows(CO_HANDLING):
            _refuse_closed_co_handling(locked)
        co_handling.feedback = text
        co_handling.feedback_by = actor
        co_handling.feedback_at = timezone.now()
        co_handling.status = CoHandlingStatus.DONE
        co_handling._history_user = actor
        co_handling.save()
        record_event(
            locked,
            kind=EventKind.CO_HANDLING,
            action="co_handling_feedback",
            actor=actor,
            summary=_("Feedback from %(department)s") % {"department": co_handling.department},
            note=text,
            data={"department": {"id": co_handling.department_id, "name": str(co_handling.department)}},
        )
        store_next_reminder(locked)
    return co_handling
