"""Writes of an alliance's registry: registering it, its members, contract and joint projects.

Status changes go through ``casework.services.transition`` (see ``alliances.workflows``); these
functions create cases and record what the workflows do not cover. Every one is atomic, checks scope
through the case engine (outside scope is ``CaseNotFound``) and writes a timeline line.
"""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from alliances.choices import BUREAU_CODE, MemberRole
from alliances.models import Alliance, AllianceEvaluation, AllianceMember, JointProject
from alliances.workflows import RECORD_KEEPING
from jinzhou.casework.choices import EventKind, Source
from jinzhou.casework.exceptions import ActionRefused, TransitionNotAllowed
from jinzhou.casework.permissions import relations
from jinzhou.casework.services import (
    case_write,
    get_case_for,
    import_case,
    lock_case,
    open_case,
    record_event,
    save_case,
    transition,
    validate_upload,
)
from jinzhou.org.models import Department
from jinzhou.org.selectors import actor_for, is_staff_of

# The city's side: the bureau's staff and the office.
CITY = frozenset({"responsible_department", "office"})
# Who keeps an alliance's registry data up to date: the city, and the lead member's users.
EDITORS = CITY | {"reporter"}
# The lead member's users may edit these; the lead member itself and its contact are the city's to set.
LEAD_EDITABLE = (
    "title",
    "description",
    "market_goals",
    "shared_platforms",
    "contract_number",
    "contract_signed_on",
    "contract_expires_on",
)
CITY_EDITABLE = (*LEAD_EDITABLE, "industry_chain", "lead_enterprise", "contact_person")


def bureau() -> Department:
    """The science-and-technology bureau (科技局), which handles every alliance case."""
    try:
        return Department.objects.get(code=BUREAU_CODE)
    except Department.DoesNotExist:
        raise ValidationError(
            _(
                "The science-and-technology bureau (department code “%(code)s”) does not exist; "
                "load the seed (seed_jinzhou) or add it in the admin."
            )
            % {"code": BUREAU_CODE}
        ) from None


# --- the alliance ---------------------------------------------------------------------------------------
def register_alliance(
    *,
    actor,
    title: str,
    lead_enterprise=None,
    industry_chain=None,
    contact_person=None,
    submit: bool = False,
    **fields,
) -> Alliance:
    """Register an alliance's formation application as a draft (or submit it at once).

    The bureau and the office register any alliance; a lead member's user registers one led by their
    own enterprise (and becomes its reporter, so the enterprise's users follow it)."""
    who = actor_for(actor)
    if who.enterprise_id and not is_staff_of(actor, BUREAU_CODE):
        lead_id = getattr(lead_enterprise, "pk", lead_enterprise)
        if lead_id not in (None, who.enterprise_id):
            raise ValidationError({"lead_enterprise": _("An enterprise's user applies only for its own alliance.")})
        lead_enterprise = who.enterprise_id
    elif not is_staff_of(actor, BUREAU_CODE):
        raise ActionRefused(_("Alliances are registered by the science-and-technology bureau or their lead member."))
    lead_id = getattr(lead_enterprise, "pk", lead_enterprise)
    unknown = set(fields) - set(CITY_EDITABLE)
    if unknown:
        raise ValidationError({name: _("This field cannot be set here.") for name in sorted(unknown)})
    with transaction.atomic():
        alliance = open_case(
            model=Alliance,
            actor=actor,
            title=title,
            source=Source.ENTERPRISE if who.enterprise_id else Source.DEPARTMENT,
            responsible_department=bureau(),
            reporter=actor,
            reporter_enterprise_id=lead_id,
            lead_enterprise_id=lead_id,
            industry_chain=industry_chain,
            contact_person=contact_person,
            **fields,
        )
        if submit:
            alliance = transition(alliance, "submit", actor=actor)
    return alliance


def record_existing_alliance(
    *, title: str, status: str, lead_enterprise=None, is_sample: bool, source_note: str, **fields
) -> Alliance:
    """Record an alliance the province approved before this system (the seed's alliances), in the state
    the source reports, with a timeline line saying so.

    This writes a status only when the case is created, as ``open_case`` writes the initial one: a step
    that happened outside the system is recorded, not replayed. Every later change goes through
    ``transition``."""
    from alliances.workflows import ALLIANCE

    return import_case(
        Alliance,
        state=status,
        history=[
            {
                "kind": EventKind.CREATED,
                "to_status": status,
                "summary": _("Recorded as %(status)s (%(source)s)")
                % {"status": ALLIANCE.state(status).label, "source": source_note},
            }
        ],
        change_reason="seed_jinzhou",
        responsible_department=bureau(),
        reporter_enterprise=lead_enterprise,
        lead_enterprise=lead_enterprise,
        source=Source.DEPARTMENT,
        title=title,
        is_sample=is_sample,
        source_note=source_note,
        **fields,
    )


def _locked_for_edit(alliance: Alliance, actor) -> Alliance:
    locked = lock_case(alliance, actor=actor, version=alliance.version)
    _refuse_unless_editor(locked, actor)
    return locked


def _refuse_unless_editor(locked: Alliance, actor) -> None:
    if not relations(locked, actor) & EDITORS:
        raise ActionRefused(
            _("Only the science-and-technology bureau and the lead member keep %(reference)s up to date.")
            % {"reference": locked.reference}
        )
    # No registry changes once the alliance has ended (or never began): see ``alliances.workflows``.
    if not locked.allows(RECORD_KEEPING):
        raise TransitionNotAllowed(
            _("%(reference)s is “%(status)s”: its record is closed.")
            % {"reference": locked.reference, "status": locked.status_label}
        )


