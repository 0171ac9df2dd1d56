"""Object-level access: a role that may use a page still sees only the objects it may see.

The role matrix checks each URL once; these tests fetch other organisations' objects by
id, through every door (page, edit page, API, export with a filter that would match).
"""

import csv
import io
import json

import openpyxl
import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from tests.factories import (
    AgendaItemFactory,
    IncidentFactory,
    MeasureFactory,
    MeetingFactory,
    OrganisationFactory,
    PlaceFactory,
)

SECRET = "Hemlig bedömning 4711"
EXTERNAL = "POL-4711"


@pytest.fixture
def police_incident(role_users):
    """An incident of the police's organisation, with text and a point on the map."""
    place = PlaceFactory(name="Vasaparken")
    return IncidentFactory(
        organisation=role_users["polis"].organisation,
        area=place.area,
        place=place,
        assessment=SECRET,
        external_id=EXTERNAL,
        latitude=59.61,
        longitude=16.54,
    )


@pytest.fixture
def mimer_incident(role_users):
    return IncidentFactory(
        organisation=role_users["rapportor"].organisation, assessment="Mimers egen text"
    )


def _client(user):
    client = APIClient()
    client.force_login(user)
    return client


def _export_rows(response, fmt):
    if fmt == "csv":
        return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))[1:]
    if fmt == "xlsx":
        sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
        return list(sheet.iter_rows(values_only=True))[1:]
    return json.loads(response.content)["features"]


@pytest.mark.django_db
class TestReporterOfAnotherOrganisation:
    def test_detail_and_edit_pages_are_404(self, role_users, police_incident):
        client = _client(role_users["rapportor"])
        for name in ("lagesbild:incident_detail", "lagesbild:incident_update"):
            url = reverse(name, kwargs={"pk": police_incident.pk})
            assert client.get(url).status_code == 404, name
        url = reverse("lagesbild:incident_update", kwargs={"pk": police_incident.pk})
        response = client.post(url, {"count": 99, "assessment": "ändrat av Mimer"})
        assert response.status_code == 404
        police_incident.refresh_from_db()
        assert police_incident.count == 1
        assert police_incident.assessment == SECRET

    def test_api_retrieve_and_update_are_404(self, role_users, police_incident):
        client = _client(role_users["rapportor"])
        url = reverse("incident-detail", kwargs={"pk": police_incident.pk})
        assert client.get(url).status_code == 404
        assert client.patch(url, {"count": 5}, format="json").status_code == 404
        assert client.put(url, {"count": 5}, format="json").status_code == 404
        police_incident.refresh_from_db()
        assert police_incident.count == 1

    def test_api_list_filtered_to_the_other_organisation_is_empty(
        self, role_users, police_incident, mimer_incident
    ):
        client = _client(role_users["rapportor"])
        org = police_incident.organisation_id
        for query in (f"organisation={org}", f"q={EXTERNAL}", ""):
            data = client.get(reverse("incident-list") + "?" + query).json()
            ids = {row["id"] for row in data["results"]}
            assert police_incident.pk not in ids, query
        assert mimer_incident.pk in ids

    @pytest.mark.parametrize("fmt", ["csv", "xlsx", "geojson"])
    def test_export_with_a_matching_filter_leaves_it_out(
        self, role_users, police_incident, mimer_incident, fmt
    ):
        client = _client(role_users["rapportor"])
        url = reverse("lagesbild:incident_export", kwargs={"fmt": fmt})
        for query in (
            f"organisation={police_incident.organisation_id}",
            f"q={EXTERNAL}",
            f"area={police_incident.area_id}",
        ):
            response = client.get(f"{url}?{query}")
            assert response.status_code == 200
            assert SECRET.encode() not in response.content
            assert EXTERNAL.encode() not in response.content
            assert _export_rows(response, fmt) == [], query

    def test_list_page_with_a_matching_filter_leaves_it_out(self, role_users, police_incident):
        client = _client(role_users["rapportor"])
        url = reverse("lagesbild:incident_list")
        response = client.get(f"{url}?organisation={police_incident.organisation_id}")
        assert response.status_code == 200
        assert response.context["incidents"] == []
        assert SECRET not in response.content.decode()

    def test_police_cannot_edit_the_reporters_incident(self, role_users, mimer_incident):
        client = _client(role_users["polis"])
        url = reverse("lagesbild:incident_update", kwargs={"pk": mimer_incident.pk})
        assert client.get(url).status_code == 404
        api = reverse("incident-detail", kwargs={"pk": mimer_incident.pk})
        response = client.patch(api, {"count": 7}, format="json")
        assert response.status_code in (403, 404)
        mimer_incident.refresh_from_db()
        assert mimer_incident.count == 1


