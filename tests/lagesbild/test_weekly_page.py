"""The weekly lägesbild page: figures, trend flag, Gi*, map data, aggregates per role."""

import datetime as dt

import pytest
from django.urls import reverse

from core.isoweek import Week
from tests.lagesbild.picture_fixtures import trend_week_world

WEEK = Week(2023, 7)
URL = reverse("lagesbild:weekly", kwargs={"week": WEEK})


@pytest.fixture
def world(db, time_machine):
    time_machine.move_to(dt.datetime(2023, 2, 22, 9, 0, tzinfo=dt.UTC), tick=False)
    # Bäckby klotter: 4 a week for 8 weeks, then 16 (flagged); Vasaparken: a
    # cluster of 30 (a Gi* hot spot), and four scattered single incidents.
    w = trend_week_world(WEEK)
    # Stora torget: 2 (a small count the members' view must hide).
    w.incident(WEEK.monday, place=w.torget, category=w.brak, count=2, assessment="Hemligt")
    return w


def test_default_is_last_week_in_stockholm(client, role_users, world):
    client.force_login(role_users["polis"])
    response = client.get(reverse("lagesbild:weekly_latest"))
    assert response.url == URL
    response = client.get(reverse("lagesbild:weekly_latest") + "?vecka=2023-W05")
    assert response.url.endswith("/vecka/2023-W05/")


def test_full_page_shows_figures_trend_and_hot_spots(client, role_users, world):
    client.force_login(role_users["samordnare"])
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    figures = response.context["figures"]
    assert figures["totals"]["current"] == 16 + 30 + 4 + 2
    assert "vecka 7, 2023" in html
    # The trend flag, with its method and the threshold from settings.
    assert "20 händelser mot i snitt 4,0 de senaste 8 veckorna (z = 5,4)" in html
    # Klotter rose within Skadegörelse: reported within it, not as a second alarm.
    assert "därav Skadegörelse – Klotter: 16" in html
    assert not any(t["dimension"] == "event" for t in figures["trends"])
    assert "Benjamini–Hochberg" in html and "5 %" in html
    # Gi*: the method and the Vasaparken cell in the table.
    assert "Getis-Ord Gi*" in html
    assert "Het punkt (99" in html
    # Places that stand out, the heat table and the SVG charts.
    assert "Vasaparken" in html and "Stora torget" in html
    assert 'class="heat heat-5"' in html
    assert html.count("<svg") >= 4
    # The map: data attribute, no inline script.
    assert "data-lagesbild-map" in html
    assert "<script>" not in html
    # Each flagged trend offers a measure, pre-filled with what went the wrong way.
    trend = figures["trends"][0]
    parameter = "area" if trend["dimension"] == "area" else "category"
    kind = "area" if trend["dimension"] == "area" else "category"
    # …with the week and what started it, kept on the measure (issue #21).
    week = f"start={WEEK.monday}&amp;end={WEEK.sunday}&amp;key={trend['key']}"
    assert f"/insatser/ny/?{parameter}={trend['key']}&amp;{week}&amp;label=" in html
    assert f"&amp;from={kind}" in html
    assert "Starta en insats mot trenden" in html


def test_map_data_has_incidents_and_hot_cells_but_no_free_text(client, role_users, world):
    client.force_login(role_users["polis"])
    data = client.get(reverse("lagesbild:weekly_map_data", kwargs={"week": WEEK})).json()
    assert sum(f["properties"]["count"] for f in data["incidents"]["features"]) == 36
    classes = {f["properties"]["class"] for f in data["hotspots"]["features"]}
    assert "hot-99" in classes
    assert "Hemligt" not in str(data)


@pytest.mark.parametrize("role", ["ledamot", "rapportor"])
def test_members_and_reporters_see_nothing_of_an_unpublished_week(client, role_users, world, role):
    client.force_login(role_users[role])
    html = client.get(URL).content.decode()
    assert "Vasaparken" not in html and "Stora torget" not in html
    assert "Hemligt" not in html and "data-lagesbild-map" not in html
    # Not published: no figures at all (test_picture_weekly covers the published week).
    assert "inte publicerats" in html and "data-figure" not in html


def test_future_week_is_not_found(client, role_users, world):
    client.force_login(role_users["samordnare"])
    future = reverse("lagesbild:weekly", kwargs={"week": Week(2023, 9)})
    assert client.get(future).status_code == 404
    assert client.get("/lagesbild/vecka/2023-W54/").status_code == 404


def test_page_query_count_is_bounded(client, role_users, world, django_assert_max_num_queries):
    client.force_login(role_users["samordnare"])
    client.get(URL)  # warm the session and role caches
    # A write first: the figures are cached per version of the incidents, and both
    # pages measured here compute them anew.
    world.incident(WEEK.monday, place=world.torget, count=1)
    # One query for events, areas and places (GROUPING SETS) and one per weekly table,
    # one for the cells of Gi*'s study area, one for the cells of the emerging hot
    # spots' weeks and one for who reported the week.
    with django_assert_max_num_queries(15) as first:
        client.get(URL)
    for k in range(9):
        for day in range(7):
            world.incident(
                WEEK.shift(-k).monday + dt.timedelta(days=day),
                place=world.torget if day % 2 else world.vasaparken,
                count=day + 1,
            )
    with django_assert_max_num_queries(len(first.captured_queries)):
        client.get(URL)
