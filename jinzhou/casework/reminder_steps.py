"""Reminder policy arithmetic: which reminder steps of a deadline are due at ``now``, and when the next one is.

Pure functions over plain values (no database writes; the working-day calendar is read through
``deadlines.py``). Every function takes ``now``, so tests move time by passing it.

A *track* is one deadline a case runs against: the case's own deadline (``due_at``), the next
progress report (``report_due_at``, prefix ``report:``) or a co-handler's sub-deadline (prefix
``cohandling:<id>:``). Each track has steps, each with a stable key and a moment:

- ``before:N``: N working days before the deadline, at the policy's reminder time;
- ``due_day``: on the day of the deadline, at the reminder time;
- ``overdue:K``: K working days after the deadline's day (K = 1, 1 + r, 1 + 2r … for a repeat every r);
- ``ladder:K``: a rung of the escalation ladder, K working days overdue (the case's own deadline only).

Every moment lies in working hours (quiet hours: ``next_working_moment``). The (key, deadline) pair
identifies a step: the same step of the same deadline is the same notification, however often a
sweep meets it. Steps come in families (before the deadline, overdue repeats, the ladder); when a
sweep was late, only the latest due step of each family is sent, not a burst of stale ones.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.utils import timezone

from jinzhou.casework.deadlines import add_working_days, next_working_moment, working_days_between

# Who may receive a step (the values stored in a policy's ``recipients``).
ASSIGNEE = "assignee"
DEPARTMENT = "department"
ASSIGNER = "assigner"
ESCALATION_TARGET = "escalation_target"
RECIPIENT_CHOICES = (ASSIGNEE, DEPARTMENT, ASSIGNER, ESCALATION_TARGET)
# The kinds of step whose recipients a policy names.
STEP_KINDS = ("before", "due_day", "overdue", "ladder", "report")

DEFAULT_BEFORE_DAYS = (3, 1)
DEFAULT_REPORT_BEFORE_DAYS = (1,)
DEFAULT_LADDER = (
    {"days": 1, "level": 2, "target": "department_head"},
    {"days": 3, "level": 3, "target": "task_force_leader"},
    {"days": 5, "level": 4, "target": "leading_group"},
)
DEFAULT_RECIPIENTS = {
    "before": [ASSIGNEE, DEPARTMENT],
    "due_day": [ASSIGNEE, DEPARTMENT],
    "overdue": [ASSIGNEE, DEPARTMENT, ASSIGNER],
    "ladder": [ESCALATION_TARGET],
    "report": [ASSIGNEE, DEPARTMENT],
}


@dataclass(frozen=True)
class Rung:
    days: int
    level: int
    target: str


@dataclass(frozen=True)
class Rules:
    """A reminder policy as plain values (``ReminderPolicy.rules()`` builds it)."""

    before_days: tuple[int, ...] = DEFAULT_BEFORE_DAYS
    on_due_day: bool = True
    overdue_every: int = 1  # working days between overdue repeats; 0 = one overdue notice only
    ladder: tuple[Rung, ...] = tuple(Rung(**rung) for rung in DEFAULT_LADDER)
    report_before_days: tuple[int, ...] = DEFAULT_REPORT_BEFORE_DAYS
    remind_at: dt.time = dt.time(9)
    work_start: dt.time = dt.time(9)
    work_end: dt.time = dt.time(18)
    enabled: bool = True
    remind_reports: bool = True
    remind_co_handlers: bool = True
    recipients: dict = field(default_factory=lambda: {k: list(v) for k, v in DEFAULT_RECIPIENTS.items()})

    def __hash__(self) -> int:  # the recipients dict would make the default hash fail
        return id(self)

    def moment(self, day: dt.date) -> dt.datetime:
        """The reminder time on ``day``, moved into working hours (quiet hours)."""
        tz = timezone.get_current_timezone()
        start = dt.datetime.combine(day, self.remind_at, tzinfo=tz)
        return next_working_moment(start, self.work_start, self.work_end)

    def in_working_hours(self, now: dt.datetime) -> bool:
        return next_working_moment(now, self.work_start, self.work_end) == timezone.localtime(now)


@dataclass(frozen=True)
class Track:
    """One deadline of a case. ``prefix`` makes its step keys unique within the case."""

    due_at: dt.datetime
    prefix: str = ""  # "" for the case's deadline, "report:", "cohandling:<id>:"
    before_days: tuple[int, ...] = DEFAULT_BEFORE_DAYS
    ladder: tuple[Rung, ...] = ()
    co_handling_id: int | None = None

    @property
    def what(self) -> str:
        if self.prefix.startswith("report"):
            return "report"
        if self.co_handling_id is not None:
            return "cohandling"
        return "deadline"


@dataclass(frozen=True)
class Step:
    key: str  # stable within a case, e.g. "before:3", "report:overdue:2", "ladder:1"
    kind: str  # before | due_day | overdue | ladder
    moment: dt.datetime
    track: Track
    days: int = 0  # working days before (before) or after (overdue, ladder) the deadline's day
    rung: Rung | None = None

    @property
    def deadline(self) -> dt.datetime:
        return self.track.due_at


@dataclass
class Plan:
    due: list[Step]  # the steps to send now: at most the latest due step of each family
    next_at: dt.datetime | None  # the earliest step strictly after now


def _due_day(track: Track) -> dt.date:
    return timezone.localtime(track.due_at).date()


def before_steps(track: Track, rules: Rules) -> list[Step]:
    """The steps before the deadline, in time order; a step that would fall after the deadline is dropped."""
    day = _due_day(track)
    steps = [
        Step(f"{track.prefix}before:{n}", "before", rules.moment(add_working_days(day, -n)), track, n)
        for n in sorted(set(track.before_days), reverse=True)
        if n > 0
    ]
    if rules.on_due_day:
        steps.append(Step(f"{track.prefix}due_day", "due_day", rules.moment(day), track))
    return sorted((s for s in steps if s.moment < track.due_at), key=lambda s: s.moment)


def overdue_moment(track: Track, rules: Rules, days: int) -> dt.datetime:
    """When the deadline is ``days`` working days overdue: the reminder time of that working day."""
    return rules.moment(add_working_days(_due_day(track), days))


def _days_overdue_reached(track: Track, rules: Rules, now: dt.datetime) -> int:
    """The largest K whose overdue moment is at or before ``now`` (0 when none is)."""
    if now < track.due_at:
        return 0
    count = working_days_between(_due_day(track), timezone.localtime(now).date())
    while count > 0 and overdue_moment(track, rules, count) > now:
        count -= 1
    return count


def _overdue_family(track: Track, rules: Rules, reached: int) -> tuple[int | None, int | None]:
    """(the latest repeat K that is due, the next K), for K = 1, 1 + r, 1 + 2r …"""
    every = rules.overdue_every
    if every <= 0:
        return (1 if reached >= 1 else None), (None if reached >= 1 else 1)
    if reached < 1:
        return None, 1
    latest = 1 + (reached - 1) // every * every
    return latest, latest + every


def plan_track(track: Track, rules: Rules, now: dt.datetime) -> Plan:
    """What of one deadline is due at ``now`` and when its next step comes."""
    due: list[Step] = []
    upcoming: list[dt.datetime] = []
    if now < track.due_at:
        steps = before_steps(track, rules)
        passed = [s for s in steps if s.moment <= now]
        if passed:
            due.append(passed[-1])
        upcoming += [s.moment for s in steps if s.moment > now][:1]
    reached = _days_overdue_reached(track, rules, now)
    latest, following = _overdue_family(track, rules, reached)
    if latest is not None:
        due.append(
            Step(f"{track.prefix}overdue:{latest}", "overdue", overdue_moment(track, rules, latest), track, latest)
        )
    if following is not None:
        upcoming.append(overdue_moment(track, rules, following))
    rungs = sorted(track.ladder, key=lambda r: r.days)
    reached_rungs = [r for r in rungs if r.days <= reached]
    if reached_rungs:
        rung = reached_rungs[-1]
        moment = overdue_moment(track, rules, rung.days)
        due.append(Step(f"{track.prefix}ladder:{rung.days}", "ladder", moment, track, rung.days, rung))
    later_rungs = [r for r in rungs if r.days > reached]
    if later_rungs:
        upcoming.append(overdue_moment(track, rules, later_rungs[0].days))
    return Plan(due=due, next_at=min(upcoming) if upcoming else None)


def plan(tracks: list[Track], rules: Rules, now: dt.datetime) -> Plan:
    """All tracks of a case together: every due step, and the earliest next moment."""
    due: list[Step] = []
    nexts: list[dt.datetime] = []
    if not rules.enabled:
        return Plan(due=[], next_at=None)
    for track in tracks:
        try:
            part = plan_track(track, rules, now)
        except OverflowError:  # a deadline at the end of the calendar (year 9999): nothing to remind, ever
            continue
        due += part.due
        if part.next_at is not None:
            nexts.append(part.next_at)
    return Plan(due=due, next_at=min(nexts) if nexts else None)


def next_reminder_at(tracks: list[Track], rules: Rules, now: dt.datetime) -> dt.datetime | None:
    """The value ``Case.next_reminder_at`` should hold after a deadline, status or policy change.

    A step already due (perhaps sent, perhaps not: the sweep's notifications are idempotent) makes
    the case due again at the first working moment from now, so a change between a step's moment
    and the sweep that would have sent it never loses it; otherwise it is the next step's moment.
    Always inside working hours; ``None`` when nothing is left to remind.
    """
    result = plan(tracks, rules, now)
    if result.due:
        return next_working_moment(now, rules.work_start, rules.work_end)
    return result.next_at


__all__ = [
    "ASSIGNEE",
    "ASSIGNER",
    "DEFAULT_BEFORE_DAYS",
    "DEFAULT_LADDER",
    "DEFAULT_RECIPIENTS",
    "DEFAULT_REPORT_BEFORE_DAYS",
    "DEPARTMENT",
    "ESCALATION_TARGET",
    "RECIPIENT_CHOICES",
    "STEP_KINDS",
    "Plan",
    "Rules",
    "Rung",
    "Step",
    "Track",
    "before_steps",
    "next_reminder_at",
    "overdue_moment",
    "plan",
    "plan_track",
]
