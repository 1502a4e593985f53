"""The admin's work dashboard (工作看板) at ``/admin/casework/dashboard/``: lights per chain and
department (worst first), the overdue list, the on-time and overdue rates over a chosen period, and
the trends of the last 12 months, for the cases the visitor may see. Every count links to the
admin's list of all cases filtered to exactly the cases it counts (the list filters apply the same
conditions as ``casework.reports.cases_behind``; tests/casework/test_dashboard_links.py)."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib.admin import AdminSite
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _

from jinzhou.casework.dashboard_options import DashboardOptionsForm, scope_title, trends_for
from jinzhou.casework.dashboard_sections import render_sections
from jinzhou.casework.reports import ALL, LIGHTS, dashboard_for

DASHBOARD_PERMISSION = "casework.view_case"


def dashboard_view(request: HttpRequest, site: AdminSite) -> HttpResponse:
    if not request.user.has_perm(DASHBOARD_PERMISSION):
        raise PermissionDenied
    form = DashboardOptionsForm(request.GET)
    options = form.options()
    problems = form.problems()
    board = dashboard_for(request.user, period=options["period"])
    context = {
        **site.each_context(request),
        "title": _("Work dashboard"),
        "scope_title": scope_title(request.user),
        "dashboard": board,
        "by_chain": with_links(board.by_chain, "chain"),
        "by_department": with_links(board.by_department, "responsible_department"),
        "total_links": {light: list_url(light=light) for light in (*LIGHTS, "total")} | {"total": list_url()},
        "overdue_url": list_url(overdue="yes"),
        "closed_code": board.period.code if board.period else ALL,
        "form": form,
        "problems": problems,
        "trends": trends_for(request.user, options["trend"], options["trend_label"], now=board.now),
        "lights": LIGHTS,
        "sections": render_sections(request, board.now),
    }
    return TemplateResponse(request, "admin/casework/dashboard.html", context, status=400 if problems else 200)


def list_url(**params) -> str:
    """The admin's list of all cases with ``params`` as its filters (``casework.admin.filters``)."""
    base = reverse("admin:casework_case_changelist")
    return f"{base}?{urlencode(params)}" if params else base


def row_filter(field: str, row_id) -> dict:
    """The list filter for one dashboard row: the chain or department, or the cases without one."""
    if row_id is None:
        return {f"{field}__isnull": "True"}
    return {f"{field}__id__exact": row_id}


def with_links(rows: list[dict], field: str) -> list[dict]:
    """Each light-count row with the admin list URL of every number in it."""
    linked = []
    for row in rows:
        where = row_filter(field, row["id"])
        links = {light: list_url(**where, light=light) for light in LIGHTS}
        links["total"] = list_url(**where)
        links["overdue"] = list_url(**where, overdue="yes")
        linked.append({**row, "links": links})
    return linked


def install_dashboard(site: AdminSite) -> None:
    """Put the dashboard beside the app's own admin URLs (``casework/dashboard/``).

    A ModelAdmin's URLs all live under ``<app>/<model>/``, and the project's URL conf belongs to the
    site, so the one extra URL is added by wrapping this site's ``get_urls``."""
    original = site.get_urls
    if getattr(original, "adds_casework_dashboard", False):
        return

    def view(request: HttpRequest) -> HttpResponse:
        return dashboard_view(request, site)

    def get_urls() -> list:
        return [path("casework/dashboard/", site.admin_view(view), name="casework_dashboard"), *original()]

    get_urls.adds_casework_dashboard = True  # type: ignore[attr-defined]
    site.get_urls = get_urls  # type: ignore[method-assign]
