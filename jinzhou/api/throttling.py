"""Throttling per API key (or per user for sessions); the rate is ``API_THROTTLE_RATE``.

The counters live in the default cache: per process with the local-memory cache, shared by every
worker when ``REDIS_CACHE_URL`` is set (as in production).
"""

from rest_framework.throttling import SimpleRateThrottle

from jinzhou.api.authentication import api_key_of


class ApiKeyRateThrottle(SimpleRateThrottle):
    scope = "api"

    def get_cache_key(self, request, view) -> str | None:
        key = api_key_of(request)
        if key is not None:
            ident = f"key:{key.pk}"
        elif request.user and request.user.is_authenticated:
            ident = f"user:{request.user.pk}"
        else:
            # Anonymous requests are refused (401) before they cost anything.
            return None
        return self.cache_format % {"scope": self.scope, "ident": ident}
