from projects.models.applications import AwardApplication
from projects.models.challenges import Challenge, Milestone, MilestoneReport, Programme, ScoringCriterion
from projects.models.funds import FundsReceipt
from projects.models.investment import InvestmentActivity, InvestmentLead, InvestmentProject
from projects.models.reviews import ApplicationAttachment, ChallengeApplication, Expert, Score, ScoreSheet

__all__ = [
    "ApplicationAttachment",
    "AwardApplication",
    "Challenge",
    "ChallengeApplication",
    "Expert",
    "FundsReceipt",
    "InvestmentActivity",
    "InvestmentLead",
    "InvestmentProject",
    "Milestone",
    "MilestoneReport",
    "Programme",
    "Score",
    "ScoreSheet",
    "ScoringCriterion",
]
