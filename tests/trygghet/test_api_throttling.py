"""The API answers 429 to a client past its rate (counted in Redis, per user)."""

import pytest
from django.urls import reverse
from rest_framework.settings import api_settings
from rest_framework.test import APIClient
from rest_framework.throttling import AnonRateThrottle, SimpleRateThrottle, UserRateThrottle

pytestmark = pytest.mark.django_db


def test_the_throttle_classes_are_set_for_users_and_anonymous_clients():
    assert UserRateThrottle in api_settings.DEFAULT_THROTTLE_CLASSES
    assert AnonRateThrottle in api_settings.DEFAULT_THROTTLE_CLASSES
    assert set(api_settings.DEFAULT_THROTTLE_RATES) >= {"user", "anon"}


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
