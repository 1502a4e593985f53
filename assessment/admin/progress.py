"""目标完成情况 in the admin: a section of the work dashboard (behind schedule first, at most
``DASHBOARD_ROWS``) and the full table of a year under the targets' list (``progress/``)."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from assessment.selectors import table_context
from jinzhou.casework import dashboard_sections

DASHBOARD_ROWS = 15
PERMISSION = "assessment.view_target"


def dashboard_section(request, now) -> str:
    if not request.user.has_perm(PERMISSION):
        return ""
    today = timezone.localtime(now).date()
    context = table_context(today.year, today, limit=DASHBOARD_ROWS)
    context["more_url"] = f"{reverse('admin:assessment_target_progress')}?year={today.year}"
    return render_to_string("assessment/progress_table.html", context, request=request)


def register_dashboard_section() -> None:
    dashboard_sections.register("assessment", dashboard_section)
