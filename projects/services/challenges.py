"""Challenges (揭榜挂帅): drafting one, its milestones (sub-cases) and their progress reports."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jinzhou.casework.choices import EventKind, Source
from jinzhou.casework.exceptions import ActionRefused, TransitionNotAllowed
from jinzhou.casework.inputs import clean_progress, deadline_from
from jinzhou.casework.permissions import relations
from jinzhou.casework.services import case_write, lock_case, open_case, record_event
from jinzhou.casework.workflows import PROGRESS_REPORT
from jinzhou.org.selectors import is_staff_of
from projects.choices import SCIENCE_BUREAU, ApplicationStatus
from projects.models import Challenge, ChallengeApplication, Milestone, MilestoneReport, Programme
from projects.services.common import BUREAU_RELATIONS, bureau, require_bureau
from projects.workflows import MILESTONE_SETTING


def create_challenge(
    *,
    actor,
    programme: Programme,
    title: str,
    technical_problem: str,
    chain=None,
    target_indicators: str = "",
    proposing_enterprise=None,
    funding_wan: Decimal | None = None,
    description: str = "",
    department=None,
    **fields,
) -> Challenge:
    """Draft a challenge. The science and technology bureau (or the office) drafts; the bureau handles it."""
    department = department or bureau(SCIENCE_BUREAU)
    if not is_staff_of(actor, department):
        raise ActionRefused(_("Challenges are drafted by the science and technology bureau or the office."))
    return open_case(
        model=Challenge,
        actor=actor,
        title=title,
        description=description,
        programme=programme,
        technical_problem=technical_problem,
        target_indicators=target_indicators,
        chain=chain,
        proposing_enterprise=proposing_enterprise,
        # The enterprise that raised the problem follows its challenge like a reporter.
        reporter_enterprise=proposing_enterprise,
        funding_wan=funding_wan,
        responsible_department=department,
        source=Source.DEPARTMENT,
        **fields,
    )


def may_add_milestone(challenge: Challenge, user, *, mine=None) -> bool:
    """Whether ``user`` may add a milestone to ``challenge`` now (``add_milestone``'s rule)."""
    mine = relations(challenge, user) if mine is None else mine
    return challenge.allows(MILESTONE_SETTING) and bool(mine & BUREAU_RELATIONS)


def add_milestone(
    challenge: Challenge,
    *,
    actor,
    title: str,
    due_date=None,
    due_in_working_days=None,
    deliverable: str = "",
    application: ChallengeApplication | None = None,
) -> Milestone:
    """Add a milestone (a sub-case with its own deadline) to an awarded challenge.

    The awarded team's lead unit reports on it (its submitter and the lead enterprise's users are the
    milestone's reporters); the challenge's bureau reviews it."""
    with transaction.atomic():
        locked = lock_case(challenge, actor=actor)
        require_bureau(locked, actor, _("Milestones are set by the bureau in charge of the challenge."))
        if not locked.allows(MILESTONE_SETTING):
            raise TransitionNotAllowed(
                _("%(reference)s is “%(status)s”: milestones are set once it is awarded and until it ends.")
                % {"reference": locked.reference, "status": locked.status_label}
            )
        winners = list(locked.applications.filter(status=ApplicationStatus.AWARDED))
        if application is None:
            if len(winners) != 1:
                raise ValidationError({"application": _("Choose which awarded application this milestone belongs to.")})
            application = winners[0]
        elif application.pk not in {winner.pk for winner in winners}:
            raise ValidationError({"application": _("The milestone must belong to an awarded application.")})
        due_at = deadline_from(due_date=due_date, due_in_working_days=due_in_working_days)
        enterprises = [application.lead_enterprise_id] if application.lead_enterprise_id else []
        enterprises += list(application.partner_enterprises.values_list("pk", flat=True))
        milestone = open_case(
            model=Milestone,
            actor=actor,
            title=title,
            due_at=due_at,
            enterprises=enterprises,
            parent=locked,
            application=application,
            deliverable=deliverable,
            chain=locked.chain,
            responsible_department=locked.responsible_department,
            assigned_by=actor,
            assigned_at=timezone.now(),
            reporter=application.submitted_by,
            reporter_enterprise=application.lead_enterprise,
            source=Source.DEPARTMENT,
        )
        record_event(
            locked,
            kind=EventKind.LINK,
            actor=actor,
            summary=_("Milestone %(reference)s added, due %(date)s")
            % {"reference": milestone.reference, "date": timezone.localtime(due_at).date().isoformat()},
        )
    return milestone


def may_report_milestone_progress(milestone: Milestone, user, *, mine=None) -> bool:
    """Whether ``user`` may report progress on ``milestone`` now (``report_milestone_progress``'s rule)."""
    mine = relations(milestone, user) if mine is None else mine
    return milestone.allows(PROGRESS_REPORT) and "reporter" in mine


def report_milestone_progress(milestone: Milestone, *, actor, percent, text: str) -> MilestoneReport:
    """A progress report on a milestone by the lead unit (its reporters)."""
    percent, text = clean_progress(percent, text)
    with transaction.atomic():
        with case_write(milestone, actor=actor) as locked:
            if not locked.allows(PROGRESS_REPORT):
                raise TransitionNotAllowed(
                    _("Progress is reported while the milestone is in progress or returned; it is “%(status)s”.")
                    % {"status": locked.status_label}
                )
            if "reporter" not in relations(locked, actor):
                raise ActionRefused(_("Only the lead unit of the awarded team reports progress on a milestone."))
            report = MilestoneReport(milestone=locked, percent=percent, text=text, reported_by=actor)
            report._history_user = actor
            report.save()
            locked.progress = percent
        record_event(
            locked,
            kind=EventKind.PROGRESS,
            actor=actor,
            summary=_("Progress %(percent)d%%") % {"percent": percent},
            note=text,
        )
    return report
