"""Keyboard only: a police liaison registers an incident with Tab, typing and Enter.

WCAG 2.1.1 (keyboard), 2.4.1 (skip link), 2.4.7 (visible focus), 3.3.1 (errors identified,
tied to their field and announced). No mouse click and no `fill` in the whole journey.
"""

import pytest
from django.test import Client
from django.urls import reverse

from lagesbild.models import Incident
from tests.factories import AreaFactory, CategoryFactory, OrganisationFactory, PlaceFactory

# Chromium's date and time inputs have a calendar/clock button of their own as the last
# stop; the host input does not match :focus then and the browser draws that ring itself.
FOCUS_SHOWN = """() => {
  const el = document.activeElement, s = getComputedStyle(el);
  if (el.matches('input[type=date], input[type=time]') && !el.matches(':focus')) return true;
  return (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0) || s.boxShadow !== 'none';
}"""
ACTIVE = """() => {
  const el = document.activeElement;
  return el.id || el.textContent.trim().slice(0, 60) || el.tagName;
}"""


def _signed_in(page, live_server, user):
    client = Client()
    client.force_login(user)
    cookie = {"name": "sessionid", "value": client.cookies["sessionid"].value}
    page.context.add_cookies([{**cookie, "url": live_server.url}])


def tab_to(page, selector: str, limit: int = 60) -> list[str]:
    """Press Tab until `selector` has focus; every stop on the way must show its focus."""
    path = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        path.append(page.evaluate(ACTIVE))
        assert page.evaluate(FOCUS_SHOWN), f"focus not visible on {path[-1]!r} after {path[:-1]}"
        if page.evaluate("s => document.activeElement.matches(s)", selector):
            return path
    raise AssertionError(f"{selector} not reached with Tab: {path}")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_police_liaison_registers_an_incident_with_the_keyboard_only(page, live_server, make_user):
    centrum = AreaFactory(name="Centrum", group="Centrum", latitude=59.611, longitude=16.545)
    AreaFactory(name="Bäckby", latitude=59.604, longitude=16.477)
    PlaceFactory(name="Vasaparken", area=centrum, latitude=59.6133, longitude=16.5395)
    main = CategoryFactory(name="Skadegörelse")
    CategoryFactory(name="Klotter", parent=main)
    polis = make_user("polis", organisation=OrganisationFactory(name="Lokalpolisområde Västerås"))
    _signed_in(page, live_server, polis)
    page.goto(f"{live_server.url}/handelser/ny/")

    # The first Tab stop is the skip link, visible when focused; Enter jumps to the content.
    page.keyboard.press("Tab")
    skip = page.locator(".skip-link")
    assert page.evaluate(ACTIVE) == "Hoppa till innehållet" and skip.is_visible()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"

    # A first try without an area: the error comes back announced and tied to the field.
    tab_to(page, "#id_form-0-category")
    page.keyboard.type("Klotter")
    tab_to(page, "#id_form-0-area")
    page.keyboard.press("Home")  # back to the empty choice
    tab_to(page, "button[type=submit].btn-lg")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    summary = page.locator("[data-error-summary]")
    assert summary.get_attribute("role") == "alert"
    assert page.evaluate("document.activeElement.hasAttribute('data-error-summary')")
    assert "Område" in summary.inner_text()
    area = page.locator("#id_form-0-area")
    assert area.get_attribute("aria-invalid") == "true"
    described = area.get_attribute("aria-describedby").split()
    error_text = " ".join(page.locator(f"#{i}").inner_text() for i in described)
    assert "obligatoriskt" in error_text
    # Nothing typed is lost.
    assert page.locator("#id_form-0-category option:checked").inner_text() == "Klotter"

    # From the summary, Tab reaches the link to the field and Enter puts focus in it.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('[data-error-summary]') !== null")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "id_form-0-area"
    page.keyboard.type("Centrum")
    tab_to(page, "#id_form-0-count")
    page.keyboard.press("Control+A")
    page.keyboard.type("2")
    tab_to(page, "#id_form-0-place")
    page.keyboard.type("Vasaparken")
    tab_to(page, "#id_form-0-time")
    # 08:15 typed the same on a 12- and a 24-hour clock ("A" is ignored by the latter).
    page.keyboard.type("0815A")
    assert page.locator("#id_form-0-time").input_value() == "08:15"
    # The map picker has a keyboard alternative: open it, type the coordinates.
    tab_to(page, ".map-picker summary")
    page.keyboard.press("Enter")
    tab_to(page, "#id_form-0-latitude")
    page.keyboard.press("Control+A")
    page.keyboard.type("59.6140")
    tab_to(page, "#id_form-0-longitude")
    page.keyboard.press("Control+A")
    page.keyboard.type("16.5400")
    tab_to(page, "#id_form-0-assessment")
    page.keyboard.type("Klotter på lekplatsen")
    tab_to(page, "button[type=submit].btn-lg")
    page.keyboard.press("Enter")
    page.wait_for_selector(".alert-success")

    incident = Incident.objects.get()
    assert incident.category.name == "Klotter" and incident.area == centrum
    assert incident.place.name == "Vasaparken" and incident.count == 2
    assert incident.time_band == "morgon"  # 08:15 falls in the morning band
    assert round(float(incident.latitude), 4) == 59.614
    assert round(float(incident.longitude), 4) == 16.54
    assert incident.reporter == polis


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_user_menu_opens_and_works_from_the_keyboard(page, live_server, make_user):
    user = make_user("samordnare")
    _signed_in(page, live_server, user)
    page.goto(f"{live_server.url}/")
    tab_to(page, "#main-nav > ul:not(.me-auto) .dropdown-toggle")
    page.keyboard.press("Enter")
    page.keyboard.press("ArrowDown")
    assert page.evaluate(ACTIVE) == "Mina inställningar"
    page.keyboard.press("Enter")
    page.wait_for_url("**/konto/installningar/")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url", "data", "field"),
    [
        ("councils:meeting_create", {}, "id_title"),
        (
            "reports:report_start",
            {"kind": "weekly", "period": "vecka sju", "format": "pdf"},
            "weekly-period",
        ),
    ],
)
def test_form_errors_are_announced_and_tied_to_their_field(client, role_users, url, data, field):
    import re

    client.force_login(role_users["samordnare"])
    html = client.post(reverse(url), data).content.decode()
    summary = r'<div class="alert alert-danger" role="alert"[^>]*data-error-summary'
    assert re.search(summary, html), "no announced error summary"
    tag = re.search(rf'<(input|select|textarea)[^>]*id="{field}"[^>]*>', html)[0]
    assert 'aria-invalid="true"' in tag
    described = re.search(r'aria-describedby="([^"]+)"', tag)[1].split()
    # One of the descriptions is the error message itself.
    error = r'<div[^>]*(id="{0}"[^>]*invalid-feedback|invalid-feedback[^>]*id="{0}")'
    assert any(re.search(error.format(i), html) for i in described), described
