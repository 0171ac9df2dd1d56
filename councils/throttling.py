"""API throttles: per user, per token and per client address (behind the proxy).

Counted in the default cache (Redis, shared by every web process), per fixed window of
the rate's duration (_Counted). DRF answers 429 with Retry-After past a rate.
"""

import hashlib

from rest_framework import throttling

from .client_ip import client_ip


class _Counted:
    """A rate counted per fixed window of its duration (an hour for "3000/hour"), one
    atomic Redis INCR a request.

    DRF's throttles keep every request's time in a list they read and write back whole
    on each request: at 3 000 an hour that is 3 000 floats pickled both ways per
    throttle, more the busier the client. A window counter costs the same at any rate.
    The price: a client may spend one window's rate at its end and the next at the
    start of the next, twice the rate for a moment; a limit against abuse, not a quota.
    """

    def allow_request(self, request, view):
        if self.rate is None:
            return True
        self.key = self.get_cache_key(request, view)
        if self.key is None:
            return True
        self.now = self.timer()
        window = int(self.now // self.duration)
        self.window_ends = (window + 1) * self.duration
        count = self.cache.count(f"{self.key}:{window}", self.duration)
        return count is None or count <= self.num_requests

    def wait(self):
        return max(self.window_ends - self.now, 1)


class _ClientIdent:
    # DRF's own get_ident trusts X-Forwarded-For by NUM_PROXIES; ours, TRUSTED_PROXIES.
    def get_ident(self, request):
        return client_ip(request)


class UserRateThrottle(_Counted, _ClientIdent, throttling.UserRateThrottle):
    """Per signed-in user (per client address for anonymous requests)."""


class AnonRateThrottle(_Counted, _ClientIdent, throttling.AnonRateThrottle):
    """Per client address, for requests without a user."""


class TokenRateThrottle(_Counted, throttling.SimpleRateThrottle):
    """Per API token: a user's several integrations (or a leaked token) each have a rate."""

    scope = "token"

    def get_cache_key(self, request, view):
        key = getattr(request.auth, "key", None)
        if not key:
            return None
        ident = hashlib.sha256(key.encode()).hexdigest()[:32]
        return self.cache_format % {"scope": self.scope, "ident": ident}
