"""What follows the alliances' transitions (``Transition.effects``), handed to the case engine in
the kinds' ``KindSpec.effects`` by ``AlliancesConfig.ready``. Each runs inside
``casework.services.transition``'s transaction, on the locked case, so a refusal here (a
``ValidationError``) leaves nothing changed."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from alliances import scoring
from alliances.choices import tier_for
from jinzhou.casework.effects import set_deadline


def _past_date(cleaned: dict, name: str, now: dt.datetime) -> dt.date:
    """The date the actor gave for a step (default today); a step cannot be dated in the future."""
    today = timezone.localtime(now).date()
    day = cleaned.get(name) or today
    if day > today:
        raise ValidationError({name: _("%(date)s is in the future.") % {"date": day.isoformat()}})
    return day


# --- the alliance ---------------------------------------------------------------------------------------
def _applied(case, cleaned: dict, *, actor, now) -> None:
    case.applied_on = timezone.localtime(now).date()


def _recommended(case, cleaned: dict, *, actor, now) -> None:
    case.recommended_on = _past_date(cleaned, "recommended_on", now)


def _approved(case, cleaned: dict, *, actor, now) -> None:
    case.approved_on = _past_date(cleaned, "approved_on", now)
    case.approval_document = cleaned.get("approval_document") or ""


def _selected(case, cleaned: dict, *, actor, now) -> None:
    case.typical_batch = cleaned["batch"][:60]
    case.typical_selected_on = _past_date(cleaned, "selected_on", now)


def _dissolved(case, cleaned: dict, *, actor, now) -> None:
    from alliances.models import AllianceMember

    case.dissolved_on = _past_date(cleaned, "dissolved_on", now)
    # A dissolved alliance has no current members; their rows stay, with the day they ended.
    for member in AllianceMember.objects.filter(alliance_id=case.pk, left_on__isnull=True):
        member.left_on = max(case.dissolved_on, member.joined_on or case.dissolved_on)
        member._history_user = actor
        member.save(update_fields=["left_on"])


# --- the annual evaluation ------------------------------------------------------------------------------
def _submitted(case, cleaned: dict, *, actor, now) -> None:
    if not case.self_report.strip():
        raise ValidationError({"self_report": _("Write the self-assessment report before submitting it.")})
    scores = scoring.clean_scores(case.self_scores, field="self_scores")
    case.submitted_at = now
    case.submitted_due_at = case.due_at
    case.submitted_on_time = case.due_at is None or now <= case.due_at
    # The reviewers start from what the alliance claims; their changes are kept apart in ``scores``.
    case.scores = scores
    case.total = None
    case.tier = ""
    # The lead member's duty is done: no deadline runs (and no light turns red) during the review.
    set_deadline(case, None)
    # Met or missed, that deadline is judged here (``submitted_on_time``). The city's review has none, so
    # the closed evaluation must not count as "closed late" in the bureau's 按期办结率 (docs/metrics.md).
    case.original_due_at = None


def _returned(case, cleaned: dict, *, actor, now) -> None:
    set_deadline(case, cleaned["deadline"])


def _scored(case, cleaned: dict, *, actor, now) -> None:
    # A provisional total and tier for the panel; they stand only after the 会评.
    scores = scoring.clean_scores(case.scores)
    case.total = scoring.weighted_total(scores, scoring.weights_for(case.year))
    case.tier = tier_for(case.total)


def _final(case, cleaned: dict, *, actor, now) -> None:
    from alliances.models import Alliance, AllianceEvaluation
    from jinzhou.casework.choices import EventKind
    from jinzhou.casework.services.cases import record_event

    scores = scoring.clean_scores(case.scores)
    weights = scoring.weights_for(case.year)
    case.total = scoring.weighted_total(scores, weights)
    case.tier = tier_for(case.total)
    case.weights_used = weights
    case.result_final = True

    # The alliance row is locked before its results are read, so two 会评 of one alliance run in turn.
    alliance = Alliance.objects.select_for_update().get(pk=case.alliance_id)
    tiers = dict(
        AllianceEvaluation.objects.filter(alliance_id=alliance.pk, result_final=True)
        .exclude(pk=case.pk)
        .values_list("year", "tier")
    )
    tiers[case.year] = case.tier
    case.earns_grade_a = scoring.earns_grade_a(tiers, case.year)
    case.flags_removal = scoring.flags_removal(tiers, case.year)

    latest = max(tiers)
    changed = []
    if case.year == latest and alliance.grade_a != case.earns_grade_a:
        alliance.grade_a = case.earns_grade_a
        changed.append("grade_a")
    if case.flags_removal and not alliance.removal_flagged:
        alliance.removal_flagged = True
        alliance.removal_flagged_year = case.year
        changed += ["removal_flagged", "removal_flagged_year"]
    if changed:
        alliance._history_user = actor
        alliance.save(update_fields=changed)
    if case.earns_grade_a:
        record_event(
            alliance,
            kind=EventKind.EDITED,
            actor=actor,
            summary=_("Grade A: rated high activity %(years)s years in a row (to %(year)s)")
            % {"years": scoring.run_length(tiers, case.year, case.tier), "year": case.year},
        )
    if case.flags_removal:
        record_event(
            alliance,
            kind=EventKind.EDITED,
            actor=actor,
            summary=_("Flagged for removal: inactive %(years)s years in a row (to %(year)s)")
            % {"years": scoring.run_length(tiers, case.year, case.tier), "year": case.year},
        )


ALLIANCE_EFFECTS = {
    "alliance_applied": _applied,
    "alliance_recommended": _recommended,
    "alliance_approved": _approved,
    "alliance_selected": _selected,
    "alliance_dissolved": _dissolved,
}
EVALUATION_EFFECTS = {
    "evaluation_submitted": _submitted,
    "evaluation_returned": _returned,
    "evaluation_scored": _scored,
    "evaluation_final": _final,
}
