"""The leaders' dashboard (/portal/dashboard/): the chains at a glance, worst first, each number a
link to the cases behind it (/portal/cases/), the trends of the last 12 months, the rates over a
chosen period.

For the leading group, the task-force leaders (their industries, by scope, and titled by their task
force) and the office; anyone else gets a 404, as for any page that does not exist for them. Every
figure comes from ``casework.reports`` / ``casework.trends`` (the definitions in docs/metrics.md)
over ``visible_to``; the portal only draws them, as server-rendered SVG.
"""

from urllib.parse import urlencode

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from assessment.selectors import table_context
from chains.selectors import chain_figures, latest_reviewed_period
from jinzhou.casework.dashboard_options import DashboardOptionsForm, scope_title, trends_for
from jinzhou.casework.reports import ALL, LIGHTS, NONE, dashboard_for, rank_departments
from jinzhou.org.models import Chain
from jinzhou.org.selectors import actor_for
from jinzhou.portal.selectors import alliance_tiers, by_status, light_bars, may_see_dashboard
from jinzhou.portal.views.common import portal_login_required

# On a phone the chains table shows the worst few; the others fold under "more".
WORST = 5
OVERDUE_SHOWN = 20  # the longest overdue on a phone's screen; the link under them lists all


def cases_url(path: str = "", **params) -> str:
    """The portal's list behind a number (/portal/cases/), for the given ``cases_behind`` filters;
    ``path``: that list's path when the caller reversed it already (a table links hundreds)."""
    query = urlencode({k: v for k, v in params.items() if v not in (None, "")})
    return f"{path or reverse('portal:cases')}?{query}"


def with_links(rows: list[dict], key: str) -> list[dict]:
    """Each light-count row with the URL of every number in it (``links[light]``, ``links["total"]``)."""
    path = reverse("portal:cases")
    linked = []
    for row in rows:
        target = row["id"] or NONE
        links = {light: cases_url(path, **{key: target, "light": light}) for light in LIGHTS}
        links["total"] = cases_url(path, **{key: target})
        linked.append({**row, "links": links})
    return linked


def industry_figures(user) -> dict | None:
    """The chains' own figures of the latest reviewed period, summed per industry (产业链运行监测)."""
    period = latest_reviewed_period(user=user)
    if period is None:
        return None
    _per_chain, industries = chain_figures(Chain.objects.select_related("industry"), period, user=user)
    return {"period": period, "industries": industries}


@portal_login_required
def dashboard_view(request: HttpRequest) -> HttpResponse:
    if not may_see_dashboard(request.user):
        raise Http404
    form = DashboardOptionsForm(request.GET)
    options = form.options()
    problems = form.problems()
    board = dashboard_for(request.user, period=options["period"], overdue_limit=OVERDUE_SHOWN)
    by_industry = board.by_industry
    on_time, overdue = rank_departments(board.rates)
    none = _("(none)")
    chains = with_links(board.by_chain, "chain")
    cases_path = reverse("portal:cases")
    context = {
        "nav": "dashboard",
        "form": form,
        "problems": problems,
        "scope_title": scope_title(request.user),
        "board": board,
        "lights": LIGHTS,
        "tile_links": {light: cases_url(light=light) for light in LIGHTS},
        "overdue_url": cases_url(overdue=1),
        "closed_code": board.period.code if board.period else ALL,
        "worst_chains": chains[:WORST],
        "other_chains": chains[WORST:],
        "departments": with_links(board.by_department, "department"),
        "trends": trends_for(request.user, options["trend"], options["trend_label"], now=board.now),
        "industry_bars": light_bars(by_industry, none_label=_("(no chain)")),
        "chain_bars": light_bars(
            board.by_chain, none_label=_("(no chain)"), url=lambda row: cases_url(cases_path, chain=row["id"])
        ),
        "department_bars": light_bars(board.by_department, none_label=none),
        "on_time_ranking": on_time.ranked,
        "on_time_unranked": on_time.unranked,
        "overdue_ranking": overdue.ranked,
        "overdue_unranked": overdue.unranked,
        "ranking_minimum": on_time.minimum,
        "pipeline": by_status(request.user, "investment", amount_field="amount_yi"),
        "challenges": by_status(request.user, "challenge"),
        "alliances": alliance_tiers(request.user),
        "figures": industry_figures(request.user),
        "targets": targets_for(request.user, board.now),
    }
    return render(request, "portal/dashboard.html", context, status=400 if problems else 200)


def targets_for(user, now) -> dict | None:
    """目标完成情况 for the leading group and the office (the city's figures), behind schedule first; each
    actual links to its records (a rate to /portal/cases/). Others see none: targets cross their scope."""
    if not actor_for(user).sees_everything:
        return None
    today = timezone.localtime(now).date()
    return table_context(today.year, today, portal=True)
