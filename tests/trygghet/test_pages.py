import pytest
from django.urls import reverse


@pytest.mark.django_db
def test_anonymous_users_are_sent_to_login(client):
    response = client.get(reverse("dashboard"))
    assert response.status_code == 302
    assert response.url == f"{reverse('login')}?next=/"


@pytest.mark.django_db
def test_login_page_is_swedish(client):
    html = client.get(reverse("login")).content.decode()
    assert '<html lang="sv">' in html
    assert "Logga in" in html
    assert "Användarnamn" in html


@pytest.mark.django_db
def test_user_without_role_is_told_so(client, make_user):
    client.force_login(make_user(None))
    html = client.get(reverse("dashboard")).content.decode()
    assert "har ingen roll" in html


@pytest.mark.django_db
def test_404_page_is_swedish(client, role_users):
    client.force_login(role_users["polis"])
    response = client.get("/finns-inte/")
    assert response.status_code == 404
    assert "Sidan hittades inte" in response.content.decode()


@pytest.mark.django_db
def test_english_can_be_chosen_per_user(client, make_user):
    user = make_user("polis")
    user.preferred_language = "en"
    user.save()
    client.force_login(user)
    html = client.get(reverse("dashboard")).content.decode()
    assert '<html lang="en">' in html
    assert "Log out" in html


@pytest.mark.django_db
def test_login_is_throttled_after_repeated_failures(client, make_user):
    user = make_user("polis")
    for _ in range(5):
        client.post(reverse("login"), {"username": user.username, "password": "wrong"})
    response = client.post(
        reverse("login"), {"username": user.username, "password": "test-password-123"}
    )
    assert response.status_code == 429
    assert "För många misslyckade inloggningsförsök" in response.content.decode()


@pytest.mark.django_db
def test_swedish_even_for_browsers_set_to_english(client):
    html = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert '<html lang="sv">' in html and "Logga in" in html


@pytest.mark.django_db
def test_the_language_switch_works_before_login(client):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/konto/logga-in/"})
    assert response.status_code == 302
    assert '<html lang="en">' in client.get(reverse("login")).content.decode()


@pytest.mark.django_db
def test_public_pages_offer_the_way_to_log_in(client):
    html = client.get(reverse("measures:promises")).content.decode()
    assert f'href="{reverse("login")}"' in html
