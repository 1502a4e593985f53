"""Reads of the meetings: who may see a meeting, how its decisions stand (会议议定事项落实情况),
and what is still open from the previous meeting of the same kind (遗留事项)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Prefetch, Q
from django.utils import timezone

from chains.models import ChainTask
from jinzhou.casework.selectors import light_of
from jinzhou.org.selectors import actor_for, person_related


def meeting_scope_q(user, action: str = "view") -> Q:
    """ "view": the office and the leading group see every meeting; a task-force leader those about
    their industries' chains; anyone else the meetings they attended, their unit attended, or where
    their department leads or co-handles a decision. "change": the office only."""
    who = actor_for(user)
    if who.user_id is None:
        return Q(pk__in=[])
    if action == "change":
        return Q() if who.is_office else Q(pk__in=[])
    if who.sees_everything:
        return Q()
    scope = Q(attendees=who.user_id) | Q(chair=who.user_id)
    if who.department_id:
        department = who.department_id
        scope |= Q(departments=department) | Q(decisions__task__responsible_department=department)
        scope |= Q(decisions__task__co_handlings__department=department)
    if who.industry_ids:
        scope |= Q(chains__subfield__industry__in=who.industry_ids)
    return scope


def decision_tasks(meeting_ids) -> list:
    """The decisions of the meetings ``meeting_ids`` with their cases, in one query."""
    from meetings.models import Decision

    return list(Decision.objects.filter(meeting_id__in=meeting_ids).prefetch_related(decided_tasks()))


def decided_tasks(lookup: str = "task", now: dt.datetime | None = None) -> Prefetch:
    """The decisions' cases with their light (one query for all, no query per light)."""
    tasks = ChainTask.objects.with_light(now).select_related("responsible_department", "chain", "parent")
    return Prefetch(lookup, queryset=tasks)


@dataclass
class Progress:
    """会议议定事项落实情况: each decision with its case, and the totals on time / overdue / closed."""

    decisions: list = field(default_factory=list)
    on_time: list[int] = field(default_factory=list)
    overdue: list[int] = field(default_factory=list)
    closed: list[int] = field(default_factory=list)

    @property
    def totals(self) -> dict[str, list[int]]:
        return {"on_time": self.on_time, "overdue": self.overdue, "closed": self.closed}


def standing(task: ChainTask, now: dt.datetime) -> str:
    """A decision's case is closed, overdue (open past its deadline) or on time (open, not past it):
    the same conditions as ``casework.reports.cases_behind(overdue=True)``."""
    if not task.is_open:
        return "closed"
    return "overdue" if task.due_at and task.due_at <= now else "on_time"


def progress_of(decisions, now: dt.datetime | None = None) -> Progress:
    now = now or timezone.now()
    progress = Progress()
    for decision in decisions:
        task = decision.task
        decision.light = light_of(task, now)
        decision.standing = standing(task, now)
        getattr(progress, decision.standing).append(task.pk)
        progress.decisions.append(decision)
    return progress


def previous_meeting(meeting):
    """The meeting of the same kind held last before this one (by date, then by when recorded)."""
    from meetings.models import Meeting

    earlier = Q(date__lt=meeting.date) | Q(date=meeting.date, pk__lt=meeting.pk)
    return Meeting.objects.filter(earlier, kind=meeting.kind).order_by("-date", "-id").first()


def open_items(meeting):
    """(the previous meeting of the same kind, its decisions still open: 遗留事项)."""
    previous = previous_meeting(meeting)
    if previous is None:
        return None, []
    items = [decision for decision in decision_tasks([previous.pk]) if decision.task.is_open]
    return previous, progress_of(items).decisions


def meetings_for(user):
    """The meetings ``user`` may see, newest first, with what the lists show."""
    from meetings.models import Meeting

    return (
        Meeting.objects.restrict(user, "view")
        .select_related("chair", *person_related("chair"))
        .prefetch_related("chains")
        .order_by("-date", "-id")
    )


def chain_decisions(user, chain):
    """The decisions tracked on ``chain`` whose cases ``user`` may see (all for ``user=None``)."""
    from meetings.models import Decision

    tasks = ChainTask.objects.all() if user is None else ChainTask.objects.visible_to(user)
    return (
        Decision.objects.filter(task__in=tasks.filter(chain=chain))
        .select_related("meeting", "task", "task__responsible_department", "task__responsible_person")
        .select_related(*person_related("task__responsible_person"))
        .order_by("-task__is_open", "task__due_at", "meeting__date", "number")
    )


def may_browse_meetings(user) -> bool:
    """Whether the portal's menu offers 调度会: to the staff of a department, the leading group and the
    task-force leaders (no query; an attendee from elsewhere still opens a meeting's page by its link)."""
    who = actor_for(user)
    return bool(who.department_id or who.sees_everything or who.industry_ids)
