"""Entering a case that exists elsewhere, straight in its recorded state: for seeds and test fixtures.

A step that happened outside the system is recorded, not replayed: the seed's alliances approved by
the province years ago, the article's investment projects already signed, a test's case "in progress".
``import_case`` is the one way to do it, and with ``open_case`` the only code that inserts a case with
a status; every later change goes through ``transition``.
"""

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jinzhou.casework.choices import EventKind
from jinzhou.casework.effects import set_deadline
from jinzhou.casework.kinds import spec_for_model
from jinzhou.casework.models import Case, TimelineEvent
from jinzhou.casework.services.cases import next_reference, record_event
from jinzhou.casework.services.reminders import refresh_next_reminder
from jinzhou.casework.status import status_writes_allowed
from jinzhou.casework.tallies import fill_handed_in_at


def import_case(
    model,
    *,
    state: str,
    history: Iterable[dict] = (),
    actor=None,
    due_at: dt.datetime | None = None,
    change_reason: str = "",
    reference_year: int | None = None,
    **fields,
) -> Case:
    """Create a case of the kind ``model`` registers, directly in ``state``, with its history.

    - ``state`` must be a state of the kind's workflow (else ``ValidationError`` on ``status``); a
      terminal state closes the case (``is_open`` false, ``closed_at`` now unless given).
    - ``history``: the timeline lines saying where the case comes from, each a dict of
      ``record_event``'s keywords (``kind``, ``summary``, ``note``, ``to_status``, …; ``actor``
      defaults to ``actor``). A test fixture may give none.
    - ``due_at`` sets the deadline and its yellow window as every deadline is set (``set_deadline``).
    - ``reference_year``: the year of the case's own record (a 2021 project is ZS-2021-…); this year if not given.
    - ``actor`` is the audit record's user (None for a seed); ``change_reason`` its reason.
    - ``fields`` are the model's other fields; they are validated (``full_clean``) as ``open_case``
      validates them, and ``next_reminder_at`` is computed, so the reminder sweep knows the case.
    """
    spec = spec_for_model(model)
    if spec is None:
        raise LookupError(f"{model.__name__} is not a registered case kind")
    workflow = spec.workflow
    if state not in {known.code for known in workflow.states}:
        raise ValidationError(
            {"status": _("“%(status)s” is not a state of a %(kind)s.") % {"status": state, "kind": spec.label}}
        )
    terminal = workflow.is_terminal(state)
    now = timezone.now()
    fields.setdefault("closed_at", now if terminal else None)
    with transaction.atomic():
        case = model(
            kind=spec.code,
            reference=next_reference(spec.prefix, reference_year or timezone.localtime(now).year),
            status=state,
            is_open=not terminal,
            **fields,
        )
        case.full_clean(exclude=["reference", "status", "kind"])
        if due_at is not None:
            set_deadline(case, due_at)
        refresh_next_reminder(case)
        case._history_user = actor
        if change_reason:
            case._change_reason = change_reason
        with status_writes_allowed():
            case.save()
        for line in history:
            record_event(case, **{"actor": actor, "notify": False, **line})
        if any(line.get("kind") == EventKind.TRANSITION for line in history):
            # A recorded hand-in counts as one made here (the on-time rate reads ``handed_in_at``).
            fill_handed_in_at(Case, TimelineEvent, Case.objects.filter(pk=case.pk))
            case.refresh_from_db(fields=["handed_in_at"])
    return case
