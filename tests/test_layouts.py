"""Phone (390 × 844) and tablet (768 × 1024): the incident entry form, the weekly
lägesbild and the meeting pack fit the screen, with no sideways scrolling.

Screenshots go to test-results/layouts/ (pytest-playwright empties test-results/ when the
session starts, so they are written after that) — look at them when a layout changes.
"""

from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from tests.test_accessibility import seed_pages
from tests.test_role_matrix import MODULES

SHOTS = Path("test-results") / "layouts"
SIZES = {"phone": (390, 844), "tablet": (768, 1024)}


def world(role_users) -> dict:
    """The matrix objects with rows behind them; URLs of the pages people use on the go."""
    objects = {module: MODULES[module].objects(role_users) for module in MODULES}
    seed_pages(objects, role_users)
    meeting = objects["tests.councils.matrix"]["meeting"]
    plan = objects["tests.measures.matrix"]["plan"]
    return {
        "entry": reverse("lagesbild:incident_entry"),
        "weekly": reverse("lagesbild:weekly", kwargs={"week": "2023-W07"}),
        "pack": reverse("reports:meeting_pack", kwargs={"pk": meeting.pk}),
        "plan": reverse("measures:plan_detail", kwargs={"pk": plan.pk}),
    }


def sign_in(page, live_server, user) -> None:
    client = Client()
    client.force_login(user)
    cookie = {"name": "sessionid", "value": client.cookies["sessionid"].value}
    page.context.add_cookies([{**cookie, "url": live_server.url}])


def overflowing(page) -> list[str]:
    """Elements wider than the window (what makes a page scroll sideways)."""
    return page.evaluate(
        """() => [...document.querySelectorAll('body *')]
             .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)
             .filter(e => !e.closest('.table-responsive, .leaflet-container'))
             .slice(0, 5).map(e => e.tagName + '.' + e.className)"""
    )


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_phone_and_tablet_layouts_do_not_scroll_sideways(page, live_server, role_users):
    urls = world(role_users)
    sign_in(page, live_server, role_users["samordnare"])
    SHOTS.mkdir(parents=True, exist_ok=True)
    wide = {}
    for name in ("entry", "weekly", "pack"):
        for size, (width, height) in SIZES.items():
            page.set_viewport_size({"width": width, "height": height})
            response = page.goto(live_server.url + urls[name])
            assert response.status == 200, (name, response.status)
            page.screenshot(path=SHOTS / f"{name}-{size}.png", full_page=True)
            scroll = page.evaluate("document.documentElement.scrollWidth")
            inner = page.evaluate("window.innerWidth")
            if scroll > inner:
                wide[f"{name}-{size}"] = (scroll, inner, overflowing(page))
    assert wide == {}


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_phone_menu_opens_and_the_entry_form_is_comfortable_to_tap(
    page, live_server, role_users
):
    urls = world(role_users)
    sign_in(page, live_server, role_users["polis"])
    page.set_viewport_size(dict(zip(("width", "height"), SIZES["phone"], strict=True)))
    page.goto(live_server.url + urls["entry"])
    # On a phone the navigation collapses behind a labelled menu button.
    toggler = page.get_by_role("button", name="Visa menyn")
    assert toggler.is_visible() and not page.locator("#main-nav").is_visible()
    toggler.click()
    page.locator("#main-nav.show").wait_for()
    assert toggler.get_attribute("aria-expanded") == "true"
    # Fields and the send button are at least 44 px high (WCAG 2.5.5 target size).
    for selector in ("#id_form-0-category", "#id_form-0-count", "button[type=submit].btn-lg"):
        assert page.locator(selector).bounding_box()["height"] >= 44, selector
