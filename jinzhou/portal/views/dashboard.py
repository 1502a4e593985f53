"""The leaders' dashboard (/portal/dashboard/): the city's chains at a glance.

For the leading group, the task-force leaders (their industries, by scope) and the office; anyone
else gets a 404, as for any page that does not exist for them. Every figure comes from
``casework.reports`` (the definitions in docs/metrics.md) over ``visible_to``; the portal only
draws them, as server-rendered SVG.
"""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from jinzhou.casework.models import Case
from jinzhou.casework.reports import LIGHTS, dashboard_for, light_counts_by
from jinzhou.portal.selectors import alliance_tiers, by_status, light_bars, may_see_dashboard
from jinzhou.portal.views.common import portal_login_required


def _rankings(rates: list) -> tuple[list, list]:
    """Departments ranked best first: by on-time rate (highest first) and by overdue rate (lowest
    first); a department without a figure ("—") goes last."""
    on_time = sorted(
        (row for row in rates if row.on_time_rate is not None), key=lambda row: (-row.on_time_rate, row.department)
    )
    overdue = sorted(
        (row for row in rates if row.overdue_rate is not None), key=lambda row: (row.overdue_rate, row.department)
    )
    return on_time, overdue


@portal_login_required
def dashboard_view(request: HttpRequest) -> HttpResponse:
    if not may_see_dashboard(request.user):
        raise Http404
    board = dashboard_for(request.user)
    cases = Case.objects.visible_to(request.user)
    by_industry = light_counts_by(cases, "chain__industry", now=board.now)
    on_time, overdue = _rankings(board.rates)
    none = _("(none)")
    context = {
        "nav": "dashboard",
        "board": board,
        "lights": LIGHTS,
        "industry_bars": light_bars(by_industry, none_label=_("(no chain)")),
        "chain_bars": light_bars(
            board.by_chain,
            none_label=_("(no chain)"),
            url=lambda row: reverse("portal:chain", args=[row["id"]]),
        ),
        "department_bars": light_bars(board.by_department, none_label=none),
        "on_time_ranking": on_time,
        "overdue_ranking": overdue,
        "pipeline": by_status(request.user, "investment", amount_field="amount_yi"),
        "challenges": by_status(request.user, "challenge"),
        "alliances": alliance_tiers(request.user),
    }
    return render(request, "portal/dashboard.html", context)
