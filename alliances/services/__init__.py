"""Writes of the alliances app, by aggregate: the registry (``registry``) and the annual evaluations
(``evaluations``). Everything public is importable from here."""

from alliances.services.evaluations import (
    evaluable_alliances,
    may_record_review_scores,
    may_record_self_assessment,
    open_evaluation,
    record_review_scores,
    record_self_assessment,
)
from alliances.services.registry import (
    CITY,
    CITY_EDITABLE,
    EDITORS,
    LEAD_EDITABLE,
    add_joint_project,
    add_member,
    attach_contract,
    bureau,
    end_membership,
    may_edit_alliance,
    record_existing_alliance,
    register_alliance,
    update_alliance,
)

__all__ = [
    "CITY",
    "CITY_EDITABLE",
    "EDITORS",
    "LEAD_EDITABLE",
    "add_joint_project",
    "add_member",
    "attach_contract",
    "bureau",
    "end_membership",
    "evaluable_alliances",
    "may_edit_alliance",
    "may_record_review_scores",
    "may_record_self_assessment",
    "open_evaluation",
    "record_existing_alliance",
    "record_review_scores",
    "record_self_assessment",
    "register_alliance",
    "update_alliance",
]
