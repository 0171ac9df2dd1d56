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
