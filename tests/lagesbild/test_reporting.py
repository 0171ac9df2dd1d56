"""Reporting status per week: incidents, "inga händelser", "ej rapporterat"; shown on
the week page, the start page and the weekly report; a published week names who had
not reported."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from core.isoweek import STOCKHOLM, Week
from lagesbild import selectors
from lagesbild.models import NoIncidentsConfirmation, WeeklyPicture
from lagesbild.pictures.services import weekly_picture_publish
from lagesbild.services import no_incidents_confirm
from tests.factories import IncidentFactory, OrganisationFactory

pytestmark = pytest.mark.django_db

# Wednesday of week 8, 2023: last week is week 7 (13–19 February).
NOW = dt.datetime(2023, 2, 22, 10, 0, tzinfo=STOCKHOLM)
WEEK = Week(2023, 7)


@pytest.fixture
def orgs(role_users):
    police = role_users["polis"].organisation
    mimer = role_users["rapportor"].organisation
    security = OrganisationFactory(name="Bevakningen AB", kind="bevakning")
    for org in (police, mimer, security):
        org.is_reporting = True
        org.save()
    # Not a reporting organisation: never listed.
    OrganisationFactory(name="Brottsofferjouren", kind="civilsamhalle")
    return {"police": police, "mimer": mimer, "security": security}


def _status(week=WEEK):
    return {
        r["organisation"]: (r["status"], r["incidents"]) for r in selectors.reporting_status(week)
    }


@time_machine.travel(NOW, tick=False)
def test_each_reporting_organisation_is_reported_none_or_missing(orgs, role_users):
    IncidentFactory.create_batch(3, organisation=orgs["police"], occurred_on=dt.date(2023, 2, 14))
    IncidentFactory(organisation=orgs["police"], occurred_on=dt.date(2023, 2, 20))  # next week
    no_incidents_confirm(user=role_users["rapportor"], week=WEEK)
    assert _status() == {
        "Lokalpolisområde Västerås": ("reported", 3),
        "Mimer": ("none", 0),
        "Bevakningen AB": ("missing", 0),
    }


@time_machine.travel(NOW, tick=False)
def test_confirming_is_refused_for_a_week_with_incidents_the_future_or_long_ago(orgs, role_users):
    reporter = role_users["rapportor"]
    IncidentFactory(organisation=orgs["mimer"], occurred_on=dt.date(2023, 2, 14))
    with pytest.raises(ValidationError, match=r"registrerat händelser|registered incidents"):
        no_incidents_confirm(user=reporter, week=WEEK)
    with pytest.raises(ValidationError, match=r"inte börjat|not begun"):
        no_incidents_confirm(user=reporter, week=Week(2023, 9))
    with pytest.raises(ValidationError, match=r"senaste 8 veckorna|last 8 weeks"):
        no_incidents_confirm(user=reporter, week=Week(2022, 50))
    # Twice is harmless: one row.
    no_incidents_confirm(user=reporter, week=Week(2023, 6))
    no_incidents_confirm(user=reporter, week=Week(2023, 6))
    assert NoIncidentsConfirmation.objects.filter(organisation=orgs["mimer"]).count() == 1


@time_machine.travel(NOW, tick=False)
def test_the_entry_page_offers_no_incidents_and_the_button_records_it(client, orgs, role_users):
    client.force_login(role_users["rapportor"])
    page = client.get(reverse("lagesbild:incident_entry")).content.decode()
    assert 'data-week="2023-W07" data-week-status="missing"' in page
    response = client.post(reverse("lagesbild:no_incidents"), {"week": "2023-W07"}, follow=True)
    assert "utan händelser" in response.content.decode() or "without incidents" in (
        response.content.decode()
    )
    confirmation = NoIncidentsConfirmation.objects.get()
    assert (confirmation.organisation, confirmation.week) == (orgs["mimer"], WEEK)
    assert confirmation.confirmed_by == role_users["rapportor"]
    page = client.get(reverse("lagesbild:incident_entry")).content.decode()
    assert 'data-week="2023-W07" data-week-status="none"' in page
    # A week that is not a week is a bad request, not "everything".
    assert client.post(reverse("lagesbild:no_incidents"), {"week": "x"}).status_code == 400


@time_machine.travel(NOW, tick=False)
def test_publishing_records_who_had_not_reported_and_the_pages_say_so(client, orgs, role_users):
    IncidentFactory(organisation=orgs["police"], occurred_on=dt.date(2023, 2, 14))
    no_incidents_confirm(user=role_users["rapportor"], week=WEEK)
    weekly_picture_publish(week=WEEK, user=role_users["samordnare"])
    picture = WeeklyPicture.objects.get()
    assert {r["organisation"]: r["status"] for r in picture.reporting} == {
        "Lokalpolisområde Västerås": "reported",
        "Mimer": "none",
        "Bevakningen AB": "missing",
    }
    # A late report does not change what the published week says.
    IncidentFactory(organisation=orgs["security"], occurred_on=dt.date(2023, 2, 15))

    client.force_login(role_users["samordnare"])
    page = client.get(reverse("lagesbild:weekly", kwargs={"week": WEEK})).content.decode()
    note = page.split("data-reporting-note", 1)[1].split("</div>", 1)[0]
    assert "Bevakningen AB" in note and "Mimer" in note  # missing, and "none" named
    assert note.index("data-not-reported") < note.index("Bevakningen AB")
    # The live table: the late report counts now.
    assert page.count('data-org-status="reported"') == 2
    # Members see the note on the aggregate page too (names only, no counts).
    client.force_login(role_users["ledamot"])
    page = client.get(reverse("lagesbild:weekly", kwargs={"week": WEEK})).content.decode()
    assert "data-not-reported" in page and "Bevakningen AB" in page
    assert 'data-org-status="reported"' not in page


@time_machine.travel(NOW, tick=False)
def test_the_start_page_shows_last_weeks_reporting_to_coordinators_only(client, orgs, role_users):
    IncidentFactory(organisation=orgs["police"], occurred_on=dt.date(2023, 2, 14))
    client.force_login(role_users["samordnare"])
    page = client.get(reverse("dashboard")).content.decode()
    panel = page.split('data-testid="reporting-panel"', 1)[1].split("</div></div></div>", 1)[0]
    assert "1 av 3" in panel or "1 of 3" in panel
    assert panel.count('data-org-status="missing"') == 2
    client.force_login(role_users["ledamot"])
    assert 'data-testid="reporting-panel"' not in client.get(reverse("dashboard")).content.decode()


@time_machine.travel(NOW, tick=False)
def test_the_weekly_report_has_the_reporting_section(orgs, role_users):
    from django.template.loader import render_to_string

    from trygghet.reports.exporters.weekly import TEMPLATE, weekly_context

    IncidentFactory(organisation=orgs["police"], occurred_on=dt.date(2023, 2, 14))
    weekly_picture_publish(week=WEEK, user=role_users["samordnare"])
    context = weekly_context(WEEK)
    assert [r["status"] for r in context["reporting"]] == ["missing", "reported", "missing"]
    assert context["reporting_note"]["missing"] == ["Bevakningen AB", "Mimer"]
    html = render_to_string(TEMPLATE, context)
    section = html.split('id="reporting"', 1)[1].split("</section>", 1)[0]
    assert "Bevakningen AB" in section and section.count('data-org-status="missing"') == 2
