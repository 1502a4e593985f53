"""Scopes: a key may read or write a resource only if one of its scopes grants it.

A view names its resource (``api_resource = "cases"``). Reads (GET, HEAD, OPTIONS) need
``<resource>:read``, everything else ``<resource>:write``; ``*`` stands for every resource. A
session (the browsable API) has no key, so only the user's own scope applies. What the key's owner
may see and do is decided by the services and ``visible_to`` as for any user.

A view may also name, per action, the service's own check of who may write at all
(``write_checks = {"create": services.check_may_report}``): it runs here, before the body is read
or validated, so a caller who will be refused costs nothing however large their body (the service
runs the same check again; its message is the 403's).
"""

from django.utils.translation import gettext_lazy as _
from rest_framework import permissions

from jinzhou.api.authentication import api_key_of


def access_for(method: str) -> str:
    return "read" if method in permissions.SAFE_METHODS else "write"


class HasScope(permissions.IsAuthenticated):
    message = _("This API key's scopes do not allow this.")

    def has_permission(self, request, view) -> bool:
        if not super().has_permission(request, view):
            return False
        key = api_key_of(request)
        if key is not None and not self._key_allows(key, request, view):
            return False
        check = (getattr(view, "write_checks", None) or {}).get(getattr(view, "action", None))
        if check is not None and request.method not in permissions.SAFE_METHODS:
            check(request.user)  # raises ActionRefused: a 403 with the service's own words
        return True

    def _key_allows(self, key, request, view) -> bool:
        resource = getattr(view, "api_resource", None)
        access = getattr(view, "api_access", None) or access_for(request.method)
        if resource is None:
            return False
        if key.allows(resource, access):
            return True
        self.message = _("This API key needs the scope “%(scope)s”.") % {"scope": f"{resource}:{access}"}
        return False
