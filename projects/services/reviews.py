"""The expert review of 揭榜 applications: the eligibility check, experts' score sheets (with the
conflict-of-interest rule) and the selection for the award (submission and withdrawal: ``applying``).

Who may do what: the bureau in charge of the challenge (its
responsible department) and the office check eligibility, assign experts and select winners; an
expert scores only the sheets assigned to them (the bureau may enter a paper sheet for them).
"""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jinzhou.casework.choices import EventKind
from jinzhou.casework.exceptions import ActionRefused, TransitionNotAllowed
from jinzhou.casework.permissions import relations
from jinzhou.casework.services import lock_case, record_event
from projects.choices import ApplicationStatus, SheetStatus
from projects.models import Challenge, ChallengeApplication, Expert, Score, ScoreSheet
from projects.services.common import BUREAU_RELATIONS, require_bureau
from projects.workflows import AWARD_SELECTION, ELIGIBILITY_CHECK, EXPERT_ASSIGNMENT, SCORING


class ConflictOfInterest(ActionRefused):
    """The expert is affiliated with a unit of the application they were to review."""


def _may_act_as_bureau(challenge: Challenge, user, operation: str, mine=None) -> bool:
    mine = relations(challenge, user) if mine is None else mine
    return challenge.allows(operation) and bool(mine & BUREAU_RELATIONS)


def may_check_eligibility(challenge: Challenge, user, *, mine=None) -> bool:
    """``check_eligibility``'s rule: the bureau in charge (or the office), until the review starts."""
    return _may_act_as_bureau(challenge, user, ELIGIBILITY_CHECK, mine)


def may_assign_experts(challenge: Challenge, user, *, mine=None) -> bool:
    """``assign_expert``'s rule: the bureau in charge (or the office), once applications have closed."""
    return _may_act_as_bureau(challenge, user, EXPERT_ASSIGNMENT, mine)


def may_select_for_award(challenge: Challenge, user, *, mine=None) -> bool:
    """``select_for_award``'s rule: the bureau in charge (or the office), during the expert review."""
    return _may_act_as_bureau(challenge, user, AWARD_SELECTION, mine)


def may_submit_scores(sheet: ScoreSheet, user) -> bool:
    """``submit_scores``'s rule: during the expert review, the sheet's expert, or the bureau (entering a
    paper sheet)."""
    challenge = sheet.application.challenge
    if not challenge.allows(SCORING):
        return False
    if sheet.expert.user_id is not None and sheet.expert.user_id == getattr(user, "pk", None):
        return True
    return bool(relations(challenge, user) & BUREAU_RELATIONS)


def _bureau_lock(application: ChallengeApplication, actor, message: str) -> tuple[Challenge, ChallengeApplication]:
    locked = lock_case(application.challenge, actor=actor)
    require_bureau(locked, actor, message)
    return locked, ChallengeApplication.objects.select_for_update().get(pk=application.pk)


def check_eligibility(
    application: ChallengeApplication, *, actor, eligible: bool, note: str = ""
) -> ChallengeApplication:
    """The office's (or bureau's) eligibility check: eligible, or ineligible with the reason."""
    note = (note or "").strip()
    with transaction.atomic():
        challenge, application = _bureau_lock(
            application, actor, _("Eligibility is checked by the bureau in charge of the challenge or the office.")
        )
        if not challenge.allows(ELIGIBILITY_CHECK):
            raise TransitionNotAllowed(
                _("%(reference)s is “%(status)s”: eligibility is checked before the expert review starts.")
                % {"reference": challenge.reference, "status": challenge.status_label}
            )
        if application.status not in (
            ApplicationStatus.SUBMITTED,
            ApplicationStatus.ELIGIBLE,
            ApplicationStatus.INELIGIBLE,
        ):
            raise TransitionNotAllowed(
                _("This application is “%(status)s” and cannot be checked.")
                % {"status": application.get_status_display()}
            )
        if not eligible and not note:
            raise ValidationError({"note": _("Give the reason why the application is ineligible.")})
        application.status = ApplicationStatus.ELIGIBLE if eligible else ApplicationStatus.INELIGIBLE
        application.eligibility_note = note
        application.checked_by = actor
        application.checked_at = timezone.now()
        application._history_user = actor
        application.save()
    return application


def conflicts_of_interest(expert: Expert, application: ChallengeApplication) -> list[str]:
    """The applicant units (lead or partner) the expert is affiliated with; empty when none."""
    enterprise_ids = set(application.partner_enterprises.values_list("pk", flat=True))
    institution_ids = set(application.partner_institutions.values_list("pk", flat=True))
    enterprise_ids |= {application.lead_enterprise_id} - {None}
    institution_ids |= {application.lead_institution_id} - {None}
    names = [str(item) for item in expert.enterprises.filter(pk__in=enterprise_ids)]
    names += [str(item) for item in expert.institutions.filter(pk__in=institution_ids)]
    return names


def _refuse_conflict(expert: Expert, application: ChallengeApplication) -> None:
    units = conflicts_of_interest(expert, application)
    if units:
        raise ConflictOfInterest(
            _(
                "Conflict of interest: %(expert)s is affiliated with %(units)s, an applicant unit of this "
                "application, and cannot review it. Choose another expert."
            )
            % {"expert": expert.name, "units": "、".join(units)}
        )


