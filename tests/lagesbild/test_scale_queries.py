"""Query counts that must not grow with the number of incidents, and keyset pages that
neither skip nor repeat rows when many incidents share a date."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.test import APIClient

from lagesbild.models import Category, Incident
from lagesbild.services import incident_register
from tests.factories import IncidentFactory
from trygghet.models import AuditEvent

pytestmark = pytest.mark.django_db


def _walk(client, url, sort):
    seen, query = [], f"sort={sort}"
    while True:
        page = client.get(f"{url}?{query}")
        seen += [i.pk for i in page.context["incidents"]]
        query = page.context["next_query"]
        if not query:
            return seen


@pytest.mark.parametrize("sort", ["-occurred_on", "occurred_on"])
def test_keyset_pages_cover_every_incident_once_across_same_day_ties(client, role_users, ref, sort):
    days = [dt.date(2023, 1, 1) + dt.timedelta(days=d % 3) for d in range(130)]
    made = [
        IncidentFactory(area=ref["centrum"], category=ref["klotter"], occurred_on=d) for d in days
    ]
    client.force_login(role_users["samordnare"])
    seen = _walk(client, reverse("lagesbild:incident_list"), sort)
    assert len(seen) == len(set(seen)) == len(made)
    key = {i.pk: (i.occurred_on, i.pk) for i in made}
    expected = sorted(seen, key=key.get, reverse=sort.startswith("-"))
    assert seen == expected


def test_list_page_queries_do_not_grow_with_rows(
    client, role_users, ref, django_assert_max_num_queries
):
    client.force_login(role_users["samordnare"])
    url = reverse("lagesbild:incident_list")
    for _ in range(3):
        IncidentFactory(area=ref["centrum"], category=ref["klotter"], place=ref["vasaparken"])
    client.get(url)
    with django_assert_max_num_queries(12):
        small = client.get(url)
    for _ in range(60):
        IncidentFactory(area=ref["backby"], category=ref["brand"])
    with django_assert_max_num_queries(12):
        large = client.get(url)
    assert len(small.context["incidents"]) == 3 and len(large.context["incidents"]) == 50


def test_api_creation_takes_a_fixed_small_number_of_queries(
    role_users, ref, django_assert_max_num_queries
):
    client = APIClient()
    client.force_authenticate(role_users["polis"])
    body = {
        "category": ref["klotter"].pk,
        "area": ref["centrum"].pk,
        "place": ref["vasaparken"].pk,
        "occurred_on": "2023-02-14",
        "time_band": "kvall",
    }
    # The first registration reads the reference rows (categories, areas, places,
    # organisations) and the user's roles into the cache, as any server has them.
    warm = client.post("/api/v1/incidents/", body | {"occurred_on": "2023-02-13"}, format="json")
    assert warm.status_code == 201, warm.content
    # Then: the insert, and its history record with its audit event in one statement;
    # nothing per key or per constraint. (The write's transaction is a savepoint inside
    # the test's: not counted.)
    with CaptureQueriesContext(connection) as captured:
        response = client.post("/api/v1/incidents/", body, format="json")
    assert response.status_code == 201, response.content
    queries = [q["sql"] for q in captured.captured_queries if "SAVEPOINT" not in q["sql"]]
    assert len(queries) == 2, queries
    assert queries[0].startswith('INSERT INTO "lagesbild_incident"')
    assert queries[1].startswith('WITH companion AS (INSERT INTO "trygghet_auditevent"')
    assert 'INSERT INTO "lagesbild_historicalincident"' in queries[1]
    incident = Incident.objects.get(pk=response.json()["id"])
    assert incident.history.count() == 1
    event = AuditEvent.objects.get(object_id=str(incident.pk), action=AuditEvent.Action.CREATED)
    assert event.actor == role_users["polis"] and event.object_repr == str(incident)


def test_service_still_refuses_what_the_constraints_forbid(role_users, ref):
    user = role_users["polis"]
    base = {"category": ref["klotter"], "area": ref["centrum"], "occurred_on": dt.date(2023, 2, 14)}
    with pytest.raises(ValidationError) as zero:
        incident_register(user=user, data=base | {"count": 0})
    assert "count" in zero.value.message_dict
    with pytest.raises(ValidationError) as outside:
        incident_register(user=user, data=base | {"latitude": 59.33, "longitude": 18.07})
    assert "latitude" in outside.value.message_dict
    incident_register(user=user, data=base | {"external_id": "E1"})
    with pytest.raises(ValidationError):
        incident_register(user=user, data=base | {"external_id": "E1"})
    assert Incident.objects.count() == 1


@pytest.mark.parametrize("url_name", ["lagesbild:incident_list", "measures:board"])
def test_filter_choices_take_no_query_per_category(
    client, role_users, ref, url_name, django_assert_max_num_queries
):
    """The category filter groups events under their main category: the parent is joined."""
    client.force_login(role_users["samordnare"])
    url = reverse(url_name)
    client.get(url)
    # A new option each time, so both pages draw their filter anew (it is cached per
    # version of the categories): one more category costs no query, 25 neither.
    Category.objects.create(name="Händelse", parent=ref["main"])
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for n in range(25):
        Category.objects.create(name=f"Händelse {n}", parent=ref["main"])
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    html = response.content.decode()
    assert '<optgroup label="Skadegörelse">' in html and ">Händelse 24</option>" in html
