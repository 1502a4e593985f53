"""What follows this app's transitions, by name (see ``jinzhou.casework.effects``).

``ProjectsConfig.ready`` hands them to the engine in each kind's ``KindSpec.effects``, so ``transition()``
applies them to the locked case in the same transaction as the status change; a ``ValidationError`` raised here
refuses the transition and changes nothing.
"""

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from jinzhou.casework.effects import set_deadline
from jinzhou.casework.inputs import end_of_day
from projects.choices import ApplicationStatus
from projects.workflows import STAGE_FIELDS


def _today(now: dt.datetime) -> dt.date:
    return timezone.localtime(now).date()


# --- challenges ----------------------------------------------------------------------------------------
def _challenge_publish(case, cleaned, *, actor, now) -> None:
    case.window_opens_on = _today(now)
    case.applications_due_at = cleaned["deadline"]
    set_deadline(case, cleaned["deadline"])


def _challenge_close_window(case, cleaned, *, actor, now) -> None:
    # The application deadline has served; until a review deadline is set nothing runs late.
    set_deadline(case, None)


def _challenge_start_review(case, cleaned, *, actor, now) -> None:
    unchecked = case.applications.filter(status=ApplicationStatus.SUBMITTED).count()
    if unchecked:
        raise ValidationError(
            _("Check the eligibility of every application first: %(count)d not checked yet.") % {"count": unchecked}
        )
    set_deadline(case, cleaned.get("deadline"))


def _challenge_award(case, cleaned, *, actor, now) -> None:
    winners = list(case.applications.filter(selected=True, status=ApplicationStatus.ELIGIBLE))
    if not winners:
        raise ValidationError(_("Select at least one eligible application for the award first."))
    amount = cleaned["amount"]  # an input of kind ``decimal``: already a non-negative amount
    start = cleaned.get("contract_start") or _today(now)
    end = timezone.localtime(cleaned["deadline"]).date()
    if end <= start:
        raise ValidationError({"due_date": _("The acceptance date must come after the start of the contract period.")})
    case.contract_number = cleaned["contract_number"]
    case.contract_amount_wan = amount
    case.contract_start, case.contract_end = start, end
    case.award_reason = cleaned["note"]
    for application in case.applications.filter(status=ApplicationStatus.ELIGIBLE):
        application.status = ApplicationStatus.AWARDED if application.selected else ApplicationStatus.NOT_AWARDED
        application._history_user = actor
        application.save(update_fields=["status", "updated_at"])
    # A new phase: the acceptance date is what the contract is assessed against, not the application deadline.
    case.original_due_at = None
    set_deadline(case, cleaned["deadline"])


def _challenge_rectify(case, cleaned, *, actor, now) -> None:
    case.rectification_note = cleaned["note"]
    set_deadline(case, cleaned["deadline"])


def _challenge_rectified(case, cleaned, *, actor, now) -> None:
    set_deadline(case, end_of_day(case.contract_end) if case.contract_end else None)


def _open_milestones(case):
    from projects.models import Milestone

    return Milestone.objects.filter(parent_id=case.pk, is_open=True)


def _challenge_finish(case, cleaned, *, actor, now) -> None:
    still_open = [m.reference for m in _open_milestones(case)]
    if still_open:
        raise ValidationError(
            _("Close the open milestones first: %(references)s.") % {"references": "、".join(still_open)}
        )
    case.outcome_note = cleaned.get("note") or ""


def _challenge_terminate(case, cleaned, *, actor, now) -> None:
    from jinzhou.casework.services import transition

    case.outcome_note = cleaned["note"]
    for milestone in _open_milestones(case):
        transition(
            milestone,
            "cancel",
            actor=actor,
            note=_("The challenge was terminated: %(reason)s") % {"reason": cleaned["note"]},
        )


# --- investment projects -------------------------------------------------------------------------------
def _stage(target: str):
    field = STAGE_FIELDS[target]

    def effect(case, cleaned, *, actor, now) -> None:
        day = cleaned.get("on") or _today(now)
        if day > _today(now):
            raise ValidationError({"on": _("The date of a stage cannot be in the future.")})
        setattr(case, field, day)
        # The next stage's planned date is the deadline from now on; none given, none runs.
        set_deadline(case, cleaned.get("deadline"))

    return effect


def _investment_drop(case, cleaned, *, actor, now) -> None:
    case.drop_reason = cleaned["note"]


# --- award and IP applications -------------------------------------------------------------------------
def _award_won(case, cleaned, *, actor, now) -> None:
    # The prize's values are declared on the input (``choices``) and checked with the other inputs.
    case.prize = cleaned["prize"]
    case.award_level = cleaned.get("level") or _("Provincial")
    case.result_note = cleaned.get("note") or ""


def _award_not_won(case, cleaned, *, actor, now) -> None:
    case.prize = ""
    case.result_note = cleaned.get("note") or ""


CHALLENGE_EFFECTS = {
    "challenge_publish": _challenge_publish,
    "challenge_close_window": _challenge_close_window,
    "challenge_start_review": _challenge_start_review,
    "challenge_award": _challenge_award,
    "challenge_rectify": _challenge_rectify,
    "challenge_rectified": _challenge_rectified,
    "challenge_finish": _challenge_finish,
    "challenge_terminate": _challenge_terminate,
}
INVESTMENT_EFFECTS = {
    **{f"investment_{target}": _stage(target) for target in STAGE_FIELDS},
    "investment_drop": _investment_drop,
}
AWARD_EFFECTS = {"award_won": _award_won, "award_not_won": _award_not_won}
