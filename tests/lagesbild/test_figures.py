"""The weekly and annual figures against hand-counted fixtures."""

import datetime as dt

import pytest

from core.coverage import Coverage
from core.isoweek import Week
from lagesbild.figures.annual import annual_figures
from lagesbild.figures.disclosure import aggregate_view
from lagesbild.figures.weekly import figures_fingerprint, weekly_figures
from tests.lagesbild.picture_fixtures import World, town

UTC = dt.UTC


@pytest.fixture
def world(db):
    return World()


def by_label(rows):
    return {r["label"]: r for r in rows}


def test_week_parsing_and_neighbours():
    week = Week.parse("2023-W07")
    assert (week.monday, week.sunday) == (dt.date(2023, 2, 13), dt.date(2023, 2, 19))
    assert str(week.shift(-1)) == "2023-W06"
    assert str(Week.parse("2021-W01").shift(-1)) == "2020-W53"
    # 2021 has no week 53: the same week last year of 2020-W53 is 2019-W52.
    assert str(Week(2020, 53).same_week_last_year()) == "2019-W52"
    with pytest.raises(ValueError):
        Week.parse("2023-W53")
    with pytest.raises(ValueError):
        Week.parse("vecka 7")


def test_last_week_is_in_stockholm_time(time_machine):
    # Monday 00:30 in Stockholm is still Sunday in UTC: last week is the one that just ended.
    time_machine.move_to(dt.datetime(2023, 2, 19, 23, 30, tzinfo=UTC), tick=False)
    assert str(Week.last()) == "2023-W07"
    time_machine.move_to(dt.datetime(2023, 2, 19, 22, 30, tzinfo=UTC), tick=False)
    assert str(Week.last()) == "2023-W06"


@pytest.mark.django_db
def test_sunday_late_evening_belongs_to_its_week_monday_night_to_the_next(world):
    w = world
    w.incident(dt.datetime(2023, 2, 19, 23, 30))  # Sunday 23:30 local → W07
    w.incident(dt.datetime(2023, 2, 20, 0, 10))  # Monday 00:10 local (Sunday 23:10 UTC) → W08
    w.incident(dt.datetime(2023, 2, 13, 0, 5))  # Monday 00:05 local (Sunday 23:05 UTC) → W07
    figures = weekly_figures(Week(2023, 7))
    assert figures["totals"]["current"] == 2
    assert figures["hours"][23] == 1 and figures["hours"][0] == 1
    sunday = figures["weekday_band"]["rows"][6]
    assert sunday["total"] == 1
    assert weekly_figures(Week(2023, 8))["totals"]["current"] == 1


@pytest.mark.django_db
def test_iso_week_53_spans_new_year(world):
    w = world
    w.incident(dt.date(2020, 12, 28))  # Monday of 2020-W53
    w.incident(dt.date(2021, 1, 3), count=2)  # Sunday of 2020-W53
    w.incident(dt.date(2021, 1, 4))  # 2021-W01
    w.incident(dt.date(2019, 12, 25), count=4)  # 2019-W52, "same week last year"
    w.incident(dt.date(2020, 12, 21), count=3)  # 2020-W52, the previous week
    figures = weekly_figures(Week(2020, 53))
    totals = figures["totals"]
    assert (totals["current"], totals["previous"], totals["last_year"]) == (3, 3, 4)
    assert totals["change"] == 0
    # The 8 previous weeks hold 3 incidents: mean 3/8.
    assert totals["mean8"] == pytest.approx(0.38, abs=0.01)


@pytest.mark.django_db
def test_hours_across_the_spring_dst_change(world):
    w = world
    # Clocks go forward Sunday 26 March 2023 02:00 → 03:00, the last day of 2023-W12
    # (the week after, 2023-W13, is the first whole summer-time week).
    w.incident(dt.datetime(2023, 3, 26, 0, 30, tzinfo=UTC))  # 01:30 CET → hour 1
    w.incident(dt.datetime(2023, 3, 26, 1, 30, tzinfo=UTC))  # 03:30 CEST → hour 3
    w.incident(dt.datetime(2023, 3, 26, 21, 45, tzinfo=UTC))  # 23:45 CEST Sunday → W12
    w.incident(dt.datetime(2023, 3, 26, 22, 15, tzinfo=UTC))  # 00:15 Monday → W13
    figures = weekly_figures(Week(2023, 12))
    assert figures["totals"]["current"] == 3
    hours = figures["hours"]
    assert (hours[1], hours[2], hours[3], hours[23]) == (1, 0, 1, 1)
    assert sum(hours) == 3
    assert weekly_figures(Week(2023, 13))["hours"][0] == 1


