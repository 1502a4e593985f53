"""Supervision writes: extensions (延期) and escalations (督办); co-handling (协办) is ``cohandling``."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jinzhou.casework.choices import (
    EscalationLevel,
    EscalationTarget,
    EventKind,
    ExtensionStatus,
)
from jinzhou.casework.documents import next_number
from jinzhou.casework.effects import set_deadline
from jinzhou.casework.exceptions import ActionRefused, TransitionNotAllowed
from jinzhou.casework.inputs import check_notice, deadline_from
from jinzhou.casework.models import Escalation, Extension
from jinzhou.casework.notices import SUPERVISION_NOTICE
from jinzhou.casework.permissions import relations
from jinzhou.casework.services.cases import case_write, lock_case, record_event
from jinzhou.casework.workflows import ESCALATION, EXTENSION_REQUEST
from jinzhou.org.choices import Role
from jinzhou.org.selectors import actor_for


def day_label(value) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d") if value else "—"


# Who asks for more time, and who adds co-handlers: the responsible department (or the office).
HANDLERS = frozenset({"responsible", "office"})


def relations_of(case, user, mine):
    return relations(case, user) if mine is None else mine


# --- extensions -------------------------------------------------------------------------------------
_UNKNOWN = object()


def may_request_extension(case, user, *, mine=None, pending=_UNKNOWN) -> bool:
    """``request_extension``'s rule: the responsible department (or the office), while the deadline
    runs, one request at a time. ``mine`` (the user's relations) and ``pending`` (the pending request,
    or None) spare the queries when the caller has them already."""
    if not case.allows(EXTENSION_REQUEST) or case.due_at is None:
        return False
    if not relations_of(case, user, mine) & HANDLERS:
        return False
    if pending is _UNKNOWN:
        return not case.extensions.filter(status=ExtensionStatus.PENDING).exists()
    return pending is None


def request_extension(case, *, actor, new_due_date, reason: str) -> Extension:
    """The responsible department asks for a later deadline; the assigner decides."""
    reason = (reason or "").strip()
    errors = {}
    if not reason:
        errors["reason"] = [_("Give the reason for the extension.")]
    with transaction.atomic():
        locked = lock_case(case, actor=actor)
        if not locked.allows(EXTENSION_REQUEST) or locked.due_at is None:
            raise TransitionNotAllowed(
                _("%(reference)s has no running deadline to extend.") % {"reference": locked.reference}
            )
        if not relations(locked, actor) & HANDLERS:
            raise ActionRefused(_("Only the responsible department may request an extension."))
        try:
            if new_due_date in (None, ""):
                # Only a date is asked for here: the message names no input the form does not offer.
                raise ValidationError({"due_date": _("Give the new deadline.")})
            new_due = deadline_from(due_date=new_due_date)
        except ValidationError as exc:
            errors.setdefault("new_due_date", []).extend(exc.message_dict.get("due_date", exc.messages))
            new_due = None
        if new_due and new_due <= locked.due_at:
            errors.setdefault("new_due_date", []).append(
                _("The new deadline must be later than the current one (%(date)s).")
                % {"date": day_label(locked.due_at)}
            )
        if errors:
            raise ValidationError(errors)
        if locked.extensions.filter(status=ExtensionStatus.PENDING).exists():
            raise TransitionNotAllowed(_("An extension request is already waiting for a decision."))
        try:
            with transaction.atomic():
                extension = Extension(
                    case_id=locked.pk,
                    requested_by=actor,
                    current_due_at=locked.due_at,
                    new_due_at=new_due,
                    reason=reason,
                )
                extension._history_user = actor
                extension.save()
        except IntegrityError:
            raise TransitionNotAllowed(_("An extension request is already waiting for a decision.")) from None
        record_event(
            locked,
            kind=EventKind.EXTENSION,
            action="request_extension",
            actor=actor,
            summary=_("Extension requested: %(old)s → %(new)s")
            % {"old": day_label(locked.due_at), "new": day_label(new_due)},
            note=reason,
        )
    return extension


def may_decide_extension(case, user, *, mine=None) -> bool:
    """Whoever assigned the case decides; the office decides when nobody did or the assigner left."""
    mine = relations_of(case, user, mine)
    if "assigner" in mine:
        return True
    assigner_gone = case.assigned_by_id is None or not case.assigned_by.is_active
    return "office" in mine and assigner_gone


def decide_extension(extension: Extension, *, actor, approve: bool, note: str = "", version=None) -> Extension:
    note = (note or "").strip()
    with transaction.atomic():
        with case_write(extension.case, actor=actor, version=version) as locked:
            extension = Extension.objects.select_for_update().get(pk=extension.pk)
            if extension.status != ExtensionStatus.PENDING:
                raise TransitionNotAllowed(_("This extension request has already been decided."))
            if not may_decide_extension(locked, actor):
                raise ActionRefused(_("Only whoever assigned the case may decide on its extension."))
            if approve and not locked.is_open:
                # A closed case has no deadline left to move; refusing still clears the request.
                raise TransitionNotAllowed(
                    _("%(reference)s is already finished: its deadline can no longer be extended.")
                    % {"reference": locked.reference}
                )
            if not approve and not note:
                raise ValidationError({"note": _("Say why the extension is refused.")})
            extension.status = ExtensionStatus.APPROVED if approve else ExtensionStatus.REJECTED
            extension.decided_by = actor
            extension.decided_at = timezone.now()
            extension.decision_note = note
            extension._history_user = actor
            extension.save()
            if approve:
                # The original deadline stays in original_due_at for assessment (考核).
                set_deadline(locked, extension.new_due_at, keep_original=True)
        verb = _("approved") if approve else _("refused")
        record_event(
            locked,
            kind=EventKind.EXTENSION,
            action="approve_extension" if approve else "reject_extension",
            actor=actor,
            summary=_("Extension %(verb)s: %(new)s") % {"verb": verb, "new": day_label(extension.new_due_at)},
            note=note,
            data={"extension": extension.pk, "requested_by": extension.requested_by_id},
        )
    return extension


# --- escalations --------------------------------------------------------------------------------------
def escalation_addressee(case, target: str):
    """Who receives a notice addressed to ``target`` for ``case``: (user or None, department or None)."""
    from jinzhou.org.models import Department

    if target == EscalationTarget.DEPARTMENT_HEAD:
        department = case.chain.leader_department if case.chain_id else case.responsible_department
        return (department.head if department else None), department
    if target == EscalationTarget.TASK_FORCE_LEADER:
        task_force = getattr(case.chain.industry, "task_force", None) if case.chain_id else None
        return (task_force.leader if task_force else None), None
    group = Department.objects.filter(kind="leading_group").first()
    return None, group


def escalation_recipients(escalation: Escalation) -> list[int]:
    """The users a notice reaches: its addressee, else the addressed department's staff; a notice to
    the leading group reaches every member of the leading-group role."""
    from django.contrib.auth import get_user_model

    users = get_user_model().objects.filter(is_active=True)
    if escalation.target_user_id:
        return [escalation.target_user_id]
    if escalation.target == EscalationTarget.LEADING_GROUP:
        return list(users.filter(groups__role__code=Role.LEADING_GROUP).order_by("pk").values_list("pk", flat=True))
    if escalation.target_department_id:
        staff = users.filter(profile__department_id=escalation.target_department_id)
        return list(staff.order_by("pk").values_list("pk", flat=True))
    return []


NOTICE_LEVELS = {
    EscalationLevel.BLUE: "blue",
    EscalationLevel.YELLOW: "yellow",
    EscalationLevel.ORANGE: "orange",
    EscalationLevel.RED: "red",
}


def _notify_addressee(case, escalation: Escalation) -> list:
    from jinzhou.notifications.services import notify

    return notify(
        escalation_recipients(escalation),
        case=case,
        step=f"escalation:{escalation.notice_number}",
        deadline=escalation.due_at,
        title=_("Supervision notice %(number)s (%(level)s): %(reference)s")
        % {"number": escalation.notice_number, "level": escalation.get_level_display(), "reference": case.reference},
        body=_("%(reference)s %(title)s — deadline %(date)s. %(reason)s")
        % {
            "reference": case.reference,
            "title": case.title,
            "date": day_label(escalation.due_at),
            "reason": escalation.reason,
        },
        level=NOTICE_LEVELS.get(escalation.level, "info"),
        url=case_url(case),
    )


def case_url(case) -> str:
    """The link a notification about ``case`` carries (``handoffs.case_link``: ``/cases/<id>/go/``,
    the admin's page for staff, the portal's for everyone else)."""
    from jinzhou.casework.services.handoffs import case_link

    return case_link(case)


def may_escalate(case, user, *, mine=None) -> bool:
    """``escalate``'s rule for a person: the office, while the case is open."""
    return case.allows(ESCALATION) and "office" in relations_of(case, user, mine)


