"""Starting a measure where the lägesbild points: a place trend or a hot spot brings its
place and area into the measure form, and the hot-spot table names places."""

import pytest
from django.urls import reverse

from core.isoweek import Week
from lagesbild.figures.hotspot_tables import hotspot_figures
from lagesbild.models import Incident
from tests.factories import AreaFactory, IncidentFactory, PlaceFactory


@pytest.fixture
def skalby(db):
    area = AreaFactory(name="Skälby", latitude=59.6282, longitude=16.4790)
    return PlaceFactory(name="Skälby centrum", area=area, latitude=59.6270, longitude=16.4815)


@pytest.mark.django_db
def test_a_place_link_fills_in_the_place_and_its_area(client, role_users, skalby):
    client.force_login(role_users["samordnare"])
    response = client.get(reverse("measures:measure_create") + f"?place={skalby.pk}&from=trend")
    form = response.context["form"]
    assert form.initial["areas"] == [skalby.area]
    assert form.initial["title"] == "Skälby centrum"
    assert "Skälby centrum" in form.initial["description"]
    assert form.initial["origin"] == "trend"
    # An unknown or malformed place fills in nothing and is no error.
    for bad in ("999999", "x", ""):
        response = client.get(reverse("measures:measure_create") + f"?place={bad}")
        assert response.status_code == 200
        assert "areas" not in response.context["form"].initial


@pytest.mark.django_db
def test_hot_spot_cells_are_named_after_the_nearest_place_or_area(skalby):
    far_area = AreaFactory(name="Irsta", latitude=59.5950, longitude=16.6950)
    for _ in range(25):
        IncidentFactory(area=skalby.area, place=skalby, latitude=59.6271, longitude=16.4814)
    for i in range(40):
        IncidentFactory(
            area=far_area, latitude=59.46 + (i % 8) * 0.02, longitude=16.30 + (i // 8) * 0.05
        )
    table, _result = hotspot_figures(Incident.objects.all())
    hot = [c for c in table["hot_spots"] if c["z"] > 0]
    assert hot, table
    top = max(hot, key=lambda c: c["count"])
    assert (top["place"], top["place_id"], top["area"]) == ("Skälby centrum", skalby.pk, "Skälby")
    for cell in table["hot_spots"]:
        assert cell["area_id"] is not None


@pytest.mark.django_db
def test_the_weekly_page_offers_a_measure_at_a_rising_place(client, role_users, skalby):
    """The place trend row links to the measure form with the place."""
    week = Week(2026, 10)
    for back in range(1, 9):
        IncidentFactory(
            area=skalby.area, place=skalby, occurred_on=week.shift(-back).monday, count=1
        )
    for _ in range(12):
        IncidentFactory(area=skalby.area, place=skalby, occurred_on=week.monday, count=1)
    client.force_login(role_users["samordnare"])
    page = client.get(reverse("lagesbild:weekly", kwargs={"week": str(week)})).text
    assert f"place={skalby.pk}&amp;" in page
