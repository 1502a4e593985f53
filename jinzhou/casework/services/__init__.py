"""Every write of the case engine. Admin, portal and API call these; nothing else writes cases."""

from jinzhou.casework.services.cases import (
    add_comment,
    available_transitions,
    get_case_for,
    link_cases,
    open_case,
    record_event,
    transition,
    update_case,
)
from jinzhou.casework.services.files import attach_file, validate_upload
from jinzhou.casework.services.supervision import (
    acknowledge_escalation,
    add_co_handler,
    decide_extension,
    escalate,
    give_co_handling_feedback,
    request_extension,
)

__all__ = [
    "acknowledge_escalation",
    "add_co_handler",
    "add_comment",
    "attach_file",
    "available_transitions",
    "decide_extension",
    "escalate",
    "get_case_for",
    "give_co_handling_feedback",
    "link_cases",
    "open_case",
    "record_event",
    "request_extension",
    "transition",
    "update_case",
    "validate_upload",
]
