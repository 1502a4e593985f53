"""The case engine's models, one module per aggregate."""

from jinzhou.casework.models.calendar import CalendarYear, Holiday
from jinzhou.casework.models.cases import Case, CaseLink, CoHandling, ReferenceSequence
from jinzhou.casework.models.documents import DocumentTemplate
from jinzhou.casework.models.handoffs import HandoffRule
from jinzhou.casework.models.records import Attachment, Comment, Escalation, Extension, TimelineEvent
from jinzhou.casework.models.reminders import ReminderPolicy, SweepRun
from jinzhou.casework.models.saved_views import SavedView
from jinzhou.casework.models.tallies import CaseTally

__all__ = [
    "Attachment",
    "CalendarYear",
    "Case",
    "CaseLink",
    "CaseTally",
    "CoHandling",
    "Comment",
    "DocumentTemplate",
    "Escalation",
    "Extension",
    "HandoffRule",
    "Holiday",
    "ReferenceSequence",
    "ReminderPolicy",
    "SavedView",
    "SweepRun",
    "TimelineEvent",
]
