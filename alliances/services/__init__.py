"""Writes of the alliances app, by aggregate: the registry (``registry``) and the annual evaluations
(``evaluations``). Everything public is importable from here."""

from alliances.services.evaluations import open_evaluation, record_review_scores, record_self_assessment
from alliances.services.registry import (
    CITY,
    CITY_EDITABLE,
    CLOSED_STATES,
    EDITORS,
    LEAD_EDITABLE,
    REVIEW_SCORING_STATES,
    SELF_ASSESSMENT_STATES,
    add_joint_project,
    add_member,
    attach_contract,
    bureau,
    end_membership,
    is_city_staff,
    may_edit_alliance,
    record_existing_alliance,
    register_alliance,
    update_alliance,
)

__all__ = [
    "CITY",
    "CITY_EDITABLE",
    "CLOSED_STATES",
    "EDITORS",
    "LEAD_EDITABLE",
    "REVIEW_SCORING_STATES",
    "SELF_ASSESSMENT_STATES",
    "add_joint_project",
    "add_member",
    "attach_contract",
    "bureau",
    "end_membership",
    "is_city_staff",
    "may_edit_alliance",
    "open_evaluation",
    "record_existing_alliance",
    "record_review_scores",
    "record_self_assessment",
    "register_alliance",
    "update_alliance",
]
