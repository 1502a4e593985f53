"""Every write of the case engine. Admin, portal and API call these; nothing else writes cases.

A kind's own services (chains, projects, alliances) change a case through ``case_write`` (lock,
version check, save) or lock it with ``lock_case`` while they write beside it; seeds and test
fixtures enter a case in a recorded state with ``import_case``.
"""

from jinzhou.casework.services.cases import (
    add_comment,
    available_transitions,
    case_write,
    get_case_for,
    link_cases,
    lock_case,
    may_comment,
    open_case,
    record_event,
    save_case,
    transition,
    update_case,
)
from jinzhou.casework.services.cohandling import (
    add_co_handler,
    give_co_handling_feedback,
    may_add_co_handler,
    may_give_co_handling_feedback,
)
from jinzhou.casework.services.documents import (
    may_edit_templates,
    may_print_notice,
    replace_template,
    revert_template,
    set_number_pattern,
)
from jinzhou.casework.services.files import attach_file, may_attach, refuse_bad_uploads, validate_upload
from jinzhou.casework.services.imports import import_case
from jinzhou.casework.services.saved_views import clean_view_query, delete_view, save_view
from jinzhou.casework.services.supervision import (
    acknowledge_escalation,
    decide_extension,
    escalate,
    may_acknowledge_escalation,
    may_decide_extension,
    may_escalate,
    may_request_extension,
    request_extension,
)

__all__ = [
    "acknowledge_escalation",
    "add_co_handler",
    "add_comment",
    "attach_file",
    "available_transitions",
    "case_write",
    "clean_view_query",
    "decide_extension",
    "delete_view",
    "escalate",
    "get_case_for",
    "give_co_handling_feedback",
    "import_case",
    "link_cases",
    "lock_case",
    "may_acknowledge_escalation",
    "may_add_co_handler",
    "may_attach",
    "may_comment",
    "may_decide_extension",
    "may_edit_templates",
    "may_escalate",
    "may_give_co_handling_feedback",
    "may_print_notice",
    "may_request_extension",
    "open_case",
    "record_event",
    "refuse_bad_uploads",
    "replace_template",
    "request_extension",
    "revert_template",
    "save_case",
    "save_view",
    "set_number_pattern",
    "transition",
    "update_case",
    "validate_upload",
]