@pytest.mark.django_db
class TestCouncilMemberSeesNoIncidentRows:
    def test_no_list_api_export_or_map_data(self, role_users, police_incident):
        client = _client(role_users["ledamot"])
        urls = [
            reverse("lagesbild:incident_list"),
            reverse("lagesbild:incident_detail", kwargs={"pk": police_incident.pk}),
            reverse("incident-list"),
            reverse("incident-detail", kwargs={"pk": police_incident.pk}),
            reverse("lagesbild:weekly_map_data", kwargs={"week": "2023-W07"}),
            reverse("lagesbild:hotspot_map_data"),
            *(
                reverse("lagesbild:incident_export", kwargs={"fmt": fmt})
                for fmt in ("csv", "xlsx", "geojson")
            ),
        ]
        for url in urls:
            response = client.get(url)
            assert response.status_code in (403, 404), url
            assert SECRET.encode() not in response.content, url

    def test_weekly_pages_show_no_incident_text(self, role_users, police_incident):
        client = _client(role_users["ledamot"])
        for name in ("lagesbild:weekly", "lagesbild:weekly_aggregate"):
            response = client.get(reverse(name, kwargs={"week": "2023-W07"}))
            assert response.status_code == 200
            assert SECRET not in response.content.decode(), name
            assert EXTERNAL not in response.content.decode(), name


@pytest.mark.django_db
class TestMeasuresOfAnotherOrganisation:
    def test_reporter_cannot_see_or_edit_the_police_measure(self, role_users):
        measure = MeasureFactory(owner=role_users["polis"].organisation, title="Polisens insats")
        client = _client(role_users["rapportor"])
        for name in (
            "measures:measure_detail",
            "measures:measure_update",
            "measures:follow_up_create",
            "measures:measure_effect",
        ):
            url = reverse(name, kwargs={"pk": measure.pk})
            assert client.get(url).status_code == 404, name
        url = reverse("measures:measure_update", kwargs={"pk": measure.pk})
        assert client.post(url, {"title": "Kapad"}).status_code == 404
        measure.refresh_from_db()
        assert measure.title == "Polisens insats"

    def test_police_cannot_edit_another_organisations_measure(self, role_users):
        other = OrganisationFactory(name="Tekniska förvaltningen")
        measure = MeasureFactory(owner=other, title="Belysning i parken")
        client = _client(role_users["polis"])
        for name in ("measures:measure_update", "measures:follow_up_create"):
            url = reverse(name, kwargs={"pk": measure.pk})
            assert client.get(url).status_code in (403, 404), name
            assert client.post(url, {"title": "Ändrad", "done": "x"}).status_code in (403, 404)
        measure.refresh_from_db()
        assert measure.title == "Belysning i parken"
        assert measure.follow_ups.count() == 0

    def test_member_reads_but_cannot_edit(self, role_users):
        measure = MeasureFactory(owner=role_users["polis"].organisation, title="Polisens insats")
        client = _client(role_users["ledamot"])
        assert (
            client.get(reverse("measures:measure_detail", kwargs={"pk": measure.pk})).status_code
            == 200
        )
        url = reverse("measures:measure_update", kwargs={"pk": measure.pk})
        assert client.post(url, {"title": "Ändrad"}).status_code == 403
        measure.refresh_from_db()
        assert measure.title == "Polisens insats"


@pytest.mark.django_db
class TestMeetingPackNotReady:
    @pytest.fixture
    def meeting(self):
        meeting = MeetingFactory(title="Rådets möte i mars")
        item = AgendaItemFactory(meeting=meeting, title="Hemlig punkt under beredning")
        from councils.models import AgendaDocument

        document = AgendaDocument(item=item, title="Underlag")
        document.file.save("underlag.pdf", ContentFile(b"%PDF-1.4 utkast"), save=False)
        document.save()
        meeting.document = document
        return meeting

    def _pack_report(self, meeting, user):
        from trygghet.models import Report

        report = Report(
            kind=Report.Kind.MEETING_PACK,
            key=f"meeting-{meeting.pk}",
            meeting=meeting,
            status=Report.Status.DONE,
            created_by=user,
        )
        report.file.save("pack.pdf", ContentFile(b"%PDF-1.4 pack"), save=False)
        report.size = report.file.size
        report.save()
        return report

    def test_member_gets_404_everywhere_until_ready(self, role_users, meeting):
        report = self._pack_report(meeting, role_users["samordnare"])
        member = _client(role_users["ledamot"])
        urls = [
            reverse("reports:meeting_pack", kwargs={"pk": meeting.pk}),
            reverse("reports:meeting_pack_pdf", kwargs={"pk": meeting.pk}),
            reverse("reports:report_detail", kwargs={"pk": report.pk}),
            reverse("reports:report_download", kwargs={"pk": report.pk}),
            reverse("councils:agenda_document", kwargs={"pk": meeting.document.pk}),
        ]
        for url in urls:
            assert member.get(url).status_code == 404, url
        coordinator = _client(role_users["samordnare"])
        assert coordinator.get(urls[0]).status_code == 200

        meeting.pack_published_at = timezone.now()
        meeting.save(update_fields=["pack_published_at"])
        assert member.get(urls[0]).status_code == 200
        assert member.get(urls[3]).status_code == 200
        assert member.get(urls[4]).status_code == 200

    def test_member_does_not_see_the_unready_items_on_the_meeting_page(self, role_users, meeting):
        member = _client(role_users["ledamot"])
        response = member.get(reverse("councils:meeting_detail", kwargs={"pk": meeting.pk}))
        assert response.status_code in (200, 404)
        assert reverse("councils:agenda_document", kwargs={"pk": meeting.document.pk}) not in (
            response.content.decode()
        )
