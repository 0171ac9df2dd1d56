"""Pages of measures as users see them: prefill, board, conflict, public promises, pack."""

import datetime as dt

import pytest
from django.urls import reverse

from lagesbild.models import Area, Category, Incident
from measures.models import Measure
from tests.factories import (
    ActionPlanFactory,
    CitizenPromiseFactory,
    FollowUpFactory,
    MeasureFactory,
    OrganisationFactory,
)


@pytest.fixture
def area(db):
    return Area.objects.create(name="Bäckby", group="Västra", latitude=59.6043, longitude=16.4766)


@pytest.fixture
def category(db):
    return Category.objects.create(name="Skadegörelse")


@pytest.mark.django_db
def test_create_url_from_a_hot_spot_prefills_area_category_and_origin(
    client, role_users, area, category
):
    client.force_login(role_users["samordnare"])
    url = (
        reverse("measures:measure_create") + f"?area={area.pk}&category={category.pk}&from=hotspot"
    )
    response = client.get(url)
    form = response.context["form"]
    assert form.initial["areas"] == [area] and form.initial["categories"] == [category]
    assert (
        "hot spot" in response.text
        or "hot spot" in response.text.lower()
        or "hotspot" in (response.text)
    )
    data = {
        "title": "Närvaro vid Bäckby centrum",
        "type": "narvaro",
        "areas": [area.pk],
        "categories": [category.pk],
        "owner": role_users["polis"].organisation.pk,
        "start_date": "2026-03-02",
        "end_date": "2026-05-31",
        "status": "planerad",
        "progress": "0",
        "origin": "hotspot",
        "version": "1",
    }
    response = client.post(url, data)
    measure = Measure.objects.get()
    assert (
        response.status_code == 302 and response.url == measure.get_absolute_url()
        if hasattr(measure, "get_absolute_url")
        else reverse("measures:measure_detail", args=[measure.pk])
    )
    assert measure.origin == "hotspot" and list(measure.areas.all()) == [area]


@pytest.mark.django_db
def test_bad_input_keeps_what_was_typed(client, role_users):
    client.force_login(role_users["samordnare"])
    response = client.post(
        reverse("measures:measure_create"),
        {
            "title": "Belysning i Vasaparken",
            "type": "belysning",
            "owner": role_users["samordnare"].organisation.pk,
            "start_date": "2026-05-01",
            "end_date": "2026-04-01",
            "status": "planerad",
            "progress": "150",
        },
    )
    assert response.status_code == 200
    assert "Belysning i Vasaparken" in response.text
    errors = response.context["form"].errors
    assert "progress" in errors and "end_date" in errors


@pytest.mark.django_db
def test_police_cannot_pick_another_owner(client, role_users):
    polis = role_users["polis"]
    client.force_login(polis)
    response = client.post(
        reverse("measures:measure_create"),
        {
            "title": "Polisens insats",
            "type": "narvaro",
            "owner": role_users["rapportor"].organisation.pk,
            "start_date": "2026-05-01",
            "status": "planerad",
            "progress": "0",
        },
    )
    assert response.status_code == 302
    assert Measure.objects.get().owner == polis.organisation


@pytest.mark.django_db
def test_concurrent_edit_through_the_form_shows_a_clear_message(client, role_users):
    measure = MeasureFactory(owner=role_users["polis"].organisation, title="Original")
    client.force_login(role_users["samordnare"])
    stale = {
        "title": "Min ändring",
        "type": measure.type,
        "owner": measure.owner.pk,
        "start_date": "2026-01-05",
        "status": "pagaende",
        "progress": "10",
        "version": "1",
    }
    Measure.objects.filter(pk=measure.pk).update(version=2)  # someone saved meanwhile
    response = client.post(reverse("measures:measure_update", args=[measure.pk]), stale)
    assert response.status_code == 200
    assert "while you were editing" in response.text or "medan du" in response.text
    assert "Min ändring" in response.text  # nothing typed is lost
    measure.refresh_from_db()
    assert measure.title == "Original"


