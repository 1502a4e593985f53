from meetings.models.meetings import Decision, Meeting, MeetingMinutes

__all__ = ["Decision", "Meeting", "MeetingMinutes"]
