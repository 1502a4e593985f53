"""The workflows of this app's case kinds, declared once, as data (see ``jinzhou.casework.workflows``).

The bureau in charge of a case is its responsible department (科技局 for challenges and S&T awards,
商务局 or a county/zone for investment projects, 市场监管局 for IP topics), so its staff act as
``responsible``; the office may do everything they may. A milestone's lead unit is its ``reporter``.
Kind-specific effects (``challenge_*``, ``investment_<stage>``, …) live in ``projects.effects``.
"""

from django.utils.translation import gettext_lazy as _

from jinzhou.casework.workflows import PROGRESS_REPORT, Input, State, Transition, Workflow
from projects.choices import PrizeLevel

BUREAU = ("responsible", "office")
NOTE = Input("note", "text", _("Note"))
REASON = Input("note", "text", _("Reason"))
OPTIONAL_NOTE = Input("note", "text", _("Note"), required=False)

ACTIVE_CHALLENGE = (
    "published",
    "applications_closed",
    "under_review",
    "awarded",
    "in_progress",
    "rectifying",
    "midterm_checked",
)

# A challenge's own operations (``projects.services``): teams apply and withdraw while it is published
# (and its window open); the bureau checks eligibility until the review starts, assigns experts once
# applications have closed; experts score and the bureau chooses winners during the review; milestones
# are set while the contracted work runs.
APPLICATION = "application"
ELIGIBILITY_CHECK = "eligibility_check"
EXPERT_ASSIGNMENT = "expert_assignment"
SCORING = "scoring"
AWARD_SELECTION = "award_selection"
MILESTONE_SETTING = "milestone_setting"
CONTRACTED_WORK = frozenset({MILESTONE_SETTING})

CHALLENGE = Workflow(
    kind="challenge",
    initial="draft",
    operations=(APPLICATION, ELIGIBILITY_CHECK, EXPERT_ASSIGNMENT, SCORING, AWARD_SELECTION, MILESTONE_SETTING),
    states=(
        State("draft", _("Draft"), draft=True),
        State("published", _("Published (发榜)"), allows={APPLICATION, ELIGIBILITY_CHECK}),
        State("applications_closed", _("Applications closed"), allows={ELIGIBILITY_CHECK, EXPERT_ASSIGNMENT}),
        State("under_review", _("Under review (评审)"), allows={EXPERT_ASSIGNMENT, SCORING, AWARD_SELECTION}),
        State("awarded", _("Awarded (挂帅)"), allows=CONTRACTED_WORK),
        State("in_progress", _("In progress"), allows=CONTRACTED_WORK),
        State("rectifying", _("Rectifying after the mid-term check"), allows=CONTRACTED_WORK),
        State("midterm_checked", _("Mid-term check passed"), allows=CONTRACTED_WORK),
        State("accepted", _("Accepted (验收通过)"), terminal=True),
        State("failed", _("Failed acceptance (验收不通过)"), terminal=True),
        State("terminated", _("Terminated"), terminal=True),
    ),
    deadline_states=("published", "under_review", "awarded", "in_progress", "rectifying", "midterm_checked"),
    transitions=(
        Transition(
            "publish",
            _("Publish (发榜)"),
            ("draft",),
            "published",
            BUREAU,
            (Input("deadline", "deadline", _("Application deadline")),),
            ("challenge_publish",),
        ),
        Transition(
            "close_applications",
            _("Close applications"),
            ("published",),
            "applications_closed",
            BUREAU,
            (OPTIONAL_NOTE,),
            ("challenge_close_window",),
        ),
        Transition(
            "start_review",
            _("Start the expert review (评审)"),
            ("applications_closed",),
            "under_review",
            BUREAU,
            (Input("deadline", "deadline", _("Review deadline"), required=False),),
            ("challenge_start_review",),
        ),
        Transition(
            "award",
            _("Award (挂帅立项)"),
            ("under_review",),
            "awarded",
            BUREAU,
            (
                Input("contract_number", "text", _("Contract number")),
                Input("amount", "decimal", _("Contract amount (10k yuan)")),
                Input("contract_start", "date", _("Contract period from"), required=False),
                Input("deadline", "deadline", _("Acceptance date (end of the contract period)")),
                Input("note", "text", _("Reason for the award")),
            ),
            ("challenge_award",),
        ),
        Transition("start", _("Start the work"), ("awarded",), "in_progress", BUREAU),
        Transition(
            "midterm_pass",
            _("Mid-term check: pass (中期检查)"),
            ("in_progress",),
            "midterm_checked",
            BUREAU,
            (OPTIONAL_NOTE,),
        ),
        Transition(
            "midterm_rectify",
            _("Mid-term check: rectify"),
            ("in_progress",),
            "rectifying",
            BUREAU,
            (
                Input("note", "text", _("What must be rectified")),
                Input("deadline", "deadline", _("Rectification deadline")),
            ),
            ("challenge_rectify",),
            style="warning",
        ),
        Transition(
            "rectified",
            _("Rectification checked"),
            ("rectifying",),
            "midterm_checked",
            BUREAU,
            (OPTIONAL_NOTE,),
            ("challenge_rectified",),
        ),
        Transition(
            "accept",
            _("Accept (验收通过)"),
            ("midterm_checked",),
            "accepted",
            BUREAU,
            (OPTIONAL_NOTE,),
            ("challenge_finish", "close"),
        ),
        Transition(
            "fail",
            _("Fail acceptance (验收不通过)"),
            ("midterm_checked",),
            "failed",
            BUREAU,
            (REASON,),
            ("challenge_finish", "close"),
            style="warning",
        ),
        Transition(
            "terminate",
            _("Terminate"),
            ACTIVE_CHALLENGE,
            "terminated",
            BUREAU,
            (REASON,),
            ("challenge_terminate", "close"),
            style="warning",
        ),
    ),
)

