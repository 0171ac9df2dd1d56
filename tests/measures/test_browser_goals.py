"""The goals page in Chromium: a member follows the goal's trajectory and verdict."""

import datetime as dt
import os
from decimal import Decimal
from pathlib import Path

import pytest

from lagesbild.models import Area, Category, Incident
from measures.models import AreaPopulation, Goal, Indicator
from tests.factories import CouncilFactory, OrganisationFactory

SHOTS = Path(os.environ.get("SCREENSHOTS", Path(__file__).resolve().parents[2] / "test-results"))


def _goal_world():
    """Bäckby: fewer incidents every year since 2020, 9 400 inhabitants."""
    area = Area.objects.create(name="Bäckby", group="g", latitude=59.6043, longitude=16.4766)
    main = Category.objects.create(name="Skadegörelse")
    police = OrganisationFactory(name="Lokalpolisområde Västerås", kind="polis")
    last_year = dt.date.today().year - 1
    counts = [120, 108, 96, 84, 72, 60, 48, 36][: last_year - 2019]  # a steady fall
    for year, n in zip(range(2020, last_year + 1), counts, strict=False):
        AreaPopulation.objects.create(area=area, year=year, population=9400)
        for month in range(1, 13):
            Incident.objects.create(
                category=main,
                area=area,
                occurred_on=dt.date(year, month, 15),
                count=max(n // 12, 1),
                organisation=police,
            )
    goal = Goal.objects.create(
        council=CouncilFactory(),
        title="Färre skadegörelser i Bäckby",
        text="Skadegörelsen i Bäckby ska minska till högst 5 per 1 000 invånare.",
        direction=Goal.Direction.FALL,
        baseline_year=2020,
        target_value=Decimal(5),
        target_date=dt.date(last_year + 2, 12, 31),
    )
    indicator = Indicator.objects.create(
        goal=goal, kind=Indicator.Kind.INCIDENT_RATE, name="Skadegörelse per 1 000 invånare"
    )
    indicator.areas.set([area])
    indicator.categories.set([main])
    return goal


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_member_reads_the_goal_trajectory_and_verdict(page, live_server, login, make_user):
    goal = _goal_world()
    login(page, make_user("ledamot"))
    page.goto(f"{live_server.url}/")
    page.get_by_role("link", name=goal.title).click()  # from the start page panel
    page.wait_for_url(f"{live_server.url}/mal/{goal.pk}/")
    verdict = page.get_by_test_id("goal-verdict")
    assert verdict.inner_text() == "På väg"
    chart = page.locator("figure.chart-figure svg")
    assert chart.count() == 1
    # The target path, the trend and its 95 % interval (low and high).
    assert chart.locator("path[stroke-dasharray]").count() == 4
    assert "Väg till målet" in chart.text_content()
    page.get_by_text("Siffrorna").click()
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / "goal-detail.png"), full_page=True)
    first_year = page.get_by_role("row").filter(has_text="2020")
    assert "12,77" in first_year.inner_text()  # 120 / 9 400 × 1 000
    assert page.get_by_role("link", name="Ändra mål").count() == 0


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_coordinator_checks_imports_and_compares_a_survey(
    page, live_server, login, make_user, tmp_path
):
    for name in ("Bäckby", "Skultuna"):
        Area.objects.create(name=name, group="g", latitude=59.61, longitude=16.5)
    csv = tmp_path / "enkat.csv"
    question = "Otrygg ute sent en kväll i området"
    csv.write_text(
        "survey;year;area;question;share_unsafe;mean_score;respondents\n"
        + "".join(
            f"Trygghetsmätning {y};{y};{area};{question};{share};;{n}\n"
            for y, area, share, n in [
                (2021, "Hela Västerås", "25,5", 4000),
                (2021, "Bäckby", "38,0", 220),
                (2021, "Skultuna", "14,0", 25),
                (2023, "Hela Västerås", "23,0", 4100),
                (2023, "Bäckby", "34,5", 210),
                (2023, "Skultuna", "12,5", 31),
            ]
        ),
        encoding="utf-8",
    )
    login(page, make_user("samordnare"))
    page.goto(f"{live_server.url}/trygghetsmatning/import/")
    page.get_by_label("Fil (CSV eller XLSX)").set_input_files(str(csv))
    page.get_by_role("button", name="Kontrollera filen").click()
    assert "6 rader kan importeras" in page.locator(".alert-success").inner_text()
    page.get_by_label("Fil (CSV eller XLSX)").set_input_files(str(csv))
    page.get_by_role("button", name="Kontrollera och importera").click()
    page.wait_for_url(f"{live_server.url}/trygghetsmatning/")
    table = page.get_by_test_id("survey-table")
    assert "för få svar" in table.get_by_role("row").filter(has_text="Skultuna").inner_text()
    assert page.locator("figure.chart-figure svg").count() == 1
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / "survey-compare.png"), full_page=True)
