"""WCAG 2.1 AA: axe-core in Chromium on every page each role can open.

The pages come from the role matrix (tests/<app>/matrix.py): every GET route that
answers 200 for a role is loaded as that role and checked with axe-core (vendored in
tests/assets/ for tests only). Serious and critical violations fail the test. The
matrix objects are filled out first (`seed_pages`), so tables, charts and lists are
checked with rows in them, not only their empty states. One browser context per role.
"""

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path
from pprint import pformat

import pytest
from django.test import Client
from django.urls import reverse

from tests.matrix import ANON, ROLES
from tests.test_role_matrix import MODULES, ROUTES

AXE = (Path(__file__).parent / "assets" / "axe.min.js").read_text()
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
# Machine-readable endpoints, not pages a person reads.
NOT_PAGES = {"healthz", "api-schema", "api-docs", "api-me"}
# htmx fragments swapped into a page that is itself checked (the report list and detail).
FRAGMENTS = {"reports:report_status"}
RESULTS = Path("test-results") / "a11y"


def _pages_for(who: str):
    seen = set()
    for module, route in ROUTES:
        is_page = route.name not in NOT_PAGES | FRAGMENTS and not route.name.startswith("api")
        key = (route.name, route.query, route.kwargs is None)
        if (
            route.method == "get"
            and route.expect[who] == 200
            and is_page
            and ":api" not in route.name
            and key not in seen
        ):
            seen.add(key)
            yield module, route


def _violations(page) -> list[dict]:
    page.evaluate(AXE)
    result = page.evaluate("options => axe.run(document, options)", AXE_OPTIONS)
    return [
        {
            "id": v["id"],
            "impact": v["impact"],
            "help": v["help"],
            "nodes": [
                {"target": n["target"], "html": n["html"][:200], "summary": n["failureSummary"]}
                for n in v["nodes"][:5]
            ],
        }
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def _is_html(client: Client, url: str) -> bool:
    response = client.get(url)
    return response["Content-Type"].startswith("text/html") and not response.has_header(
        "Content-Disposition"
    )


def seed_pages(objects: dict, users: dict) -> None:
    """Rows behind the matrix objects: incidents in the matrix week, a decision, follow-ups,
    plan actions, budget entries and an agenda with a presenter."""
    from councils.models import Decision
    from measures.models import ActionPlanEntry
    from tests.factories import (
        AgendaItemFactory,
        CategoryFactory,
        ExpenditureFactory,
        FollowUpFactory,
        ForecastFactory,
        IncidentFactory,
        PlaceFactory,
    )

    lage = objects["tests.lagesbild.matrix"]
    place = lage["place"]
    other = PlaceFactory(name="Stora torget")
    police = users["polis"].organisation
    categories = [CategoryFactory(name=name) for name in ("Skadegörelse", "Ordningsstörning")]
    for n in range(40):
        IncidentFactory(
            category=categories[n % 2],
            area=(place if n % 3 else other).area,
            place=place if n % 3 else other,
            occurred_on=dt.date(2023, 2, 13) + dt.timedelta(days=n % 7),
            time_band=("kvall", "natt", "dag")[n % 3],
            count=1 + n % 4,
            organisation=police,
        )
    council = objects["tests.councils.matrix"]
    meeting = council["meeting"]
    Decision.objects.create(meeting=meeting, agenda_item=council["item"], text="Rådet beslutar.")
    AgendaItemFactory(meeting=meeting, title="Insatser", order=3)
    measure = objects["tests.measures.matrix"]["measure"]
    measure.areas.set([place.area])
    FollowUpFactory(measure=measure)
    ActionPlanEntry.objects.create(
        plan=objects["tests.measures.matrix"]["plan"],
        measure=measure,
        heading="Klotter i centrum",
        responsible=police,
    )
    entry = ExpenditureFactory._meta.model.objects.get(pk=objects["tests.budget.matrix"]["entry"])
    ExpenditureFactory(allocation=entry.allocation, amount=Decimal("1500000"))
    ForecastFactory(allocation=entry.allocation, amount=Decimal("2000000"))


@pytest.fixture
def browser_context_args(browser_context_args):
    # axe is injected through DevTools; the site's own CSP stays as it is for users.
    return {**browser_context_args, "bypass_csp": True}


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("who", [ANON, *ROLES])
def test_no_serious_accessibility_violations(who, page, live_server, role_users):
    objects = {module: MODULES[module].objects(role_users) for module in MODULES}
    seed_pages(objects, role_users)
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
    checked = []
    for module, route in _pages_for(who):
        url = reverse(route.name, kwargs=route.kwargs(objects[module]) if route.kwargs else None)
        if route.query:
            url = f"{url}?{route.query}"
        if not _is_html(client, url):
            continue  # downloads (CSV, XLSX, PDF, iCal, JSON) are not pages
        response = page.goto(live_server.url + url)
        assert response.status == 200, (route.name, response.status)
        checked.append(url)
        if violations := _violations(page):
            found[url] = violations
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / f"{who}.json").write_text(
        json.dumps({"checked": checked, "violations": found}, indent=1, ensure_ascii=False)
    )
    # Every role has its own pages; anonymous users at least the login and public pages.
    assert len(checked) >= (2 if who == ANON else 8), checked
    assert found == {}, pformat(found, width=110)
