"""Faster and safer entry: idempotency keys (web form and API), "Samma som förra", the
user's most used categories and places first, and the installable app's files."""

import datetime as dt
import json
import uuid

import pytest
import time_machine
from django.urls import reverse

from core.isoweek import STOCKHOLM
from lagesbild.models import Incident, IncidentReport
from tests.factories import AreaFactory, CategoryFactory, IncidentFactory, PlaceFactory

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2023, 2, 22, 14, 37, tzinfo=STOCKHOLM)


@pytest.fixture
def world():
    centrum = AreaFactory(name="Centrum")
    main = CategoryFactory(name="Skadegörelse")
    return {
        "centrum": centrum,
        "vasaparken": PlaceFactory(name="Vasaparken", area=centrum),
        "torget": PlaceFactory(name="Stora torget", area=centrum),
        "klotter": CategoryFactory(name="Klotter", parent=main),
        "glas": CategoryFactory(name="Glaskross", parent=main),
    }


def _form(world, key, **extra):
    data = {
        "form-TOTAL_FORMS": "2",
        "form-INITIAL_FORMS": "0",
        "form-MIN_NUM_FORMS": "0",
        "form-MAX_NUM_FORMS": "20",
        "form-0-client_key": str(key),
        "form-0-category": world["klotter"].pk,
        "form-0-area": world["centrum"].pk,
        "form-0-occurred_on": "2023-02-21",
        "form-0-count": "1",
        # An empty row that only carries the key the browser gave it.
        "form-1-client_key": str(uuid.uuid4()),
        "form-1-count": "1",
    }
    data.update(extra)
    return data


@time_machine.travel(NOW, tick=False)
def test_the_same_form_posted_twice_makes_the_incident_once(client, role_users, world):
    client.force_login(role_users["polis"])
    key = uuid.uuid4()
    first = client.post(reverse("lagesbild:incident_entry"), _form(world, key))
    again = client.post(reverse("lagesbild:incident_entry"), _form(world, key))
    assert first.status_code == again.status_code == 302
    assert first["Location"] == again["Location"]  # the same report's receipt
    incident = Incident.objects.get()
    assert incident.client_key == key and IncidentReport.objects.count() == 1


@time_machine.travel(NOW, tick=False)
def test_the_api_answers_a_resent_key_with_the_first_incident(client, role_users, world):
    client.force_login(role_users["rapportor"])
    key = str(uuid.uuid4())
    body = {
        "client_key": key,
        "category": world["glas"].pk,
        "area": world["centrum"].pk,
        "occurred_on": "2023-02-21",
        "time_band": "natt",
    }
    url = reverse("incident-list")
    first = client.post(url, json.dumps(body), content_type="application/json")
    second = client.post(url, json.dumps(body), content_type="application/json")
    assert (first.status_code, second.status_code) == (201, 200)
    assert first.json()["id"] == second.json()["id"]
    assert Incident.objects.filter(client_key=key).count() == 1
    # A batch with the same key and a new one: one new incident only.
    other = {**body, "client_key": str(uuid.uuid4())}
    batch = client.post(
        reverse("incident-batch"), json.dumps([body, other]), content_type="application/json"
    )
    assert batch.status_code == 201 and Incident.objects.count() == 2
    # Someone else's key is refused, never answered with their incident.
    client.force_login(role_users["polis"])
    stolen = client.post(url, json.dumps(body), content_type="application/json")
    assert stolen.status_code == 400 and "client_key" in stolen.json()
    # The key is set once: an update does not change it.
    client.force_login(role_users["rapportor"])
    incident = Incident.objects.get(client_key=key)
    client.patch(
        reverse("incident-detail", args=[incident.pk]),
        json.dumps({"client_key": str(uuid.uuid4()), "count": 2}),
        content_type="application/json",
    )
    incident.refresh_from_db()
    assert str(incident.client_key) == key and incident.count == 2


def test_the_database_refuses_a_key_twice(world, role_users):
    from django.db import IntegrityError

    key = uuid.uuid4()
    IncidentFactory(client_key=key)
    with pytest.raises(IntegrityError):
        IncidentFactory(client_key=key)


@time_machine.travel(NOW, tick=False)
def test_same_as_last_fills_the_last_incident_with_the_time_now(client, role_users, world):
    polis = role_users["polis"]
    IncidentFactory(
        organisation=polis.organisation,
        reporter=polis,
        category=world["glas"],
        area=world["centrum"],
        place=world["torget"],
        count=4,
        occurred_on=dt.date(2023, 2, 1),
        assessment="Tidigare bedömning",
    )
    client.force_login(polis)
    page = client.get(reverse("lagesbild:incident_entry")).content.decode()
    assert "data-same-as-last" in page
    page = client.get(reverse("lagesbild:incident_entry") + "?same=1").content.decode()
    assert "data-prefilled" in page
    form = page.split('id="incident-forms"', 1)[1].split("</fieldset>", 1)[0]
    assert f'<option value="{world["glas"].pk}" selected>' in form
    assert f'<option value="{world["torget"].pk}" selected>' in form
    assert 'value="2023-02-22"' in form and 'value="14:37' in form
    assert 'name="form-0-count" value="4"' in form
    assert "Tidigare bedömning" not in form  # the free text is not repeated


@time_machine.travel(NOW, tick=False)
def test_the_users_most_used_categories_and_places_come_first(client, role_users, world):
    polis = role_users["polis"]
    for _ in range(3):
        IncidentFactory(
            organisation=polis.organisation,
            reporter=polis,
            category=world["glas"],
            area=world["centrum"],
            place=world["vasaparken"],
        )
    IncidentFactory(
        organisation=polis.organisation,
        reporter=polis,
        category=world["klotter"],
        area=world["centrum"],
        place=world["torget"],
    )
    client.force_login(polis)
    page = client.get(reverse("lagesbild:incident_entry")).content.decode()
    category = page.split('name="form-0-category"', 1)[1].split("</select>", 1)[0]
    first_group = category.split("<optgroup", 2)[1]
    assert first_group.index(f'value="{world["glas"].pk}"') < first_group.index(
        f'value="{world["klotter"].pk}"'
    )
    place = page.split('name="form-0-place"', 1)[1].split("</select>", 1)[0]
    first_group = place.split("<optgroup", 2)[1]
    assert first_group.index(f'value="{world["vasaparken"].pk}"') < first_group.index(
        f'value="{world["torget"].pk}"'
    )
    # Another user has no favourites: no extra group.
    client.force_login(role_users["samordnare"])
    page = client.get(reverse("lagesbild:incident_entry")).content.decode()
    place = page.split('name="form-0-place"', 1)[1].split("</select>", 1)[0]
    assert "<optgroup" not in place


def test_the_manifest_and_the_service_worker_cover_the_entry_page(client):
    manifest = client.get(reverse("lagesbild:web_manifest"))
    assert manifest["Content-Type"] == "application/manifest+json"
    data = manifest.json()
    assert data["start_url"] == "/handelser/ny/" and data["scope"] == "/handelser/"
    assert data["display"] == "standalone" and data["icons"]
    worker = client.get(reverse("lagesbild:service_worker"))
    assert worker.status_code == 200 and worker["Content-Type"].startswith("text/javascript")
    assert reverse("lagesbild:service_worker").rsplit("/", 1)[0] + "/" == "/handelser/"
    body = worker.content.decode()
    assert '"/handelser/ny/"' in body and "__VERSION__" not in body
