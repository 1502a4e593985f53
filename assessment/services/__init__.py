from assessment.services.assessments import (
    back_to_draft,
    compute,
    default_scheme,
    may_manage,
    publish,
    review,
    start_assessment,
)
from assessment.services.imports import import_targets, read_targets, save_target, template_workbook

__all__ = [
    "back_to_draft",
    "compute",
    "default_scheme",
    "import_targets",
    "may_manage",
    "publish",
    "read_targets",
    "review",
    "save_target",
    "start_assessment",
    "template_workbook",
]