@pytest.mark.django_db
def test_hours_across_the_autumn_dst_change(world):
    w = world
    # 2023-W43: clocks go back Sunday 29 October 03:00 → 02:00; 02:30 happens twice.
    w.incident(dt.datetime(2023, 10, 29, 0, 30, tzinfo=UTC))  # 02:30 CEST
    w.incident(dt.datetime(2023, 10, 29, 1, 30, tzinfo=UTC))  # 02:30 CET
    w.incident(dt.datetime(2023, 10, 29, 22, 59, tzinfo=UTC))  # 23:59 CET Sunday → W43
    w.incident(dt.datetime(2023, 10, 29, 23, 1, tzinfo=UTC))  # 00:01 Monday → W44
    figures = weekly_figures(Week(2023, 43))
    assert figures["totals"]["current"] == 3
    assert figures["hours"][2] == 2 and figures["hours"][23] == 1
    night = figures["weekday_band"]["rows"][6]["cells"][0]
    assert (night["band"], night["count"]) == ("natt", 2)


@pytest.mark.django_db
def test_categories_areas_and_comparisons_hand_counted(world):
    w = world
    week = Week(2023, 7)
    monday = week.monday
    # This week: Bäckby klotter 3 (one report of 2 + one of 1), brand 1; Centrum bråk 2.
    w.incident(monday, count=2)
    w.incident(monday + dt.timedelta(days=2))
    w.incident(monday + dt.timedelta(days=3), category=w.brand)
    w.incident(monday + dt.timedelta(days=4), category=w.brak, area=w.centrum, count=2)
    # Previous week: Bäckby klotter 1. Four weeks ago: Centrum bråk 7.
    w.incident(monday - dt.timedelta(days=3))
    w.incident(monday - dt.timedelta(weeks=4), category=w.brak, area=w.centrum, count=7)
    # Nine weeks ago: outside the baseline. Same week last year (2022-W07): klotter 5.
    w.incident(monday - dt.timedelta(weeks=9), count=50)
    w.incident(Week(2022, 7).monday + dt.timedelta(days=6), count=5)

    figures = weekly_figures(week)
    mains = by_label(figures["categories"])
    assert mains["Skadegörelse"]["current"] == 4
    assert mains["Skadegörelse"]["previous"] == 1
    assert mains["Skadegörelse"]["change"] == 3
    assert mains["Skadegörelse"]["mean8"] == pytest.approx(1 / 8, abs=0.01)
    assert mains["Skadegörelse"]["last_year"] == 5
    assert mains["Annat ordningsstörande"]["mean8"] == pytest.approx(7 / 8, abs=0.01)
    events = {(r["main"], r["label"]): r for r in figures["events"]}
    assert events[("Skadegörelse", "Klotter")]["current"] == 3
    assert events[("Skadegörelse", "Brand")]["current"] == 1
    areas = by_label(figures["areas"])
    assert (areas["Bäckby"]["current"], areas["Centrum"]["current"]) == (4, 2)
    assert areas["Centrum"]["weeks"] == [0, 0, 0, 7, 0, 0, 0, 0]
    assert figures["totals"]["current"] == 6
    # Weekday × band: Monday (only a date, unknown band) has 2.
    monday_row = figures["weekday_band"]["rows"][0]
    assert monday_row["cells"][-1]["count"] == 2 and monday_row["total"] == 2