@pytest.mark.django_db
def test_police_edit_their_own_but_not_others_measures(client, role_users):
    polis = role_users["polis"]
    own = MeasureFactory(owner=polis.organisation)
    other = MeasureFactory(owner=role_users["rapportor"].organisation)
    client.force_login(polis)
    assert client.get(reverse("measures:measure_update", args=[own.pk])).status_code == 200
    assert client.get(reverse("measures:measure_update", args=[other.pk])).status_code == 403
    assert client.get(reverse("measures:follow_up_create", args=[other.pk])).status_code == 403
    client.force_login(role_users["rapportor"])
    assert client.get(reverse("measures:measure_update", args=[other.pk])).status_code == 200
    assert client.get(reverse("measures:measure_detail", args=[own.pk])).status_code == 404
    board = client.get(reverse("measures:board"))
    assert [m.pk for m in board.context["object_list"]] == [other.pk]


@pytest.mark.django_db
def test_board_filters_and_flags_measures_ended_without_follow_up(client, role_users):
    today = dt.date.today()
    ended = MeasureFactory(
        title="Slut utan uppföljning",
        end_date=today - dt.timedelta(days=3),
        start_date=today - dt.timedelta(days=60),
    )
    ok = MeasureFactory(
        title="Uppföljd",
        end_date=today - dt.timedelta(days=3),
        start_date=today - dt.timedelta(days=60),
    )
    FollowUpFactory(measure=ok, date=today)
    MeasureFactory(title="Planerad", status=Measure.Status.PLANNED, end_date=None, start_date=today)
    client.force_login(role_users["samordnare"])
    response = client.get(reverse("measures:board"))
    rows = list(response.context["object_list"])
    assert rows[0] == ended and rows[0].ended_unfollowed
    assert "table-warning" in response.text
    filtered = client.get(reverse("measures:board") + "?status=planerad")
    assert [m.title for m in filtered.context["object_list"]] == ["Planerad"]
    attention = client.get(reverse("measures:board") + "?attention=on")
    assert [m.title for m in attention.context["object_list"]] == ["Slut utan uppföljning"]


@pytest.mark.django_db
def test_dashboard_panel_flags_overdue_follow_ups_for_the_coordinator(client, role_users):
    MeasureFactory(title="Försenad insats", next_follow_up_due=dt.date(2020, 1, 1), end_date=None)
    client.force_login(role_users["samordnare"])
    response = client.get(reverse("dashboard"))
    assert "Försenad insats" in response.text
    client.force_login(role_users["ledamot"])
    assert "Försenad insats" not in client.get(reverse("dashboard")).text


@pytest.mark.django_db
def test_public_promises_page_anonymous_without_incident_data(client, area, category):
    org = OrganisationFactory(name="Lokalpolisområde Västerås")
    promise = CitizenPromiseFactory(
        title="Tillsammans mot rån bland unga",
        valid_from=dt.date(2020, 11, 18),
        valid_to=dt.date(2021, 3, 31),
        actions="Trygghetsvandringar med unga\nInformation",
    )
    promise.reports.create(date=dt.date(2021, 4, 20), text="Återrapport: vandringar genomförda.")
    promise.reports.create(date=dt.date(2021, 4, 21), text="Internt utkast", is_public=False)
    CitizenPromiseFactory(title="Opublicerat löfte", is_published=False)
    Incident.objects.create(
        category=category,
        area=area,
        occurred_on=dt.date(2021, 1, 10),
        organisation=org,
        assessment="HEMLIG BEDÖMNING",
    )
    response = client.get(reverse("measures:promises"))
    assert response.status_code == 200
    text = response.text
    assert "Tillsammans mot rån bland unga" in text and "Trygghetsvandringar med unga" in text
    assert "vandringar genomförda" in text
    assert "Internt utkast" not in text and "Opublicerat" not in text
    assert "HEMLIG" not in text and "Bäckby" not in text


