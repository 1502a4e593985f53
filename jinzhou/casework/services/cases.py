"""Writes to cases: opening, the one status-changing ``transition``, editing, comments, links.

Every function here is atomic, takes the acting user as the keyword-only ``actor``, checks scope
(outside scope is ``CaseNotFound``), and records what it did on the case's timeline; the audit
history (django-simple-history) records the before/after values of every saved row.
"""

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from jinzhou.casework.choices import EventKind, LinkRelation
from jinzhou.casework.effects import apply_effects, set_deadline
from jinzhou.casework.events import event_recorded
from jinzhou.casework.exceptions import ActionRefused, CaseNotFound, TransitionNotAllowed, VersionConflict
from jinzhou.casework.inputs import clean_inputs
from jinzhou.casework.kinds import spec_for_model
from jinzhou.casework.models import Case, CaseLink, Comment, ReferenceSequence, TimelineEvent
from jinzhou.casework.permissions import relations
from jinzhou.casework.services.handoffs import notify_handoff
from jinzhou.casework.services.reminders import refresh_next_reminder
from jinzhou.casework.status import status_writes_allowed
from jinzhou.casework.workflows import COMMENT, Transition

# Fields a case edit may change; status, deadlines and assignment move only through their services.
EDITABLE_FIELDS = ("title", "description", "priority", "source", "chain")


def next_sequence(prefix: str, year: int) -> int:
    """The next number of a prefix's sequence in ``year``, from its locked row: never reused, no gap
    between two concurrent callers (the second waits for the first's transaction)."""
    with transaction.atomic():
        sequence, _created = ReferenceSequence.objects.select_for_update().get_or_create(prefix=prefix, year=year)
        ReferenceSequence.objects.filter(pk=sequence.pk).update(last=F("last") + 1)
        sequence.refresh_from_db(fields=["last"])
    return sequence.last


def next_reference(prefix: str, year: int) -> str:
    """The next reference number for a prefix and year, e.g. ``DD-2026-00042``. Never reused."""
    return f"{prefix}-{year}-{next_sequence(prefix, year):05d}"


def record_event(
    case, *, kind: str, actor, summary: str = "", note: str = "", notify: bool = True, **fields
) -> TimelineEvent:
    """Append a line to the case's timeline: the one record that something happened to the case.

    Whoever the handoff rule of the case's kind and this event names is told (``services.handoffs``;
    ``notify=False`` for history being imported, which is news to nobody)."""
    event = TimelineEvent.objects.create(
        case_id=case.pk, kind=kind, actor=actor, summary=summary[:300], note=note or "", **fields
    )
    # Partner webhooks are fanned out from here, after the caller's transaction commits.
    event_recorded(event)
    if notify:
        # In the same transaction: the in-app rows with the event, e-mail and robots after the commit.
        notify_handoff(case, event)
    return event


def get_case_for(user, pk, *, model=None) -> Case:
    """Load a case the user may see, as its kind model when ``model`` is given; else ``CaseNotFound``."""
    model = model or Case
    try:
        return model.objects.filter(pk__in=Case.objects.visible_to(user).filter(pk=int(pk)).values("pk")).get()
    except (model.DoesNotExist, ValueError, TypeError, OverflowError):
        raise CaseNotFound(_("No such case.")) from None


def lock_case(case: Case, *, actor, version: int | None = None) -> Case:
    """Check the actor's scope, lock the case's row and return the kind instance as the database holds it.

    Outside the actor's scope is ``CaseNotFound``; with ``version``, a case that has moved on since
    the actor saw it is ``VersionConflict``. The row stays locked until the caller's transaction
    ends. For a service that writes beside a case (a milestone, a member, a score sheet) and needs
    the case to stay as it is meanwhile; to change the case itself, use ``case_write``.
    """
    if not Case.objects.visible_to(actor).filter(pk=case.pk).exists():
        raise CaseNotFound(_("No such case."))
    Case.objects.select_for_update().filter(pk=case.pk).values_list("pk", flat=True).get()
    locked = case.spec.model.objects.select_related("chain").get(pk=case.pk)
    _check_version(locked, version)
    return locked


def _check_version(locked: Case, expected: int | None) -> None:
    if expected is not None and int(expected) != locked.version:
        raise VersionConflict(
            _(
                "%(reference)s was changed by someone else since you opened it (version %(yours)s, now %(now)s). "
                "Reload the page to see the changes, then try again."
            )
            % {"reference": locked.reference, "yours": expected, "now": locked.version}
        )


