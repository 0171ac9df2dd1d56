"""Maps never come up blank: outlines and places from the database first, tiles on top;
when the tile server cannot be reached the map says so and stays usable."""

import os
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

from core.isoweek import Week
from lagesbild.models import Area
from tests.factories import TEST_PASSWORD

SHOTS = Path(os.environ.get("SHOTS", "/tmp/shots"))


def test_the_seed_ships_an_outline_for_every_area():
    from lagesbild.seed import AREAS, approximate_boundaries

    outlines = approximate_boundaries()
    assert {name for name, *_ in AREAS} == set(outlines)
    for name, _group, lat, lon in AREAS:
        ring = outlines[name]["coordinates"][0]
        lons, lats = [p[0] for p in ring], [p[1] for p in ring]
        # The centre lies inside its outline's box, and the outline is a closed ring.
        assert min(lats) < lat < max(lats) and min(lons) < lon < max(lons), name
        assert ring[0] == ring[-1]


def test_map_data_carries_outlines_and_places(client, demo_users):
    client.force_login(demo_users["samordnare"])
    week = Week.last(timezone.localdate()).shift(-1)
    data = client.get(reverse("lagesbild:weekly_map_data", kwargs={"week": str(week)})).json()
    areas = {f["properties"]["name"]: f["geometry"]["type"] for f in data["areas"]["features"]}
    assert areas["Bäckby"] == "Polygon" and len(areas) == Area.objects.count()
    places = {f["properties"]["name"] for f in data["places"]["features"]}
    assert {"Vasaparken", "Skälby centrum"} <= places
    hotspot = client.get(reverse("lagesbild:hotspot_map_data")).json()
    assert hotspot["areas"]["features"] and hotspot["places"]["features"]


def test_a_city_boundary_is_never_overwritten_by_the_seed(demo_db):
    import io

    from django.core.management import call_command

    ring = [[16.4, 59.6], [16.5, 59.6], [16.5, 59.7], [16.4, 59.6]]
    own = {"type": "Polygon", "coordinates": [ring]}
    Area.objects.filter(name="Bäckby").update(boundary=own)
    call_command("seed_vasteras", stdout=io.StringIO())
    assert Area.objects.get(name="Bäckby").boundary == own


@pytest.mark.browser
def test_the_map_works_with_the_tile_server_blocked(page, live_server, login, demo_live):
    from councils.models import User

    user = User.objects.get(username="samordnare")
    user.set_password(TEST_PASSWORD)
    user.save()
    blocked = []

    def block(route):
        blocked.append(route.request.url)
        route.abort()

    page.route("**/tile.openstreetmap.org/**", block)
    page.set_viewport_size({"width": 1280, "height": 900})
    login(page, user)
    week = Week.last(timezone.localdate()).shift(-1)
    page.goto(f"{live_server.url}/lagesbild/vecka/{week}/")
    page.wait_for_selector("[data-lagesbild-map][data-loaded=true]")
    notice = page.locator("[data-map-notice]")
    notice.wait_for(state="visible")
    assert "Kartbakgrunden kunde inte hämtas" in notice.inner_text()
    assert blocked, "the page asked for tiles"
    # The outlines (one path per area) and the places are drawn without tiles.
    paths = page.locator("[data-lagesbild-map] path.leaflet-interactive")
    assert paths.count() >= Area.objects.count()
    assert page.locator("[data-lagesbild-map] .leaflet-tile-loaded").count() == 0
    map_box = page.locator("[data-lagesbild-map]")
    SHOTS.mkdir(exist_ok=True)
    map_box.screenshot(path=str(SHOTS / "map-without-tiles.png"))


@pytest.mark.browser
def test_the_phone_picker_works_on_outlines_and_places_alone(page, live_server, login, demo_live):
    """No tiles: tap a place, and the place, its area and the point are filled in; a
    point in another area's outline than the chosen one is shown, never changed."""
    from councils.models import User
    from lagesbild.models import Place

    user = User.objects.get(username="polis")
    user.set_password(TEST_PASSWORD)
    user.save()
    page.route("**/tile.openstreetmap.org/**", lambda route: route.abort())
    page.set_viewport_size({"width": 390, "height": 844})
    login(page, user)
    page.goto(live_server.url + reverse("lagesbild:incident_entry"))
    fieldset = page.locator("[data-incident-form]").first
    fieldset.get_by_text("Punkt på kartan (valfritt)").click()
    notice = fieldset.locator("[data-picker-notice]")
    notice.wait_for(state="visible")
    assert "Kartbakgrunden kunde inte hämtas" in notice.inner_text()
    # Tap the ring of Skälby centrum.
    skalby = Place.objects.get(name="Skälby centrum")
    rings = fieldset.locator("[data-map] path.place-ring")
    assert rings.count() == Place.objects.count()
    fieldset.locator(f"[data-map] path.place-{skalby.pk}").dispatch_event("click")
    assert fieldset.locator("select[name$='-place']").input_value() == str(skalby.pk)
    assert fieldset.locator("select[name$='-area']").input_value() == str(skalby.area_id)
    assert fieldset.locator("[data-map='lat']").input_value()
    assert fieldset.locator("[data-area-mismatch]").is_hidden()
    # Choosing another area leaves the point where it is, and says so.
    fieldset.locator("select[name$='-area']").select_option(label="Bäckby")
    warning = fieldset.locator("[data-area-mismatch]")
    warning.wait_for(state="visible")
    assert "Punkten ligger i Skälby" in warning.inner_text()
    assert fieldset.locator("select[name$='-area']").input_value() != str(skalby.area_id)
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / "picker-without-tiles.png"), full_page=True)
