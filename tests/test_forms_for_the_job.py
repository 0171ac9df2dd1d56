"""Forms made for the job: messages next to the field in Swedish, grouped and searchable
choices, real date inputs, rows that grow, attendance, follow-ups within the measure."""

import datetime as dt
import re

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from councils.models import Attendance, Meeting
from tests.factories import (
    ActionPlanFactory,
    AreaFactory,
    CategoryFactory,
    MeasureFactory,
    MeetingFactory,
    MembershipFactory,
)

pytestmark = pytest.mark.django_db


def _html(response) -> str:
    return response.content.decode()


def test_a_meeting_that_ends_before_it_starts_is_told_so_next_to_the_end(client, role_users):
    meeting = MeetingFactory()
    client.force_login(role_users["samordnare"])
    start = timezone.localtime(meeting.starts_at)
    response = client.post(
        reverse("councils:meeting_update", args=[meeting.pk]),
        {
            "council": meeting.council_id,
            "title": meeting.title,
            "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
            "ends_at": (start - dt.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
            "status": Meeting.Status.PLANNED,
        },
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["ends_at"] == ["Sammanträdet måste sluta efter att det har börjat."]
    assert "meeting_ends_after_start" not in _html(response)
    assert not form.non_field_errors()


def test_every_constraint_has_a_message_a_user_understands():
    from django.apps import apps

    local = ("councils", "lagesbild", "measures", "budget", "trygghet")
    for model in apps.get_models():
        if model._meta.app_label not in local:
            continue
        for constraint in model._meta.constraints:
            if constraint.name == "agreement_no_overlap_same_parties":
                continue  # checked in CooperationAgreement.clean(), which names the other
            message = str(constraint.violation_error_message or "")
            default = str(getattr(constraint, "default_violation_error_message", ""))
            assert message and message != default, (model.__name__, constraint.name)
            assert constraint.name not in message


def test_an_invalid_report_week_says_how_to_write_one(client, role_users):
    client.force_login(role_users["samordnare"])
    response = client.post(
        reverse("reports:report_start"), {"kind": "weekly", "period": "v7", "format": "pdf"}
    )
    assert response.status_code == 400
    errors = response.context["form"].errors["period"]
    assert errors == ["”v7” är ingen vecka. Ange år och veckonummer som 2023-W07."]


def test_a_finished_report_is_not_called_queued(client, role_users, settings):
    from trygghet.models import Report

    settings.CELERY_TASK_ALWAYS_EAGER = True
    client.force_login(role_users["samordnare"])
    response = client.post(
        reverse("reports:report_start"),
        {"kind": "annual", "period": "2023", "format": "html"},
        follow=True,
    )
    report = Report.objects.get()
    shown = [str(m) for m in response.context["messages"]]
    if report.status == Report.Status.DONE:
        assert shown == ["Rapporten är klar."]
    else:  # a worker picks it up later
        assert shown == ["Rapporten står i kö."]


def test_choices_are_grouped_sorted_and_searchable(client, role_users):
    vandalism = CategoryFactory(name="Skadegörelse", parent=None)
    CategoryFactory(name="Klotter", parent=vandalism)
    CategoryFactory(name="Brand", parent=vandalism)
    AreaFactory(name="Råby", group="västra stadsdelarna")
    AreaFactory(name="Bäckby", group="västra stadsdelarna")
    AreaFactory(name="Centrum", group="centrum")
    client.force_login(role_users["samordnare"])
    html = _html(client.get(reverse("measures:measure_create")))
    categories = html[html.index('name="categories"') :]
    categories = categories[: categories.index("</select>")]
    assert '<optgroup label="Skadegörelse">' in categories
    labels = re.findall(r">([^<>]+)</option>", categories)
    assert labels[:3] == ["Skadegörelse (hela kategorin)", "Brand", "Klotter"]
    areas = html[html.index('name="areas"') :]
    areas = areas[: areas.index("</select>")]
    assert areas.index('label="centrum"') < areas.index('label="västra stadsdelarna"')
    assert areas.index(">Bäckby<") < areas.index(">Råby<")
    # No Django dashes; the multi-selects become searchable (tom-select, vendored).
    assert "---------" not in html and ">Välj …<" in html
    assert "vendor/tom-select/tom-select.complete.min.js" in html


def test_the_incident_list_filters_by_date_and_area_group(client, role_users):
    AreaFactory(name="Råby", group="västra stadsdelarna")
    client.force_login(role_users["samordnare"])
    html = _html(client.get(reverse("lagesbild:incident_list")))
    assert re.search(r'<input type="date" name="date_from"', html)
    group = html[html.index('name="area_group"') :]
    assert group.startswith('name="area_group"') and "<option" in group[: group.index("</select>")]
    assert ">Alla<" in group[: group.index("</select>")]
    assert 'class="btn btn-primary" type="submit">Visa<' in html


def test_the_action_plan_offers_a_row_to_add(client, role_users):
    plan = ActionPlanFactory()
    client.force_login(role_users["samordnare"])
    html = _html(client.get(reverse("measures:plan_update", args=[plan.pk])))
    assert "data-formset-add" in html and ">Lägg till en rad<" in html
    assert "<template data-formset-empty><tr>" in html.replace("\n", "")
    assert 'name="entries-__prefix__-measure"' in html
    assert 'name="entries-TOTAL_FORMS" value="1"' in html


def test_attendance_is_recorded_on_the_meeting_page(client, role_users):
    meeting = MeetingFactory(starts_at=timezone.now() - dt.timedelta(days=2))
    present = MembershipFactory(seat__council=meeting.council, valid_from=dt.date(2020, 1, 1))
    away = MembershipFactory(seat__council=meeting.council, valid_from=dt.date(2020, 1, 1))
    client.force_login(role_users["samordnare"])
    page = _html(client.get(reverse("councils:meeting_detail", args=[meeting.pk])))
    assert f'name="present_{present.person_id}"' in page and "Spara närvaron" in page
    response = client.post(
        reverse("councils:meeting_attendance", args=[meeting.pk]),
        {f"present_{present.person_id}": "on", f"note_{away.person_id}": "Ersättare kom"},
    )
    assert response.status_code == 302
    recorded = {a.person_id: (a.present, a.note) for a in Attendance.objects.all()}
    assert recorded == {present.person_id: (True, ""), away.person_id: (False, "Ersättare kom")}
    # A member reads who was there.
    client.force_login(role_users["ledamot"])
    page = _html(client.get(reverse("councils:meeting_detail", args=[meeting.pk])))
    assert f"{away.person} – frånvarande (Ersättare kom)" in page
    assert "Spara närvaron" not in page


@time_machine.travel(dt.datetime(2026, 3, 16, 9, tzinfo=dt.UTC))
def test_the_next_follow_up_is_not_proposed_after_the_measure_ends(client, role_users):
    owner = role_users["samordnare"].organisation
    ending = MeasureFactory(owner=owner, end_date=dt.date(2026, 3, 29))
    long = MeasureFactory(owner=owner, end_date=dt.date(2026, 12, 31))
    ended = MeasureFactory(owner=owner, end_date=dt.date(2026, 3, 1))
    client.force_login(role_users["samordnare"])

    def proposed(measure):
        form = client.get(reverse("measures:follow_up_create", args=[measure.pk])).context["form"]
        return form.initial["next_due"]

    assert proposed(ending) == dt.date(2026, 3, 29)
    assert proposed(long) == dt.date(2026, 4, 13)
    assert proposed(ended) is None
