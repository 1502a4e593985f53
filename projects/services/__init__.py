"""Writes of the projects app. Status changes of its cases go through ``casework.services.transition``;
these functions create cases and record what the workflows do not cover (applications, reviews,
milestones, activities)."""

from projects.services.applications import submit_award_application
from projects.services.applying import (
    MAX_APPLICATION_FILES,
    application_refusal,
    submit_application,
    window_is_open,
    withdraw_application,
)
from projects.services.challenges import (
    add_milestone,
    create_challenge,
    may_add_milestone,
    may_report_milestone_progress,
    report_milestone_progress,
)
from projects.services.investment import (
    check_may_record_activity,
    create_investment_project,
    record_activity,
    record_lead,
)
from projects.services.reviews import (
    ConflictOfInterest,
    assign_expert,
    check_eligibility,
    conflicts_of_interest,
    may_assign_experts,
    may_check_eligibility,
    may_select_for_award,
    may_submit_scores,
    select_for_award,
    submit_scores,
)

__all__ = [
    "MAX_APPLICATION_FILES",
    "ConflictOfInterest",
    "add_milestone",
    "application_refusal",
    "assign_expert",
    "check_eligibility",
    "check_may_record_activity",
    "conflicts_of_interest",
    "create_challenge",
    "create_investment_project",
    "may_add_milestone",
    "may_assign_experts",
    "may_check_eligibility",
    "may_report_milestone_progress",
    "may_select_for_award",
    "may_submit_scores",
    "record_activity",
    "record_lead",
    "report_milestone_progress",
    "select_for_award",
    "submit_application",
    "submit_award_application",
    "submit_scores",
    "window_is_open",
    "withdraw_application",
]
