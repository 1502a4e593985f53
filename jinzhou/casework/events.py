"""Where "something happened to a case" leaves the case engine: partner webhooks.

Every timeline event is written by ``services.cases.record_event``, which calls ``event_recorded``
explicitly (no signal), so a reader of the service sees the side effect. The webhook fan-out is
queued only after the transaction commits, through ``jinzhou.queueing`` (fail fast, a breaker
during a broker outage), so a broker that is down neither fails nor slows the user's request: the
webhooks app's periodic sweep (``webhooks.deliver_due``) finds events whose fan-out was lost and
fans them out then.
"""

import datetime as dt
from collections.abc import Callable

from jinzhou import queueing
from jinzhou.casework.choices import EventKind
from jinzhou.org.selectors import display_name

# Timeline event kind -> webhook event type. Kinds not listed (edits, links, attachments,
# assignments, …) produce no webhook.
WEBHOOK_EVENT_TYPES: dict[str, str] = {
    EventKind.CREATED: "case.created",
    EventKind.TRANSITION: "case.transitioned",
    EventKind.COMMENT: "case.commented",
    EventKind.ESCALATION: "case.escalated",
    # Recorded once when a case first goes overdue (the reminder sweep); the string keeps this module
    # importable while that kind is being added.
    getattr(EventKind, "OVERDUE", "overdue"): "case.overdue",
}
# Acknowledging a supervision notice is recorded as an escalation event too; it is not a new one.
NOT_A_NEW_ESCALATION = frozenset({"acknowledge_escalation"})


def iso_moment(moment: dt.datetime | None) -> str | None:
    """A moment as a webhook writes it: ISO 8601 in UTC with a ``Z``."""
    if moment is None:
        return None
    return moment.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")


def timeline_event_data(event, *, moment: Callable[[dt.datetime], object]) -> dict:
    """One timeline event as partners read it: a webhook's ``data.event`` and the API's case
    timeline (``casework/api/records.py``), one shape for both. ``moment`` writes its time."""
    return {
        "id": event.pk,
        "kind": event.kind,
        "action": event.action,
        "from_status": event.from_status,
        "to_status": event.to_status,
        "summary": event.summary,
        "note": event.note,
        "details": event.data or {},
        "actor": display_name(event.actor),
        "at": moment(event.at),
    }


def webhook_event_type(event) -> str | None:
    """The webhook event type a timeline event produces, or None."""
    if event.kind == EventKind.ESCALATION and event.action in NOT_A_NEW_ESCALATION:
        return None
    return WEBHOOK_EVENT_TYPES.get(event.kind)


def webhook_event_kinds() -> list[str]:
    """The timeline kinds that may produce a webhook (for the sweep's catch-up query)."""
    return [str(kind) for kind in WEBHOOK_EVENT_TYPES]


def event_recorded(event) -> None:
    """Called by ``record_event`` inside the writing transaction: queue the fan-out after commit."""
    if webhook_event_type(event) is None:
        return
    # The timeline row is the durable record; if this message is lost, the sweep fans the event out.
    queueing.enqueue_on_commit("jinzhou.webhooks.tasks.fan_out", args=[event.pk])
