"""Coordination meetings (调度会) for those who took part: the attendees, their units and the
departments that hold a decision (``Meeting.objects.restrict(user, "view")``; outside it, 404). Read
only: the office records meetings in the admin. A meeting shows 会议议定事项落实情况 and what is
still open from the previous meeting of the same kind (遗留事项)."""

from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from jinzhou.casework.display import light_badge
from jinzhou.casework.presenter import file_response
from jinzhou.org.selectors import person_related
from jinzhou.portal.views.common import portal_login_required
from meetings.models import Meeting, MeetingMinutes
from meetings.selectors import decision_tasks, meetings_for, open_items, progress_of

PER_PAGE = 30


@portal_login_required
def meeting_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(meetings_for(request.user), PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "portal/meetings.html", {"page": page, "meetings": page.object_list, "nav": "meetings"})


def _linked(decisions) -> list:
    for decision in decisions:
        decision.url = reverse("portal:case", args=[decision.task.pk])
        decision.badge = light_badge(decision.light)
    return decisions


@portal_login_required
def meeting_page(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_object_or_404(
        meetings_for(request.user).prefetch_related("departments", "enterprises", "minutes"), pk=pk
    )
    progress = progress_of(decision_tasks([meeting.pk]))
    previous, left_open = open_items(meeting)
    attendees = meeting.attendees.select_related(*person_related())
    context = {
        "nav": "meetings",
        "meeting": meeting,
        "attendees": attendees,
        "progress": progress,
        "decisions": _linked(progress.decisions),
        "previous_meeting": previous,
        "left_open": _linked(left_open),
    }
    return render(request, "portal/meeting.html", context)


@portal_login_required
def minutes_download(request: HttpRequest, pk: int, minutes_id: int) -> FileResponse:
    """A file of the minutes, only to a visitor who may see the meeting (never served directly)."""
    meeting = get_object_or_404(Meeting.objects.restrict(request.user, "view"), pk=pk)
    minutes = get_object_or_404(MeetingMinutes, pk=minutes_id, meeting=meeting)
    return file_response(minutes.file, filename=minutes.filename, content_type=minutes.content_type)
