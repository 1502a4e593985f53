"""The workflows of bottlenecks and chain tasks, declared once, as data."""

from django.utils.translation import gettext_lazy as _

from jinzhou.casework.workflows import PROGRESS_REPORT, Input, State, Transition, Workflow

NOTE = Input("note", "text", _("Note"))
DEADLINE = Input("deadline", "deadline", _("Deadline"))
DEPARTMENT = Input("department", "department", _("Responsible department"))
PERSON = Input(
    "person",
    "user",
    _("Responsible person"),
    required=False,
    help_text=_("Someone on the staff of the responsible department."),
    member_of="department",
)
OPTIONAL_NOTE = Input("note", "text", _("Note"), required=False)

BOTTLENECK = Workflow(
    kind="bottleneck",
    initial="draft",
    states=(
        State("draft", _("Draft"), draft=True),
        State("submitted", _("Submitted")),
        State("returned", _("Returned")),
        State("accepted", _("Accepted")),
        State("assigned", _("Assigned")),
        State("acknowledged", _("Acknowledged")),
        State("handling", _("Handling")),
        State("resolution_submitted", _("Resolution submitted")),
        State("closed", _("Closed"), terminal=True),
    ),
    deadline_states=("assigned", "acknowledged", "handling"),
    transitions=(
        Transition("submit", _("Submit (上报)"), ("draft", "returned"), "submitted", ("reporter", "office")),
        Transition("accept", _("Accept (受理)"), ("submitted",), "accepted", ("office",), (OPTIONAL_NOTE,)),
        Transition("return", _("Return (退回)"), ("submitted",), "returned", ("office",), (NOTE,), style="warning"),
        Transition(
            "assign",
            _("Assign (交办)"),
            ("accepted",),
            "assigned",
            ("office",),
            (DEPARTMENT, DEADLINE, PERSON, OPTIONAL_NOTE),
            ("assign",),
        ),
        Transition(
            "reassign",
            _("Reassign (改派)"),
            ("assigned", "acknowledged", "handling"),
            "assigned",
            ("office",),
            (DEPARTMENT, DEADLINE, PERSON, NOTE),
            ("assign",),
            style="warning",
        ),
        Transition(
            "acknowledge",
            _("Acknowledge (签收)"),
            ("assigned",),
            "acknowledged",
            ("responsible",),
            (),
            ("acknowledge",),
        ),
        Transition("start", _("Start handling (办理)"), ("acknowledged",), "handling", ("responsible",)),
        Transition(
            "submit_resolution",
            _("Submit resolution (申请办结)"),
            ("handling",),
            "resolution_submitted",
            ("responsible",),
            (Input("resolution", "text", _("Resolution")),),
            ("resolution",),
        ),
        Transition(
            "close", _("Close (办结)"), ("resolution_submitted",), "closed", ("office",), (OPTIONAL_NOTE,), ("close",)
        ),
        Transition(
            "send_back",
            _("Send back (退办)"),
            ("resolution_submitted",),
            "handling",
            ("office",),
            (NOTE,),
            style="warning",
        ),
        Transition(
            "reopen",
            _("Reopen"),
            ("closed",),
            "handling",
            ("office",),
            (NOTE, Input("deadline", "deadline", _("New deadline"), required=False)),
            ("reopen",),
            style="warning",
        ),
    ),
)

CHAIN_TASK = Workflow(
    kind="task",
    initial="assigned",
    states=(
        State("assigned", _("Assigned")),
        # The responsible department reports progress (进展) from acknowledging until it submits.
        State("acknowledged", _("Acknowledged"), allows={PROGRESS_REPORT}),
        State("in_progress", _("In progress"), allows={PROGRESS_REPORT}),
        State("submitted", _("Submitted for review")),
        State("returned", _("Returned"), allows={PROGRESS_REPORT}),
        State("closed", _("Closed"), terminal=True),
    ),
    deadline_states=("assigned", "acknowledged", "in_progress", "returned"),
    transitions=(
        Transition(
            "acknowledge",
            _("Acknowledge (签收)"),
            ("assigned",),
            "acknowledged",
            ("responsible",),
            (),
            ("acknowledge",),
        ),
        Transition(
            "start", _("Start (开始办理)"), ("acknowledged",), "in_progress", ("responsible",), (), ("progress_cycle",)
        ),
        Transition(
            "submit",
            _("Submit for review (申请办结)"),
            ("in_progress", "returned"),
            "submitted",
            ("responsible",),
            (Input("note", "text", _("Result")),),
            ("stop_reports",),
        ),
        Transition(
            "close", _("Close (办结)"), ("submitted",), "closed", ("assigner", "office"), (OPTIONAL_NOTE,), ("close",)
        ),
        Transition(
            "return",
            _("Return (退回)"),
            ("submitted",),
            "returned",
            ("assigner", "office"),
            (NOTE,),
            ("progress_cycle",),
            style="warning",
        ),
        Transition(
            "reassign",
            _("Reassign (改派)"),
            ("assigned", "acknowledged", "in_progress", "returned"),
            "assigned",
            ("assigner", "office"),
            (DEPARTMENT, DEADLINE, PERSON, NOTE),
            ("assign", "stop_reports"),
            style="warning",
        ),
    ),
)

# The chain's own figures (产业链运行监测): the chain-leader department fills them in while the report
# is 待填报 or 退回修改 (the kind's operation ``figures``), submits them by the deadline, and the office
# reviews them.
FIGURES = "figures"
CHAIN_REPORT = Workflow(
    kind="chain_report",
    initial="pending",
    states=(
        State("pending", _("To be filled in (待填报)"), allows={FIGURES}),
        State("submitted", _("Submitted (已报送)")),
        State("returned", _("Returned for correction (退回修改)"), allows={FIGURES}),
        State("approved", _("Reviewed (已审核)"), terminal=True),
    ),
    deadline_states=("pending", "returned"),
    operations=(FIGURES,),
    transitions=(
        Transition(
            "submit",
            _("Submit the figures (报送)"),
            ("pending", "returned"),
            "submitted",
            ("responsible",),
            (),
            ("figures_complete",),
        ),
        Transition(
            "approve", _("Approve (审核通过)"), ("submitted",), "approved", ("office",), (OPTIONAL_NOTE,), ("close",)
        ),
        Transition(
            "return",
            _("Return for correction (退回修改)"),
            ("submitted",),
            "returned",
            ("office",),
            (NOTE, Input("deadline", "deadline", _("New deadline"), required=False)),
            ("redeadline",),
            style="warning",
        ),
    ),
)
