"""Handoff notices as data: who is told when something happens to a case (交办, 退回, 办结 …).

Every happening on a case is one timeline event written by ``services.cases.record_event``; its
*event key* (``event_key``) names it: ``created``, ``transition:<action>``, ``comment``,
``attachment``, ``extension:<action>``, ``co_handling:<action>``, ``progress``,
``escalation:<action>``. A rule (``casework.HandoffRule``, one per kind of case and event key,
editable in the admin) lists who is told, in the fixed vocabulary ``RECIPIENTS``; a kind and event
without a stored rule follow ``default_recipients`` here. ``services.handoffs`` sends them.

A transition or an event that tells nobody by default is named in ``SILENT`` with the reason, so a
new transition cannot go unannounced by oversight (``tests/casework/test_handoff_rules.py``).
"""

from django.utils.translation import gettext_lazy as _

from jinzhou.casework.workflows import EXTENSION_REQUEST, PROGRESS_REPORT

# The vocabulary of a rule's recipients, in the order the admin shows them.
RECIPIENTS = (
    ("responsible_person", _("the responsible person")),
    ("responsible_department", _("the responsible department (its active staff)")),
    ("co_handlers", _("the co-handling departments' staff")),
    ("co_handling_department", _("the co-handling department the event names (added, or giving feedback)")),
    ("reporter", _("the reporter")),
    ("reporter_enterprise", _("the reporting enterprise's users")),
    ("assigner", _("whoever assigned the case")),
    ("office", _("the leading-group office")),
    ("escalation_target", _("the addressee of the latest supervision notice")),
    ("extension_decider", _("who decides extensions (the assigner, else the office)")),
    ("extension_requester", _("who requested the extension")),
    ("everyone_on_case", _("everyone on the case (all of the above)")),
)
RECIPIENT_CODES = tuple(code for code, _label in RECIPIENTS)
# "Everyone on the case": every relation above but the event-specific ones.
EVERYONE = (
    "responsible_person",
    "responsible_department",
    "co_handlers",
    "reporter",
    "reporter_enterprise",
    "assigner",
)
# The relations (``casework.permissions``) a recipient holds by being reached as one of these: what
# decides which next steps the message tells them of, without one more query per recipient.
RELATIONS_OF = {
    "responsible_person": {"responsible"},
    "responsible_department": {"responsible", "responsible_department"},
    "co_handlers": {"co_handler"},
    "co_handling_department": {"co_handler"},
    "reporter": {"reporter"},
    "reporter_enterprise": {"reporter"},
    "assigner": {"assigner"},
    "office": {"office"},
}

# The engine's events that may tell someone, besides the transitions (``transition:<action>``).
CREATED = "created"
COMMENT = "comment"
ATTACHMENT = "attachment"
PROGRESS = "progress"
REQUEST_EXTENSION = "extension:request_extension"
APPROVE_EXTENSION = "extension:approve_extension"
REJECT_EXTENSION = "extension:reject_extension"
ADD_CO_HANDLER = "co_handling:add_co_handler"
CO_HANDLING_FEEDBACK = "co_handling:co_handling_feedback"
ESCALATE = "escalation:escalate"
ACKNOWLEDGE_ESCALATION = "escalation:acknowledge_escalation"

ENGINE_EVENT_LABELS = {
    CREATED: _("Created"),
    COMMENT: _("Comment"),
    ATTACHMENT: _("File attached"),
    PROGRESS: _("Progress report"),
    REQUEST_EXTENSION: _("Extension requested"),
    APPROVE_EXTENSION: _("Extension approved"),
    REJECT_EXTENSION: _("Extension refused"),
    ADD_CO_HANDLER: _("Co-handler added"),
    CO_HANDLING_FEEDBACK: _("Co-handling feedback"),
    ESCALATE: _("Supervision notice issued"),
    ACKNOWLEDGE_ESCALATION: _("Supervision notice acknowledged"),
}

RESPONSIBLE = ("responsible_department", "responsible_person")
REPORTERS = ("reporter", "reporter_enterprise")

