"""The alliances app's models: the alliance (a case kind) with its members and joint projects, and its
annual evaluations (a case kind) with the indicator weights."""

from alliances.models.alliances import Alliance, AllianceMember, JointProject
from alliances.models.evaluations import AllianceEvaluation, IndicatorWeights

__all__ = ["Alliance", "AllianceEvaluation", "AllianceMember", "IndicatorWeights", "JointProject"]
