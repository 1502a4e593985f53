"""Writes of the meetings app (``meetings``: a meeting with its decisions and minutes)."""

from meetings.services.meetings import (
    MAX_DECISIONS,
    add_minutes,
    check_decision,
    check_decisions,
    check_may_record,
    check_minutes,
    may_record_meeting,
    record_decisions,
    record_meeting,
)

__all__ = [
    "MAX_DECISIONS",
    "add_minutes",
    "check_decision",
    "check_decisions",
    "check_may_record",
    "check_minutes",
    "may_record_meeting",
    "record_decisions",
    "record_meeting",
]