# Defaults for every kind (an engine event means the same whatever the kind).
ENGINE_DEFAULTS: dict[str, tuple[str, ...]] = {
    COMMENT: ("everyone_on_case",),
    ATTACHMENT: ("everyone_on_case",),
    PROGRESS: ("assigner",),
    REQUEST_EXTENSION: ("extension_decider",),
    APPROVE_EXTENSION: ("extension_requester",),
    REJECT_EXTENSION: ("extension_requester",),
    ADD_CO_HANDLER: ("co_handling_department",),
    CO_HANDLING_FEEDBACK: RESPONSIBLE,
    ACKNOWLEDGE_ESCALATION: ("office",),
}

# Defaults per kind of case: (kind, event key) -> recipients.
KIND_DEFAULTS: dict[tuple[str, str], tuple[str, ...]] = {
    # 堵点: reported by an enterprise, run by the office, handled by a department.
    ("bottleneck", "transition:submit"): ("office",),
    ("bottleneck", "transition:accept"): REPORTERS,
    ("bottleneck", "transition:return"): REPORTERS,
    ("bottleneck", "transition:assign"): RESPONSIBLE,
    ("bottleneck", "transition:reassign"): RESPONSIBLE,
    ("bottleneck", "transition:submit_resolution"): ("office",),
    ("bottleneck", "transition:close"): (*REPORTERS, "co_handlers", *RESPONSIBLE),
    ("bottleneck", "transition:send_back"): RESPONSIBLE,
    ("bottleneck", "transition:reopen"): (*RESPONSIBLE, *REPORTERS),
    # 工作任务: assigned to a chain leader by whoever assigned it (the assigner reviews it).
    ("task", CREATED): RESPONSIBLE,
    ("task", "transition:submit"): ("assigner",),
    ("task", "transition:close"): (*RESPONSIBLE, "co_handlers", *REPORTERS),
    ("task", "transition:return"): RESPONSIBLE,
    ("task", "transition:reassign"): RESPONSIBLE,
    # 产业链运行监测: the chain-leader department files the figures, the office reviews them.
    ("chain_report", CREATED): RESPONSIBLE,
    ("chain_report", "transition:submit"): ("office",),
    ("chain_report", "transition:approve"): RESPONSIBLE,
    ("chain_report", "transition:return"): RESPONSIBLE,
    # 揭榜挂帅: the bureau runs it; the enterprise that raised the problem (its reporter) hears the decisions.
    ("challenge", "transition:award"): REPORTERS,
    ("challenge", "transition:midterm_pass"): REPORTERS,
    ("challenge", "transition:midterm_rectify"): REPORTERS,
    ("challenge", "transition:rectified"): REPORTERS,
    ("challenge", "transition:accept"): REPORTERS,
    ("challenge", "transition:fail"): REPORTERS,
    ("challenge", "transition:terminate"): REPORTERS,
    # A milestone: the lead unit (its reporter) submits, the bureau (responsible) confirms.
    ("milestone", CREATED): REPORTERS,
    ("milestone", "transition:submit"): RESPONSIBLE,
    ("milestone", "transition:accept"): REPORTERS,
    ("milestone", "transition:return"): REPORTERS,
    ("milestone", "transition:cancel"): REPORTERS,
    ("milestone", PROGRESS): RESPONSIBLE,
    # 申报: the enterprise applies, the bureau decides.
    ("application", CREATED): RESPONSIBLE,
    ("application", "transition:recommend"): REPORTERS,
    ("application", "transition:close_recommended"): REPORTERS,
    ("application", "transition:not_recommend"): REPORTERS,
    ("application", "transition:won"): REPORTERS,
    ("application", "transition:not_won"): REPORTERS,
    # 联盟: the lead enterprise applies, the bureau recommends and records the province's decisions.
    ("alliance", "transition:submit"): ("responsible_department",),
    ("alliance", "transition:recommend"): REPORTERS,
    ("alliance", "transition:return"): REPORTERS,
    ("alliance", "transition:approve"): REPORTERS,
    ("alliance", "transition:decline"): REPORTERS,
    ("alliance", "transition:select_typical"): REPORTERS,
    ("alliance", "transition:dissolve"): REPORTERS,
    # 联盟评价: the alliance assesses itself, the bureau reviews.
    ("alliance_evaluation", CREATED): REPORTERS,
    ("alliance_evaluation", "transition:submit"): ("responsible_department",),
    ("alliance_evaluation", "transition:return"): REPORTERS,
    ("alliance_evaluation", "transition:send_back"): ("responsible_department",),
    ("alliance_evaluation", "transition:panel_review"): REPORTERS,
}

