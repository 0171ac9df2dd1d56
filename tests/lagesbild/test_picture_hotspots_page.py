"""The hot-spot page: Gi* for any period, category and area, as a table and map data."""

import datetime as dt

import pytest
from django.urls import reverse

from tests.lagesbild.picture_fixtures import World, town

URL = reverse("lagesbild:hotspots")


@pytest.fixture
def world(db, time_machine):
    time_machine.move_to(dt.datetime(2023, 3, 1, 9, 0, tzinfo=dt.UTC), tick=False)
    w = World()
    town(w, dt.date(2022, 9, 1))  # the study area: where incidents happened in the year
    w.incident(dt.date(2023, 2, 1), place=w.vasaparken, category=w.brak, count=25)
    for lat, lon in [(59.60, 16.47), (59.63, 16.50), (59.59, 16.56), (59.62, 16.58)]:
        w.incident(dt.date(2023, 2, 2), category=w.brand, latitude=lat, longitude=lon)
    return w


def test_default_period_shows_gi_star_table_and_method(client, role_users, world):
    client.force_login(role_users["polis"])
    html = client.get(URL).content.decode()
    assert "Getis-Ord Gi*" in html and "250 m rutor" in html
    assert "Het punkt (99" in html
    assert "29 händelser med kartläge" in html
    # The date fields show the 12 weeks the page shows, not two empty fields.
    assert 'name="start" value="2022-12-05"' in html
    assert 'name="end" value="2023-02-26"' in html


def test_category_filter_changes_the_result(client, role_users, world):
    client.force_login(role_users["samordnare"])
    response = client.get(URL, {"category": world.skadegorelse.pk})
    hot = response.context["hotspots"]
    # Only the four scattered fires: the Vasaparken cluster is gone from the table.
    assert hot["total"] == 4
    assert all(c["count"] <= 1 for c in hot["hot_spots"])
    data = client.get(reverse("lagesbild:hotspot_map_data")).json()
    counts = [f["properties"]["count"] for f in data["hotspots"]["features"]]
    assert max(counts) == 25
    # All 25 fights in one cell of the town: that cell and its neighbourhood are hot
    # (Gi* sums a cell with its eight neighbours), nothing elsewhere.
    data = client.get(reverse("lagesbild:hotspot_map_data"), {"category": world.ordning.pk})
    features = data.json()["hotspots"]["features"]
    assert sorted(f["properties"]["count"] for f in features)[-2:] == [0, 25]
    cols = {f["properties"]["col"] for f in features}
    rows = {f["properties"]["row"] for f in features}
    assert max(cols) - min(cols) <= 2 and max(rows) - min(rows) <= 2


def test_cold_spots_are_listed_where_they_exist(client, role_users, world):
    # A busy town with a quiet park west of the centre: 5 × 5 cells with nothing.
    town(
        world,
        dt.date(2023, 2, 8),
        count=6,
        skip=lambda col, row: -12 <= col <= -8 and -3 <= row <= 1,
    )
    client.force_login(role_users["samordnare"])
    response = client.get(URL)
    cold = response.context["hotspots"]["cold_spots"]
    assert cold and all(c["class"].startswith("cold") and c["count"] == 0 for c in cold)
    html = response.content.decode()
    assert "coldspot-table" in html and "Kall punkt" in html


def test_bad_period_gets_a_clear_error(client, role_users, world):
    client.force_login(role_users["samordnare"])
    response = client.get(URL, {"start": "2023-03-01", "end": "2023-01-01"})
    assert "Startdatumet måste vara" in response.content.decode()
    assert (
        client.get(
            reverse("lagesbild:hotspot_map_data"), {"start": "2023-03-01", "end": "2023-01-01"}
        ).status_code
        == 400
    )


def test_the_page_and_its_map_share_one_gi_star(client, role_users, world, monkeypatch):
    from lagesbild.pictures import views

    calls = []
    original = views.hotspot_figures
    monkeypatch.setattr(
        views, "hotspot_figures", lambda *a, **k: calls.append(1) or original(*a, **k)
    )
    client.force_login(role_users["samordnare"])
    page = client.get(URL)
    cells = client.get(reverse("lagesbild:hotspot_map_data")).json()["hotspots"]["features"]
    assert len(calls) == 1
    # The map shows the cells of the table's hot spots, each with the table's count.
    table = {c["count"] for c in page.context["hotspots"]["hot_spots"]}
    assert table and table <= {f["properties"]["count"] for f in cells}


def test_the_page_reads_the_study_area_once_and_agrees_with_reading_it_twice(
    client, role_users, world, monkeypatch
):
    """Gi* and the emerging weeks share the year's study area when the period ends on a
    Sunday (as by default): one read of 52 weeks of cells, not two, the same classes."""
    from lagesbild.figures import emerging, hotspot_tables
    from lagesbild.pictures import views

    client.force_login(role_users["samordnare"])
    form = views.HotspotFilterForm({})
    assert form.is_valid()
    apart = views._hotspot_results(form)  # reference: emerging reads the area itself
    apart["emerging"] = emerging.emerging_figures(
        emerging.last_whole_week(form.cleaned_data["end"])
    )
    reads = []
    original = hotspot_tables.study_cells
    counted = lambda end: reads.append(end) or original(end)  # noqa: E731
    for module in (views, hotspot_tables, emerging):
        monkeypatch.setattr(module, "study_cells", counted)
    page = client.get(URL)
    assert len(reads) == 1
    assert page.context["emerging"] == apart["emerging"]
    assert page.context["hotspots"] == apart["table"]
