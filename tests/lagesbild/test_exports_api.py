import datetime as dt
import io
import json

import openpyxl
import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from lagesbild.models import Incident
from lagesbild.services import assessments_purge
from tests.factories import IncidentFactory

pytestmark = pytest.mark.django_db


def test_export_neutralises_formulas_and_formats(client, role_users, ref):
    IncidentFactory(
        area=ref["centrum"],
        category=ref["klotter"],
        external_id="=HYPERLINK(1)",
        assessment="@SUM(A1)",
        latitude=59.61,
        longitude=16.54,
        organisation=role_users["polis"].organisation,
    )
    client.force_login(role_users["polis"])
    csv = client.get(reverse("lagesbild:incident_export", args=["csv"])).content.decode("utf-8-sig")
    assert "'=HYPERLINK(1)" in csv and "'@SUM(A1)" in csv
    book = openpyxl.load_workbook(
        io.BytesIO(client.get(reverse("lagesbild:incident_export", args=["xlsx"])).content)
    )
    values = [c.value for c in list(book.active.rows)[1]]
    assert "'=HYPERLINK(1)" in values
    geo = json.loads(client.get(reverse("lagesbild:incident_export", args=["geojson"])).content)
    assert geo["features"][0]["geometry"]["coordinates"] == [16.54, 59.61]


def api(user=None):
    client = APIClient()
    if user:
        client.force_authenticate(user)
    return client


def body(ref, **extra):
    return {
        "category": ref["klotter"].pk,
        "area": ref["centrum"].pk,
        "occurred_on": "2023-02-15",
        "time_band": "kvall",
        "count": 1,
        **extra,
    }


def test_api_create_single_and_batch_for_own_organisation(role_users, ref):
    polis = role_users["polis"]
    response = api(polis).post("/api/v1/incidents/", body(ref, external_id="P1"), format="json")
    assert response.status_code == 201, response.content
    assert response.json()["organisation"] == polis.organisation.name
    assert Incident.objects.get(external_id="P1").source == "api"
    batch = api(polis).post(
        "/api/v1/incidents/batch/", [body(ref), body(ref, count=2)], format="json"
    )
    assert batch.status_code == 201 and len(batch.json()) == 2
    bad_batch = api(polis).post(
        "/api/v1/incidents/batch/", [body(ref), body(ref, count=0)], format="json"
    )
    assert bad_batch.status_code == 400 and Incident.objects.count() == 3


def test_api_400_with_field_messages(role_users, ref):
    client = api(role_users["rapportor"])
    response = client.post(
        "/api/v1/incidents/", body(ref, latitude=59.33, longitude=18.07), format="json"
    )
    assert response.status_code == 400
    assert "latitude" in response.json()
    missing = client.post("/api/v1/incidents/", {"count": 1}, format="json")
    assert set(missing.json()) >= {"category", "area", "occurred_on"}
    client.post("/api/v1/incidents/", body(ref, external_id="X"), format="json")
    duplicate = client.post("/api/v1/incidents/", body(ref, external_id="X"), format="json")
    assert duplicate.status_code == 400


def test_api_per_role(role_users, ref):
    theirs = IncidentFactory(
        organisation=role_users["polis"].organisation,
        area=ref["centrum"],
        category=ref["klotter"],
        assessment="Bedömning",
    )
    assert api().get("/api/v1/incidents/").status_code == 401
    assert api(role_users["ledamot"]).get("/api/v1/incidents/").status_code == 403
    assert api(role_users["rapportor"]).get("/api/v1/incidents/").json()["results"] == []
    assert api(role_users["rapportor"]).get(f"/api/v1/incidents/{theirs.pk}/").status_code == 404
    assert (
        api(role_users["rapportor"])
        .patch(f"/api/v1/incidents/{theirs.pk}/", {"count": 3}, format="json")
        .status_code
        == 404
    )
    seen = api(role_users["samordnare"]).get("/api/v1/incidents/", {"week": "2023-W07"}).json()
    assert seen["results"][0]["assessment"] == "Bedömning"
    update = api(role_users["polis"]).patch(
        f"/api/v1/incidents/{theirs.pk}/", {"count": 3}, format="json"
    )
    assert update.status_code == 200 and update.json()["count"] == 3
    assert api(role_users["ledamot"]).get("/api/v1/areas/").status_code == 200


def test_retention_clears_old_texts_and_keeps_the_rest(ref, settings):
    settings.INCIDENT_TEXT_RETENTION_MONTHS = 24
    old = IncidentFactory(
        area=ref["centrum"],
        category=ref["klotter"],
        occurred_on=dt.date(2021, 2, 14),
        assessment="Gammal text",
        place=ref["vasaparken"],
    )
    new = IncidentFactory(
        area=ref["centrum"],
        category=ref["klotter"],
        occurred_on=dt.date(2023, 2, 14),
        assessment="Ny text",
    )
    assert assessments_purge(today=dt.date(2023, 3, 1)) == 1
    old.refresh_from_db()
    new.refresh_from_db()
    assert (old.assessment, new.assessment) == ("", "Ny text")
    assert (old.category, old.place, old.occurred_on) == (
        ref["klotter"],
        ref["vasaparken"],
        dt.date(2021, 2, 14),
    )
    assert not old.history.exclude(assessment="").exists()


def test_retention_is_scheduled_weekly_by_beat():
    from django_celery_beat.models import PeriodicTask

    task = PeriodicTask.objects.get(task="lagesbild.tasks.purge_assessments")
    assert task.enabled and task.crontab.day_of_week == "0"
