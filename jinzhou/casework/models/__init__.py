"""The case engine's models, one module per aggregate."""

from jinzhou.casework.models.calendar import CalendarYear, Holiday

__all__ = ["CalendarYear", "Holiday"]