@contextmanager
def case_write(case: Case, *, actor, version: int | None = None) -> Iterator[Case]:
    """The one way a service changes a case's row (its status through ``transition`` only)::

        with transaction.atomic():
            with case_write(task, actor=actor, version=version) as locked:
                locked.progress = percent
            record_event(locked, kind=EventKind.PROGRESS, actor=actor, summary=...)

    On entering: ``lock_case`` (scope, row lock, and the version check when ``version`` is given:
    pass the version the actor saw, e.g. ``case.version`` of the instance the request loaded). The
    block changes the yielded instance. On leaving it without an exception: ``save_case``. An
    exception saves nothing and propagates (the caller's transaction rolls back).
    """
    # No savepoint of its own (no extra queries): the caller's transaction, or one for this write.
    with transaction.atomic(savepoint=False):
        locked = lock_case(case, actor=actor, version=version)
        yield locked
        save_case(locked, actor=actor)


def save_case(case: Case, *, actor) -> None:
    """Save a case: what leaving ``case_write`` does, with the row locked.

    Bumps the version, sets ``updated_by`` and the audit record's user to ``actor``, and recomputes
    ``next_reminder_at`` (every write of a deadline or a status passes here, so the reminder sweep
    follows it). Call it directly only for a case that follows another inside that one's
    ``case_write`` (an alliance's open evaluations follow its lead member when the alliance is edited).
    """
    # Under case_write the row is locked, so a plain increment cannot race.
    case.version += 1
    case.updated_by = actor
    case._history_user = actor
    refresh_next_reminder(case)
    case.save()


def open_case(*, model, actor, title: str, due_at: dt.datetime | None = None, enterprises=(), **fields) -> Case:
    """Create a case of the kind that ``model`` registers, in its workflow's initial state."""
    spec = spec_for_model(model)
    if spec is None:
        raise LookupError(f"{model.__name__} is not a registered case kind")
    now = timezone.now()
    with transaction.atomic():
        case = model(
            kind=spec.code,
            reference=next_reference(spec.prefix, timezone.localtime(now).year),
            title=title,
            status=spec.workflow.initial,
            created_by=actor,
            updated_by=actor,
            **fields,
        )
        case.full_clean(exclude=["reference", "status", "kind"])
        set_deadline(case, due_at)
        refresh_next_reminder(case)
        case._history_user = actor
        # A new case's status is the workflow's initial state, written here and by import_case only.
        with status_writes_allowed():
            case.save()
        if enterprises:
            case.enterprises.set(enterprises)
        record_event(
            case,
            kind=EventKind.CREATED,
            actor=actor,
            to_status=case.status,
            summary=_("Created as %(status)s") % {"status": case.status_label},
        )
    return case


def available_transitions(case: Case, user, *, mine=None) -> list[Transition]:
    """The transitions ``user`` may fire on ``case`` now: what the buttons and the API show. ``mine``:
    the user's relations to the case, when the caller has them already."""
    mine = relations(case, user) if mine is None else mine
    return [t for t in case.spec.workflow.from_state(case.status) if mine & set(t.actors)]


def transition(case: Case, action: str, *, actor, version: int | None = None, note: str = "", **data) -> Case:
    """Fire ``action`` on ``case``: the only way a case's status changes.

    Locks the row, checks the version the actor saw (``version``, default the loaded one), the
    action, the actor's relation to the case and the required inputs, then writes the change, the
    timeline event and the audit record in one transaction. Returns the updated kind instance.
    """
    expected = case.version if version is None else version
    workflow = case.spec.workflow
    with transaction.atomic():
        with case_write(case, actor=actor, version=expected) as locked:
            step = workflow.transition(action)
            if step is None:
                raise TransitionNotAllowed(
                    _("“%(action)s” is not an action of this kind of case.") % {"action": action}
                )
            current = workflow.state(locked.status)
            if locked.status not in step.sources:
                allowed = "、".join(str(workflow.state(code).label) for code in step.sources)
                raise TransitionNotAllowed(
                    _("%(reference)s is “%(status)s”: “%(action)s” is possible only when it is “%(allowed)s”.")
                    % {"reference": locked.reference, "status": current.label, "action": step.label, "allowed": allowed}
                )
            if not relations(locked, actor) & set(step.actors):
                raise ActionRefused(
                    _("You may not “%(action)s” %(reference)s: this step belongs to %(who)s.")
                    % {"action": step.label, "reference": locked.reference, "who": describe_actors(step.actors)}
                )
            cleaned = clean_inputs(step, {**data, "note": note} if note else data)
            apply_effects(step.effects, locked, cleaned, actor=actor)
            target = workflow.state(step.target)
            with status_writes_allowed():
                locked.status = target.code
            locked.is_open = not target.terminal
        event = record_event(
            locked,
            kind=EventKind.TRANSITION,
            action=step.action,
            from_status=current.code,
            to_status=target.code,
            actor=actor,
            summary=f"{step.label}：{current.label} → {target.label}",
            note=cleaned.get("note") or cleaned.get("resolution") or note,
            data=_event_data(cleaned),
        )
        if target.code in workflow.waiting_states:
            # Handed in for the office's decision: the on-time rate's moment, the event's own time
            # (as the timeline says it), kept on the case so the rates need not search the timeline.
            locked.handed_in_at = event.at
            Case.objects.filter(pk=locked.pk).update(handed_in_at=event.at)
    return locked


