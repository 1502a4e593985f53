"""Writes of the annual evaluations: opening one, the lead member's self-assessment, the reviewers' scores.

Status changes (初评, 复评, 会评) go through ``casework.services.transition``; these record the scores.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from alliances.choices import BUREAU_CODE, Indicator
from alliances.models import Alliance, AllianceEvaluation
from alliances.scoring import clean_scores
from alliances.services.registry import CITY, bureau
from alliances.workflows import ALLIANCE, EVALUATION_OPENING, REVIEW_SCORING, SELF_ASSESSMENT
from jinzhou.casework.choices import EventKind
from jinzhou.casework.exceptions import ActionRefused, TransitionNotAllowed
from jinzhou.casework.inputs import deadline_from
from jinzhou.casework.permissions import relations
from jinzhou.casework.services import case_write, lock_case, open_case, record_event
from jinzhou.org.selectors import is_staff_of


def open_evaluation(
    alliance: Alliance, *, actor, year: int, due_date=None, due_in_working_days=None
) -> AllianceEvaluation:
    """Ask an alliance for its self-assessment of ``year`` by a deadline (the reminders follow it)."""
    if not is_staff_of(actor, BUREAU_CODE):
        raise ActionRefused(_("Evaluations are opened by the science-and-technology bureau or the office."))
    with transaction.atomic():
        return _open_evaluation(
            alliance, actor=actor, year=year, due_date=due_date, due_in_working_days=due_in_working_days
        )


def _open_evaluation(alliance: Alliance, *, actor, year, due_date, due_in_working_days) -> AllianceEvaluation:
    locked = lock_case(alliance, actor=actor)
    if not locked.allows(EVALUATION_OPENING):
        raise TransitionNotAllowed(
            _("%(reference)s is “%(status)s”: only approved alliances are evaluated.")
            % {"reference": locked.reference, "status": locked.status_label}
        )
    if locked.lead_enterprise_id is None:
        raise ValidationError({"alliance": _("The alliance has no lead member to assess it.")})
    try:
        year = int(year)
    except (TypeError, ValueError):
        raise ValidationError({"year": _("Enter the year evaluated.")}) from None
    if AllianceEvaluation.objects.filter(alliance_id=locked.pk, year=year).exists():
        raise ValidationError({"year": _("%(year)s is already being evaluated for this alliance.") % {"year": year}})
    due_at = deadline_from(due_date=due_date, due_in_working_days=due_in_working_days)
    return open_case(
        model=AllianceEvaluation,
        actor=actor,
        title=_("%(alliance)s: %(year)s evaluation") % {"alliance": locked.title, "year": year},
        alliance=locked,
        year=year,
        parent=locked,
        responsible_department=bureau(),
        # The lead member owes the self-assessment: its contact is reminded, its users follow the case.
        responsible_person=locked.contact_person,
        reporter_enterprise_id=locked.lead_enterprise_id,
        assigned_by=actor,
        assigned_at=timezone.now(),
        due_at=due_at,
    )


def evaluable_alliances(user) -> QuerySet:
    """The alliances ``user`` may see that ``open_evaluation`` takes: the approved ones."""
    return Alliance.objects.visible_to(user).filter(status__in=ALLIANCE.states_allowing(EVALUATION_OPENING))


SELF_ASSESSORS = frozenset({"reporter", "office"})


def may_record_self_assessment(evaluation: AllianceEvaluation, user, *, mine=None) -> bool:
    """``record_self_assessment``'s rule: the lead member (or the office), until it is submitted."""
    mine = relations(evaluation, user) if mine is None else mine
    return evaluation.allows(SELF_ASSESSMENT) and bool(mine & SELF_ASSESSORS)


def may_record_review_scores(evaluation: AllianceEvaluation, user, *, mine=None) -> bool:
    """``record_review_scores``'s rule: the bureau (or the office), between submission and the 复评."""
    mine = relations(evaluation, user) if mine is None else mine
    return evaluation.allows(REVIEW_SCORING) and bool(mine & CITY)


def _clean_evidence(evidence: dict | None) -> dict[str, str]:
    evidence = {code: (text or "").strip() for code, text in (evidence or {}).items()}
    unknown = set(evidence) - set(Indicator.values)
    if unknown:
        raise ValidationError(
            {"self_evidence": _("Unknown indicators: %(names)s.") % {"names": ", ".join(sorted(unknown))}}
        )
    return {code: text for code, text in evidence.items() if text}


def record_self_assessment(
    evaluation: AllianceEvaluation,
    *,
    actor,
    report: str,
    scores: dict,
    version: int | None = None,
    evidence: dict | None = None,
    draft: bool = False,
) -> AllianceEvaluation:
    """The lead member's self-assessment: its report, a score per indicator and the evidence for each
    (submitted separately, by the ``submit`` transition). A ``draft`` may leave scores and the report
    empty for now; submitting checks that everything is there."""
    report = (report or "").strip()
    cleaned = clean_scores(scores, field="self_scores", partial=draft)
    texts = _clean_evidence(evidence) if evidence is not None else None
    if not report and not draft:
        raise ValidationError({"self_report": _("Write the self-assessment report.")})
    with transaction.atomic():
        with case_write(evaluation, actor=actor, version=evaluation.version if version is None else version) as locked:
            if not relations(locked, actor) & SELF_ASSESSORS:
                raise ActionRefused(_("The self-assessment is the lead member's."))
            if not locked.allows(SELF_ASSESSMENT):
                raise TransitionNotAllowed(
                    _("%(reference)s is “%(status)s”: the self-assessment can no longer change.")
                    % {"reference": locked.reference, "status": locked.status_label}
                )
            locked.self_report = report
            locked.self_scores = cleaned
            if texts is not None:
                locked.self_evidence = texts
        summary = _("Self-assessment saved as a draft") if draft else _("Self-assessment recorded")
        record_event(locked, kind=EventKind.EDITED, actor=actor, summary=summary)
    return locked


def record_review_scores(
    evaluation: AllianceEvaluation, *, actor, scores: dict, version: int | None = None, note: str = ""
) -> AllianceEvaluation:
    """The reviewers' scores, entered during the first and second reviews; the 会评 makes them stand."""
    cleaned = clean_scores(scores)
    with transaction.atomic():
        with case_write(evaluation, actor=actor, version=evaluation.version if version is None else version) as locked:
            if not relations(locked, actor) & CITY:
                raise ActionRefused(_("Review scores are the science-and-technology bureau's."))
            if not locked.allows(REVIEW_SCORING):
                raise TransitionNotAllowed(
                    _("%(reference)s is “%(status)s”: scores are reviewed between submission and the 复评.")
                    % {"reference": locked.reference, "status": locked.status_label}
                )
            changes = {
                code: f"{locked.scores.get(code)} → {value}"
                for code, value in cleaned.items()
                if locked.scores.get(code) != value
            }
            locked.scores = cleaned
        record_event(
            locked,
            kind=EventKind.EDITED,
            actor=actor,
            summary=_("Review scores recorded"),
            note=note,
            data={"changes": changes},
        )
    return locked
