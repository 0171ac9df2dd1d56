"""WCAG 2.1 AA: axe-core in Chromium on every page each role can open.

The pages come from the role matrix (tests/<app>/matrix.py): every GET route that
answers 200 for a role is loaded as that role and checked with axe-core (vendored in
tests/assets/ for tests only). Serious and critical violations fail the test.
"""

from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from tests.matrix import ANON, ROLES
from tests.test_role_matrix import MODULES, ROUTES

AXE = (Path(__file__).parent / "assets" / "axe.min.js").read_text()
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
# Machine-readable endpoints, not pages a person reads.
NOT_PAGES = {"healthz", "api-schema", "api-docs", "api-me"}


def _pages_for(who: str):
    for module, route in ROUTES:
        is_page = route.name not in NOT_PAGES and not route.name.startswith("api")
        if (
            route.method == "get"
            and route.expect[who] == 200
            and is_page
            and ":api" not in route.name
        ):
            yield module, route


def _violations(page) -> list[dict]:
    page.evaluate(AXE)
    result = page.evaluate("options => axe.run(document, options)", AXE_OPTIONS)
    return [
        {
            "id": v["id"],
            "impact": v["impact"],
            "help": v["help"],
            "targets": [n["target"] for n in v["nodes"]][:5],
        }
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def _is_html(client: Client, url: str) -> bool:
    response = client.get(url)
    return response["Content-Type"].startswith("text/html") and not response.has_header(
        "Content-Disposition"
    )


@pytest.fixture
def browser_context_args(browser_context_args):
    # axe is injected through DevTools; the site's own CSP stays as it is for users.
    return {**browser_context_args, "bypass_csp": True}


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("who", [ANON, *ROLES])
def test_no_serious_accessibility_violations(who, page, live_server, role_users):
    objects = {module: MODULES[module].objects(role_users) for module in MODULES}
    client = Client()
    if who != ANON:
        client.force_login(role_users[who])
        page.context.add_cookies(
            [
                {
                    "name": "sessionid",
                    "value": client.cookies["sessionid"].value,
                    "url": live_server.url,
                }
            ]
        )
    found = {}
    checked = 0
    for module, route in _pages_for(who):
        url = reverse(route.name, kwargs=route.kwargs(objects[module]) if route.kwargs else None)
        if route.query:
            url = f"{url}?{route.query}"
        if not _is_html(client, url):
            continue  # downloads (CSV, XLSX, PDF, iCal, JSON) are not pages
        response = page.goto(live_server.url + url)
        assert response.status == 200, (route.name, response.status)
        checked += 1
        if violations := _violations(page):
            found[route.name] = violations
    assert checked > 0
    assert found == {}