# Silent on purpose: (kind or "*", event key) -> why nobody is told by default. A rule in the admin
# may still switch one on.
SILENT: dict[tuple[str, str], str] = {
    ("*", CREATED): "a new case starts as its reporter's draft or is recorded by the office itself",
    ("*", ESCALATE): "the supervision notice notifies its addressee itself (supervision.escalate)",
    ("bottleneck", "transition:acknowledge"): "signing for a case is seen on the case list; nobody waits on it",
    ("bottleneck", "transition:start"): "the handling department's own step; nobody waits on it",
    ("task", "transition:acknowledge"): "signing for a task is seen on the task list; nobody waits on it",
    ("task", "transition:start"): "the handling department's own step; nobody waits on it",
    ("challenge", "transition:publish"): "publication is public: the portal lists open challenges",
    ("challenge", "transition:close_applications"): "the bureau's own step; applicants see the window close",
    ("challenge", "transition:start_review"): "the bureau's own step before the experts review",
    ("challenge", "transition:start"): "the awarded team starts the work itself",
    ("investment", "transition:negotiate"): "the bureau records the project's stages itself; nobody waits",
    ("investment", "transition:sign"): "the bureau records the project's stages itself; nobody waits",
    ("investment", "transition:start"): "the bureau records the project's stages itself; nobody waits",
    ("investment", "transition:complete"): "the bureau records the project's stages itself; nobody waits",
    ("investment", "transition:produce"): "the bureau records the project's stages itself; nobody waits",
    ("investment", "transition:drop"): "the bureau records the project's stages itself; nobody waits",
    ("application", "transition:review"): "the bureau's own step; the applicant hears the decision",
    ("alliance_evaluation", "transition:first_review"): "an intermediate review; the alliance hears the result",
    ("alliance_evaluation", "transition:second_review"): "an intermediate review; the alliance hears the result",
}


def event_key(event) -> str:
    """The key of a timeline event for the rules: its kind, and its action when it has one."""
    return f"{event.kind}:{event.action}" if event.action else str(event.kind)


def is_governed(event: str) -> bool:
    """Whether a rule may govern an event key: the transitions and the engine events above (not
    edits, links or the sweep's overdue marks, which tell nobody and cost no query)."""
    return event.startswith("transition:") or event in ENGINE_EVENT_LABELS


def default_recipients(kind: str, event: str) -> tuple[str, ...]:
    """Who is told of ``event`` on a case of ``kind`` when no rule is stored."""
    if (kind, event) in KIND_DEFAULTS:
        return KIND_DEFAULTS[kind, event]
    return ENGINE_DEFAULTS.get(event, ())


def is_silent(kind: str, event: str) -> bool:
    return (kind, event) in SILENT or ("*", event) in SILENT


def known_events(spec) -> list[tuple[str, str]]:
    """(event key, label) of every event a kind may record that a rule may govern, in workflow order."""
    workflow = spec.workflow
    found = [(CREATED, ENGINE_EVENT_LABELS[CREATED])]
    found += [(f"transition:{t.action}", t.label) for t in workflow.transitions]
    for key in (COMMENT, ATTACHMENT):
        found.append((key, ENGINE_EVENT_LABELS[key]))
    if workflow.states_allowing(PROGRESS_REPORT) or (spec.code, PROGRESS) in KIND_DEFAULTS:
        found.append((PROGRESS, ENGINE_EVENT_LABELS[PROGRESS]))
    if workflow.states_allowing(EXTENSION_REQUEST):
        found += [(key, ENGINE_EVENT_LABELS[key]) for key in (REQUEST_EXTENSION, APPROVE_EXTENSION, REJECT_EXTENSION)]
    found += [
        (key, ENGINE_EVENT_LABELS[key])
        for key in (ADD_CO_HANDLER, CO_HANDLING_FEEDBACK, ESCALATE, ACKNOWLEDGE_ESCALATION)
    ]
    return found


def event_label(spec, event: str) -> str:
    """The name of an event key for people: the transition's label, or the engine event's."""
    if event.startswith("transition:") and spec is not None:
        step = spec.workflow.transition(event.removeprefix("transition:"))
        if step is not None:
            return str(step.label)
    return str(ENGINE_EVENT_LABELS.get(event, event))
