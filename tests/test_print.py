"""Print: the weekly lägesbild, the meeting pack and the action plan on paper.

Print media is emulated in Chromium at A4 width; navigation, buttons and forms must be
gone, and no table may run past the edge of the page. Screenshots in test-results/print/.
"""

from pathlib import Path

import pytest

from tests.test_layouts import sign_in, world

SHOTS = Path("test-results") / "print"
A4 = {"width": 794, "height": 1123}  # 210 mm at 96 dpi

HIDDEN_ON_PAPER = """() => [...document.querySelectorAll(
    'body > header, nav.navbar, body > footer, .skip-link, form, .btn, input, select, textarea,'
    + '.leaflet-container'
  )].filter(e => e.getBoundingClientRect().height > 0 && getComputedStyle(e).display !== 'none'
                 && getComputedStyle(e).visibility !== 'hidden')
    .slice(0, 5).map(e => e.tagName + '.' + e.className)"""
TABLES_OVERFLOWING = """() => [...document.querySelectorAll('table')]
  .filter(t => t.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
  .map(t => t.className)"""


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_print_hides_controls_and_keeps_tables_on_the_page(page, live_server, role_users):
    urls = world(role_users)
    sign_in(page, live_server, role_users["samordnare"])
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size(A4)
    page.emulate_media(media="print")
    problems = {}
    for name in ("weekly", "pack", "plan"):
        assert page.goto(live_server.url + urls[name]).status == 200
        page.screenshot(path=SHOTS / f"{name}.png", full_page=True)
        # The content itself is there: the page's heading and at least one table.
        assert page.locator("main h1").is_visible(), name
        assert page.locator("main table").count() > 0, name
        if shown := page.evaluate(HIDDEN_ON_PAPER):
            problems[f"{name}: controls printed"] = shown
        if page.evaluate("document.documentElement.scrollWidth") > A4["width"]:
            problems[f"{name}: wider than the paper"] = page.evaluate(
                "document.documentElement.scrollWidth"
            )
        if wide := page.evaluate(TABLES_OVERFLOWING):
            problems[f"{name}: tables past the edge"] = wide
    assert problems == {}
    # The same pages on screen still have their navigation (the rules are print only).
    page.emulate_media(media="screen")
    page.goto(live_server.url + urls["plan"])
    assert page.locator("header nav.navbar").is_visible()
    assert page.get_by_role("button", name="Skriv ut").is_visible()