@pytest.mark.django_db
def test_trend_going_the_wrong_way_is_flagged(world, settings):
    w = world
    week = Week(2023, 7)
    for k in range(1, 9):
        w.incident(week.shift(-k).monday, count=4)
    w.incident(week.monday, count=7)  # 7 against 4: chance does that now and then
    w.incident(week.monday, category=w.brak, area=w.centrum, count=4)  # below min count
    assert weekly_figures(week)["trends"] == []
    w.incident(week.monday, count=9)  # 16 against 4 is no chance
    flags = weekly_figures(week)["trends"]
    # Klotter is all of Skadegörelse (its other event is empty): one finding, tested
    # and shown once.
    assert {(f["dimension"], f["label"]) for f in flags} == {
        ("category", "Skadegörelse"),
        ("area", "Bäckby"),
    }
    flag = next(f for f in flags if f["dimension"] == "area")
    assert flag["expected"] == 4.0 and flag["p"] < 0.001
    assert flag["explanation"] == "16 händelser mot i snitt 4,0 de senaste 8 veckorna (z = 4,3)"
    figures = weekly_figures(week)
    assert figures["trend_method"]["fdr"] == 0.05 and not figures["trend_method"]["season"]
    settings.TREND_FDR = 1e-9
    assert weekly_figures(week)["trends"] == []


@pytest.mark.django_db
def test_a_place_within_a_flagged_area_is_one_finding(world):
    w = world
    week = Week(2023, 7)
    for k in range(1, 9):
        w.incident(week.shift(-k).monday, place=w.vasaparken, count=3)
        w.incident(week.shift(-k).monday, area=w.centrum, category=w.brak, count=3)
    w.incident(week.monday, place=w.vasaparken, count=20)
    w.incident(week.monday, area=w.centrum, category=w.brak, count=3)
    flags = weekly_figures(week)["trends"]
    [area] = [f for f in flags if f["dimension"] in ("area", "place")]
    assert area["label"] == "Centrum" and area["current"] == 23
    assert area["within"] == [{"dimension": "place", "key": w.vasaparken.pk, "label": "Vasaparken"}]
    assert area["explanation"].endswith("; därav Vasaparken: 20")


@pytest.mark.django_db
def test_the_same_weeks_last_year_carry_the_season(world):
    """A rise that last year had too, at the same time of year, is the season."""
    w = world
    week = Week(2023, 27)
    last_year = week.same_week_last_year()
    w.incident(dt.date(2022, 1, 3), area=w.centrum, category=w.brak)  # data since January
    for k in range(1, 9):
        w.incident(week.shift(-k).monday, count=4)
        w.incident(last_year.shift(-k).monday, count=4)
    for shift in (-1, 0, 1):
        w.incident(last_year.shift(shift).monday, count=12)
    w.incident(week.monday, count=12)
    figures = weekly_figures(week)
    assert figures["trend_method"]["season"]
    # 12 against 4 a week before, but last year rose the same way at this time: the
    # expected level is 4 × (last year's 3 weeks around / its 8 weeks before) ≈ 9,7.
    assert figures["trends"] == []
    w.incident(week.monday, count=20)  # 32: well above the season too
    [flag, *_] = weekly_figures(week)["trends"]
    assert flag["current"] == 32 and flag["expected"] == pytest.approx(9.71, abs=0.01)
    assert "väntat 9,7 med säsongen" in flag["explanation"]


@pytest.mark.django_db
def test_top_places_and_new_places(world):
    w = world
    week = Week(2023, 7)
    w.incident(week.monday, place=w.vasaparken, count=3)
    w.incident(week.monday, place=w.torget)
    w.incident(week.shift(-3).monday, place=w.vasaparken)  # Vasaparken is not new
    figures = weekly_figures(week)
    top = [(p["label"], p["current"], p["rank"]) for p in figures["top_places"]]
    assert top == [("Vasaparken", 3, 1), ("Stora torget", 1, 2)]
    assert [p["label"] for p in figures["new_places"]] == ["Stora torget"]


