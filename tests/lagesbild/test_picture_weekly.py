"""Writing, publishing and freezing the weekly picture; what members see of it."""

import datetime as dt

import pytest
from django.urls import reverse

from core.isoweek import Week
from lagesbild.models import AnnualPicture, PictureStatus, Problem, WeeklyPicture
from tests.lagesbild.picture_fixtures import World

WEEK = Week(2023, 7)
URL = reverse("lagesbild:weekly", kwargs={"week": WEEK})
EDIT = reverse("lagesbild:weekly_edit", kwargs={"week": WEEK})


def _version() -> int:
    """The version the edit form shows for the week (its hidden field)."""
    return WeeklyPicture.objects.get(iso_year=2023, iso_week=7).version


@pytest.fixture
def world(db, time_machine):
    time_machine.move_to(dt.datetime(2023, 2, 22, 9, 0, tzinfo=dt.UTC), tick=False)
    w = World()
    w.incident(WEEK.monday, count=6)  # Bäckby klotter 6
    w.incident(WEEK.monday, category=w.brak, area=w.centrum, place=w.vasaparken, count=2)
    w.annual = AnnualPicture.objects.create(year=2023)
    w.problem = Problem.objects.create(
        annual_picture=w.annual, rank=1, title="Skadegörelse i Bäckby", description="Klotter."
    )
    return w


def test_coordinator_writes_assessment_and_publishes(client, role_users, world):
    client.force_login(role_users["samordnare"])
    response = client.post(
        EDIT,
        {
            "assessment": "Mer klotter i Bäckby.",
            "problems": [world.problem.pk],
            "publish": "1",
            "version": 0,
        },
    )
    assert response.status_code == 302
    picture = WeeklyPicture.objects.get(iso_year=2023, iso_week=7)
    assert picture.status == PictureStatus.PUBLISHED
    assert picture.published_by == role_users["samordnare"]
    assert picture.snapshot["totals"]["current"] == 8
    assert list(picture.problems.all()) == [world.problem]
    html = client.get(URL).content.decode()
    assert "Mer klotter i Bäckby." in html and "Publicerad" in html
    assert "Skadegörelse i Bäckby" in html


def test_saving_a_draft_does_not_publish(client, role_users, world):
    client.force_login(role_users["samordnare"])
    client.post(EDIT, {"assessment": "Utkast", "version": 0})
    picture = WeeklyPicture.objects.get()
    assert picture.status == PictureStatus.DRAFT and picture.snapshot is None
    client.force_login(role_users["ledamot"])
    html = client.get(URL).content.decode()
    assert "Utkast" not in html and "inte publicerats" in html


def test_published_figures_are_frozen_and_page_says_live_differs(client, role_users, world):
    client.force_login(role_users["samordnare"])
    client.post(EDIT, {"assessment": "Bedömning", "publish": "1", "version": 0})
    response = client.get(URL)
    assert response.context["live_differs"] is False
    # An incident is edited after publishing: 6 → 1, and one is added.
    incident = world.org.incidents.get(count=6)
    incident.count = 1
    incident.save()
    world.incident(WEEK.monday + dt.timedelta(days=1), category=world.brand)
    response = client.get(URL)
    assert response.context["figures"]["totals"]["current"] == 8  # as published
    assert response.context["live_differs"] is True
    assert "data-live-differs" in response.content.decode()
    live = client.get(URL + "?live=1")
    assert live.context["figures"]["totals"]["current"] == 4
    # Members see the published (frozen) figures too.
    client.force_login(role_users["ledamot"])
    member = client.get(URL)
    assert member.context["figures"]["totals"]["current"] == 8


@pytest.mark.parametrize("role", ["ledamot", "rapportor"])
def test_member_view_suppresses_small_counts_and_hides_places(client, role_users, world, role):
    client.force_login(role_users["samordnare"])
    client.post(EDIT, {"assessment": "Publicerad bedömning", "publish": "1", "version": 0})
    client.force_login(role_users[role])
    response = client.get(URL)
    html = response.content.decode()
    areas = {r["label"]: r for r in response.context["figures"]["areas"]}
    assert areas["Centrum"]["current"] == "< 3"
    # Two areas and the week's total printed: Bäckby's 6 would give Centrum's count away.
    assert areas["Bäckby"]["current"] == ".."
    assert isinstance(response.context["figures"]["totals"]["current"], int)
    assert "&lt; 3" in html and "data-hidden-note" in html
    assert "Vasaparken" not in html and "data-lagesbild-map" not in html
    assert "Publicerad bedömning" in html


def test_only_coordinators_write_and_publish(client, role_users, world):
    for role in ("polis", "rapportor", "ledamot"):
        client.force_login(role_users[role])
        assert (
            client.post(EDIT, {"assessment": "x", "publish": "1", "version": 0}).status_code == 403
        )
    assert not WeeklyPicture.objects.exists()


def test_publish_query_count_and_page_with_snapshot_bounded(
    client, role_users, world, django_assert_max_num_queries
):
    client.force_login(role_users["samordnare"])
    client.post(EDIT, {"assessment": "x", "publish": "1", "version": 0})
    client.get(URL)
    with django_assert_max_num_queries(24):
        client.get(URL)


@pytest.mark.django_db
def test_members_start_at_the_latest_published_week(client, role_users):
    older = Week.last().shift(-3)
    WeeklyPicture.objects.create(
        iso_year=older.iso_year,
        iso_week=older.iso_week,
        status=PictureStatus.PUBLISHED,
        snapshot={"computed_at": "2026-01-01T00:00:00"},
        published_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
    )
    client.force_login(role_users["ledamot"])
    response = client.get(reverse("lagesbild:weekly_latest"))
    assert response.url == reverse("lagesbild:weekly", kwargs={"week": older})
    # Coordinators start at last week, published or not.
    client.force_login(role_users["samordnare"])
    response = client.get(reverse("lagesbild:weekly_latest"))
    assert response.url == reverse("lagesbild:weekly", kwargs={"week": Week.last()})


def test_published_week_renders_once_for_members_and_again_when_republished(
    client, role_users, world
):
    """The frozen snapshot's rendering comes from Redis until the snapshot changes."""
    from django.core.cache import cache

    cache.clear()
    client.force_login(role_users["samordnare"])
    client.post(EDIT, {"assessment": "Bedömning", "publish": "1", "version": 0})
    client.force_login(role_users["ledamot"])

    def tables_rendered(response):
        return any(t.name.endswith("_figure_table.html") for t in response.templates)

    first = client.get(URL)
    assert tables_rendered(first) and 'data-figure="total">8<' in first.content.decode()
    again = client.get(URL)
    assert not tables_rendered(again) and 'data-figure="total">8<' in again.content.decode()
    # Live data change: members still see the frozen week, from the cache.
    world.incident(WEEK.monday, count=3)
    assert not tables_rendered(client.get(URL))
    # Published again, the snapshot holds the new count: rendered anew.
    client.force_login(role_users["samordnare"])
    client.post(EDIT, {"assessment": "Bedömning", "publish": "1", "version": _version()})
    client.force_login(role_users["ledamot"])
    republished = client.get(URL)
    assert tables_rendered(republished)
    assert 'data-figure="total">11<' in republished.content.decode()