@pytest.mark.django_db
def test_action_plan_groups_by_problem_with_responsible_party(client, role_users):
    city = role_users["samordnare"].organisation
    police = role_users["polis"].organisation
    plan = ActionPlanFactory(title="Åtgärdsplan 2026")
    client.force_login(role_users["samordnare"])
    a = MeasureFactory(title="Belysning Vasaparken", owner=city)
    b = MeasureFactory(title="Närvaro Bäckby", owner=police)
    form = {
        "title": "Åtgärdsplan 2026",
        "year": "2026",
        "valid_from": "2026-01-01",
        "valid_to": "2026-12-31",
        "entries-TOTAL_FORMS": "3",
        "entries-INITIAL_FORMS": "0",
        "entries-MIN_NUM_FORMS": "0",
        "entries-MAX_NUM_FORMS": "1000",
        "entries-0-measure": a.pk,
        "entries-0-heading": "Otrygga platser i centrum",
        "entries-0-priority": "2",
        "entries-0-responsible": "",
        "entries-1-measure": b.pk,
        "entries-1-heading": "Våld i västra stadsdelarna",
        "entries-1-priority": "1",
        "entries-1-responsible": city.pk,
        "entries-2-priority": "1",  # an untouched extra row, as the browser posts it
    }
    response = client.post(reverse("measures:plan_update", args=[plan.pk]), form)
    assert response.status_code == 302, response.context and response.context["formset"].errors
    groups = client.get(reverse("measures:plan_detail", args=[plan.pk])).context["groups"]
    assert [h for h, _ in groups] == ["Våld i västra stadsdelarna", "Otrygga platser i centrum"]
    assert groups[0][1][0].responsible == city and groups[1][1][0].responsible == city


@pytest.mark.django_db
def test_meeting_pack_section_counts_statuses_and_lists_recent_follow_ups(role_users):
    from django.utils import timezone

    from trygghet.reports.sections import Period
    from trygghet.reports.sections.measures import meeting_pack_section

    # A council's first meeting, tomorrow: the period has no start (90 days back).
    period = Period(None, timezone.localdate() + dt.timedelta(days=1))
    MeasureFactory(status=Measure.Status.PLANNED)
    done = MeasureFactory(status=Measure.Status.DONE, title="Klottersanering Råby")
    FollowUpFactory(measure=done, date=timezone.localdate(), done="Sanerat inom ett dygn")
    FollowUpFactory(measure=done, date=timezone.localdate() - dt.timedelta(days=400), done="Gammal")
    section = meeting_pack_section(period, user=role_users["ledamot"])
    counts = {value: n for value, _label, n in section.context["counts"]}
    assert counts["planerad"] == 1 and counts["avslutad"] == 1 and counts["pagaende"] == 0
    from django.template.loader import render_to_string

    html = render_to_string(section.template, section.context)
    assert "Klottersanering Råby" in html and "Sanerat inom ett dygn" in html
    assert "Gammal" not in html


@pytest.mark.django_db
def test_create_from_a_problembild_brings_its_areas_and_categories(
    client, role_users, area, category
):
    from lagesbild.models import AnnualPicture, Problem

    picture = AnnualPicture.objects.create(year=2026)
    problem = Problem.objects.create(
        annual_picture=picture, rank=1, title="Skadegörelse i västra", description="Klotter"
    )
    problem.areas.set([area])
    problem.categories.set([category])
    client.force_login(role_users["samordnare"])
    response = client.get(reverse("measures:measure_create") + f"?problem={problem.pk}&from=trend")
    initial = response.context["form"].initial
    assert initial["problems"] == [problem]
    assert initial["areas"] == [area] and initial["categories"] == [category]
    # A plan groups its actions under the problembild, ranked.
    measure = MeasureFactory(title="Klottersanering", owner=role_users["samordnare"].organisation)
    measure.problems.set([problem])
    plan = ActionPlanFactory()
    from measures import selectors, services

    services.action_plan_entry_add(plan=plan, measure=measure, heading="")
    entry = plan.entries.get()
    entry.problem = problem
    entry.save()
    entry.refresh_from_db()
    assert entry.problem_id == problem.pk, entry.problem_id
    assert [label for label, _ in selectors.action_plan_groups(plan)] == [
        "1. Skadegörelse i västra"
    ]
    board = client.get(reverse("measures:board") + f"?problems={problem.pk}")
    assert [m.title for m in board.context["object_list"]] == ["Klottersanering"]
