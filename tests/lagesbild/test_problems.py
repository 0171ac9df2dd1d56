"""Problembilder: saved filter with a live count, orsaksanalys, ranking with history."""

import datetime as dt

import pytest
from django.urls import reverse

from lagesbild.models import AnnualPicture, Problem
from tests.lagesbild.picture_fixtures import World


@pytest.fixture
def world(db, time_machine):
    time_machine.move_to(dt.datetime(2023, 12, 1, 9, 0, tzinfo=dt.UTC), tick=False)
    w = World()
    w.incident(dt.date(2023, 3, 1), count=5)  # Bäckby klotter
    w.incident(dt.date(2023, 4, 1), category=w.brand, count=2)  # Bäckby brand
    w.incident(dt.date(2023, 4, 1), area=w.centrum, count=9)  # Centrum klotter
    w.incident(dt.date(2022, 4, 1), count=100)  # outside the period
    return w


def create(client, world, title, **extra):
    data = {
        "title": title,
        "description": f"{title}: beskrivning.",
        "areas": [world.backby.pk],
        "categories": [world.skadegorelse.pk],
        "period_start": "2023-01-01",
        "period_end": "2023-12-31",
        "cause_place": "Mörka gångvägar nära centrum.",
        "cause_guardians": "Ingen vuxen närvaro kvällstid.",
        **extra,
    }
    return client.post(reverse("lagesbild:problem_create", kwargs={"year": 2023}), data)


def test_problem_with_saved_filter_and_cause_analysis(client, role_users, world):
    client.force_login(role_users["samordnare"])
    response = create(client, world, "Skadegörelse i Bäckby")
    problem = Problem.objects.get()
    assert response.url == reverse("lagesbild:problem_detail", kwargs={"pk": problem.pk})
    assert problem.rank == 1 and problem.annual_picture.year == 2023
    # Bäckby, Skadegörelse (main category includes klotter and brand), 2023: 5 + 2.
    assert sum(i.count for i in problem.incidents()) == 7
    html = client.get(response.url).content.decode()
    assert "data-live-count>7<" in html
    assert "Mörka gångvägar nära centrum." in html and "Ingen vuxen närvaro" in html


def test_live_count_is_suppressed_for_members(client, role_users, world):
    client.force_login(role_users["samordnare"])
    create(client, world, "Bränder", categories=[world.brand.pk])
    problem = Problem.objects.get()
    client.force_login(role_users["ledamot"])
    html = client.get(reverse("lagesbild:problem_detail", kwargs={"pk": problem.pk})).content
    assert b"data-live-count>&lt; 3<" in html


def test_bad_period_is_rejected_and_nothing_lost(client, role_users, world):
    client.force_login(role_users["samordnare"])
    response = create(
        client, world, "Fel period", period_start="2023-12-01", period_end="2023-01-01"
    )
    assert response.status_code == 200
    assert "Fel period" in response.content.decode()
    assert not Problem.objects.exists()


def test_ranking_is_reordered_and_kept_with_history(client, role_users, world):
    client.force_login(role_users["samordnare"])
    for title in ("Klotter", "Bränder", "Otrygga platser"):
        create(client, world, title)
    ranked = lambda: list(Problem.objects.ranked().values_list("title", flat=True))  # noqa: E731
    assert ranked() == ["Klotter", "Bränder", "Otrygga platser"]
    third = Problem.objects.get(title="Otrygga platser")
    move = reverse("lagesbild:problem_move", kwargs={"pk": third.pk})
    client.post(move, {"direction": "up"})
    client.post(move, {"direction": "up"})
    assert ranked() == ["Otrygga platser", "Klotter", "Bränder"]
    client.post(move, {"direction": "up"})  # already first: nothing changes
    assert ranked() == ["Otrygga platser", "Klotter", "Bränder"]
    # History: every rank change, with who made it.
    ranks = list(third.history.order_by("history_date").values_list("rank", flat=True))
    assert ranks == [3, 2, 1]
    html = client.get(reverse("lagesbild:problem_history", kwargs={"year": 2023})).content.decode()
    assert "2 → 1" in html and "3 → 2" in html
    annual = client.get(reverse("lagesbild:annual", kwargs={"year": 2023})).content.decode()
    assert annual.index("Otrygga platser") < annual.index("Klotter") < annual.index("Bränder")


def test_annual_inputs_are_saved_and_shown(client, role_users, world):
    client.force_login(role_users["samordnare"])
    client.post(
        reverse("lagesbild:annual_edit", kwargs={"year": 2023}),
        {
            "title": "Gemensam lägesbild 2023",
            "summary": "Skadegörelsen ökar i västra stadsdelarna.",
            "staff_dialogues": "Fyra medarbetardialoger med fältassistenter.",
            "citizen_dialogues": "Medborgardialog i Bäckby i maj.",
            "statistics": "Polisens anmälningsstatistik, NTU.",
            "version": 0,  # the form's hidden field: no annual picture yet
        },
    )
    picture = AnnualPicture.objects.get(year=2023)
    assert picture.citizen_dialogues == "Medborgardialog i Bäckby i maj."
    client.force_login(role_users["ledamot"])
    html = client.get(reverse("lagesbild:annual", kwargs={"year": 2023})).content.decode()
    assert "Fyra medarbetardialoger" in html and "Medborgardialog i Bäckby" in html
