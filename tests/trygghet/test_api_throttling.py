"""The API answers 429 to a client past its rate (counted in Redis, per user)."""

import pytest
from django.urls import reverse
from rest_framework.settings import api_settings
from rest_framework.test import APIClient
from rest_framework.throttling import SimpleRateThrottle

from councils.throttling import AnonRateThrottle, TokenRateThrottle, UserRateThrottle

pytestmark = pytest.mark.django_db


def test_the_throttle_classes_are_set_for_users_tokens_and_anonymous_clients():
    assert UserRateThrottle in api_settings.DEFAULT_THROTTLE_CLASSES
    assert TokenRateThrottle in api_settings.DEFAULT_THROTTLE_CLASSES
    assert AnonRateThrottle in api_settings.DEFAULT_THROTTLE_CLASSES
    assert set(api_settings.DEFAULT_THROTTLE_RATES) >= {"user", "token", "anon"}


def test_past_the_rate_the_api_answers_429_to_that_user_only(make_user, monkeypatch, redis_url):
    # DRF reads the rates when the throttle module is imported: make it small here.
    monkeypatch.setitem(SimpleRateThrottle.THROTTLE_RATES, "user", "3/minute")
    url = reverse("api-me")
    client, other = APIClient(), APIClient()
    client.force_authenticate(make_user("polis"))
    other.force_authenticate(make_user("polis"))

    assert [client.get(url).status_code for _ in range(3)] == [200, 200, 200]
    refused = client.get(url)
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 0
    assert other.get(url).status_code == 200


def test_each_token_has_its_own_rate(make_user, monkeypatch, redis_url):
    from rest_framework.authtoken.models import Token

    monkeypatch.setitem(SimpleRateThrottle.THROTTLE_RATES, "token", "2/minute")
    user = make_user("polis")
    url = reverse("api-me")
    one = APIClient()
    one.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    assert [one.get(url).status_code for _ in range(2)] == [200, 200]
    refused = one.get(url)
    assert refused.status_code == 429 and int(refused["Retry-After"]) > 0
    # The same user's session is not a token: it keeps the (higher) user rate.
    session = APIClient()
    session.force_authenticate(user)
    assert session.get(url).status_code == 200


def test_the_rate_is_counted_per_window_and_opens_again_in_the_next(
    make_user, monkeypatch, redis_url
):
    """Past the rate the client is told when the window ends (Retry-After); in the next
    window it may go on. Redis holds one small counter per window, whatever the rate."""
    from django.core.cache import cache

    monkeypatch.setitem(SimpleRateThrottle.THROTTLE_RATES, "user", "3/minute")
    now = [6_000_000.0 + 45]  # 45 s into a minute's window
    monkeypatch.setattr(UserRateThrottle, "timer", lambda self: now[0])
    url = reverse("api-me")
    client = APIClient()
    user = make_user("polis")
    client.force_authenticate(user)
    assert [client.get(url).status_code for _ in range(3)] == [200, 200, 200]
    refused = client.get(url)
    assert refused.status_code == 429 and int(refused["Retry-After"]) == 15
    assert cache.get(f"throttle_user_{user.pk}:100000") == 4  # a number, not a list of times
    now[0] += 15  # the next minute
    assert client.get(url).status_code == 200


def test_while_redis_is_away_nobody_is_throttled():
    """The counter fails open: a cache outage must not lock the police out of the API."""
    from trygghet.cache import ResilientRedisCache

    away = ResilientRedisCache(
        "redis://127.0.0.1:1/0", {"OPTIONS": {"socket_connect_timeout": 0.2}}
    )
    assert away.count("throttle_user_1:1", 60) is None
