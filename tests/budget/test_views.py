"""Budget pages per role, the coordinators' forms, the XLSX export and the pack section."""

import datetime
import io
from decimal import Decimal

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from openpyxl import load_workbook

from budget import services
from budget.models import Allocation, Expenditure, Forecast
from tests.factories import AllocationFactory, CommitteeFactory

from .conftest import text


def get(client, user, name, **kwargs):
    client.force_login(user)
    return client.get(reverse(name, kwargs=kwargs))


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["samordnare", "ledamot", "polis"])
def test_readers_see_the_overview_with_totals_per_committee(client, role_users, package_2023, role):
    response = get(client, role_users[role], "budget:package_detail", pk=package_2023.pk)
    html = text(response.content.decode())
    assert response.status_code == 200
    assert "Västeråsmajoritetens trygghetspaket 2023" in html
    assert "Nämnden för idrott, fritid och förebyggande" in html
    assert "7 500 000 kr" in html and "15 000 000 kr" in html
    assert "Staffan Jansson (S)</strong>, kommunstyrelsens ordförande" in html
    assert "Västerås, februari 2023" in html
    assert html.count("<svg") == 2
    # Only coordinators are offered the forms.
    assert ("Ny fördelning" in html) is (role == "samordnare")


@pytest.mark.django_db
def test_reporters_get_no_budget_page_and_no_nav_item(client, role_users, package_2023):
    response = get(client, role_users["rapportor"], "budget:package_detail", pk=package_2023.pk)
    assert response.status_code == 403
    dashboard = client.get(reverse("dashboard")).content.decode()
    assert reverse("budget:package_list") not in dashboard


@pytest.mark.django_db
def test_start_page_panel_and_nav_for_council_members(client, role_users, package_2023):
    client.force_login(role_users["ledamot"])
    html = text(client.get(reverse("dashboard")).content.decode())
    assert reverse("budget:package_list") in html
    assert "Trygghetspaket" in html and "15 000 000 kr" in html


@pytest.mark.django_db
def test_overspend_is_flagged_on_the_overview_and_committee_page(client, role_users, package_2023):
    allocation = Allocation.objects.get(label="Tekniska nämnden, 2 miljoner kronor")
    services.expenditure_record(
        allocation=allocation, date=datetime.date(2023, 11, 1), amount=Decimal("2100000")
    )
    html = text(
        get(
            client, role_users["ledamot"], "budget:package_detail", pk=package_2023.pk
        ).content.decode()
    )
    assert "Utfall över fördelat belopp" in html
    assert "2 100 000 kr förbrukat av 2 000 000 kr" in html
    # The nämnd's row and the theme's row (Tekniska nämnden is the theme's only allocation).
    assert html.count("Överskriden") == 2
    html = text(
        get(
            client,
            role_users["polis"],
            "budget:committee_detail",
            pk=package_2023.pk,
            committee_pk=allocation.committee_id,
        ).content.decode()
    )
    assert "Överskriden" in html and "Stödja cityarbetet" in html


@pytest.mark.django_db
def test_committee_outside_the_package_is_404(client, role_users, package_2023):
    other = CommitteeFactory(name="Grundskolenämnden")
    response = get(
        client,
        role_users["samordnare"],
        "budget:committee_detail",
        pk=package_2023.pk,
        committee_pk=other.pk,
    )
    assert response.status_code == 404


@pytest.mark.django_db
def test_trail_shows_activities_and_the_place_for_measures(client, role_users, package_2023):
    html = text(
        get(client, role_users["ledamot"], "budget:trail", pk=package_2023.pk).content.decode()
    )
    assert "Resurser för att upptäcka och förhindra välfärdsbrott." in html
    assert "Mål: 250 feriepraktikplatser" in html
    assert html.count('data-trail="measures"') == 17


@pytest.mark.django_db
def test_years_compared_with_the_demo_2024_package_labelled(client, role_users, package_demo):
    html = text(get(client, role_users["ledamot"], "budget:package_list").content.decode())
    assert "Trygghetspaket 2024 (demo)" in html and "Demo" in html
    assert "32 000 000 kr" in html  # all years together
    demo = package_demo.__class__.objects.get(year=2024)
    html = text(
        get(client, role_users["ledamot"], "budget:package_detail", pk=demo.pk).content.decode()
    )
    assert "Demodata." in html


@pytest.mark.django_db
def test_spending_page_monthly_and_cumulative(client, role_users, package_demo):
    html = text(
        get(client, role_users["polis"], "budget:spending", pk=package_demo.pk).content.decode()
    )
    assert "Förbrukat, ackumulerat" in html and "<svg" in html
    assert "Korrigering av posten från" in html
    assert "Korrigera</a>" not in html  # the police read, coordinators correct


@pytest.mark.django_db
def test_coordinator_allocating_past_the_total_gets_a_clear_error_and_keeps_input(
    client, role_users, package_2023
):
    client.force_login(role_users["samordnare"])
    theme = package_2023.themes.first()
    committee = theme.allocations.first().committee
    url = reverse("budget:allocation_create", kwargs={"pk": package_2023.pk})
    response = client.post(
        url,
        {
            "theme": theme.pk,
            "committee": committee.pk,
            "amount": "250000",
            "label": "Extra",
            "activities": "Nattvandring",
        },
    )
    html = text(response.content.decode())
    assert response.status_code == 200
    assert (
        "Fördelningarna skulle överskrida paketets totala belopp 15 000 000 kr med 250 000 kr"
        in html
    )
    assert "Nattvandring" in html  # nothing typed is lost
    assert Allocation.objects.filter(label="Extra").count() == 0


