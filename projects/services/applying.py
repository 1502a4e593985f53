"""Applying (揭榜) to a challenge and withdrawing: who may, while the window is open, and with what files.

The lead enterprise's users apply with their own enterprise as the lead unit, a university's or research
institute's users with their own institution; the bureau in charge of
the challenge (or the office) registers a paper application on behalf of any lead enterprise or
institution, recorded as submitted by the clerk who typed it in. The portal, the admin and the API all
call ``submit_application``; ``application_refusal`` says beforehand why someone could not apply, so a
page can say it before anything is typed.
"""

import hashlib

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jinzhou.casework.choices import EventKind
from jinzhou.casework.exceptions import ActionRefused, TransitionNotAllowed
from jinzhou.casework.inputs import parse_amount
from jinzhou.casework.models import Case
from jinzhou.casework.permissions import relations
from jinzhou.casework.services import record_event
from jinzhou.casework.services.files import validate_upload
from jinzhou.org.selectors import actor_for
from projects.choices import ApplicationStatus
from projects.models import ApplicationAttachment, Challenge, ChallengeApplication
from projects.services.common import BUREAU_RELATIONS
from projects.workflows import APPLICATION

# At most this many files with one application (each within the case attachments' size limit).
MAX_APPLICATION_FILES = 10


def _lock_challenge_row(challenge: Challenge) -> Challenge:
    # Applicants may apply to any published challenge (发榜 is public), so this lock does not go
    # through the case's scope rule as ``lock_case`` does; it only serialises with closing the window.
    Case.objects.select_for_update().filter(pk=challenge.pk).values_list("pk", flat=True).get()
    return Challenge.objects.get(pk=challenge.pk)


def window_is_open(challenge: Challenge, now=None) -> bool:
    """Whether teams may apply to (and withdraw from) ``challenge`` now: published, window not passed."""
    now = now or timezone.now()
    return challenge.allows(APPLICATION) and (challenge.due_at is None or now <= challenge.due_at)


def _closed_window(challenge: Challenge) -> TransitionNotAllowed:
    return TransitionNotAllowed(
        _("%(reference)s does not take applications now: the application window is closed.")
        % {"reference": challenge.reference}
    )


def _not_eligible() -> ActionRefused:
    return ActionRefused(
        _(
            "Applications are submitted by the users of the lead enterprise, university or institute, or "
            "registered by the bureau in charge of the challenge on the applicant's behalf."
        )
    )


def _live_applications(challenge: Challenge, *, lead_enterprise_id=None, lead_institution_id=None):
    live = ChallengeApplication.objects.filter(challenge_id=challenge.pk).exclude(status=ApplicationStatus.WITHDRAWN)
    if lead_enterprise_id:
        return live.filter(lead_enterprise_id=lead_enterprise_id)
    return live.filter(lead_institution_id=lead_institution_id)


def _already_applied(challenge: Challenge) -> ValidationError:
    return ValidationError(
        _("This unit already leads an application to %(reference)s; withdraw it first to submit a new one.")
        % {"reference": challenge.reference}
    )


def application_refusal(challenge: Challenge, user) -> Exception | None:
    """Why ``user`` could not apply to ``challenge`` now (the error ``submit_application`` would raise
    for it), or ``None``: the window closed, not an applicant, or their unit already applied."""
    if not window_is_open(challenge):
        return _closed_window(challenge)
    if relations(challenge, user) & BUREAU_RELATIONS:
        return None
    who = actor_for(user)
    if not (who.enterprise_id or who.institution_id):
        return _not_eligible()
    own = _live_applications(challenge, lead_enterprise_id=who.enterprise_id, lead_institution_id=who.institution_id)
    if own.exists():
        return _already_applied(challenge)
    return None


def _checked_files(attachments) -> list[tuple[object, str, str, str]]:
    """Every upload checked by the case attachments' rules before anything is written: (upload, name,
    content type, SHA-256); a refusal names the file."""
    attachments = [item for item in attachments or () if item]
    if len(attachments) > MAX_APPLICATION_FILES:
        raise ValidationError({"attachments": _("At most %(count)d files.") % {"count": MAX_APPLICATION_FILES}})
    checked, problems = [], []
    for upload in attachments:
        try:
            name, content_type = validate_upload(upload)
        except ValidationError as error:
            problems.extend(error.messages)
            continue
        digest = hashlib.sha256()
        for chunk in upload.chunks():
            digest.update(chunk)
        upload.seek(0)
        checked.append((upload, name, content_type, digest.hexdigest()))
    if problems:
        raise ValidationError({"attachments": problems})
    return checked


def _store_files(application: ChallengeApplication, checked, actor) -> None:
    for upload, name, content_type, sha256 in checked:
        row = ApplicationAttachment(
            application=application,
            original_name=name,
            content_type=content_type,
            size=upload.size,
            sha256=sha256,
            uploaded_by=actor,
        )
        row.file.save(name, upload, save=False)
        # If the row cannot be written, do not leave an orphan file on disk (as for case attachments).
        try:
            row.save()
        except Exception:
            row.file.delete(save=False)
            raise


