"""Who is signed in (a session's user, an API token's): asked of the database once per
process while nothing of councils changes, and refused at once when the user is
deactivated, their password changed or the token deleted."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from councils.authentication import TokenAuthentication

pytestmark = pytest.mark.django_db


@pytest.fixture
def token_client(make_user):
    user = make_user("polis")
    token = Token.objects.create(user=user)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client, user, token


def _token_queries(client) -> tuple[int, list[str]]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("api-me"))
    return response.status_code, [
        q["sql"] for q in captured.captured_queries if "authtoken_token" in q["sql"]
    ]


def test_a_token_is_looked_up_once_while_nothing_changes(token_client):
    client, _user, _token = token_client
    status, first = _token_queries(client)
    assert status == 200 and len(first) == 1
    status, again = _token_queries(client)
    assert status == 200 and again == []


def test_a_deactivated_user_is_refused_at_once(token_client):
    client, user, _token = token_client
    assert client.get(reverse("api-me")).status_code == 200
    user.is_active = False
    user.save()
    assert client.get(reverse("api-me")).status_code == 401


def test_a_deleted_token_is_refused_at_once(token_client):
    client, _user, token = token_client
    assert client.get(reverse("api-me")).status_code == 200
    token.delete()
    assert client.get(reverse("api-me")).status_code == 401
    # A token that never was is refused too, and not remembered as anyone.
    client.credentials(HTTP_AUTHORIZATION="Token " + "0" * 40)
    assert client.get(reverse("api-me")).status_code == 401


def test_each_request_gets_its_own_user(token_client):
    """What one request sets on its user (a middleware's marks, a memo) is not seen by
    the next."""
    _client, user, token = token_client
    first, _ = TokenAuthentication().authenticate_credentials(token.key)
    first.request_mark = "first"
    second, second_token = TokenAuthentication().authenticate_credentials(token.key)
    assert second == user and second_token.user is second
    assert second is not first and not hasattr(second, "request_mark")


def test_a_signed_in_user_is_looked_up_once_while_nothing_changes(client, make_user):
    user = make_user("samordnare")
    client.force_login(user)
    client.get(reverse("dashboard"))

    def user_queries():
        with CaptureQueriesContext(connection) as captured:
            response = client.get(reverse("dashboard"))
        assert response.status_code == 200
        return [q for q in captured.captured_queries if 'FROM "councils_user"' in q["sql"]]

    assert user_queries() == []
    # Deactivated: signed out at the next request, not after a cache's lifetime.
    user.is_active = False
    user.save()
    assert client.get(reverse("dashboard")).status_code == 302


def test_a_new_password_signs_out_the_users_other_sessions_at_once(client, make_user):
    user = make_user("samordnare")
    client.force_login(user)
    assert client.get(reverse("dashboard")).status_code == 200
    user.set_password("ett helt annat lösenord 2026")
    user.save()
    assert client.get(reverse("dashboard")).status_code == 302