def may_edit_alliance(alliance: Alliance, user, *, mine=None) -> bool:
    """Whether ``user`` may keep the alliance's record up to date (the services' rule, for the admin)."""
    if not alliance.allows(RECORD_KEEPING):
        return False
    return bool((relations(alliance, user) if mine is None else mine) & EDITORS)


def update_alliance(alliance: Alliance, *, actor, version: int | None = None, **changes) -> Alliance:
    """Edit an alliance's record. The lead member's users edit its description, goals, platforms and
    contract; the lead member, its contact person and the chain served are the city's to change."""
    with transaction.atomic():
        with case_write(alliance, actor=actor, version=alliance.version if version is None else version) as locked:
            _refuse_unless_editor(locked, actor)
            city = bool(relations(locked, actor) & CITY)
            allowed = CITY_EDITABLE if city else LEAD_EDITABLE
            refused = set(changes) - set(allowed)
            if refused:
                raise ValidationError({name: _("You may not change this field.") for name in sorted(refused)})
            before = {name: getattr(locked, name) for name in changes}
            for name, value in changes.items():
                setattr(locked, name, value)
            changed = [name for name in changes if before[name] != getattr(locked, name)]
            if "lead_enterprise" in changed:
                # The lead member's users follow the alliance (reporter), and its open evaluations with it.
                locked.reporter_enterprise = locked.lead_enterprise
                if locked.contact_person_id and "contact_person" not in changed:
                    locked.contact_person = None
            locked.full_clean(exclude=["reference", "status", "kind"])
        if "lead_enterprise" in changed or "contact_person" in changed:
            for evaluation in AllianceEvaluation.objects.filter(alliance_id=locked.pk, is_open=True):
                evaluation.reporter_enterprise_id = locked.lead_enterprise_id
                evaluation.responsible_person_id = locked.contact_person_id
                save_case(evaluation, actor=actor)
        if changed:
            record_event(
                locked,
                kind=EventKind.EDITED,
                actor=actor,
                summary=_("Edited: %(fields)s") % {"fields": ", ".join(changed)},
            )
    return locked


def attach_contract(alliance: Alliance, *, actor, upload) -> Alliance:
    """Store the signed contract (checked by content, name sanitised, stored under a random name)."""
    name, _content_type = validate_upload(upload)
    new_file = None
    with transaction.atomic():
        try:
            with case_write(alliance, actor=actor, version=alliance.version) as locked:
                _refuse_unless_editor(locked, actor)
                old = locked.contract_document.name if locked.contract_document else ""
                locked.contract_document.save(name, upload, save=False)
                new_file = locked.contract_document
                locked.contract_document_name = name
        except Exception:
            # The new file is stored but the case could not be saved: do not leave it behind on disk.
            if new_file is not None:
                new_file.delete(save=False)
            raise
        record_event(
            locked, kind=EventKind.ATTACHMENT, actor=actor, summary=_("Contract %(name)s attached") % {"name": name}
        )
    if old:
        # The superseded file goes once the new one is recorded; the audit history keeps its name.
        transaction.on_commit(lambda: locked.contract_document.storage.delete(old))
    return locked


def add_member(
    alliance: Alliance,
    *,
    actor,
    enterprise=None,
    institution=None,
    role: str = MemberRole.MEMBER,
    joined_on: dt.date | None = None,
    note: str = "",
) -> AllianceMember:
    """Add an enterprise, university or institute as a member (the lead member is the alliance's own)."""
    with transaction.atomic():
        locked = _locked_for_edit(alliance, actor)
        if enterprise is not None and getattr(enterprise, "pk", enterprise) == locked.lead_enterprise_id:
            raise ValidationError({"enterprise": _("The lead member leads the alliance; it is not added as a member.")})
        member = AllianceMember(
            alliance=locked, enterprise=enterprise, institution=institution, role=role, joined_on=joined_on, note=note
        )
        member.full_clean()
        member._history_user = actor
        member.save()
        record_event(
            locked, kind=EventKind.EDITED, actor=actor, summary=_("Member added: %(name)s") % {"name": member.party}
        )
    return member


def end_membership(member: AllianceMember, *, actor, left_on: dt.date | None = None) -> AllianceMember:
    """Record that a member left the alliance (the row stays, with its dates)."""
    with transaction.atomic():
        locked = _locked_for_edit(member.alliance, actor)
        member = AllianceMember.objects.select_for_update().get(pk=member.pk, alliance_id=locked.pk)
        if member.left_on is not None:
            raise ValidationError(
                _("%(name)s already left on %(date)s.") % {"name": member.party, "date": member.left_on}
            )
        member.left_on = left_on or timezone.localdate()
        member.full_clean()
        member._history_user = actor
        member.save()
        record_event(
            locked, kind=EventKind.EDITED, actor=actor, summary=_("Member left: %(name)s") % {"name": member.party}
        )
    return member


def add_joint_project(
    alliance: Alliance, *, actor, title: str, programme: str = "", description: str = "", url: str = "", case=None
) -> JointProject:
    """Record a joint project, optionally linked to a web page or to any case the actor may see."""
    with transaction.atomic():
        locked = _locked_for_edit(alliance, actor)
        linked = get_case_for(actor, case.pk if hasattr(case, "pk") else case) if case else None
        project = JointProject(
            alliance=locked,
            title=(title or "").strip(),
            programme=programme,
            description=description,
            url=url,
            case=linked,
        )
        project.full_clean()
        project._history_user = actor
        project.save()
        record_event(
            locked, kind=EventKind.EDITED, actor=actor, summary=_("Joint project: %(title)s") % {"title": project.title}
        )
    return project


# --- the annual evaluation ------------------------------------------------------------------------------
