"""Writes of the meetings: recording a meeting with its decisions in one step, and its minutes.

Each decision becomes a chain task through ``chains.services.create_chain_task`` (source 会议议定,
its deadline through the working-day calendar, the lead department told by the handoff notices), its
co-handling departments through ``casework.services.add_co_handler`` (each told in turn); an action
on an existing bottleneck is a task whose ``parent`` is that bottleneck. All rows are checked before
anything is written, and everything is written in one transaction: a refused row refuses them all.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from chains.models import Bottleneck
from chains.services import create_chain_task, may_assign_chain_tasks
from jinzhou.casework.choices import Source
from jinzhou.casework.exceptions import ActionRefused
from jinzhou.casework.inputs import deadline_from
from jinzhou.casework.services import add_co_handler, refuse_bad_uploads, validate_upload
from jinzhou.org.selectors import actor_for
from meetings.models import Decision, Meeting, MeetingMinutes

# How many decisions one meeting records in one step (a form or a request), as other lists are capped.
MAX_DECISIONS = 50


def may_record_meeting(user) -> bool:
    """``record_meeting``'s rule: the leading-group office records meetings and their decisions."""
    return actor_for(user).is_office


def check_may_record(user) -> None:
    if not may_record_meeting(user):
        raise ActionRefused(_("Meetings and their decisions are recorded by the leading-group office."))


def _given(value) -> bool:
    return value not in (None, "")


def check_decision(actor, row: dict) -> dict:
    """One decision row, cleaned, or every problem with it by field (``text``, ``chain``,
    ``department``, ``co_departments``, ``due_date``/``due_in_working_days``, ``bottleneck``).
    The row gains ``due_at`` (the deadline it will have) and its ``chain`` (a bottleneck's own)."""
    errors: dict[str, list] = {}
    row = dict(row)
    row["text"] = (row.get("text") or "").strip()
    if not row["text"]:
        errors["text"] = [_("Write the decision.")]
    bottleneck = row.get("bottleneck")
    chain = row.get("chain")
    if bottleneck is not None:
        if not isinstance(bottleneck, Bottleneck):
            bottleneck = Bottleneck.objects.filter(pk=bottleneck).first()
        if bottleneck is None or not bottleneck.is_open:
            errors["bottleneck"] = [_("Choose an open bottleneck.")]
        elif chain is None:
            chain = bottleneck.chain
        elif bottleneck.chain_id not in (None, chain.pk):
            errors["chain"] = [
                _("The bottleneck %(reference)s is on the chain %(chain)s.")
                % {"reference": bottleneck.reference, "chain": bottleneck.chain}
            ]
    if chain is None and "chain" not in errors:
        errors["chain"] = [_("Choose the chain the decision concerns.")]
    elif chain is not None and not may_assign_chain_tasks(actor, chain):
        errors["chain"] = [_("You may not assign tasks on this chain.")]
    department = row.get("department")
    if department is None:
        errors["department"] = [_("Choose the lead department.")]
    co_departments = list(row.get("co_departments") or ())
    if department is not None and department in co_departments:
        errors["co_departments"] = [_("The lead department cannot also co-handle.")]
    due_date, days = row.get("due_date"), row.get("due_in_working_days")
    if not _given(due_date) and not _given(days):
        errors["due_in_working_days"] = [_("Give a deadline: a number of working days, or a date.")]
    else:
        try:
            row["due_at"] = deadline_from(due_date=due_date, due_in_working_days=days)
        except ValidationError as error:
            for key, messages in error.message_dict.items():
                errors.setdefault(key, []).extend(messages)
    if errors:
        raise ValidationError(errors)
    row.update(chain=chain, bottleneck=bottleneck, co_departments=co_departments)
    return row


def check_decisions(actor, rows) -> list[dict]:
    """Every row cleaned, or one refusal naming each bad row (decision 2: …)."""
    rows = list(rows)
    if len(rows) > MAX_DECISIONS:
        raise ValidationError({"decisions": _("At most %(max)d decisions at once.") % {"max": MAX_DECISIONS}})
    cleaned, problems = [], []
    for number, row in enumerate(rows, start=1):
        try:
            cleaned.append(check_decision(actor, row))
        except ValidationError as error:
            for messages in error.message_dict.values():
                problems += [_("Decision %(number)d: %(error)s") % {"number": number, "error": m} for m in messages]
    if problems:
        raise ValidationError({"decisions": problems})
    return cleaned


def check_minutes(uploads) -> None:
    """Every refused file at once (the case attachments' rule, ``validate_upload``)."""
    refuse_bad_uploads(uploads, field="minutes")


def _description(meeting: Meeting, row: dict) -> str:
    source = _("Decided at %(meeting)s.") % {"meeting": meeting}
    text = (row.get("description") or "").strip()
    return f"{text}\n\n{source}" if text else source


def record_decisions(meeting: Meeting, *, actor, rows) -> list[Decision]:
    """Each row a decision tracked as a chain task: all of them, or none (one transaction)."""
    check_may_record(actor)
    cleaned = check_decisions(actor, rows)
    decisions = []
    with transaction.atomic():
        number = max(meeting.decisions.values_list("number", flat=True), default=0)
        for row in cleaned:
            task = create_chain_task(
                actor=actor,
                title=row["text"],
                chain=row["chain"],
                department=row["department"],
                due_date=row.get("due_date"),
                due_in_working_days=row.get("due_in_working_days"),
                description=_description(meeting, row),
                source=Source.MEETING,
                parent=row["bottleneck"],
            )
            for department in row["co_departments"]:
                add_co_handler(task, actor=actor, department=department)
            number += 1
            decision = Decision(meeting=meeting, number=number, text=row["text"], task=task)
            decision._history_user = actor
            decision.save()
            decisions.append(decision)
        chains = {row["chain"].pk for row in cleaned} - set(meeting.chains.values_list("pk", flat=True))
        if chains:
            meeting.chains.add(*chains)
    return decisions


def add_minutes(meeting: Meeting, *, actor, upload) -> MeetingMinutes:
    check_may_record(actor)
    name, content_type = validate_upload(upload)
    minutes = MeetingMinutes(
        meeting=meeting, filename=name, content_type=content_type, size=upload.size, uploaded_by=actor
    )
    minutes.file.save(name, upload, save=False)
    minutes.save()
    return minutes


def record_meeting(
    *,
    actor,
    kind: str,
    date,
    title: str = "",
    chair=None,
    attendees=(),
    departments=(),
    chains=(),
    enterprises=(),
    summary: str = "",
    decisions=(),
    minutes=(),
    **fields,
) -> Meeting:
    """A meeting with its decisions and minutes in one step (one transaction)."""
    check_may_record(actor)
    check_minutes(minutes)
    check_decisions(actor, decisions)
    with transaction.atomic():
        meeting = Meeting(kind=kind, date=date, title=title, chair=chair, summary=summary, created_by=actor, **fields)
        meeting.full_clean()
        meeting._history_user = actor
        meeting.save()
        meeting.attendees.set(attendees)
        meeting.departments.set(departments)
        meeting.chains.set(chains)
        meeting.enterprises.set(enterprises)
        record_decisions(meeting, actor=actor, rows=decisions)
        for upload in minutes:
            add_minutes(meeting, actor=actor, upload=upload)
    return meeting