def escalate(case, *, actor, level: int, target: str, reason: str = "", due_at=None) -> Escalation:
    """Issue a supervision notice. The office may issue any level directly; ``actor=None`` is the
    reminder ladder acting on its own. The addressee is notified in the same transaction (the
    notifications app delivers after the commit)."""
    check_notice(level=level, target=target, reason=reason, actor=actor)
    with transaction.atomic():
        if actor is not None:
            locked = lock_case(case, actor=actor)
            if "office" not in relations(locked, actor):
                raise ActionRefused(_("Only the leading-group office issues supervision notices."))
            if not locked.allows(ESCALATION):
                raise TransitionNotAllowed(
                    _("%(reference)s is “%(status)s”: supervision notices are issued only while it is open.")
                    % {"reference": locked.reference, "status": locked.status_label}
                )
        else:
            locked = case.spec.model.objects.select_related("chain__industry").get(pk=case.pk)
        user, department = escalation_addressee(locked, target)
        escalation = Escalation(
            case_id=locked.pk,
            level=level,
            notice_number=next_number(SUPERVISION_NOTICE),
            target=target,
            target_user=user,
            target_department=department,
            reason=(reason or "").strip(),
            issued_by=actor,
            due_at=due_at if due_at is not None else locked.due_at,
        )
        escalation._history_user = actor
        escalation.save()
        record_event(
            locked,
            kind=EventKind.ESCALATION,
            action="escalate",
            actor=actor,
            summary=_("Supervision notice %(number)s (%(level)s) to %(target)s")
            % {
                "number": escalation.notice_number,
                "level": escalation.get_level_display(),
                "target": escalation.get_target_display(),
            },
            note=escalation.reason,
        )
        # Kept on the instance for the sweep's count of what it wrote.
        escalation.notifications = _notify_addressee(locked, escalation)
    return escalation


