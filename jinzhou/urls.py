"""Top-level URLs: the admin, the health check, the language switch."""

from django.contrib import admin
from django.urls import include, path, re_path
from django.utils.translation import gettext_lazy as _
from django.views.generic import RedirectView

from jinzhou.health import healthz
from jinzhou.portal.views.go import case_go

admin.site.site_header = _("Jinzhou Chain Works")
admin.site.site_title = _("Jinzhou Chain Works")
admin.site.index_title = _("Workbench")

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="admin:index", permanent=False)),
    path("healthz", healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    # The chain catalogue moved from the chains app into the org chart (org.0004): the addresses people
    # bookmarked, e.g. /admin/chains/chain/12/change/, lead to the same pages under /admin/org/.
    re_path(
        r"^admin/chains/(?P<model>industry|subfield|chain|taskforce)/(?P<rest>.*)$",
        RedirectView.as_view(url="/admin/org/%(model)s/%(rest)s", permanent=True, query_string=True),
    ),
    path("admin/", admin.site.urls),
    path("portal/", include("jinzhou.portal.urls")),
    # The link in every handoff notice: to the admin's case page for staff, the portal's for others.
    path("cases/<int:pk>/go/", case_go, name="case_go"),
    path("api/", include("jinzhou.api.urls")),
]
