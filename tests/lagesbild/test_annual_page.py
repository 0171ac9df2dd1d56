"""The annual picture's figures: per year, per category and area, suppressed for members."""

import datetime as dt

import pytest
from django.urls import reverse

from tests.lagesbild.picture_fixtures import World


@pytest.fixture
def world(db, time_machine):
    time_machine.move_to(dt.datetime(2023, 12, 30, 9, 0, tzinfo=dt.UTC), tick=False)
    w = World()
    w.incident(dt.date(2022, 5, 1), count=7)
    w.incident(dt.date(2023, 5, 1), count=12)
    w.incident(dt.date(2023, 6, 1), category=w.brak, area=w.centrum, count=2)
    return w


def test_coordinator_sees_yearly_figures_and_trend_charts(client, role_users, world):
    client.force_login(role_users["samordnare"])
    response = client.get(reverse("lagesbild:annual", kwargs={"year": 2023}))
    html = response.content.decode()
    figures = response.context["figures"]
    assert figures["years"] == [2019, 2020, 2021, 2022, 2023]
    # The years before the first incident have no data: "–", never 0.
    assert figures["totals"] == [None, None, None, 7, 14]
    assert "Händelser per huvudkategori och år" in html
    assert "registreringen av händelser började 1 maj 2022" in html
    # 2022 began before registration and 2023 is still running: both preliminary, and
    # the part year 2023 is not set against 2022 as a change.
    assert "(preliminär, fr.o.m. v. 17)" in html and "(preliminär, t.o.m. v. 22)" in html
    assert all(r["change"] is None for r in figures["categories"])
    assert "+7" not in html and "▲" not in html
    assert html.count("<svg") >= 2


def test_member_sees_small_counts_suppressed(client, role_users, world):
    client.force_login(role_users["ledamot"])
    response = client.get(reverse("lagesbild:annual", kwargs={"year": 2023}))
    rows = {r["label"]: r for r in response.context["figures"]["areas"]}
    assert rows["Centrum"]["current"] == "< 3"
    # With the 2023 total (14) printed, Bäckby's 12 would give Centrum's 2: it is hidden too.
    assert response.context["figures"]["totals"][-1] == 14
    assert rows["Bäckby"]["counts"][-2:] == [7, ".."]
    assert rows["Bäckby"]["change"] is None
    html = response.content.decode()
    assert ">..<" in html and ">12<" not in html


def test_future_year_is_not_found(client, role_users, world):
    client.force_login(role_users["samordnare"])
    assert client.get(reverse("lagesbild:annual", kwargs={"year": 2024})).status_code == 404
