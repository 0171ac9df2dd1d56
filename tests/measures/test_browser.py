"""The measures journey in Chromium: from a hot spot to a measure, then a follow-up."""

import datetime as dt
import os
import random
from pathlib import Path

import pytest

from lagesbild.models import Area, Category, Incident
from measures.models import Measure
from tests.factories import OrganisationFactory

# SCREENSHOTS overrides the folder: other suites in a shared tree wipe test-results/.
SHOTS = Path(os.environ.get("SCREENSHOTS", Path(__file__).resolve().parents[2] / "test-results"))


def _hot_spot_world(police):
    """Klotter clustered at Bäckby centrum, the rest spread over the city."""
    areas = {
        name: Area.objects.create(name=name, group="g", latitude=lat, longitude=lon)
        for name, lat, lon in [
            ("Bäckby", 59.6043, 16.4766),
            ("Centrum", 59.6110, 16.5448),
            ("Viksäng", 59.5955, 16.5010),
        ]
    }
    main = Category.objects.create(name="Skadegörelse")
    klotter = Category.objects.create(name="Klotter", parent=main)
    rng = random.Random(4)
    last_sunday = dt.date.today() - dt.timedelta(days=dt.date.today().isoweekday())
    rows = []
    for i in range(160):
        clustered = i < 60
        area = areas["Bäckby"] if clustered else rng.choice(list(areas.values()))
        lat = 59.6050 + rng.gauss(0, 0.0004) if clustered else rng.uniform(59.590, 59.625)
        lon = 16.4783 + rng.gauss(0, 0.0008) if clustered else rng.uniform(16.46, 16.56)
        day = last_sunday - dt.timedelta(days=rng.randrange(70))
        year, week, _ = day.isocalendar()
        rows.append(
            Incident(
                category=klotter,
                area=area,
                latitude=lat,
                longitude=lon,
                occurred_on=day,
                iso_year=year,
                iso_week=week,
                organisation=police,
            )
        )
    Incident.objects.bulk_create(rows)
    return areas, klotter


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_coordinator_starts_a_measure_from_a_hot_spot_and_police_follow_up(
    page, live_server, login, make_user
):
    SHOTS.mkdir(exist_ok=True)
    city = OrganisationFactory(name="Västerås stad", kind="kommun")
    police = OrganisationFactory(name="Lokalpolisområde Västerås", kind="polis")
    coordinator = make_user("samordnare", organisation=city)
    liaison = make_user("polis", organisation=police)
    areas, klotter = _hot_spot_world(police)
    page.set_viewport_size({"width": 1280, "height": 900})

    # The coordinator looks at the hot spots of klotter in Bäckby…
    login(page, coordinator)
    page.goto(
        f"{live_server.url}/lagesbild/heta-punkter/?category={klotter.pk}&area={areas['Bäckby'].pk}"
    )
    start = page.get_by_test_id("start-measure").first  # the selection, before the table
    start.wait_for()
    page.screenshot(path=SHOTS / "measures-1-hotspot.png", full_page=True)
    start.click()

    # …and lands on a new measure with area, category and origin filled in.
    page.wait_for_url("**/insatser/ny/**")
    # The searchable control shows the choice; the form posts the native select's value.
    assert page.locator("select[name='areas']").evaluate(
        "el => Array.from(el.selectedOptions).map(o => o.text)"
    ) == ["Bäckby"]
    assert "het punkt" in page.locator(".alert-info").inner_text()
    page.get_by_label("Titel").fill("Ökad närvaro vid Bäckby centrum kvällstid")
    page.get_by_label("Ansvarig organisation").select_option(label="Lokalpolisområde Västerås")
    page.get_by_label("Kontakt (roll)").fill("Kommunpolis västra stadsdelarna")
    page.get_by_label("Slut").fill((dt.date.today() + dt.timedelta(days=56)).isoformat())
    page.get_by_label("Status").select_option(label="Pågående")
    page.screenshot(path=SHOTS / "measures-2-create.png", full_page=True)
    page.get_by_role("button", name="Spara").click()
    page.wait_for_url("**/insatser/*/")
    assert page.get_by_role(
        "heading", name="Ökad närvaro vid Bäckby centrum kvällstid"
    ).is_visible()
    measure = Measure.objects.get()
    assert measure.origin == "hotspot" and measure.owner == police
    assert list(measure.categories.all()) == [klotter]

    # The police liaison adds the first follow-up to their organisation's measure.
    page.context.clear_cookies()
    login(page, liaison)
    page.goto(f"{live_server.url}/insatser/{measure.pk}/")
    page.get_by_role("link", name="Lägg till uppföljning").click()
    page.get_by_label("Vad som gjorts").fill("Närvaro fredag och lördag 19–23 vid centrum, 6 pass.")
    page.get_by_label("Resultat").fill("Färre samlingar vid torget enligt Mimers rapporter.")
    page.get_by_label("Nästa steg").fill("Fortsätt två veckor till, utvärdera vid EST-mötet.")
    page.get_by_label("Genomförandegrad (%)").fill("40")
    page.screenshot(path=SHOTS / "measures-3-follow-up.png", full_page=True)
    page.get_by_role("button", name="Spara uppföljning").click()
    page.wait_for_url(f"**/insatser/{measure.pk}/")
    assert page.get_by_text("Uppföljningen sparades.").is_visible()
    assert page.get_by_text("Färre samlingar vid torget").is_visible()
    page.screenshot(path=SHOTS / "measures-4-detail.png", full_page=True)
    measure.refresh_from_db()
    assert measure.progress == 40 and measure.follow_ups.get().organisation == police

    # The effect page renders its chart for the new measure.
    page.get_by_role("link", name="Effekt").click()
    assert page.locator("svg.chart").count() == 1
    page.screenshot(path=SHOTS / "measures-5-effect.png", full_page=True)
