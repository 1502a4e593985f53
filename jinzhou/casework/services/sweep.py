"""The one reminder sweep (催办扫描): claims the cases whose ``next_reminder_at`` has come, writes their
reminders and the escalations the ladder calls for, and advances ``next_reminder_at``.

Run by Celery beat every five minutes (``casework.sweep_reminders``) and by ``manage.py sweep_reminders``.
Each batch is one transaction: the claimed rows are locked with ``SELECT … FOR UPDATE SKIP LOCKED``
(served by the partial index ``case_open_reminder_idx``), so a concurrent sweep takes other cases,
and every write is idempotent (a notification per (recipient, case, step, deadline); a ladder notice
per (case, level, target, deadline); one "overdue" timeline event per deadline), so a repeated sweep
writes nothing new. Delivery is queued by the notifications app when the batch commits.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jinzhou.casework import reminder_steps
from jinzhou.casework.choices import EventKind
from jinzhou.casework.deadlines import next_working_moment
from jinzhou.casework.models import Case, Escalation, SweepRun, TimelineEvent
from jinzhou.casework.services.cases import record_event
from jinzhou.casework.services.reminders import pending_co_handlings, policies_by_kind, tracks_for
from jinzhou.casework.services.supervision import case_url, escalate
from jinzhou.notifications import services as notifications

logger = logging.getLogger(__name__)

BATCH_SIZE = 500
URL_PROBE_PK = 987654321


@dataclass
class BatchResult:
    claimed: int = 0
    notifications: int = 0
    escalations: int = 0


def sweep_reminders(*, now: dt.datetime | None = None, batch_size: int = BATCH_SIZE) -> SweepRun:
    """Sweep every due case, batch by batch, and record the run. ``now`` defaults to the current time."""
    started = timezone.now()
    clock = time.monotonic()
    now = now or started
    run = SweepRun.objects.create(started_at=started)
    rules_by_kind: dict[str, reminder_steps.Rules] = {}
    try:
        while True:
            with transaction.atomic():
                result = sweep_batch(now=now, batch_size=batch_size, rules_by_kind=rules_by_kind)
            run.cases_claimed += result.claimed
            run.notifications_written += result.notifications
            run.escalations_written += result.escalations
            # Fewer than a full batch: the rest (if any) is locked by a concurrent sweep, which sends it.
            if result.claimed < batch_size:
                break
    except Exception as exc:
        run.error = f"{type(exc).__name__}: {exc}"
        raise
    finally:
        run.finished_at = timezone.now()
        run.duration = dt.timedelta(seconds=time.monotonic() - clock)
        run.save()
    return run


def claim_due(now: dt.datetime, batch_size: int) -> list[int]:
    """Lock up to ``batch_size`` open cases whose next reminder has come, skipping rows others hold."""
    return list(
        Case.objects.filter(is_open=True, next_reminder_at__lte=now)
        .order_by("next_reminder_at")
        .select_for_update(skip_locked=True)
        .values_list("pk", flat=True)[:batch_size]
    )


def sweep_batch(*, now: dt.datetime, batch_size: int, rules_by_kind: dict | None = None) -> BatchResult:
    """Claim one batch and act on it; call inside a transaction. A constant number of queries per
    batch, apart from the notifications app's ``notify`` per step and the ladder's ``escalate``."""
    ids = claim_due(now, batch_size)
    if not ids:
        return BatchResult()
    cases = list(Case.objects.filter(pk__in=ids).order_by("pk"))
    rules_by_kind = rules_by_kind if rules_by_kind is not None else {}
    missing = {case.kind for case in cases} - set(rules_by_kind)
    if missing:
        rules_by_kind.update(policies_by_kind(missing))
    context = _BatchContext.load(cases)
    result = BatchResult(claimed=len(cases))
    requests: list[notifications.NotificationRequest] = []
    for case in cases:
        rules = rules_by_kind[case.kind]
        if not rules.enabled:
            case.next_reminder_at = None
            continue
        if not rules.in_working_hours(now):
            # Quiet hours: nothing goes out now; come back at the start of the next working hours.
            case.next_reminder_at = next_working_moment(now, rules.work_start, rules.work_end)
            continue
        tracks = tracks_for(case, rules, context.co_handlings.get(case.pk, []))
        plan = reminder_steps.plan(tracks, rules, now)
        for step in plan.due:
            _act(case, step, rules, context, result, requests)
        case.next_reminder_at = plan.next_at
    if requests:
        # One notify_many for the whole batch: a constant number of queries, however many are due.
        result.notifications += len(notifications.notify_many(requests))
    store_next_reminders(cases)
    return result


def store_next_reminders(cases: list[Case]) -> None:
    """Write the cases' ``next_reminder_at`` in one statement.

    On PostgreSQL an ``UPDATE … FROM unnest(ids, moments)`` joins by id, so a batch of 500 costs
    about what one row costs; Django's ``bulk_update`` builds a ``CASE WHEN id = … THEN …`` of 500
    arms that PostgreSQL evaluates for every row (quadratic, half a second per batch measured).
    """
    if connection.vendor != "postgresql":
        Case.objects.bulk_update(cases, ["next_reminder_at"])
        return
    table = Case._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f'UPDATE "{table}" AS c SET "next_reminder_at" = v.moment '  # noqa: S608 (the table name is ours)
            "FROM unnest(%s::bigint[], %s::timestamptz[]) AS v(id, moment) WHERE c.id = v.id",
            [[case.pk for case in cases], [case.next_reminder_at for case in cases]],
        )


@dataclass
class _BatchContext:
    """What a batch needs, loaded with one query each: co-handlings, department staff, what was done."""

    co_handlings: dict
    staff: dict
    ladder_done: set
    overdue_recorded: set
    url_templates: dict = field(default_factory=dict)

    def url(self, case: Case) -> str:
        """The case's link (``supervision.case_url``); reversed once per kind and batch (reverse() is
        slow enough to show)."""
        if case.kind not in self.url_templates:
            probe = Case(pk=URL_PROBE_PK, kind=case.kind)
            self.url_templates[case.kind] = case_url(probe)
        return self.url_templates[case.kind].replace(str(URL_PROBE_PK), str(case.pk))

    @classmethod
    def load(cls, cases: list[Case]) -> _BatchContext:
        from jinzhou.org.models import UserProfile

        ids = [case.pk for case in cases]
        co_handlings = pending_co_handlings(ids)
        departments = {case.responsible_department_id for case in cases if case.responsible_department_id}
        departments |= {ch.department_id for rows in co_handlings.values() for ch in rows}
        staff: dict[int, list[int]] = defaultdict(list)
        if departments:
            profiles = UserProfile.objects.filter(department_id__in=departments, user__is_active=True).order_by("pk")
            for department_id, user_id in profiles.values_list("department_id", "user_id"):
                staff[department_id].append(user_id)
        ladder_done = set(
            Escalation.objects.filter(case_id__in=ids, issued_by__isnull=True).values_list(
                "case_id", "level", "target", "due_at"
            )
        )
        overdue_recorded = {
            (case_id, (data or {}).get("track"), (data or {}).get("deadline"))
            for case_id, data in TimelineEvent.objects.filter(case_id__in=ids, kind=EventKind.OVERDUE).values_list(
                "case_id", "data"
            )
        }
        return cls(co_handlings, staff, ladder_done, overdue_recorded)


def _act(
    case: Case, step: reminder_steps.Step, rules: reminder_steps.Rules, context: _BatchContext, result, requests
) -> None:
    """Record what a due step implies now (overdue event, ladder notice) and add its reminder to
    ``requests``, which the batch writes at once."""
    track = step.track
    if step.kind in ("overdue", "ladder") and track.what in ("deadline", "report"):
        _record_overdue(case, track, context)
    if step.kind == "ladder":
        _climb(case, step, context, result)
    recipients = _recipients(case, step, rules, context)
    if not recipients:
        return
    title, level = _message(case, step)
    requests.append(
        notifications.NotificationRequest(
            recipients=recipients,
            case=case,
            step=step.key,
            deadline=step.deadline,
            title=title,
            body=f"{case.reference} {case.title}",
            level=level,
            url=context.url(case),
        )
    )


def _recipients(
    case: Case, step: reminder_steps.Step, rules: reminder_steps.Rules, context: _BatchContext
) -> list[int]:
    track = step.track
    if track.co_handling_id is not None:
        co_handling = next(ch for ch in context.co_handlings[case.pk] if ch.pk == track.co_handling_id)
        return list(context.staff.get(co_handling.department_id, []))
    who = rules.recipients.get("report" if track.what == "report" else step.kind, [])
    ids: list[int] = []
    if reminder_steps.ASSIGNEE in who and case.responsible_person_id:
        ids.append(case.responsible_person_id)
    if reminder_steps.DEPARTMENT in who and case.responsible_department_id:
        ids += context.staff.get(case.responsible_department_id, [])
    if reminder_steps.ASSIGNER in who and case.assigned_by_id:
        ids.append(case.assigned_by_id)
    # The escalation target is told by escalate() itself, with the notice.
    return ids


def _climb(case: Case, step: reminder_steps.Step, context: _BatchContext, result: BatchResult) -> None:
    rung = step.rung
    key = (case.pk, rung.level, rung.target, step.deadline)
    if key in context.ladder_done:
        return
    escalation = escalate(
        case,
        actor=None,
        level=rung.level,
        target=rung.target,
        reason=_("%(days)d working days overdue (deadline %(date)s).")
        % {"days": rung.days, "date": _date(step.deadline)},
        due_at=step.deadline,
    )
    context.ladder_done.add(key)
    result.escalations += 1
    result.notifications += len(escalation.notifications)


def _record_overdue(case: Case, track: reminder_steps.Track, context: _BatchContext) -> None:
    deadline = track.due_at.astimezone(dt.UTC).isoformat()
    key = (case.pk, track.what, deadline)
    if key in context.overdue_recorded:
        return
    if track.what == "report":
        summary = _("Progress report overdue (due %(date)s)") % {"date": _date(track.due_at)}
    else:
        summary = _("Overdue (deadline %(date)s)") % {"date": _date(track.due_at)}
    record_event(
        case, kind=EventKind.OVERDUE, actor=None, summary=summary, data={"track": track.what, "deadline": deadline}
    )
    context.overdue_recorded.add(key)


def _date(value: dt.datetime) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d")


def _message(case: Case, step: reminder_steps.Step) -> tuple[str, str]:
    """The notification's title and level for a step."""
    values = {"reference": case.reference, "date": _date(step.deadline), "days": step.days}
    what = step.track.what
    if step.kind == "ladder":
        return _("%(reference)s has been escalated (%(days)d working days overdue)") % values, "orange"
    if step.kind == "overdue":
        texts = {
            "deadline": _("%(reference)s is overdue: it was due on %(date)s"),
            "report": _("The progress report on %(reference)s is overdue: it was due on %(date)s"),
            "cohandling": _("Co-handling %(reference)s: your feedback is overdue since %(date)s"),
        }
        return texts[what] % values, "red"
    if step.kind == "due_day":
        texts = {
            "deadline": _("%(reference)s is due today (%(date)s)"),
            "report": _("The progress report on %(reference)s is due today (%(date)s)"),
            "cohandling": _("Co-handling %(reference)s: your feedback is due today (%(date)s)"),
        }
        return texts[what] % values, "yellow"
    texts = {
        "deadline": _("%(reference)s is due in %(days)d working days (%(date)s)"),
        "report": _("The progress report on %(reference)s is due in %(days)d working days (%(date)s)"),
        "cohandling": _("Co-handling %(reference)s: your feedback is due in %(days)d working days (%(date)s)"),
    }
    return texts[what] % values, "info"
