"""What the top of a case page tells first (for the admin and the portal alike, via the presenter):
the latest return (退回 / 退办) with its reason, who and when, while the case has not been handed in
again; the latest decision on an extension until the next step; and, when handing in again after a
return, the text handed in last time, so that nothing has to be typed twice."""

from __future__ import annotations

from dataclasses import dataclass

from jinzhou.casework.choices import EventKind, ExtensionStatus
from jinzhou.casework.workflows import Transition


@dataclass(frozen=True)
class Banner:
    # "returned", "extension_approved" or "extension_refused"
    kind: str
    who: object
    at: object
    note: str = ""
    # The label of the step (e.g. 退办) or the new deadline of an approved extension.
    label: str = ""
    new_due_at: object = None


def _transitions(events) -> list:
    return [event for event in events if event.kind == EventKind.TRANSITION]


def latest_return(case, events) -> object | None:
    """The return event shown at the top: the case's last step was a return (``Workflow.is_return``)
    and the case is still in the state it was returned to (not handed in again since)."""
    steps = _transitions(events)
    if not steps:
        return None
    last = steps[-1]
    workflow = case.spec.workflow
    step = workflow.transition(last.action)
    if step is None or not workflow.is_return(step) or last.to_status != case.status:
        return None
    return last


def banners(case, events, extensions) -> list[Banner]:
    """The notes at the top of the page, most important first. ``events`` in time order (loaded for
    the timeline), ``extensions`` as loaded for the page: no query of their own."""
    found = []
    returned = latest_return(case, events)
    if returned is not None:
        step = case.spec.workflow.transition(returned.action)
        found.append(Banner("returned", returned.actor, returned.at, returned.note, str(step.label)))
    decided = [item for item in extensions if item.decided_at and item.status != ExtensionStatus.PENDING]
    if decided:
        latest = max(decided, key=lambda item: item.decided_at)
        steps = _transitions(events)
        if not steps or steps[-1].at <= latest.decided_at:
            approved = latest.status == ExtensionStatus.APPROVED
            found.append(
                Banner(
                    "extension_approved" if approved else "extension_refused",
                    latest.decided_by,
                    latest.decided_at,
                    latest.decision_note,
                    new_due_at=latest.new_due_at if approved else None,
                )
            )
    return found


def previous_text(step: Transition, events, returned) -> dict:
    """The initial text inputs of ``step`` when the case was returned: what the last hand-in by the
    same step said (a resolution, a result), e.g. after 退办 the resolution handed in before."""
    if returned is None:
        return {}
    earlier = [
        event
        for event in _transitions(events)
        if event.action == step.action and event.at <= returned.at and event.note
    ]
    if not earlier:
        return {}
    texts = [spec.name for spec in step.inputs if spec.kind == "text" and not spec.choices]
    return {texts[0]: earlier[-1].note} if texts else {}
