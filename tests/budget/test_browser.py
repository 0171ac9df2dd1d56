"""The package overview in a real Chromium (screenshot in test-results/)."""

import os
from pathlib import Path

import pytest

from budget.models import BudgetPackage

from .conftest import load_package

# pytest-playwright empties test-results/ at the start of every session (also other
# people's): SCREENSHOT_DIR keeps the pictures somewhere else to look at them.
SHOTS = Path(
    os.environ.get("SCREENSHOT_DIR") or Path(__file__).resolve().parents[2] / "test-results"
)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_overview_page_in_chromium(page, live_server, login, make_user):
    load_package(demo=True)
    package = BudgetPackage.objects.get(is_demo=True)
    user = make_user("ledamot")
    page.set_viewport_size({"width": 1400, "height": 900})
    login(page, user)
    page.get_by_role("link", name="Budget", exact=True).first.click()
    page.get_by_role("link", name="Trygghetspaket 2024 (demo)").click()
    page.wait_for_url(f"{live_server.url}/budget/{package.pk}/")
    # The demo package carries its badge in the heading.
    assert page.locator("h1").inner_text() == "Trygghetspaket 2024 (demo) Demo"
    total = page.locator("[data-figure=total]").inner_text()
    assert total.replace("\u202f", " ").replace("\u00a0", " ") == "17 000 000 kr"
    charts = page.locator("svg.chart")
    assert charts.count() == 2
    box = charts.first.bounding_box()
    assert box and box["width"] > 300 and box["height"] > 100
    assert page.get_by_role("alert").filter(has_text="Utfall över fördelat belopp").is_visible()
    # Council members read: no editing buttons.
    assert page.get_by_role("link", name="Ny fördelning").count() == 0
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=SHOTS / "budget-overview.png", full_page=True)
    page.get_by_role("link", name="Utfall över året").click()
    assert page.locator("svg.chart").count() == 1
    page.screenshot(path=SHOTS / "budget-spending.png", full_page=True)
