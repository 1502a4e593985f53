from assessment.models.schemes import Assessment, AssessmentRow, Scheme, SchemeLine
from assessment.models.targets import Target

__all__ = ["Assessment", "AssessmentRow", "Scheme", "SchemeLine", "Target"]
