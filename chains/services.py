"""Writes of the chains' cases: reporting a bottleneck, assigning a chain task, progress reports.

Status changes go through ``casework.services.transition``; these functions only create cases and
record what the workflow does not cover.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from chains.models import Bottleneck, ChainTask, ProgressReport
from jinzhou.casework.choices import EventKind, Source
from jinzhou.casework.exceptions import ActionRefused, TransitionNotAllowed
from jinzhou.casework.inputs import clean_progress, deadline_from
from jinzhou.casework.permissions import relations
from jinzhou.casework.services import case_write, open_case, record_event, transition
from jinzhou.org.choices import Role
from jinzhou.org.selectors import actor_for


def report_bottleneck(
    *,
    actor,
    title: str,
    description: str = "",
    chain=None,
    bottleneck_kind: str = "blockage",
    severity: int = 2,
    affected_enterprises=(),
    reporter_enterprise=None,
    source: str | None = None,
    submit: bool = False,
    **fields,
) -> Bottleneck:
    """Register a bottleneck as a draft (or submit it at once). Anyone with a role may report.

    An enterprise's user reports for their own enterprise. A department (typically the office
    taking a call or a letter) may register it on behalf of the enterprise that reported it
    (``reporter_enterprise``): the source is then the enterprise, and its users can follow the case.
    """
    who = actor_for(actor)
    if who.user_id is None or not (who.roles or who.is_superuser):
        raise ActionRefused(_("Only registered departments, enterprises and partners may report bottlenecks."))
    enterprise_id = getattr(reporter_enterprise, "pk", reporter_enterprise)
    if who.enterprise_id:
        if enterprise_id not in (None, who.enterprise_id):
            raise ValidationError(
                {"reporter_enterprise": _("An enterprise's user reports only for their own enterprise.")}
            )
        enterprise_id = who.enterprise_id
    if source is None:
        source = Source.ENTERPRISE if enterprise_id else Source.DEPARTMENT
    with transaction.atomic():
        case = open_case(
            model=Bottleneck,
            actor=actor,
            title=title,
            description=description,
            chain=chain,
            bottleneck_kind=bottleneck_kind,
            severity=severity,
            source=source,
            reporter=actor,
            reporter_enterprise_id=enterprise_id,
            **fields,
        )
        enterprises = list(affected_enterprises)
        if enterprises:
            case.affected_enterprises.set(enterprises)
            case.enterprises.add(*enterprises)
        if enterprise_id:
            case.enterprises.add(enterprise_id)
        if submit:
            case = transition(case, "submit", actor=actor)
    return case


def create_chain_task(
    *,
    actor,
    title: str,
    chain,
    department,
    due_date=None,
    due_in_working_days=None,
    description: str = "",
    expected_output: str = "",
    report_cadence: str = "monthly",
    person=None,
    source: str = Source.MEETING,
    **fields,
) -> ChainTask:
    """Assign a chain task (督办事项) to a chain-leader department with a deadline."""
    who = actor_for(actor)
    allowed = who.is_superuser or bool(who.roles & {Role.OFFICE, Role.LEADING_GROUP})
    if not allowed and Role.TASK_FORCE_LEADER in who.roles:
        allowed = chain is not None and chain.industry_id in who.industry_ids
    if not allowed:
        raise ActionRefused(
            _("Chain tasks are assigned by the leading group, its office, or the task-force leader of the chain.")
        )
    if department is None:
        raise ValidationError({"department": _("Choose the responsible department.")})
    due_at = deadline_from(due_date=due_date, due_in_working_days=due_in_working_days)
    return open_case(
        model=ChainTask,
        actor=actor,
        title=title,
        description=description,
        chain=chain,
        expected_output=expected_output,
        report_cadence=report_cadence,
        responsible_department=department,
        responsible_person=person,
        assigned_by=actor,
        assigned_at=timezone.now(),
        source=source,
        due_at=due_at,
        **fields,
    )


REPORTING_STATES = ("acknowledged", "in_progress", "returned")


def report_progress(task: ChainTask, *, actor, percent, text: str) -> ProgressReport:
    """A progress report (进展) by the responsible department; it sets when the next one is due."""
    percent, text = clean_progress(percent, text)
    with transaction.atomic():
        with case_write(task, actor=actor) as locked:
            if locked.status not in REPORTING_STATES:
                raise TransitionNotAllowed(
                    _(
                        "Progress is reported while the task is acknowledged, in progress or returned; "
                        "it is “%(status)s”."
                    )
                    % {"status": locked.status_label}
                )
            if "responsible" not in relations(locked, actor):
                raise ActionRefused(_("Only the responsible department reports progress."))
            now = timezone.now()
            report = ProgressReport(
                task=locked, percent=percent, text=text, reported_by=actor, was_due_at=locked.report_due_at
            )
            report._history_user = actor
            report.save()
            locked.progress = percent
            locked.schedule_next_report(now)
        record_event(
            locked,
            kind=EventKind.PROGRESS,
            actor=actor,
            summary=_("Progress %(percent)d%%") % {"percent": percent},
            note=text,
        )
    return report
