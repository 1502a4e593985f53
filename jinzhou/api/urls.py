"""/api/: version 1 of the API (each app's ``api/urls.py``), the schema, its docs, and a 404 for the rest."""

from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView

from jinzhou.api.views import UnknownEndpoint

v1 = [
    path("", include("jinzhou.org.api.urls")),
    path("", include("chains.api.urls")),
    path("", include("jinzhou.casework.api.urls")),
    path("", include("jinzhou.notifications.api.urls")),
    path("", include("alliances.api.urls")),
    path("", include("projects.api.urls")),
    path("", include("meetings.api.urls")),
    path("", include("circulars.api.urls")),
    path("", include("assessment.api.urls")),
    path("", include("search.api.urls")),
]

# The schema and docs are public: a partner reads the contract before it has a key.
public = {"authentication_classes": [], "permission_classes": [], "throttle_classes": []}

urlpatterns = [
    path("v1/", include(v1)),
    path("schema/", SpectacularAPIView.as_view(**public), name="api-schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api-schema", **public), name="api-docs"),
    path("redoc/", SpectacularRedocView.as_view(url_name="api-schema", **public), name="api-redoc"),
    # [\s\S], not ".": a path may hold an encoded newline, and it must still get a problem+json 404.
    re_path(r"^[\s\S]*$", UnknownEndpoint.as_view()),
]
