"""The meetings' admin (``meetings``: a meeting with its decisions and minutes, for the office)."""

from meetings.admin import meetings  # noqa: F401  (registers)
