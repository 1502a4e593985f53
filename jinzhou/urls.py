"""Top-level URLs: the admin, the health check, the language switch."""

from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.generic import RedirectView

from jinzhou.health import healthz

admin.site.site_header = _("Jinzhou Chain Works")
admin.site.site_title = _("Jinzhou Chain Works")
admin.site.index_title = _("Workbench")

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="admin:index", permanent=False)),
    path("healthz", healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("portal/", include("jinzhou.portal.urls")),
    path("api/", include("jinzhou.api.urls")),
]
