"""A coordinator opens last week's picture, writes the assessment and publishes it."""

import datetime as dt
from pathlib import Path

import pytest

from core.isoweek import Week
from lagesbild.models import PictureStatus, WeeklyPicture
from tests.lagesbild.picture_fixtures import World

SHOTS = Path(__file__).resolve().parents[2] / "test-results"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_coordinator_publishes_last_weeks_picture(page, live_server, login, make_user):
    week = Week.last()
    world = World()
    for k in range(1, 9):
        world.incident(week.shift(-k).monday + dt.timedelta(days=4), count=3)
    world.incident(week.monday + dt.timedelta(days=5), place=world.vasaparken, count=12)
    world.incident(week.monday + dt.timedelta(days=2), category=world.brak, area=world.centrum)
    user = make_user("samordnare", organisation=world.org)
    page.set_viewport_size({"width": 1280, "height": 900})
    login(page, user)

    page.get_by_role("button", name="Lägesbild").first.click()
    page.get_by_role("link", name="Förra veckans lägesbild").first.click()
    page.wait_for_url(f"**/lagesbild/vecka/{week}/")
    assert page.locator("h1").inner_text() == f"Lägesbild, {week.label}"
    assert page.locator("[data-figure=total]").inner_text() == "13"
    assert page.locator("[data-trend]").count() >= 1
    page.locator("[data-lagesbild-map][data-loaded=true]").wait_for()

    page.get_by_label("Bedömning (analys)").fill("Klotter i Vasaparken ökar; föreslår städinsats.")
    page.get_by_role("button", name="Spara och publicera").click()
    page.wait_for_url(f"**/lagesbild/vecka/{week}/")
    assert page.get_by_text("Lägesbilden publicerades.").is_visible()
    assert page.locator("[data-status=published]").is_visible()
    assert "Klotter i Vasaparken ökar" in page.locator("[data-assessment]").inner_text()
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=SHOTS / "weekly-published.png", full_page=True)

    picture = WeeklyPicture.objects.get(iso_year=week.iso_year, iso_week=week.iso_week)
    assert picture.status == PictureStatus.PUBLISHED
    assert picture.snapshot["totals"]["current"] == 13
