"""The login journey in a real Chromium."""

from pathlib import Path

import pytest

SHOTS = Path(__file__).resolve().parents[2] / "test-results"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_user_logs_in_and_out_in_chromium(page, live_server, login, make_user):
    user = make_user("samordnare")
    page.set_viewport_size({"width": 390, "height": 844})
    login(page, user)
    assert page.locator("h1").inner_text().startswith("Välkommen")
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=SHOTS / "start-phone.png", full_page=True)
    page.get_by_role("button", name="Visa menyn").click()
    page.get_by_role("button", name=user.username).click()
    page.get_by_role("button", name="Logga ut").click()
    page.wait_for_url(f"{live_server.url}/konto/logga-in/")
    assert page.get_by_role("heading", name="Logga in").is_visible()
