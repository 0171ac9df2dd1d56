"""Offline entry in Chromium: with the network switched off, entries are kept in the
browser ("Väntar på att skickas"); switched on, each is sent once with its idempotency
key ("Skickade"). Nothing lost, nothing doubled; a resend of a key makes no new row."""

import time
from pathlib import Path

import pytest

from lagesbild.models import Incident
from tests.factories import AreaFactory, CategoryFactory, OrganisationFactory

SHOTS = Path("/work/shots/rhythm")
N = 3


# Posts one entry twice to the API from the page, with the page's session and CSRF token.
SEND_TWICE = """async ({key, category, area}) => {
  const form = document.getElementById('entry-form');
  const body = {client_key: key, category: category, area: area, time_band: 'kvall',
                occurred_on: new Date().toISOString().slice(0, 10)};
  const send = () => fetch(form.dataset.apiUrl, {
    method: 'POST', credentials: 'same-origin', body: JSON.stringify(body),
    headers: {'Content-Type': 'application/json',
              'X-CSRFToken': form.querySelector('[name=csrfmiddlewaretoken]').value}});
  return [(await send()).status, (await send()).status];
}"""


def wait_until(page, expression: str, timeout: float = 10.0) -> None:
    """Poll `expression` in the page (wait_for_function would eval a string, which the
    page's CSP forbids)."""
    deadline = time.monotonic() + timeout
    while not page.evaluate(expression):
        assert time.monotonic() < deadline, f"timed out waiting for {expression}"
        page.wait_for_timeout(100)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_entries_made_offline_are_sent_once_when_the_connection_is_back(
    page, live_server, login, make_user
):
    centrum = AreaFactory(name="Centrum", group="Centrum", latitude=59.611, longitude=16.545)
    main = CategoryFactory(name="Skadegörelse")
    categories = [CategoryFactory(name=n, parent=main) for n in ("Klotter", "Glaskross", "Brand")]
    polis = make_user("polis", organisation=OrganisationFactory(name="Lokalpolisområde Västerås"))
    SHOTS.mkdir(parents=True, exist_ok=True)

    page.set_viewport_size({"width": 390, "height": 844})
    login(page, polis)
    page.goto(f"{live_server.url}/handelser/ny/")
    # The service worker installs and takes the page (the app works offline).
    assert page.evaluate(
        "navigator.serviceWorker.ready.then(r => r.active !== null && r.scope)"
    ).endswith("/handelser/")

    page.context.set_offline(True)
    wait_until(page, "navigator.onLine === false")
    entered = []
    for i, category in enumerate(categories[:N]):
        page.select_option("select[name='form-0-category']", value=str(category.pk))
        page.select_option("select[name='form-0-area']", value=str(centrum.pk))
        page.fill("input[name='form-0-time']", f"2{i}:15")
        entered.append(page.input_value("input[name='form-0-client_key']"))
        page.get_by_role("button", name="Skicka rapporten").click()
        wait_until(page, f"document.querySelector('[data-queued-count]').textContent === '{i + 1}'")
    queued = page.evaluate("JSON.parse(localStorage.getItem('trygghet-outbox')).map(q => q.key)")
    assert len(set(entered)) == N and queued == entered
    assert page.locator("[data-queued]").count() == N
    assert Incident.objects.count() == 0  # nothing reached the server
    page.screenshot(path=SHOTS / "offline-queued.png", full_page=True)

    page.context.set_offline(False)
    wait_until(page, "document.querySelector('[data-queued-count]').textContent === '0'")
    wait_until(page, f"document.querySelector('[data-sent-count]').textContent === '{N}'")
    page.screenshot(path=SHOTS / "offline-sent.png", full_page=True)
    stored = Incident.objects.filter(reporter=polis)
    stored_after_reconnect = stored.count()
    assert stored_after_reconnect == N
    assert sorted(str(k) for k in stored.values_list("client_key", flat=True)) == sorted(entered)

    # The same key sent again (a lost answer, a second tab): the first incident, no row.
    def send_twice(key, category):
        args = {"key": key, "category": category.pk, "area": centrum.pk}
        return page.evaluate(SEND_TWICE, args)

    assert send_twice(entered[0], categories[0]) == [200, 200]
    fresh = "6f1d3c1e-2b7a-4c55-9b1e-3f0a9d6c2e11"
    assert send_twice(fresh, categories[1]) == [201, 200]
    assert Incident.objects.filter(client_key=fresh).count() == 1
    assert Incident.objects.count() == N + 1
    print(
        f"offline entry: entered={N} queued={len(queued)} sent={N} "
        f"stored={stored_after_reconnect}; "
        f"resends: same key twice -> 200, 200; new key twice -> 201, 200 (one row)"
    )
