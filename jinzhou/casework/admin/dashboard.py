"""The admin's work dashboard (工作看板) at ``/admin/casework/dashboard/``: lights per chain and
department, the overdue list, and the on-time and overdue rates, for the cases the visitor may see."""

from __future__ import annotations

from django.contrib.admin import AdminSite
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext as _

from jinzhou.casework.reports import LIGHTS, dashboard_for

DASHBOARD_PERMISSION = "casework.view_case"


def dashboard_view(request: HttpRequest, site: AdminSite) -> HttpResponse:
    if not request.user.has_perm(DASHBOARD_PERMISSION):
        raise PermissionDenied
    context = {
        **site.each_context(request),
        "title": _("Work dashboard"),
        "dashboard": dashboard_for(request.user),
        "lights": LIGHTS,
    }
    return TemplateResponse(request, "admin/casework/dashboard.html", context)


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
