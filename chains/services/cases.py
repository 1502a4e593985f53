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
from jinzhou.casework.inputs import check_id_count, check_member, clean_progress, deadline_from
from jinzhou.casework.permissions import relations
from jinzhou.casework.services import (
    attach_file,
    case_write,
    open_case,
    record_event,
    refuse_bad_uploads,
    transition,
)
from jinzhou.casework.workflows import PROGRESS_REPORT
from jinzhou.org.choices import Role
from jinzhou.org.selectors import actor_for

# ``may_assign_chain_tasks`` without a chain: whether the user assigns chain tasks at all.
ANY_CHAIN = object()


def may_report_bottleneck(user) -> bool:
    """``report_bottleneck``'s rule: anyone with a role (departments and enterprises alike)."""
    who = actor_for(user)
    return who.user_id is not None and bool(who.roles or who.is_superuser)


def may_assign_chain_tasks(user, chain=ANY_CHAIN) -> bool:
    """``create_chain_task``'s rule: the leading group, its office, or the task-force leader of the
    chain's industry (for ``ANY_CHAIN``: of some industry, e.g. to offer the admin's add page)."""
    who = actor_for(user)
    if who.is_superuser or who.roles & {Role.OFFICE, Role.LEADING_GROUP}:
        return True
    if Role.TASK_FORCE_LEADER not in who.roles:
        return False
    return chain is ANY_CHAIN or (chain is not None and chain.industry_id in who.industry_ids)


def check_may_report(actor) -> None:
    """``may_report_bottleneck`` as a refusal; the API asks it before reading a body."""
    if not may_report_bottleneck(actor):
        raise ActionRefused(_("Only registered departments, enterprises and partners may report bottlenecks."))


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
    attachments=(),
    **fields,
) -> Bottleneck:
    """Register a bottleneck as a draft (or submit it at once). Anyone with a role may report.

    An enterprise's user reports for their own enterprise. A department (typically the office
    taking a call or a letter) may register it on behalf of the enterprise that reported it
    (``reporter_enterprise``): the source is then the enterprise, and its users can follow the case.
    The ``affected_enterprises`` see the case too, so an enterprise's user may name only their own:
    seeing a case is granted by the office, or by being its reporter, never by another enterprise.
    ``attachments`` (uploaded files) are checked, all of them, before anything is written, and kept
    with the case in the same transaction: a refused file refuses the report (``{"file": …}``).
    """
    check_may_report(actor)
    check_uploads(attachments)
    who = actor_for(actor)
    enterprise_id = getattr(reporter_enterprise, "pk", reporter_enterprise)
    enterprises = list(affected_enterprises)
    check_id_count(enterprises, "affected_enterprises")
    if who.enterprise_id:
        if enterprise_id not in (None, who.enterprise_id):
            raise ValidationError(
                {"reporter_enterprise": _("An enterprise's user reports only for their own enterprise.")}
            )
        enterprise_id = who.enterprise_id
        if {getattr(item, "pk", item) for item in enterprises} - {who.enterprise_id}:
            raise ValidationError(
                {
                    "affected_enterprises": _(
                        "An enterprise's user may name only their own enterprise as affected; other "
                        "enterprises are added by the leading-group office."
                    )
                }
            )
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
        if enterprises:
            case.affected_enterprises.set(enterprises)
            case.enterprises.add(*enterprises)
        if enterprise_id:
            case.enterprises.add(enterprise_id)
        for upload in attachments:
            attach_file(case, actor=actor, upload=upload)
        if submit:
            case = transition(case, "submit", actor=actor)
    return case


def check_uploads(uploads) -> None:
    """Every refused file at once, so the reporter fixes them all in one go."""
    refuse_bad_uploads(uploads, field="file")


def _task_assigners_only() -> str:
    return _("Chain tasks are assigned by the leading group, its office, or the task-force leader of the chain.")


def check_may_assign_tasks(actor) -> None:
    """Whether the actor may assign chain tasks at all (a task-force leader: then only on their chains)."""
    if not may_assign_chain_tasks(actor):
        raise ActionRefused(_task_assigners_only())


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
    if not may_assign_chain_tasks(actor, chain):
        raise ActionRefused(_task_assigners_only())
    if department is None:
        raise ValidationError({"department": _("Choose the responsible department.")})
    check_member(person, department)
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


def may_report_progress(task: ChainTask, user, *, mine=None) -> bool:
    """Whether ``user`` may report progress on ``task`` now (``report_progress``'s rule). ``mine``: the
    user's relations to the task, when the caller has them already."""
    mine = relations(task, user) if mine is None else mine
    return task.allows(PROGRESS_REPORT) and "responsible" in mine


def report_progress(task: ChainTask, *, actor, percent, text: str) -> ProgressReport:
    """A progress report (进展) by the responsible department; it sets when the next one is due."""
    percent, text = clean_progress(percent, text)
    with transaction.atomic():
        with case_write(task, actor=actor) as locked:
            if not locked.allows(PROGRESS_REPORT):
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
