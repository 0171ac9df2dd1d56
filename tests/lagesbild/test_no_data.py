"""No data is not zero: weeks before the first incident show "–", a running week is
preliminary and never compared with a whole one; a week with data but none of a
kind still shows 0."""

import datetime as dt

import pytest
from django.urls import reverse

from core.coverage import MISSING, PARTIAL, WHOLE, Coverage
from core.isoweek import Week
from lagesbild.figures.disclosure import aggregate_view
from lagesbild.figures.weekly import weekly_figures
from lagesbild.pictures.services import weekly_picture_publish
from tests.lagesbild.picture_fixtures import World
from trygghet.reports.exporters import render_document
from trygghet.reports.exporters.weekly import TEMPLATE, weekly_context

FIRST = Week(2023, 5)  # registration starts on its Monday, 30 January 2023


def by_label(rows):
    return {r["label"]: r for r in rows}


def test_coverage_tells_missing_partial_and_whole_periods():
    coverage = Coverage(first=dt.date(2023, 3, 1), today=dt.date(2023, 12, 30))
    assert coverage.status(dt.date(2022, 1, 1), dt.date(2022, 12, 31)) == MISSING
    assert coverage.status(dt.date(2023, 1, 1), dt.date(2023, 3, 31)) == PARTIAL
    assert coverage.status(dt.date(2023, 4, 1), dt.date(2023, 6, 30)) == WHOLE
    # Ends on the running day: not over yet.
    assert coverage.status(dt.date(2023, 12, 25), dt.date(2023, 12, 31)) == PARTIAL
    assert coverage.status(dt.date(2024, 1, 1), dt.date(2024, 1, 7)) == MISSING
    assert (
        Coverage(first=None, today=dt.date(2023, 1, 1)).status(
            dt.date(2022, 1, 1), dt.date(2022, 12, 31)
        )
        == MISSING
    )


@pytest.fixture
def world(db, time_machine):
    time_machine.move_to(dt.datetime(2023, 3, 1, 9, 0, tzinfo=dt.UTC), tick=False)
    w = World()
    w.incident(FIRST.monday, count=4)  # Bäckby, klotter
    w.incident(FIRST.monday + dt.timedelta(days=1), category=w.brak, area=w.centrum, count=2)
    w.incident(FIRST.shift(1).monday, count=6)
    w.incident(FIRST.shift(2).monday, count=5)
    return w


def test_first_week_has_no_previous_week_mean_or_last_year(world):
    figures = weekly_figures(FIRST)
    totals = figures["totals"]
    assert totals["current"] == 6
    assert totals["previous"] is None and totals["change"] is None
    assert totals["mean8"] is None and totals["last_year"] is None
    assert figures["coverage"]["previous"] == MISSING
    assert figures["coverage"]["last_year"] == MISSING
    # Every place is "new" against weeks without data: none is flagged as new.
    assert figures["new_places"] == []


def test_mean_rests_on_the_whole_weeks_with_data_and_a_real_zero_stays_zero(world):
    week = FIRST.shift(2)
    figures = weekly_figures(week)
    totals = figures["totals"]
    # Two whole weeks before (6 and 6), not 12 / 8 = 1,5 with six empty weeks.
    assert totals["mean8"] == 6.0
    assert totals["previous"] == 6 and totals["change"] == -1
    assert figures["coverage"]["baseline"] == [0, 1]
    # Bråk had incidents in the data but none this week: a real 0.
    brak = by_label(figures["events"])["Bråk"]
    assert brak["current"] == 0 and brak["previous"] == 0
    assert brak["weeks"][:2] == [0, 2] and brak["weeks"][2:] == [None] * 6


def test_page_says_missing_not_zero_for_last_year(client, role_users, world):
    client.force_login(role_users["samordnare"])
    html = client.get(reverse("lagesbild:weekly", kwargs={"week": FIRST.shift(2)})).content
    html = html.decode()
    assert 'data-testid="last-year-missing">saknas<' in html
    assert "Registreringen av händelser började 30 januari 2023" in html
    assert "Medelvärdet bygger på de 2 hela veckorna med data." in html


def test_running_week_is_preliminary_and_not_compared(client, role_users, world):
    running = Week.of(dt.date(2023, 3, 1))
    world.incident(running.monday, count=3)
    figures = weekly_figures(running)
    assert figures["coverage"]["running"] is True
    assert figures["totals"]["current"] == 3 and figures["totals"]["change"] is None
    client.force_login(role_users["samordnare"])
    html = client.get(reverse("lagesbild:weekly", kwargs={"week": running})).content.decode()
    assert 'data-testid="week-preliminary"' in html
    assert "veckan är inte slut än" in html


def test_members_and_the_weekly_report_show_dashes(client, role_users, world):
    picture = weekly_picture_publish(week=FIRST, user=role_users["samordnare"])
    view = aggregate_view(picture.snapshot)
    assert view["totals"]["previous"] is None and view["totals"]["last_year"] is None
    client.force_login(role_users["ledamot"])
    html = client.get(reverse("lagesbild:weekly", kwargs={"week": FIRST})).content.decode()
    assert "Samma vecka i fjol: – (saknas)" in html
    _name, _mime, body = render_document(TEMPLATE, weekly_context(FIRST), fmt="html", basename="x")
    report = body.decode()
    assert "None" not in report
    assert "(saknas)" in report and "▲" not in report and "▼" not in report
