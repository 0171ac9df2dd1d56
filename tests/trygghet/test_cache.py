"""The Redis cache: one client per connection pool, and a miss (not an error) while
Redis is unreachable."""

import pytest
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCacheClient
from django.urls import reverse

from trygghet.cache import ResilientRedisCache

pytestmark = pytest.mark.django_db


def test_values_round_trip_through_one_reused_client(redis_url, settings):
    cache = caches["default"]
    assert isinstance(cache, ResilientRedisCache)
    cache.set("trygghet-test-cache", {"vecka": 7}, 30)
    first = cache._cache.get_client("trygghet-test-cache")
    assert cache.get("trygghet-test-cache") == {"vecka": 7}
    key = "trygghet-test-cache"
    assert cache.get_many([key, "saknas"]) == {key: {"vecka": 7}}
    # Django's own client makes a new redis.Redis for each call; ours keeps one.
    assert cache._cache.get_client("another-key") is first
    plain = RedisCacheClient([redis_url])
    assert plain.get_client() is not plain.get_client()


def test_unreachable_redis_is_a_miss_not_an_error():
    # A port where nothing listens: every cache call fails at the connection.
    options = {"OPTIONS": {"socket_connect_timeout": 0.2}}
    down = ResilientRedisCache("redis://127.0.0.1:1/0", options)
    assert down.get("key", "default") == "default"
    down.set("key", "value", 30)  # dropped, not raised
    assert down.get_many(["key"]) == {}
    assert down.add("key", "value") is False
    # Asked twice: the kept client reconnects through its pool, it does not keep a dead socket.
    assert down.get("key") is None


def test_a_page_renders_the_same_from_the_reused_client(client, role_users, redis_url):
    client.force_login(role_users["samordnare"])
    first = client.get(reverse("lagesbild:incident_list"))
    again = client.get(reverse("lagesbild:incident_list"))
    assert first.status_code == again.status_code == 200
    assert first.content.count(b"<select") == again.content.count(b"<select") > 0