@pytest.mark.django_db
def test_hot_spot_table_on_week_figures(world):
    w = world
    week = Week(2023, 7)
    town(w, week.shift(-20).monday)  # the study area: where incidents happen
    # A cluster at Vasaparken and scattered single incidents around the city.
    w.incident(week.monday, place=w.vasaparken, count=30)
    for lat, lon in [(59.60, 16.47), (59.63, 16.50), (59.59, 16.56), (59.62, 16.58)]:
        w.incident(week.monday, latitude=lat, longitude=lon)
    hot = weekly_figures(week)["hotspots"]
    assert "Getis-Ord Gi*" in hot["method"]
    assert hot["hot_spots"], "the Vasaparken cell should be a hot spot"
    top = hot["hot_spots"][0]
    assert top["count"] == 30 and top["z"] > 1.96 and top["p"] < 0.05
    assert abs(top["lat"] - 59.6133) < 0.003 and abs(top["lon"] - 16.5395) < 0.005


@pytest.mark.django_db
def test_query_count_is_bounded_whatever_the_volume(world, django_assert_max_num_queries):
    w = world
    week = Week(2023, 7)
    with django_assert_max_num_queries(8):
        weekly_figures(week)
    for k in range(9):
        for day in range(7):
            w.incident(
                week.shift(-k).monday + dt.timedelta(days=day),
                place=w.vasaparken if day % 2 else w.torget,
                category=w.brak if day % 3 else w.klotter,
            )
    with django_assert_max_num_queries(8):
        figures = weekly_figures(week)
    assert figures["totals"]["current"] == 7


@pytest.mark.django_db
def test_aggregate_view_hides_small_counts_and_places(world):
    w = world
    week = Week(2023, 7)
    w.incident(week.monday, count=2)  # Bäckby klotter: 2 → "< 3"
    w.incident(week.monday, category=w.brak, area=w.centrum, place=w.vasaparken, count=5)
    view = aggregate_view(weekly_figures(week))
    areas = by_label(view["areas"])
    assert areas["Bäckby"]["current"] == "< 3"
    # The week's total is 7: Centrum's 5 would give Bäckby's 2, so it is hidden as well.
    assert view["totals"]["current"] == 7
    assert areas["Centrum"]["current"] == ".."
    assert areas["Bäckby"]["change"] is None and areas["Centrum"]["change"] is None
    assert "top_places" not in view and "hotspots" not in view and "new_places" not in view
    monday = view["weekday_band"]["rows"][0]
    assert monday["total"] == 7 and monday["cells"][-1]["count"] == 7


@pytest.mark.django_db
def test_fingerprint_changes_when_a_count_changes(world):
    w = world
    week = Week(2023, 7)
    incident = w.incident(week.monday)
    before = figures_fingerprint(weekly_figures(week))
    assert figures_fingerprint(weekly_figures(week)) == before
    incident.category = w.brak
    incident.save()
    assert figures_fingerprint(weekly_figures(week)) != before


@pytest.mark.django_db
def test_annual_figures_per_year(world):
    w = world
    w.incident(dt.date(2022, 3, 1), count=2)
    w.incident(dt.date(2023, 1, 1), count=3)  # ISO week 2022-W52 but calendar year 2023
    w.incident(dt.date(2023, 6, 1), category=w.brak, area=w.centrum)
    figures = annual_figures(2023, years=3)
    assert figures["years"] == [2021, 2022, 2023]
    # 2021 lies before the first incident: no data, not zero incidents.
    assert figures["totals"] == [None, 2, 4]
    mains = by_label(figures["categories"])
    assert mains["Skadegörelse"]["counts"] == [None, 2, 3]
    # Registration started in March 2022: a part year is not compared with a whole one.
    assert [c["note"] for c in figures["columns"]] == ["", "preliminär, fr.o.m. v. 9", ""]
    assert mains["Skadegörelse"]["change"] is None
    # A year with data but none of an area's incidents is a real zero.
    assert by_label(figures["areas"])["Centrum"]["counts"] == [None, 0, 1]
    whole = Coverage(first=dt.date(2021, 1, 1), today=dt.date(2024, 5, 1))
    figures = annual_figures(2023, years=3, coverage=whole)
    assert figures["totals"] == [0, 2, 4]
    assert by_label(figures["categories"])["Skadegörelse"]["change"] == 1