def assign_expert(application: ChallengeApplication, expert: Expert, *, actor) -> ScoreSheet:
    """Give an eligible application to an expert to score; refused for a conflict of interest."""
    with transaction.atomic():
        challenge, application = _bureau_lock(
            application, actor, _("Experts are assigned by the bureau in charge of the challenge or the office.")
        )
        if not challenge.allows(EXPERT_ASSIGNMENT):
            raise TransitionNotAllowed(
                _("%(reference)s is “%(status)s”: experts are assigned once applications have closed.")
                % {"reference": challenge.reference, "status": challenge.status_label}
            )
        if application.status != ApplicationStatus.ELIGIBLE:
            raise TransitionNotAllowed(_("Only eligible applications are reviewed."))
        _refuse_conflict(expert, application)
        if application.sheets.filter(expert=expert).exists():
            raise ValidationError(_("%(expert)s already reviews this application.") % {"expert": expert.name})
        sheet = ScoreSheet(application=application, expert=expert, assigned_by=actor)
        sheet._history_user = actor
        sheet.save()
    return sheet


def sheet_total(scores: dict, criteria) -> Decimal:
    """The weighted score of a sheet on a 0–100 scale: Σ(score / highest × 100 × weight) / Σ weight."""
    weights = sum((criterion.weight for criterion in criteria), Decimal(0))
    weighted = sum(
        (scores[criterion.pk] * 100 / criterion.max_score * criterion.weight for criterion in criteria), Decimal(0)
    )
    return (weighted / weights).quantize(Decimal("0.01"))


def submit_scores(sheet: ScoreSheet, *, actor, scores: dict, comment: str = "") -> ScoreSheet:
    """Score every criterion of the programme and submit the sheet; a resubmission replaces the scores.

    ``scores`` maps a criterion (or its id) to a number between 0 and the criterion's highest score."""
    with transaction.atomic():
        sheet = ScoreSheet.objects.select_for_update().select_related("expert", "application").get(pk=sheet.pk)
        application = sheet.application
        is_expert = sheet.expert.user_id is not None and sheet.expert.user_id == getattr(actor, "pk", None)
        challenge = Challenge.objects.get(pk=application.challenge_id)
        if not is_expert:
            # Someone else than the expert: only the bureau, entering a paper sheet; others see nothing.
            challenge = lock_case(challenge, actor=actor)
            require_bureau(challenge, actor, _("Only the assigned expert (or the bureau, from a paper sheet) scores."))
        if not challenge.allows(SCORING):
            raise TransitionNotAllowed(
                _("%(reference)s is “%(status)s”: scores are given during the expert review.")
                % {"reference": challenge.reference, "status": challenge.status_label}
            )
        _refuse_conflict(sheet.expert, application)
        criteria = list(challenge.programme.criteria.all())
        if not criteria:
            raise ValidationError(_("The programme has no scoring criteria yet; the bureau sets them first."))
        given = {getattr(key, "pk", key): value for key, value in scores.items()}
        values, errors = {}, {}
        for criterion in criteria:
            raw = given.get(criterion.pk, given.get(str(criterion.pk)))
            try:
                value = Decimal(str(raw).strip())
                if not value.is_finite() or not 0 <= value <= criterion.max_score:
                    raise ValueError
            except (ArithmeticError, ValueError):
                errors[f"criterion_{criterion.pk}"] = [
                    _("Score “%(criterion)s” between 0 and %(max)d.")
                    % {"criterion": criterion.name, "max": criterion.max_score}
                ]
                continue
            values[criterion.pk] = value
        if errors:
            raise ValidationError(errors)
        sheet.scores.all().delete()
        Score.objects.bulk_create([Score(sheet=sheet, criterion_id=pk, score=value) for pk, value in values.items()])
        sheet.total = sheet_total(values, criteria)
        sheet.comment = (comment or "").strip()
        sheet.status = SheetStatus.SUBMITTED
        sheet.submitted_at = timezone.now()
        sheet._history_user = actor
        sheet.save()
    return sheet


def select_for_award(
    application: ChallengeApplication, *, actor, reason: str, selected: bool = True
) -> ChallengeApplication:
    """Mark an eligible application as chosen for the award (with the reason), or unmark it.

    The ``award`` step of the challenge then awards every selected application at once."""
    reason = (reason or "").strip()
    with transaction.atomic():
        challenge, application = _bureau_lock(
            application, actor, _("Winners are chosen by the bureau in charge of the challenge or the office.")
        )
        if not challenge.allows(AWARD_SELECTION):
            raise TransitionNotAllowed(
                _("%(reference)s is “%(status)s”: winners are chosen during the expert review.")
                % {"reference": challenge.reference, "status": challenge.status_label}
            )
        if application.status != ApplicationStatus.ELIGIBLE:
            raise TransitionNotAllowed(_("Only eligible applications can be chosen."))
        if selected and not reason:
            raise ValidationError({"reason": _("Give the reason for choosing this application.")})
        application.selected = selected
        application.award_reason = reason if selected else ""
        application._history_user = actor
        application.save()
        record_event(
            challenge,
            kind=EventKind.COMMENT,
            actor=actor,
            summary=(_("%(unit)s chosen for the award") if selected else _("%(unit)s no longer chosen"))
            % {"unit": application.lead_unit},
            note=reason,
        )
    return application
