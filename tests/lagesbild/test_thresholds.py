"""Every threshold tried just below and at its value.

The disclosure gate (SMALL_COUNT_THRESHOLD = 3: 2 is hidden, 3 is shown) on the weekly
page, the annual page and the statistics CSV a council member downloads; the map's hot
spots (at least 3 incidents of their own); the trends' minimum count; the emerging hot
spots' 4–52 weeks; the statistics period of at most ten years.
"""

import csv
import datetime as dt
import io

import pytest
from django.urls import reverse

from core.isoweek import Week
from lagesbild.figures import emerging
from lagesbild.figures.disclosure import map_cells
from lagesbild.hotspots import HotspotCell
from lagesbild.pictures.statistics import StatisticsForm
from lagesbild.trends import TrendRow, flag_wrong_way
from tests.lagesbild.picture_fixtures import World

WEEK = Week(2023, 7)
SHOWN = {2: "< 3", 3: 3}  # what a member reads for Centrum's count


@pytest.fixture
def world(db, time_machine, settings):
    settings.SMALL_COUNT_THRESHOLD = 3
    time_machine.move_to(dt.datetime(2024, 2, 22, 9, 0, tzinfo=dt.UTC), tick=False)
    return World()


def _centrum_and_backby(world, day, centrum: int) -> None:
    """Bäckby 6 and Centrum `centrum` (in a category of its own) on `day`."""
    world.incident(day, count=6)
    world.incident(day, category=world.brak, area=world.centrum, count=centrum)


@pytest.mark.parametrize("centrum", [2, 3])
def test_the_weekly_page_hides_2_and_shows_3_to_a_member(client, role_users, world, centrum):
    """Published week 7: Centrum's 2 reads "< 3" (and Bäckby's 6 ".." beside the total),
    Centrum's 3 reads 3 and Bäckby's 6 reads 6."""
    _centrum_and_backby(world, WEEK.monday, centrum)
    client.force_login(role_users["samordnare"])
    edit = reverse("lagesbild:weekly_edit", kwargs={"week": WEEK})
    client.post(edit, {"assessment": "Bedömning", "publish": "1", "version": 0})
    client.force_login(role_users["ledamot"])
    response = client.get(reverse("lagesbild:weekly", kwargs={"week": WEEK}))
    areas = {r["label"]: r["current"] for r in response.context["figures"]["areas"]}
    assert areas == {"Centrum": SHOWN[centrum], "Bäckby": 6 if centrum == 3 else ".."}
    assert response.context["figures"]["totals"]["current"] == 6 + centrum


@pytest.mark.parametrize("centrum", [2, 3])
def test_the_annual_page_hides_2_and_shows_3_to_a_member(client, role_users, world, centrum):
    """The same counts over the year 2023 on the annual page."""
    _centrum_and_backby(world, dt.date(2023, 5, 2), centrum)
    client.force_login(role_users["ledamot"])
    response = client.get(reverse("lagesbild:annual", kwargs={"year": 2023}))
    areas = {r["label"]: r["current"] for r in response.context["figures"]["areas"]}
    assert areas == {"Centrum": SHOWN[centrum], "Bäckby": 6 if centrum == 3 else ".."}


@pytest.mark.parametrize("centrum", [2, 3])
def test_the_statistics_csv_hides_2_and_shows_3_to_a_member(client, role_users, world, centrum):
    """The areas CSV a member downloads for 2023 passes through the same gate."""
    _centrum_and_backby(world, dt.date(2023, 5, 2), centrum)
    client.force_login(role_users["ledamot"])
    response = client.get(
        reverse("lagesbild:statistics"),
        {"start": "2023-01-01", "end": "2023-12-31", "download": "areas.csv"},
    )
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    by_area = {r[0]: r[1] for r in rows[1:-1]}
    assert by_area["Centrum"] == str(SHOWN[centrum])
    assert rows[-1][1] == str(6 + centrum)


def test_a_hot_spot_on_the_members_map_needs_3_incidents_of_its_own(settings):
    """A hot cell of 2 is left off the map a member sees, one of 3 is drawn (without its
    count); cold spots and plain cells are never drawn."""
    settings.SMALL_COUNT_THRESHOLD = 3
    cells = [
        {"col": 1, "row": 1, "class": "hot-99", "count": 2},
        {"col": 2, "row": 1, "class": "hot-95", "count": 3},
        {"col": 3, "row": 1, "class": "cold-99", "count": 9},
        {"col": 4, "row": 1, "class": "", "count": 9},
    ]
    assert map_cells(cells) == [{"col": 2, "row": 1, "class": "hot-95"}]


@pytest.mark.parametrize(
    ("count", "confidence", "kind"),
    [(0, 95, "near"), (1, 95, "hot"), (1, 0, ""), (0.4, 90, "hot")],
)
def test_a_hot_spot_needs_an_incident_of_its_own(count, confidence, kind):
    """A significant cell with no incident is part of a hot neighbourhood, one incident
    (or a part of one, weighted) makes it a hot spot; not significant is no class."""
    cell = HotspotCell(
        col=0, row=0, lat=59.6, lon=16.5, count=count, z=2.5, p=0.03,
        confidence=confidence, significant=bool(confidence),
    )  # fmt: skip
    assert cell.kind == kind


def test_a_trend_needs_the_minimum_count_this_week(settings):
    """With TREND_MIN_COUNT 20, a row of 20 against a baseline of 4 a week is flagged,
    one of 19 is not, though it would be at a minimum of 19."""
    crowd = [TrendRow(k, 4, [4] * 8) for k in range(19)]
    settings.TREND_FDR, settings.TREND_MIN_COUNT = 0.05, 20
    assert [f.key for f in flag_wrong_way([TrendRow("x", 20, [4] * 8), *crowd])] == ["x"]
    assert flag_wrong_way([TrendRow("x", 19, [4] * 8), *crowd]) == []
    settings.TREND_MIN_COUNT = 19
    assert [f.key for f in flag_wrong_way([TrendRow("x", 19, [4] * 8), *crowd])] == ["x"]


@pytest.mark.parametrize(("weeks", "allowed"), [(3, False), (4, True), (52, True), (53, False)])
def test_emerging_hot_spots_look_back_4_to_52_weeks(settings, weeks, allowed):
    """EMERGING_WEEKS outside 4–52 is a configuration error, named in Swedish."""
    settings.EMERGING_WEEKS = weeks
    if allowed:
        assert emerging.n_weeks() == weeks
    else:
        with pytest.raises(ValueError, match=f"4–52 veckor, inte {weeks}"):
            emerging.n_weeks()


@pytest.mark.parametrize(
    ("start", "end", "allowed"),
    [
        ("2014-01-01", "2023-12-31", True),  # ten years, both days included
        ("2014-01-01", "2024-01-01", False),  # ten years and a day
        ("2014-03-01", "2024-02-29", True),  # ending on a leap day
        ("2014-03-01", "2024-03-01", False),
    ],
)
def test_the_statistics_period_is_at_most_ten_years(time_machine, db, start, end, allowed):
    """A coordinator may ask for ten whole years; a day more is refused in Swedish."""
    time_machine.move_to(dt.datetime(2025, 6, 1, 9, 0, tzinfo=dt.UTC), tick=False)
    form = StatisticsForm({"start": start, "end": end}, exact=True)
    assert form.is_valid() is allowed
    if not allowed:
        assert "högst tio år" in str(form.errors)
