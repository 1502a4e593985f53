"""The workflows of alliances (LM) and their annual evaluations (PG), declared once, as data.

Actors: ``responsible_department`` is the staff of the science-and-technology bureau (科技局), the
department every alliance case is given to; ``reporter`` is the users of the lead member (the case's
``reporter_enterprise``); ``office`` is the leading-group office.
"""

from django.utils.translation import gettext_lazy as _

from jinzhou.casework.workflows import Input, State, Transition, Workflow

NOTE = Input("note", "text", _("Note"))
OPTIONAL_NOTE = Input("note", "text", _("Note"), required=False)
CITY = ("responsible_department", "office")

# An alliance's own operations (``alliances.services``): keeping its record (members, joint projects,
# contract) up to date until it ends or is declined; opening an annual evaluation once it is approved.
RECORD_KEEPING = "record_keeping"
EVALUATION_OPENING = "evaluation_opening"
APPROVED = frozenset({RECORD_KEEPING, EVALUATION_OPENING})
# An evaluation's: the lead member's self-assessment until it is submitted (again after a return), the
# reviewers' scores between submission and the 复评.
SELF_ASSESSMENT = "self_assessment"
REVIEW_SCORING = "review_scoring"

ALLIANCE = Workflow(
    kind="alliance",
    initial="draft",
    operations=(RECORD_KEEPING, EVALUATION_OPENING),
    states=(
        State("draft", _("Draft application"), allows={RECORD_KEEPING}, draft=True),
        State("applied", _("Formation applied for"), allows={RECORD_KEEPING}),
        State("returned", _("Returned for revision"), allows={RECORD_KEEPING}),
        State("recommended", _("Recommended by the city"), allows={RECORD_KEEPING}),
        # Approved and later states are terminal: the alliance is no longer open work (see models).
        State("provincial", _("Provincial alliance"), terminal=True, allows=APPROVED),
        State("declined", _("Not approved by the province"), terminal=True),
        State("typical", _("Typical substantive alliance"), terminal=True, allows=APPROVED),
        State("dissolved", _("Dissolved"), terminal=True),
    ),
    transitions=(
        Transition(
            "submit",
            _("Submit the formation application"),
            ("draft", "returned"),
            "applied",
            ("reporter", *CITY),
            (OPTIONAL_NOTE,),
            ("alliance_applied",),
        ),
        Transition(
            "recommend",
            _("Recommend to the province (推荐)"),
            ("applied",),
            "recommended",
            CITY,
            (Input("recommended_on", "date", _("Recommended on"), required=False), OPTIONAL_NOTE),
            ("alliance_recommended",),
        ),
        Transition("return", _("Return (退回)"), ("applied",), "returned", CITY, (NOTE,), style="warning"),
        Transition(
            "approve",
            _("Record provincial approval (省级联盟)"),
            ("recommended",),
            "provincial",
            CITY,
            (
                Input("approved_on", "date", _("Approved on")),
                Input("approval_document", "text", _("Approval document number"), required=False),
                OPTIONAL_NOTE,
            ),
            ("alliance_approved", "close"),
        ),
        Transition(
            "decline",
            _("Record provincial refusal"),
            ("recommended",),
            "declined",
            CITY,
            (NOTE,),
            ("close",),
            style="warning",
        ),
        Transition(
            "select_typical",
            _("Record selection as a typical substantive alliance"),
            ("provincial",),
            "typical",
            CITY,
            (
                Input("batch", "text", _("Batch"), help_text=_("e.g. 2022年第一批")),
                Input("selected_on", "date", _("Selected on"), required=False),
                OPTIONAL_NOTE,
            ),
            ("alliance_selected",),
        ),
        Transition(
            "dissolve",
            _("Dissolve (解散)"),
            ("provincial", "typical"),
            "dissolved",
            CITY,
            (NOTE, Input("dissolved_on", "date", _("Dissolved on"), required=False)),
            ("alliance_dissolved", "close"),
            style="warning",
        ),
    ),
)

EVALUATION = Workflow(
    kind="alliance_evaluation",
    initial="self_assessment",
    operations=(SELF_ASSESSMENT, REVIEW_SCORING),
    states=(
        State("self_assessment", _("Awaiting self-assessment"), allows={SELF_ASSESSMENT}),
        State("submitted", _("Self-assessment submitted"), allows={REVIEW_SCORING}),
        State("returned", _("Returned for revision"), allows={SELF_ASSESSMENT}),
        State("first_reviewed", _("Passed first review (初评)"), allows={REVIEW_SCORING}),
        State("second_reviewed", _("Scored in second review (复评)")),
        State("final", _("Result stands (会评)"), terminal=True),
    ),
    # Only the lead member's self-assessment runs against a deadline; the reminders follow it.
    deadline_states=("self_assessment", "returned"),
    transitions=(
        Transition(
            "submit",
            _("Submit the self-assessment (自评)"),
            ("self_assessment", "returned"),
            "submitted",
            ("reporter", "office"),
            (OPTIONAL_NOTE,),
            ("evaluation_submitted",),
        ),
        Transition(
            "first_review",
            _("Pass first review (初评)"),
            ("submitted",),
            "first_reviewed",
            CITY,
            (OPTIONAL_NOTE,),
        ),
        Transition(
            "return",
            _("Return for revision (退回)"),
            ("submitted", "first_reviewed"),
            "returned",
            CITY,
            (NOTE, Input("deadline", "deadline", _("New deadline"))),
            ("evaluation_returned",),
            style="warning",
        ),
        Transition(
            "second_review",
            _("Confirm the second review's scores (复评)"),
            ("first_reviewed",),
            "second_reviewed",
            CITY,
            (OPTIONAL_NOTE,),
            ("evaluation_scored",),
        ),
        Transition(
            "send_back",
            _("Send back to second review"),
            ("second_reviewed",),
            "first_reviewed",
            CITY,
            (NOTE,),
            style="warning",
        ),
        Transition(
            "panel_review",
            _("Confirm the result at the panel review (会评)"),
            ("second_reviewed",),
            "final",
            CITY,
            (OPTIONAL_NOTE,),
            ("evaluation_final", "close"),
        ),
    ),
)
