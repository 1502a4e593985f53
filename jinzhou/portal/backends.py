"""The sign-in lockout (django-axes) as an authentication backend.

Axes refuses to work without the request, because the lockout is keyed by the visitor's address.
Every sign-in form of the site (the portal's and the admin's) passes the request. Calls without one
come from code running on the server (a management command, a test's ``Client.login``); nobody can
guess passwords through them over the network, so there is nothing to lock and the check is skipped
instead of crashing them.
"""

from axes.backends import AxesStandaloneBackend


class SignInLockoutBackend(AxesStandaloneBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
