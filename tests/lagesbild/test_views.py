import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lagesbild.models import Incident, IncidentReport
from tests.factories import IncidentFactory

pytestmark = pytest.mark.django_db


def entry_post(rows):
    data = {
        "form-TOTAL_FORMS": str(len(rows)),
        "form-INITIAL_FORMS": "0",
        "form-MIN_NUM_FORMS": "0",
        "form-MAX_NUM_FORMS": "20",
    }
    for i, row in enumerate(rows):
        data.update({f"form-{i}-{k}": v for k, v in row.items()})
    return data


@time_machine.travel(dt.datetime(2023, 2, 15, 20, 0, tzinfo=dt.UTC), tick=False)
def test_police_registers_two_incidents_in_one_report(client, role_users, ref):
    polis = role_users["polis"]
    client.force_login(polis)
    page = client.get(reverse("lagesbild:incident_entry"))
    assert "Ange inga personuppgifter" in page.content.decode()
    assert 'value="2023-02-15"' in page.content.decode()  # today is the default
    response = client.post(
        reverse("lagesbild:incident_entry"),
        entry_post(
            [
                {
                    "category": ref["klotter"].pk,
                    "area": ref["centrum"].pk,
                    "place": ref["vasaparken"].pk,
                    "occurred_on": "2023-02-15",
                    "time": "21:10",
                    "count": "3",
                    "time_band": "",
                },
                {
                    "category": ref["brand"].pk,
                    "area": ref["backby"].pk,
                    "occurred_on": "2023-02-14",
                    "time_band": "natt",
                    "count": "1",
                    "latitude": "59.6045",
                    "longitude": "16.4770",
                },
            ]
        ),
    )
    assert response.status_code == 302
    report = IncidentReport.objects.get()
    first, second = report.incidents.order_by("occurred_on").reverse()
    assert (first.organisation, first.reporter, first.source) == (polis.organisation, polis, "web")
    assert first.time_band == "kvall" and first.iso_week == 7 and first.count == 3
    assert second.time_band == "natt" and second.latitude == pytest.approx(59.6045)
    # The last used area is remembered for the next report.
    assert (
        f'<option value="{ref["backby"].pk}" selected'
        in client.get(reverse("lagesbild:incident_entry")).content.decode()
    )


def test_entry_errors_keep_what_was_typed(client, role_users, ref):
    client.force_login(role_users["rapportor"])
    response = client.post(
        reverse("lagesbild:incident_entry"),
        entry_post(
            [
                {
                    "category": ref["klotter"].pk,
                    "area": ref["centrum"].pk,
                    "occurred_on": "2023-02-15",
                    "count": "1",
                    "latitude": "59.33",
                    "longitude": "18.07",
                    "assessment": "Sprayat på väggen",
                }
            ]
        ),
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Punkten ligger utanför Västerås kommun" in html
    assert "Sprayat på väggen" in html
    assert not Incident.objects.exists()


def test_reporter_sees_own_organisation_only_and_404_for_others(client, role_users, ref):
    own = IncidentFactory(organisation=role_users["rapportor"].organisation, area=ref["backby"])
    other = IncidentFactory(organisation=role_users["polis"].organisation, area=ref["centrum"])
    client.force_login(role_users["rapportor"])
    html = client.get(reverse("lagesbild:incident_list")).content.decode()
    assert reverse("lagesbild:incident_detail", args=[own.pk]) in html
    assert reverse("lagesbild:incident_detail", args=[other.pk]) not in html
    assert client.get(reverse("lagesbild:incident_detail", args=[other.pk])).status_code == 404
    csv = client.get(reverse("lagesbild:incident_export", args=["csv"])).content.decode()
    assert "Centrum" not in csv and "Bäckby" in csv


def test_ledamot_sees_no_incident_rows(client, role_users):
    client.force_login(role_users["ledamot"])
    assert client.get(reverse("lagesbild:incident_list")).status_code == 403
    assert client.get(reverse("lagesbild:incident_export", args=["csv"])).status_code == 403


def test_list_pages_by_keyset_without_count(client, role_users, ref):
    for day in range(1, 61):
        IncidentFactory(
            area=ref["centrum"],
            category=ref["klotter"],
            occurred_on=dt.date(2023, 1, 1) + dt.timedelta(days=day),
        )
    client.force_login(role_users["samordnare"])
    url = reverse("lagesbild:incident_list")
    with CaptureQueriesContext(connection) as queries:
        first = client.get(url)
    assert not [q["sql"] for q in queries if "COUNT(" in q["sql"].upper()]
    rows = first.context["incidents"]
    assert len(rows) == 50 and rows[0].occurred_on == dt.date(2023, 3, 2)
    second = client.get(f"{url}?{first.context['next_query']}")
    assert len(second.context["incidents"]) == 10
    assert second.context["next_query"] == ""
    assert {i.pk for i in rows}.isdisjoint({i.pk for i in second.context["incidents"]})


def test_list_filters_by_week_and_text(client, role_users, ref):
    in_week = IncidentFactory(
        area=ref["centrum"], category=ref["klotter"], occurred_on=dt.date(2023, 2, 13)
    )
    IncidentFactory(area=ref["backby"], category=ref["brand"], occurred_on=dt.date(2023, 2, 20))
    client.force_login(role_users["polis"])
    url = reverse("lagesbild:incident_list")
    assert list(client.get(url, {"week": "2023-W07"}).context["incidents"]) == [in_week]
    assert list(client.get(url, {"q": "centrum"}).context["incidents"]) == [in_week]
    assert list(
        client.get(url, {"category": ref["main"].pk, "area": ref["centrum"].pk}).context[
            "incidents"
        ]
    ) == [in_week]
    bad = client.get(url, {"week": "2023-7"})
    assert "Ange veckan som 2023-W07" in bad.content.decode()


def test_detail_shows_history_and_assessment_by_role(client, role_users, ref):
    incident = IncidentFactory(
        organisation=role_users["polis"].organisation,
        area=ref["centrum"],
        category=ref["klotter"],
        assessment="Sanerat",
    )
    client.force_login(role_users["polis"])
    client.post(
        reverse("lagesbild:incident_update", args=[incident.pk]),
        {
            "category": ref["klotter"].pk,
            "area": ref["centrum"].pk,
            "occurred_on": "2023-02-15",
            "count": "4",
            "time_band": "dag",
            "assessment": "Sanerat",
            "version": incident.version,  # the hidden field the form carries
        },
    )
    incident.refresh_from_db()
    assert incident.count == 4
    html = client.get(reverse("lagesbild:incident_detail", args=[incident.pk])).content.decode()
    assert "Ändrad" in html and "Sanerat" in html
    client.force_login(role_users["samordnare"])
    assert client.get(reverse("lagesbild:incident_update", args=[incident.pk])).status_code == 200