def may_acknowledge_escalation(escalation: Escalation, user) -> bool:
    actor = actor_for(user)
    if actor.user_id is None:
        return False
    if escalation.target_user_id:
        return escalation.target_user_id == actor.user_id
    if escalation.target == EscalationTarget.LEADING_GROUP:
        return Role.LEADING_GROUP in actor.roles
    return bool(escalation.target_department_id and escalation.target_department_id == actor.department_id)


def acknowledge_escalation(escalation: Escalation, *, actor) -> Escalation:
    with transaction.atomic():
        locked = lock_case(escalation.case, actor=actor)
        escalation = Escalation.objects.select_for_update().get(pk=escalation.pk)
        if escalation.acknowledged_at:
            raise TransitionNotAllowed(_("This notice has already been acknowledged."))
        if not may_acknowledge_escalation(escalation, actor):
            raise ActionRefused(_("Only the addressee of the notice may acknowledge it."))
        escalation.acknowledged_by = actor
        escalation.acknowledged_at = timezone.now()
        escalation._history_user = actor
        escalation.save()
        record_event(
            locked,
            kind=EventKind.ESCALATION,
            action="acknowledge_escalation",
            actor=actor,
            summary=_("Supervision notice %(number)s acknowledged") % {"number": escalation.notice_number},
        )
    return escalation
