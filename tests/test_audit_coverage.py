"""Every change the issue names, and every export path, leaves an AuditEvent.

Changes go through the pages and the API (so the actor comes from the request, as in
use); deletions, which only admins make, through the model.
"""

import datetime as dt
from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.urls import reverse
from rest_framework.test import APIClient

from budget.models import Allocation, Expenditure
from core.isoweek import Week
from councils.models import CooperationAgreement
from lagesbild.models import Incident, WeeklyPicture
from lagesbild.pictures.services import weekly_picture_publish
from measures.models import Measure
from tests.factories import (
    AllocationFactory,
    AreaFactory,
    CategoryFactory,
    CooperationAgreementFactory,
    IncidentFactory,
    MeasureFactory,
    MeetingFactory,
    OrganisationFactory,
)
from trygghet.models import AuditEvent

A = AuditEvent.Action


def events(model, pk):
    ct = ContentType.objects.get_for_model(model)
    return list(
        AuditEvent.objects.filter(content_type=ct, object_id=str(pk))
        .order_by("at", "pk")
        .values_list("action", "actor_name")
    )


def _client(user):
    client = APIClient()
    client.force_login(user)
    return client


@pytest.mark.django_db
def test_incident_created_changed_deleted_via_api(role_users):
    polis = role_users["polis"]
    client = _client(polis)
    area, category = AreaFactory(), CategoryFactory()
    response = client.post(
        reverse("incident-list"),
        {"category": category.pk, "area": area.pk, "occurred_on": "2023-02-15", "count": 1},
        format="json",
    )
    assert response.status_code == 201, response.content
    pk = response.json()["id"]
    response = client.patch(
        reverse("incident-detail", kwargs={"pk": pk}), {"count": 3}, format="json"
    )
    assert response.status_code == 200, response.content
    Incident.objects.get(pk=pk).delete()
    assert events(Incident, pk) == [
        (A.CREATED, polis.username),
        (A.CHANGED, polis.username),
        (A.DELETED, ""),
    ]


@pytest.mark.django_db
def test_measure_changed_via_the_edit_page(role_users):
    polis = role_users["polis"]
    measure = MeasureFactory(owner=polis.organisation, title="Närvaro i centrum")
    client = _client(polis)
    url = reverse("measures:measure_update", kwargs={"pk": measure.pk})
    form = client.get(url).context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None and not isinstance(v, list)}
    data.update(
        title="Närvaro i centrum, kvällar",
        start_date="2026-01-05",
        end_date="2026-03-29",
        version=measure.version,
    )
    for name, value in form.initial.items():
        if isinstance(value, list):
            data[name] = [getattr(v, "pk", v) for v in value]
    response = client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    pk = measure.pk
    measure.delete()
    got = events(Measure, pk)
    assert (A.CHANGED, polis.username) in got
    assert got[-1][0] == A.DELETED


@pytest.mark.django_db
def test_allocation_and_spending_are_audited(role_users):
    coordinator = role_users["samordnare"]
    allocation = AllocationFactory(amount=Decimal("100000"))
    package = allocation.theme.package
    client = _client(coordinator)
    url = reverse(
        "budget:allocation_update", kwargs={"pk": package.pk, "allocation_pk": allocation.pk}
    )
    response = client.post(url, {"amount": "120 000", "label": "", "version": 1})
    assert response.status_code == 302
    response = client.post(
        reverse("budget:expenditure_create", kwargs={"pk": package.pk}),
        {"allocation": allocation.pk, "date": "2023-09-15", "amount": "25 000", "note": "Vakter"},
    )
    assert response.status_code == 302
    entry = Expenditure.objects.get(allocation=allocation)
    assert events(Allocation, allocation.pk)[-1] == (A.CHANGED, coordinator.username)
    assert events(Expenditure, entry.pk) == [(A.CREATED, coordinator.username)]


@pytest.mark.django_db
def test_agreement_created_changed_deleted():
    agreement = CooperationAgreementFactory(
        parties=[OrganisationFactory(name="Västerås stad"), OrganisationFactory(name="Polisen")]
    )
    agreement.terminated_on = dt.date(2022, 12, 31)
    agreement.save()
    pk = agreement.pk
    agreement.delete()
    assert [action for action, _ in events(CooperationAgreement, pk)] == [
        A.CREATED,
        A.CHANGED,
        A.CHANGED,
        A.DELETED,
    ]


@pytest.mark.django_db
def test_publishing_a_weekly_picture_is_audited(role_users):
    coordinator = role_users["samordnare"]
    picture = weekly_picture_publish(week=Week(2023, 7), user=coordinator)
    assert events(WeeklyPicture, picture.pk)[0][0] == A.CREATED
    assert events(WeeklyPicture, picture.pk)[-1] == (A.CHANGED, coordinator.username)
    response = _client(coordinator).post(
        reverse("lagesbild:weekly_publish", kwargs={"week": "2023-W07"})
    )
    assert response.status_code == 302
    assert len(events(WeeklyPicture, picture.pk)) == 3
    assert events(WeeklyPicture, picture.pk)[-1] == (A.CHANGED, coordinator.username)


def _exports(user):
    return AuditEvent.objects.filter(action=A.EXPORTED, actor=user)


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["csv", "xlsx", "geojson"])
def test_incident_exports_are_recorded(role_users, fmt):
    polis = role_users["polis"]
    IncidentFactory(organisation=polis.organisation, latitude=59.6, longitude=16.5)
    IncidentFactory(organisation=polis.organisation, occurred_on=dt.date(2023, 3, 1))
    url = reverse("lagesbild:incident_export", kwargs={"fmt": fmt})
    response = _client(polis).get(url + "?week=2023-W07")
    assert response.status_code == 200
    event = _exports(polis).get()
    assert event.detail["what"] == "incidents"
    assert event.detail["format"] == fmt
    assert event.detail["filters"] == {"week": "2023-W07"}
    assert event.detail["rows"] == 1


@pytest.mark.django_db
def test_budget_export_is_recorded(role_users):
    allocation = AllocationFactory()
    member = role_users["ledamot"]
    url = reverse("budget:export", kwargs={"pk": allocation.theme.package.pk})
    assert _client(member).get(url).status_code == 200
    event = _exports(member).get()
    assert (event.detail["what"], event.detail["format"], event.detail["rows"]) == (
        "budget",
        "xlsx",
        1,
    )


@pytest.mark.django_db
def test_meeting_pack_pdf_and_report_downloads_are_recorded(role_users):
    from trygghet.models import Report

    coordinator = role_users["samordnare"]
    meeting = MeetingFactory()
    client = _client(coordinator)
    response = client.get(reverse("reports:meeting_pack_pdf", kwargs={"pk": meeting.pk}))
    assert response.status_code == 200
    assert _exports(coordinator).get().detail["what"] == "report:meeting_pack"

    report = Report(kind=Report.Kind.WEEKLY, key="2023-W07", status=Report.Status.DONE)
    report.file.save("vecka.pdf", ContentFile(b"%PDF-1.4"), save=False)
    report.size = 8
    report.save()
    response = client.get(reverse("reports:report_download", kwargs={"pk": report.pk}))
    assert response.status_code == 200
    assert _exports(coordinator).filter(detail__what="report:weekly").count() == 1
