"""The client's IP address behind the TLS proxy, and login throttling per client.

Production runs behind a reverse proxy: REMOTE_ADDR is the proxy's address for every
request. The client is the right-most address of X-Forwarded-For that is not one of
our own proxies (TRUSTED_PROXIES); entries left of it were written by the client and
prove nothing. Without a trusted proxy in front, REMOTE_ADDR is the client.

django-axes locks a username from one client after AXES_FAILURE_LIMIT failures; it
reads the client through `client_ip` (AXES_CLIENT_IP_CALLABLE), so one person's typing
mistakes never lock out the same user at another address. Password spraying (a few
tries each at many usernames) is limited per client by `ClientThrottleBackend`.
"""

import ipaddress
from functools import cache

from django.conf import settings
from django.contrib.auth.signals import user_login_failed
from django.core.cache import cache as store
from django.core.exceptions import PermissionDenied
from django.dispatch import receiver


@cache
def _networks(proxies: tuple[str, ...]):
    return tuple(ipaddress.ip_network(p, strict=False) for p in proxies)


def _trusted(address: str) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in net for net in _networks(tuple(settings.TRUSTED_PROXIES)))


def client_ip(request) -> str:
    """The client's address, through the configured trusted proxies only."""
    remote = request.META.get("REMOTE_ADDR", "")
    if not _trusted(remote):
        return remote
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    hops = [h.strip() for h in forwarded.split(",") if h.strip()]
    for hop in reversed(hops):
        if not _trusted(hop):
            try:
                return str(ipaddress.ip_address(hop))
            except ValueError:
                return remote  # a forged or broken header: the proxy is all we know
    return remote


def _key(request) -> str:
    return f"login-failures:{client_ip(request)}"


class ClientThrottleBackend:
    """Refuses every login attempt from a client past LOGIN_CLIENT_FAILURE_LIMIT failed
    logins (any usernames) within the cool-off time; shown as axes' lockout page."""

    def authenticate(self, request, **credentials):
        if request is None:
            return None
        if (store.get(_key(request)) or 0) >= settings.LOGIN_CLIENT_FAILURE_LIMIT:
            request.axes_locked_out = True
            request.axes_credentials = credentials
            raise PermissionDenied
        return None

    # No get_user: this backend never logs anyone in (and force_login, which picks the
    # first backend that has one, must not pick it).


@receiver(user_login_failed)
def _count_failure(sender, credentials, request=None, **kwargs):
    if request is None:
        return
    key = _key(request)
    timeout = int(settings.AXES_COOLOFF_TIME * 3600)
    if not store.add(key, 1, timeout):
        try:
            store.incr(key)
        except ValueError:  # expired in between
            store.add(key, 1, timeout)
