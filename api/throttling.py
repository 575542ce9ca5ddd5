"""Requests per key (SPEC section 8): over the rate, 429 with `Retry-After`."""

from django.conf import settings
from rest_framework.throttling import SimpleRateThrottle


class ApiKeyRateThrottle(SimpleRateThrottle):
    scope = "api_key"

    def get_rate(self) -> str:
        return settings.API_RATE_PER_KEY  # read per request, so a deployment (or a test) may change it

    def get_cache_key(self, request, view):
        if request.auth is None:
            return None  # not signed in with a key: refused anyway
        return self.cache_format % {"scope": self.scope, "ident": request.auth.prefix}