def _event_data(cleaned: dict) -> dict:
    data = {}
    for key, value in cleaned.items():
        if value is None:
            continue
        if hasattr(value, "pk"):
            data[key] = {"id": value.pk, "name": str(value)}
        elif isinstance(value, list):
            data[key] = [{"id": item.pk, "name": str(item)} if hasattr(item, "pk") else item for item in value]
        else:
            data[key] = value
    return data


ACTOR_LABELS = {
    "office": _("the leading-group office"),
    "leading_group": _("the leading group"),
    "task_force_leader": _("the task-force leader"),
    "responsible": _("the responsible department"),
    "responsible_department": _("the responsible department's staff"),
    "co_handler": _("a co-handling department"),
    "reporter": _("the reporter"),
    "assigner": _("whoever assigned the case"),
}


def describe_actors(actors) -> str:
    return "、".join(str(ACTOR_LABELS.get(name, name)) for name in actors)


def update_case(case: Case, *, actor, version: int | None = None, **changes) -> Case:
    """Edit a case's descriptive fields (not its status): the office, or the reporter of a draft."""
    # Only descriptive fields: the shared ones plus the kind's own. Assignment, reporter, parent and
    # the like move through their services, so they are refused here even though forms could edit them.
    case_fields = {f.name for f in Case._meta.fields}
    kind_fields = {f.name for f in case.spec.model._meta.fields if f.editable and f.name not in case_fields}
    unknown = set(changes) - set(EDITABLE_FIELDS) - kind_fields
    if "status" in changes:
        raise ValidationError({"status": _("The status changes only through the case's actions.")})
    if unknown:
        raise ValidationError({name: _("This field cannot be changed here.") for name in sorted(unknown)})
    with transaction.atomic():
        with case_write(case, actor=actor, version=case.version if version is None else version) as locked:
            if not Case.objects.editable_by(actor).filter(pk=locked.pk).exists():
                raise ActionRefused(_("You may not edit %(reference)s.") % {"reference": locked.reference})
            before = {name: getattr(locked, name) for name in changes}
            for name, value in changes.items():
                setattr(locked, name, value)
            locked.full_clean(exclude=["reference", "status", "kind"])
            changed = [name for name in changes if before[name] != getattr(locked, name)]
            locked.after_edit(changed)
        if changed:
            record_event(
                locked,
                kind=EventKind.EDITED,
                actor=actor,
                summary=_("Edited: %(fields)s") % {"fields": ", ".join(changed)},
            )
    return locked


def may_comment(case: Case, user) -> bool:
    """``add_comment``'s rule: whoever sees the case (scope is the caller's), where its state allows."""
    return case.allows(COMMENT)


def add_comment(case: Case, *, actor, text: str) -> Comment:
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("A comment cannot be empty.")})
    with transaction.atomic():
        locked = lock_case(case, actor=actor)
        if not locked.allows(COMMENT):
            raise TransitionNotAllowed(
                _("%(reference)s is “%(status)s”: it takes no comments now.")
                % {"reference": locked.reference, "status": locked.status_label}
            )
        comment = Comment(case_id=locked.pk, author=actor, text=text)
        comment._history_user = actor
        comment.save()
        record_event(locked, kind=EventKind.COMMENT, actor=actor, summary=_("Comment"), note=text)
    return comment


def link_cases(case: Case, other: Case, *, actor, relation: str = LinkRelation.RELATES) -> CaseLink:
    if relation not in LinkRelation.values:
        raise ValidationError({"relation": _("Choose a valid relation.")})
    if case.pk == other.pk:
        raise ValidationError({"to_case": _("A case cannot be linked to itself.")})
    with transaction.atomic():
        locked = lock_case(case, actor=actor)
        target = get_case_for(actor, other.pk)
        link, _created = CaseLink.objects.get_or_create(
            from_case_id=locked.pk, to_case_id=target.pk, relation=relation, defaults={"created_by": actor}
        )
        record_event(
            locked,
            kind=EventKind.LINK,
            actor=actor,
            summary=_("Linked to %(reference)s") % {"reference": target.reference},
        )
    return link