@pytest.mark.django_db
def test_coordinator_adds_allocation_spending_correction_and_forecast(client, role_users):
    allocation = AllocationFactory(amount=Decimal("100000"))
    package = allocation.theme.package
    client.force_login(role_users["samordnare"])
    response = client.post(
        reverse("budget:allocation_create", kwargs={"pk": package.pk}),
        {
            "theme": allocation.theme_id,
            "committee": CommitteeFactory(name="Kulturnämnden").pk,
            "amount": "200 000",
            "activities": "Sommarläger\nPop-up",
        },
    )
    assert response.status_code == 302
    new = Allocation.objects.get(committee__name="Kulturnämnden")
    assert new.amount == Decimal("200000")
    assert list(new.activities.values_list("text", flat=True)) == ["Sommarläger", "Pop-up"]

    client.post(
        reverse("budget:expenditure_create", kwargs={"pk": package.pk}),
        {"allocation": allocation.pk, "date": "2023-09-14", "month_only": "on", "amount": "40000"},
    )
    entry = Expenditure.objects.get()
    assert entry.date == datetime.date(2023, 9, 1) and entry.month_only
    response = client.post(
        reverse("budget:expenditure_correct", kwargs={"pk": entry.pk}),
        {"date": "2023-10-01", "amount": "-50000", "note": "För mycket"},
    )
    assert "högst 40 000 kr kan dras tillbaka" in text(response.content.decode())
    client.post(
        reverse("budget:expenditure_correct", kwargs={"pk": entry.pk}),
        {"date": "2023-10-01", "amount": "-10000", "note": "Felbokning"},
    )
    assert sorted(Expenditure.objects.values_list("amount", flat=True)) == [-10000, 40000]
    client.post(
        reverse("budget:forecast_create", kwargs={"pk": package.pk}),
        {"allocation": allocation.pk, "as_of": "2023-10-01", "amount": "95000"},
    )
    assert Forecast.objects.get().amount == Decimal("95000")


@pytest.mark.django_db
def test_admin_keeps_spending_append_only(admin_client):
    entry = services.expenditure_record(
        allocation=AllocationFactory(), date=datetime.date(2023, 9, 1), amount=Decimal("1000")
    )
    url = reverse("admin:budget_expenditure_change", args=[entry.pk])
    assert admin_client.get(url).status_code == 200  # viewable …
    admin_client.post(url, {"amount": "1", "date": "2023-09-01", "allocation": entry.allocation_id})
    entry.refresh_from_db()
    assert entry.amount == Decimal("1000")  # … but not changeable
    delete = reverse("admin:budget_expenditure_delete", args=[entry.pk])
    assert admin_client.post(delete, {"post": "yes"}).status_code == 403
    assert Expenditure.objects.filter(pk=entry.pk).exists()


@pytest.mark.django_db
def test_xlsx_export_content_and_formula_neutralised(client, role_users, package_2023):
    allocation = Allocation.objects.get(label="Kulturnämnden, 1 miljon kronor")
    services.expenditure_record(
        allocation=allocation,
        date=datetime.date(2023, 10, 2),
        amount=Decimal("12500"),
        note='=HYPERLINK("http://evil")',
    )
    response = get(client, role_users["ledamot"], "budget:export", pk=package_2023.pk)
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('.xlsx"')
    wb = load_workbook(io.BytesIO(response.content))
    assert wb.sheetnames == ["Fördelningar", "Per nämnd", "Utfall"]
    rows = list(wb["Fördelningar"].iter_rows(values_only=True))
    assert rows[0][:3] == ("Tema", "Nämnd", "Fördelat")
    assert len(rows) == 1 + 9
    assert sum(r[2] for r in rows[1:]) == 15_000_000
    per_committee = {r[0]: r[1] for r in wb["Per nämnd"].iter_rows(min_row=2, values_only=True)}
    assert per_committee["Nämnden för idrott, fritid och förebyggande"] == 7_500_000
    assert per_committee["Kulturnämnden"] == 3_000_000
    [spend] = list(wb["Utfall"].iter_rows(min_row=2, values_only=True))
    assert spend[3] == 12500
    assert spend[5] == '\'=HYPERLINK("http://evil")'


@pytest.mark.django_db
def test_meeting_pack_section_shows_the_status_of_the_meetings_year(package_demo):
    from trygghet.reports.sections import Period
    from trygghet.reports.sections.budget import meeting_pack_section

    section = meeting_pack_section(Period(None, datetime.date(2023, 12, 31)), user=None)
    assert section.key == "budget" and section.title == "Trygghetspaket: budgetläge"
    html = text(render_to_string(section.template, section.context))
    assert "Västeråsmajoritetens trygghetspaket 2023" in html
    assert "2024 (demo)" not in html
    assert "Nämnden för idrott, fritid och förebyggande" in html and "7 500 000 kr" in html
    # The demo 2024 package is shown for a 2024 meeting, labelled as demo, with its
    # spending up to the meeting and the overspent allocation.
    period = Period(None, datetime.date(2024, 12, 31))
    html = render_to_string(*_rendered(meeting_pack_section(period, user=None)))
    assert "Trygghetspaket 2024 (demo)" in html and "Demodata" in html
    assert "<svg" in html and "Överskriden" in html
    period = Period(None, datetime.date(2021, 4, 22))
    html = render_to_string(*_rendered(meeting_pack_section(period, user=None)))
    assert "Inget trygghetspaket för det här året." in html


def _rendered(section):
    return section.template, section.context
