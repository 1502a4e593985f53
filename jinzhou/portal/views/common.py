"""What every portal view shares: sign-in required, and how refusals reach the visitor."""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.urls import reverse


def portal_login_required(view):
    """Send visitors who are not signed in to the portal's sign-in page, then back."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), reverse("portal:sign_in"))
        return view(request, *args, **kwargs)

    return wrapped
