"""A police liaison registers two incidents in one report on a phone (390×844)."""

from pathlib import Path

import pytest

from lagesbild.models import Incident, IncidentReport
from tests.factories import AreaFactory, CategoryFactory, OrganisationFactory, PlaceFactory

SHOTS = Path(__file__).resolve().parents[2] / "test-results"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_police_liaison_registers_two_incidents_on_a_phone(page, live_server, login, make_user):
    centrum = AreaFactory(name="Centrum", group="Centrum", latitude=59.611, longitude=16.545)
    AreaFactory(name="Bäckby", latitude=59.604, longitude=16.477)
    PlaceFactory(name="Vasaparken", area=centrum, latitude=59.6133, longitude=16.5395)
    main = CategoryFactory(name="Skadegörelse")
    CategoryFactory(name="Klotter", parent=main)
    CategoryFactory(name="Glaskross", parent=main)
    polis = make_user("polis", organisation=OrganisationFactory(name="Lokalpolisområde Västerås"))

    page.set_viewport_size({"width": 390, "height": 844})
    login(page, polis)
    page.goto(f"{live_server.url}/handelser/ny/")
    assert page.get_by_text("Ange inga personuppgifter.").is_visible()

    first = page.locator("[data-incident-form]").nth(0)
    first.get_by_label("Kategori").select_option(label="Klotter")
    first.get_by_label("Område").select_option(label="Centrum")
    first.get_by_label("Plats").select_option(label="Vasaparken")
    first.get_by_label("Klockslag").fill("21:15")
    page.get_by_role("button", name="Lägg till en händelse till").click()
    second = page.locator("[data-incident-form]").nth(1)
    second.get_by_label("Kategori").select_option(label="Glaskross")
    second.get_by_label("Område").select_option(label="Bäckby")
    second.get_by_label("Tid på dygnet").select_option(label="Natt (00–06)")
    second.get_by_label("Antal").fill("3")
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=SHOTS / "incident-entry-phone.png", full_page=True)
    # Nothing may overflow sideways at phone width.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.get_by_role("button", name="Skicka rapporten").click()
    page.wait_for_selector(".alert-success")
    assert "2 händelser registrerades" in page.locator(".alert-success").inner_text()
    page.screenshot(path=SHOTS / "incident-entry-phone-done.png", full_page=True)

    report = IncidentReport.objects.get()
    incidents = {i.category.name: i for i in report.incidents.all()}
    assert set(incidents) == {"Klotter", "Glaskross"}
    assert (
        incidents["Klotter"].place.name == "Vasaparken"
        and incidents["Klotter"].time_band == "kvall"
    )
    assert incidents["Glaskross"].count == 3 and incidents["Glaskross"].area.name == "Bäckby"
    assert Incident.objects.filter(organisation=polis.organisation, reporter=polis).count() == 2
