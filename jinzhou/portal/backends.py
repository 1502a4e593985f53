"""The sign-in lockout (django-axes) as an authentication backend, and the client address it is keyed on.

Axes refuses to work without the request, because the lockout is keyed by the visitor's address.
Every sign-in form of the site (the portal's and the admin's) passes the request. Calls without one
come from code running on the server (a management command, a test's ``Client.login``); nobody can
guess passwords through them over the network, so there is nothing to lock and the check is skipped
instead of crashing them.
"""

from __future__ import annotations

import ipaddress
import logging

from axes.backends import AxesStandaloneBackend
from django.conf import settings
from django.http import HttpRequest

logger = logging.getLogger(__name__)


class SignInLockoutBackend(AxesStandaloneBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


def client_address(request: HttpRequest) -> str | None:
    """The visitor's address: ``REMOTE_ADDR``, or, behind ``TRUSTED_PROXY_COUNT`` reverse proxies, the
    address the outermost of them saw (``AXES_CLIENT_IP_CALLABLE``).

    Behind nginx every request comes from nginx's address, so a lockout keyed on ``REMOTE_ADDR`` would let
    anyone lock out any user for everyone. Each proxy appends the address it was connected from to
    ``X-Forwarded-For`` (nginx: ``$proxy_add_x_forwarded_for``), so with N trusted proxies the client is
    the N-th entry from the right; everything to its left was sent by the client and may be forged, so it is
    never read (django-axes calls this unstacking the header by the proxy count). With no trusted proxy the
    header is ignored altogether.
    """
    remote = request.META.get("REMOTE_ADDR")
    count = settings.TRUSTED_PROXY_COUNT
    if count <= 0:
        return remote
    hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
    if len(hops) < count:
        # Fewer hops than proxies: the request did not come through all of them (or the count is wrong).
        # The connecting address cannot be forged, so it is the safe key.
        logger.warning("X-Forwarded-For has %d of %d trusted proxy hops; using REMOTE_ADDR", len(hops), count)
        return remote
    candidate = hops[-count]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        logger.warning("X-Forwarded-For entry %r from a trusted proxy is not an address; using REMOTE_ADDR", candidate)
        return remote
