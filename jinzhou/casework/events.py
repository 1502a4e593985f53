"""Where "something happened to a case" leaves the case engine: partner webhooks.

Every timeline event is written by ``services.cases.record_event``, which calls ``event_recorded``
explicitly (no signal), so a reader of the service sees the side effect. The webhook fan-out is
queued only after the transaction commits, and a broker that is down never fails the user's
request: the webhooks app's periodic sweep (``webhooks.deliver_due``) finds events whose fan-out
was lost and fans them out then.
"""

import logging
from functools import partial

from django.db import transaction

from jinzhou.casework.choices import EventKind

logger = logging.getLogger(__name__)

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
    transaction.on_commit(partial(_queue_fan_out, event.pk))


def _queue_fan_out(event_id: int) -> None:
    from jinzhou.webhooks.tasks import fan_out

    try:
        # retry=False: with the broker down, fail at once instead of holding the user's response.
        fan_out.apply_async(args=[event_id], retry=False)
    except Exception:
        # The change is committed and the timeline row is the durable record; the sweep fans the
        # event out later. Failing here would show the user an error for a change that was saved.
        logger.exception("Could not queue the webhook fan-out of timeline event %s; the sweep will retry.", event_id)
