"""A cell with no incident of its own that tests hot is part of a hot neighbourhood, not a
hot spot: not counted, its own label and style, and no "Starta en insats" of its own."""

import datetime as dt

import numpy as np
import pytest
from django.urls import reverse

from lagesbild.figures.hotspot_tables import hotspot_table
from lagesbild.hotspots import getis_ord_gi_star_cells
from tests.lagesbild.picture_fixtures import World, town


def _busy_block():
    # 15 × 15 study cells with one incident in every third cell and a busy block of two
    # cells in the middle: the empty cells around the block test hot through its sum.
    counts = np.zeros((15, 15), dtype=int)
    counts[1::3, 1::3] = 1
    counts[7, 7] = 30
    counts[7, 8] = 20
    cells = [(c, r, int(n)) for (r, c), n in np.ndenumerate(counts)]
    study = [(c, r) for c, r, _n in cells]
    return getis_ord_gi_star_cells(cells, cell_size=250, study_cells=study, fdr=True)


def test_empty_hot_cells_are_neighbourhood_not_hot_spots():
    result = _busy_block()
    hot = {c.index for c in result.hot_spots}
    near = {c.index for c in result.neighbourhood_cells}
    assert hot == {(7, 7), (8, 7)}  # the two busy cells, nothing else
    assert near and near.isdisjoint(hot)
    # Every cell around the block is empty and tests hot through its neighbours.
    assert {(6, 7), (7, 8), (8, 6)} <= near
    assert all(c.count == 0 for c in result.neighbourhood_cells)
    assert result.hot_spot_count == 2
    assert result.neighbourhood_count == len(near)
    cell = result.neighbourhood_cells[0]
    assert cell.kind == "near" and cell.classification.startswith("near-")
    assert cell.label.startswith("Del av het omgivning (")
    assert result.hot_spots[0].label.startswith("Het punkt (")
    assert [c.index for c in result.top_hot_spots(10)] == [(7, 7), (8, 7)]


def test_map_and_table_data_class_the_neighbourhood_apart(db):
    result = _busy_block()
    classes = {
        (f["properties"]["col"], f["properties"]["row"]): f["properties"]["class"]
        for f in result.to_geojson(significant_only=True)["features"]
    }
    assert classes[(7, 7)].startswith("hot-")
    assert classes[(6, 7)].startswith("near-")
    table = hotspot_table(result)
    assert table["hot_spot_count"] == 2
    assert [c["count"] for c in table["hot_spots"]] == [30, 20]
    assert table["neighbourhood_count"] == result.neighbourhood_count
    assert all(c["class"].startswith("near-") for c in table["neighbourhood"])


@pytest.fixture
def world(db, time_machine):
    time_machine.move_to(dt.datetime(2023, 3, 1, 9, 0, tzinfo=dt.UTC), tick=False)
    w = World()
    town(w, dt.date(2022, 9, 1))
    w.incident(dt.date(2023, 2, 1), place=w.vasaparken, category=w.brak, count=25)
    return w


def test_the_page_lists_the_neighbourhood_apart_without_a_measure_button(client, role_users, world):
    client.force_login(role_users["samordnare"])
    response = client.get(reverse("lagesbild:hotspots"))
    hot = response.context["hotspots"]
    assert [c["count"] for c in hot["hot_spots"]] == [25]
    assert hot["neighbourhood"] and all(c["count"] == 0 for c in hot["neighbourhood"])
    html = response.content.decode()
    assert "Del av het omgivning" in html and "neighbourhood-table" in html
    hot_table = html.split('class="table table-sm align-middle hotspot-table"')[1].split(
        "</table>"
    )[0]
    near_table = html.split("neighbourhood-table")[1].split("</table>")[0]
    assert hot_table.count('data-testid="start-measure"') == 1
    assert 'data-testid="start-measure"' not in near_table
    assert "badge-near-" in near_table
    assert "Signifikanta heta rutor: 1" in html