MILESTONE = Workflow(
    kind="milestone",
    initial="open",
    states=(
        # The lead unit reports progress while the milestone runs.
        State("open", _("In progress"), allows={PROGRESS_REPORT}),
        State("submitted", _("Completion submitted")),
        State("returned", _("Returned"), allows={PROGRESS_REPORT}),
        State("achieved", _("Achieved"), terminal=True),
        State("cancelled", _("Cancelled"), terminal=True),
    ),
    deadline_states=("open", "returned"),
    transitions=(
        Transition(
            "submit",
            _("Submit completion"),
            ("open", "returned"),
            "submitted",
            ("reporter",),
            (Input("note", "text", _("What was delivered")),),
        ),
        Transition(
            "accept", _("Accept the milestone"), ("submitted",), "achieved", BUREAU, (OPTIONAL_NOTE,), ("close",)
        ),
        Transition("return", _("Return (退回)"), ("submitted",), "returned", BUREAU, (NOTE,), style="warning"),
        Transition(
            "cancel",
            _("Cancel"),
            ("open", "submitted", "returned"),
            "cancelled",
            BUREAU,
            (REASON,),
            ("close",),
            style="warning",
        ),
    ),
)

# The date each stage of an investment project records, set by its ``investment_<stage>`` effect.
STAGE_FIELDS = {
    "negotiating": "negotiating_on",
    "signed": "signed_on",
    "started": "started_on",
    "completed": "completed_on",
    "producing": "producing_on",
}
# The stages the investment report counts (``projects.selectors.project_report``), one column each.
REPORTED_STAGES = ("signed", "started", "completed")
STAGE_DATE = Input("on", "date", _("Date of this stage"), required=False, help_text=_("Today if left empty."))
NEXT_PLANNED = Input("deadline", "deadline", _("Planned date of the next stage"), required=False)
STAGE_INPUTS = (STAGE_DATE, NEXT_PLANNED, OPTIONAL_NOTE)

INVESTMENT = Workflow(
    kind="investment",
    initial="pitched",
    states=(
        State("pitched", _("Pitched (推介)")),
        State("negotiating", _("Negotiating (在谈)")),
        State("signed", _("Signed (签约)")),
        State("started", _("Started (开工)")),
        State("completed", _("Completed (竣工)")),
        State("producing", _("Producing (投产)"), terminal=True),
        State("dropped", _("Dropped"), terminal=True),
    ),
    deadline_states=("pitched", "negotiating", "signed", "started", "completed"),
    transitions=(
        Transition("negotiate", _("Start negotiating (在谈)"), ("pitched",), "negotiating", BUREAU, STAGE_INPUTS,
                   ("investment_negotiating",)),
        Transition("sign", _("Sign (签约)"), ("pitched", "negotiating"), "signed", BUREAU, STAGE_INPUTS,
                   ("investment_signed",)),
        Transition("start", _("Start construction (开工)"), ("signed",), "started", BUREAU, STAGE_INPUTS,
                   ("investment_started",)),
        Transition("complete", _("Complete (竣工)"), ("started",), "completed", BUREAU, STAGE_INPUTS,
                   ("investment_completed",)),
        Transition("produce", _("Start production (投产)"), ("completed",), "producing", BUREAU,
                   (STAGE_DATE, OPTIONAL_NOTE), ("investment_producing", "close")),
        Transition("drop", _("Drop"), ("pitched", "negotiating", "signed"), "dropped", BUREAU, (REASON,),
                   ("investment_drop", "close"), style="warning"),
    ),
)  # fmt: skip

AWARD = Workflow(
    kind="application",
    initial="submitted",
    states=(
        State("submitted", _("Submitted")),
        State("city_review", _("City review")),
        State("recommended", _("Recommended to the province")),
        # The city's part ends with the recommendation when the province's result is not followed (IP topics).
        State("recommended_closed", _("Recommended to the province, closed"), terminal=True),
        State("not_recommended", _("Not recommended"), terminal=True),
        State("won", _("Won"), terminal=True),
        State("not_won", _("Not won"), terminal=True),
    ),
    deadline_states=("submitted", "city_review"),
    transitions=(
        Transition("review", _("Start the city review"), ("submitted",), "city_review", BUREAU),
        Transition("recommend", _("Recommend"), ("city_review",), "recommended", BUREAU, (OPTIONAL_NOTE,)),
        Transition(
            "not_recommend",
            _("Do not recommend"),
            ("city_review",),
            "not_recommended",
            BUREAU,
            (REASON,),
            ("close",),
            style="warning",
        ),
        Transition(
            "close_recommended",
            _("Close as recommended"),
            ("recommended",),
            "recommended_closed",
            BUREAU,
            (OPTIONAL_NOTE,),
            ("close",),
        ),
        Transition(
            "won",
            _("Record: won"),
            ("recommended",),
            "won",
            BUREAU,
            (
                Input("prize", "text", _("Prize"), choices=tuple(PrizeLevel.choices)),
                Input("level", "text", _("Award level"), required=False, help_text=_("Provincial if left empty.")),
                OPTIONAL_NOTE,
            ),
            ("award_won", "close"),
        ),
        Transition(
            "not_won",
            _("Record: not won"),
            ("recommended",),
            "not_won",
            BUREAU,
            (OPTIONAL_NOTE,),
            ("award_not_won", "close"),
        ),
    ),
)
