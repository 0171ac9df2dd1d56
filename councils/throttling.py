"""API throttles: per user, per token and per client address (behind the proxy).

Counted in the default cache (Redis, shared by every web process). DRF answers 429 with
Retry-After past a rate.
"""

import hashlib

from rest_framework import throttling

from .client_ip import client_ip


class _ClientIdent:
    # DRF's own get_ident trusts X-Forwarded-For by NUM_PROXIES; ours, TRUSTED_PROXIES.
    def get_ident(self, request):
        return client_ip(request)


class UserRateThrottle(_ClientIdent, throttling.UserRateThrottle):
    """Per signed-in user (per client address for anonymous requests)."""


class AnonRateThrottle(_ClientIdent, throttling.AnonRateThrottle):
    """Per client address, for requests without a user."""


class TokenRateThrottle(throttling.SimpleRateThrottle):
    """Per API token: a user's several integrations (or a leaked token) each have a rate."""

    scope = "token"

    def get_cache_key(self, request, view):
        key = getattr(request.auth, "key", None)
        if not key:
            return None
        ident = hashlib.sha256(key.encode()).hexdigest()[:32]
        return self.cache_format % {"scope": self.scope, "ident": ident}
