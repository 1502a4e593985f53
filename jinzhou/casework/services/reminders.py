"""Keeping ``Case.next_reminder_at`` right: the policy of a kind, a case's deadlines (tracks), and the
recomputation after a deadline, status or policy change.

``next_reminder_at`` is what the sweep's partial index reads, so it must be recomputed by every write
that moves a deadline or a status: ``cases.save_case`` (the end of every ``case_write``), ``open_case``
and ``import_case`` call ``refresh_next_reminder``, co-handling changes too, and a policy save
recomputes the open cases of its kind in SQL batches.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from jinzhou.casework import reminder_steps
from jinzhou.casework.choices import CoHandlingStatus
from jinzhou.casework.models import Case, CoHandling, ReminderPolicy

RECOMPUTE_BATCH = 1000


def policy_for(kind: str) -> ReminderPolicy:
    """The kind's policy, created with the defaults the first time a kind (registered later) needs one."""
    policy, _created = ReminderPolicy.objects.get_or_create(kind=kind)
    return policy


def policies_by_kind(kinds: Iterable[str]) -> dict[str, reminder_steps.Rules]:
    """The rules of several kinds in one query (plus one insert per kind that has no policy yet)."""
    kinds = set(kinds)
    found = {p.kind: p.rules() for p in ReminderPolicy.objects.filter(kind__in=kinds)}
    for kind in kinds - set(found):
        found[kind] = policy_for(kind).rules()
    return found


def deadline_running(case: Case) -> bool:
    """Whether the case's deadline runs in its status (``Workflow.deadline_states``)."""
    try:
        return case.status in case.spec.workflow.deadline_states
    except LookupError:  # a kind whose app is not installed any more: nothing to remind
        return False


def tracks_for(
    case: Case, rules: reminder_steps.Rules, co_handlings: Iterable[CoHandling] = ()
) -> list[reminder_steps.Track]:
    """The deadlines a case is reminded of: its own, its next progress report, co-handlers' sub-deadlines."""
    if not case.is_open:
        return []
    running = deadline_running(case)
    tracks = []
    if running and case.due_at:
        tracks.append(reminder_steps.Track(case.due_at, "", rules.before_days, rules.ladder))
    if rules.remind_reports and case.report_due_at:
        tracks.append(reminder_steps.Track(case.report_due_at, "report:", rules.report_before_days))
    if rules.remind_co_handlers and running:
        for co_handling in co_handlings:
            if co_handling.status == CoHandlingStatus.PENDING and co_handling.due_at:
                tracks.append(
                    reminder_steps.Track(
                        co_handling.due_at,
                        f"cohandling:{co_handling.pk}:",
                        rules.before_days,
                        co_handling_id=co_handling.pk,
                    )
                )
    return tracks


def pending_co_handlings(case_ids: Iterable[int]) -> dict[int, list[CoHandling]]:
    """The co-handlings still waiting for feedback with a sub-deadline, by case, in one query."""
    found: dict[int, list[CoHandling]] = defaultdict(list)
    rows = CoHandling.objects.filter(
        case_id__in=list(case_ids), status=CoHandlingStatus.PENDING, due_at__isnull=False
    ).select_related("department")
    for co_handling in rows:
        found[co_handling.case_id].append(co_handling)
    return found


def compute_next_reminder(case: Case, *, now: dt.datetime | None = None, rules=None, co_handlings=None):
    """What ``next_reminder_at`` should be for ``case`` (not saved)."""
    if not case.is_open:
        return None
    now = now or timezone.now()
    rules = rules or policy_for(case.kind).rules()
    if co_handlings is None:
        co_handlings = pending_co_handlings([case.pk]).get(case.pk, []) if case.pk else []
    return reminder_steps.next_reminder_at(tracks_for(case, rules, co_handlings), rules, now)


def refresh_next_reminder(case: Case, *, now: dt.datetime | None = None) -> None:
    """Set ``case.next_reminder_at`` in memory; the caller saves the case (``save_case``, ``open_case``,
    ``import_case``)."""
    case.next_reminder_at = compute_next_reminder(case, now=now)


def store_next_reminder(case: Case, *, now: dt.datetime | None = None) -> None:
    """Recompute and write ``next_reminder_at`` alone, for changes that do not save the case (co-handling)."""
    case.next_reminder_at = compute_next_reminder(case, now=now)
    Case.objects.filter(pk=case.pk).update(next_reminder_at=case.next_reminder_at)


def recompute_open_cases(
    kind: str, *, now: dt.datetime | None = None, batch_size: int = RECOMPUTE_BATCH, rules=None
) -> int:
    """Recompute ``next_reminder_at`` of every open case of ``kind`` (after its policy changed).

    Works in batches by primary key: one query reads a batch, one reads its co-handlings, one
    ``bulk_update`` writes it, each batch in its own short transaction so that the sweep and the
    users are not blocked for the whole table. Returns the number of cases whose value changed.
    """
    now = now or timezone.now()
    rules = rules or policy_for(kind).rules()
    fields = ("pk", "kind", "status", "is_open", "due_at", "report_due_at", "next_reminder_at")
    changed = 0
    last_pk = 0
    while True:
        with transaction.atomic():
            batch = list(
                Case.objects.filter(kind=kind, is_open=True, pk__gt=last_pk).order_by("pk").only(*fields)[:batch_size]
            )
            if not batch:
                return changed
            last_pk = batch[-1].pk
            co_handlings = pending_co_handlings([c.pk for c in batch])
            dirty = []
            for case in batch:
                value = reminder_steps.next_reminder_at(
                    tracks_for(case, rules, co_handlings.get(case.pk, [])), rules, now
                )
                if value != case.next_reminder_at:
                    case.next_reminder_at = value
                    dirty.append(case)
            if dirty:
                Case.objects.bulk_update(dirty, ["next_reminder_at"], batch_size=batch_size)
            changed += len(dirty)
        if len(batch) < batch_size:
            return changed


def save_policy(policy: ReminderPolicy, *, actor, now: dt.datetime | None = None) -> int:
    """Validate and save a reminder policy, then recompute ``next_reminder_at`` of the open cases of its
    kind (in batches). Returns how many cases' next reminder moved."""
    policy.full_clean()
    policy.updated_by = actor
    policy._history_user = actor
    with transaction.atomic():
        policy.save()
    return recompute_open_cases(policy.kind, now=now, rules=policy.rules())
