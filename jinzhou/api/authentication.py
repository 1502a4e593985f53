"""``Authorization: Bearer <key>`` for partner systems; the browsable API uses the session."""

import datetime as dt
import functools

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions

from jinzhou.org.models import ApiKey
from jinzhou.org.selectors import FACT_NAMES, fact_annotations, remember_actor
from jinzhou.org.services import digest_of

# last_used_at is for the office's overview ("is this key still in use?"), not an access log, so one
# write a minute per key is enough and spares a write on every request.
LAST_USED_RESOLUTION = dt.timedelta(minutes=1)


@functools.cache
def keys_with_owner():
    """Keys with their owner and the owner's org-chart facts (which scope every request), so that
    authenticating costs one query. Built once per process and only ever refined with ``filter()``
    (which copies it): resolving the facts' subqueries took longer than running the query."""
    # No order: a digest names one key (unique), and the model's default order would cost a sort.
    return ApiKey.objects.select_related("user").annotate(**fact_annotations("user_id")).order_by()


class ApiKeyAuthentication(authentication.BaseAuthentication):
    keyword = "Bearer"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() != self.keyword.lower().encode():
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(_("Send the key as “Authorization: Bearer <key>”."))
        try:
            raw = header[1].decode("ascii")
        except UnicodeDecodeError:
            raise exceptions.AuthenticationFailed(_("The API key is not valid.")) from None
        key = next(iter(keys_with_owner().usable().filter(digest=digest_of(raw))[:1]), None)
        if key is None:
            raise exceptions.AuthenticationFailed(_("The API key is not valid, has expired or was revoked."))
        remember_actor(key.user, {name: getattr(key, name) for name in FACT_NAMES})
        now = timezone.now()
        if key.last_used_at is None or now - key.last_used_at >= LAST_USED_RESOLUTION:
            ApiKey.objects.filter(pk=key.pk).update(last_used_at=now)
            key.last_used_at = now
        return key.user, key

    def authenticate_header(self, request) -> str:
        # Makes DRF answer 401 (not 403) to a request without credentials.
        return f'{self.keyword} realm="api"'


def api_key_of(request) -> ApiKey | None:
    """The key a request authenticated with, or None for a session."""
    auth = getattr(request, "auth", None)
    return auth if isinstance(auth, ApiKey) else None
