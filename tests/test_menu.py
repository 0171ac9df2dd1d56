"""The main menu: drawn once per process for each set of roles, language and section,
and never stale when a user's roles change."""

import pytest
from django.contrib.auth.models import Group
from django.core.cache import caches
from django.urls import reverse

pytestmark = pytest.mark.django_db

NAV = "lagesbild/_nav.html"


@pytest.fixture(autouse=True)
def empty_menus():
    caches["local"].clear()
    yield
    caches["local"].clear()


def _menu(html: str) -> str:
    return html.split('id="main-nav"')[1].split('<ul class="navbar-nav">')[0]


def test_the_menu_is_drawn_once_per_roles_language_and_section(client, role_users):
    client.force_login(role_users["samordnare"])
    first = client.get(reverse("lagesbild:incident_list"))
    again = client.get(reverse("lagesbild:statistics"))  # the same section
    assert NAV in [t.name for t in first.templates]
    assert NAV not in [t.name for t in again.templates]
    assert _menu(first.content.decode()) == _menu(again.content.decode())
    # Each section may mark its own menu item (the budget does): a menu of its own.
    budget = client.get(reverse("budget:package_list"))
    assert NAV in [t.name for t in budget.templates]
    assert 'nav-link active" href="/budget/' in _menu(budget.content.decode())
    # Another role has a menu of its own.
    client.force_login(role_users["ledamot"])
    member = client.get(reverse("measures:goal_list"))
    assert NAV in [t.name for t in member.templates]
    assert "Registrera händelser" in _menu(first.content.decode())
    assert "Registrera händelser" not in _menu(member.content.decode())


def test_the_menu_follows_a_role_change_at_once(client, role_users):
    member = role_users["ledamot"]
    client.force_login(member)
    assert "Registrera händelser" not in _menu(client.get(reverse("dashboard")).content.decode())
    member.groups.add(Group.objects.get(name="samordnare"))
    assert "Registrera händelser" in _menu(client.get(reverse("dashboard")).content.decode())


def test_the_menu_is_in_the_users_language(client, role_users):
    coordinator = role_users["samordnare"]
    client.force_login(coordinator)
    assert "Lägesbild" in _menu(client.get(reverse("dashboard")).content.decode())
    coordinator.preferred_language = "en"
    coordinator.save()
    english = _menu(client.get(reverse("dashboard")).content.decode())
    assert "Situation picture" in english and "Lägesbild" not in english
