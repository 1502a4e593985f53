"""The Content-Security-Policy header (Django 5.2 has none built in).

Every response says that scripts, styles, fonts and images come only from this site, so a page
cannot be made to load anything from the internet or run an injected inline script. A few pages
rendered by third-party packages (the API docs) need inline script; they get the relaxed policy of
``CONTENT_SECURITY_POLICY_RELAXED``, which still allows nothing from another origin.
"""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

HEADER = "Content-Security-Policy"


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        # A view that set its own policy knows better than the default.
        if HEADER not in response:
            response[HEADER] = policy_for(request.path)
        return response


def policy_for(path: str) -> str:
    relaxed = getattr(settings, "CONTENT_SECURITY_POLICY_RELAXED_PATHS", ())
    if any(path.startswith(prefix) for prefix in relaxed):
        return settings.CONTENT_SECURITY_POLICY_RELAXED
    return settings.CONTENT_SECURITY_POLICY