def _own_lead_unit(who, lead_enterprise, lead_institution) -> tuple[int | None, int | None]:
    """The lead unit of an applicant applying for themselves: their own enterprise or institution, and
    no other (a unit named otherwise is refused, not silently replaced)."""
    named_enterprise = getattr(lead_enterprise, "pk", lead_enterprise)
    named_institution = getattr(lead_institution, "pk", lead_institution)
    if who.enterprise_id:
        if named_institution is not None or named_enterprise not in (None, who.enterprise_id):
            raise ActionRefused(_("An enterprise's user applies only with their own enterprise as the lead unit."))
        return who.enterprise_id, None
    if who.institution_id:
        if named_enterprise is not None or named_institution not in (None, who.institution_id):
            raise ActionRefused(_("An institution's user applies only with their own institution as the lead unit."))
        return None, who.institution_id
    raise _not_eligible()


def submit_application(
    challenge: Challenge,
    *,
    actor,
    team: str,
    plan: str,
    budget_wan,
    lead_enterprise=None,
    lead_institution=None,
    partner_enterprises=(),
    partner_institutions=(),
    attachments=(),
) -> ChallengeApplication:
    """Apply (揭榜) to a published challenge while its window is open.

    An enterprise's user applies with their own enterprise as the lead unit, an institution's user
    (a university, a research institute) with their own institution. The challenge's bureau or
    the office may register an application on behalf of any lead enterprise or institution (a paper
    application: ``submitted_by`` is the clerk). ``attachments`` are uploaded files, checked like case
    attachments."""
    who = actor_for(actor)
    errors: dict[str, list[str]] = {}
    files = _checked_files(attachments)
    with transaction.atomic():
        locked = _lock_challenge_row(challenge)
        on_behalf = bool(relations(locked, actor) & BUREAU_RELATIONS)
        if not on_behalf:
            lead_enterprise, lead_institution = _own_lead_unit(who, lead_enterprise, lead_institution)
        if not window_is_open(locked):
            raise _closed_window(locked)
        lead_enterprise_id = getattr(lead_enterprise, "pk", lead_enterprise)
        lead_institution_id = getattr(lead_institution, "pk", lead_institution)
        if (lead_enterprise_id is None) == (lead_institution_id is None):
            errors["lead_enterprise"] = [_("Name one lead unit: an enterprise or an institution.")]
        partner_enterprise_ids = {getattr(item, "pk", item) for item in partner_enterprises}
        partner_institution_ids = {getattr(item, "pk", item) for item in partner_institutions}
        if lead_enterprise_id in partner_enterprise_ids or lead_institution_id in partner_institution_ids:
            errors["partner_enterprises"] = [_("The lead unit cannot also be a partner.")]
        team, plan = (team or "").strip(), (plan or "").strip()
        if not team:
            errors["team"] = [_("Describe the team.")]
        if not plan:
            errors["plan"] = [_("Describe the technical plan.")]
        try:
            budget = parse_amount(budget_wan, "budget_wan")
        except ValidationError as error:
            errors.update(error.message_dict)
        if errors:
            raise ValidationError(errors)
        duplicate = _live_applications(
            locked, lead_enterprise_id=lead_enterprise_id, lead_institution_id=lead_institution_id
        )
        if duplicate.exists():
            raise _already_applied(locked)
        application = ChallengeApplication(
            challenge=locked,
            lead_enterprise_id=lead_enterprise_id,
            lead_institution_id=lead_institution_id,
            team=team,
            plan=plan,
            budget_wan=budget,
            submitted_by=actor,
        )
        application._history_user = actor
        application.save()
        application.partner_enterprises.set(partner_enterprise_ids)
        application.partner_institutions.set(partner_institution_ids)
        _store_files(application, files, actor)
        # The applying enterprises take part in the challenge from now on, so their users can follow it.
        locked.enterprises.add(*({lead_enterprise_id} - {None}), *partner_enterprise_ids)
        record_event(
            locked,
            kind=EventKind.COMMENT,
            actor=actor,
            summary=_("Application from %(unit)s") % {"unit": application.lead_unit},
        )
    return application


def _may_act_as_applicant(application: ChallengeApplication, user) -> bool:
    who = actor_for(user)
    if who.user_id is None:
        return False
    return (
        application.submitted_by_id == who.user_id
        or (who.enterprise_id is not None and application.lead_enterprise_id == who.enterprise_id)
        or (who.institution_id is not None and application.lead_institution_id == who.institution_id)
    )


def withdraw_application(application: ChallengeApplication, *, actor, reason: str = "") -> ChallengeApplication:
    """Withdraw an application, only while the application window is still open."""
    with transaction.atomic():
        locked = _lock_challenge_row(application.challenge)
        application = ChallengeApplication.objects.select_for_update().get(pk=application.pk)
        if not (_may_act_as_applicant(application, actor) or relations(locked, actor) & BUREAU_RELATIONS):
            raise ActionRefused(_("Only the applicant may withdraw an application."))
        if application.status == ApplicationStatus.WITHDRAWN:
            raise TransitionNotAllowed(_("This application is already withdrawn."))
        if not window_is_open(locked):
            raise TransitionNotAllowed(
                _("The application window of %(reference)s has closed: applications can no longer be withdrawn.")
                % {"reference": locked.reference}
            )
        application.status = ApplicationStatus.WITHDRAWN
        application.eligibility_note = (reason or "").strip() or application.eligibility_note
        application._history_user = actor
        application.save()
        record_event(
            locked,
            kind=EventKind.COMMENT,
            actor=actor,
            summary=_("Application from %(unit)s withdrawn") % {"unit": application.lead_unit},
            note=reason or "",
        )
    return application
