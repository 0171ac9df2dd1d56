"""Reminders: after the configurable deadline, one e-mail per organisation and week to
the reporters of organisations that have not reported; logged; opt-out per user. The
mail goes over real SMTP to an aiosmtpd sink."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from core.isoweek import STOCKHOLM, Week
from lagesbild.models import ReportingReminder
from lagesbild.services import no_incidents_confirm, reporting_deadline, reporting_remind
from lagesbild.tasks import remind_reporting
from tests.factories import IncidentFactory, OrganisationFactory

pytestmark = pytest.mark.django_db

WEEK = Week(2023, 7)  # 13–19 February; due Monday 20 February 09:00 by default
BEFORE = dt.datetime(2023, 2, 20, 8, 59, tzinfo=STOCKHOLM)
AFTER = dt.datetime(2023, 2, 20, 9, 5, tzinfo=STOCKHOLM)


@pytest.fixture
def world(role_users, make_user):
    police = role_users["polis"].organisation
    mimer = role_users["rapportor"].organisation
    security = OrganisationFactory(name="Bevakningen AB", kind="bevakning")
    for org in (police, mimer, security):
        org.is_reporting = True
        org.save()
    IncidentFactory(organisation=police, occurred_on=dt.date(2023, 2, 14))
    guard = make_user("rapportor", organisation=security, email="vakt@bevakningen.example")
    opted_out = make_user("rapportor", organisation=security, email="nej@bevakningen.example")
    opted_out.reporting_reminders = False
    opted_out.save()
    no_email = make_user("rapportor", organisation=security, email="")
    member = make_user("ledamot", organisation=security, email="ledamot@bevakningen.example")
    return {
        "mimer": mimer,
        "security": security,
        "guard": guard,
        "opted_out": opted_out,
        "no_email": no_email,
        "member": member,
    }


def test_the_deadline_is_configurable(settings):
    assert reporting_deadline(WEEK) == dt.datetime(2023, 2, 20, 9, 0, tzinfo=STOCKHOLM)
    settings.REPORTING_DEADLINE = (2, dt.time(12, 30))
    assert reporting_deadline(WEEK) == dt.datetime(2023, 2, 21, 12, 30, tzinfo=STOCKHOLM)


def test_nothing_is_sent_before_the_deadline(world, smtp_sink):
    assert reporting_remind(now=BEFORE) == 0
    assert smtp_sink.messages == [] and not ReportingReminder.objects.exists()


def test_reporters_of_organisations_that_have_not_reported_get_one_reminder(
    world, role_users, smtp_sink
):
    with time_machine.travel(AFTER, tick=False):
        no_incidents_confirm(user=role_users["rapportor"], week=WEEK)  # Mimer: none
        assert remind_reporting.delay().get() == 1
    # Only the security company had not reported; only its reporters who want it.
    assert len(smtp_sink.messages) == 1
    sender, recipients, message = smtp_sink.messages[0]
    assert sender == "noreply@localhost"
    assert recipients == ["vakt@bevakningen.example"]
    assert "Bevakningen AB" in message["Subject"] and "vecka 7" in message["Subject"]
    body = message.get_content()
    assert "/handelser/ny/" in body
    reminder = ReportingReminder.objects.get()
    assert (reminder.organisation, reminder.iso_week, reminder.recipients) == (
        world["security"],
        7,
        1,
    )
    # The next hourly runs send nothing more for the week.
    assert reporting_remind(now=AFTER + dt.timedelta(hours=1)) == 0
    assert reporting_remind(now=AFTER + dt.timedelta(days=2)) == 0
    assert len(smtp_sink.messages) == 1


def test_a_later_deadline_waits(world, settings, smtp_sink):
    settings.REPORTING_DEADLINE = (2, dt.time(12, 0))  # Tuesday 12:00
    assert reporting_remind(now=AFTER) == 0
    assert reporting_remind(now=dt.datetime(2023, 2, 21, 12, 1, tzinfo=STOCKHOLM)) == 2
    # Mimer's reporter (role_users) and the security company's guard.
    assert sorted(r for _s, rs, _m in smtp_sink.messages for r in rs) == sorted(
        ["vakt@bevakningen.example", f"{world['mimer'].users.get().username}@example.org"]
    )


def test_a_user_turns_the_reminders_off_on_their_own_settings_page(client, world):
    guard = world["guard"]
    client.force_login(guard)
    page = client.get(reverse("councils:profile")).content.decode()
    before, after = page.split('name="reporting_reminders"', 1)
    checkbox = before.rsplit("<input", 1)[1] + after.split(">", 1)[0]
    assert "checked" in checkbox
    response = client.post(
        reverse("councils:profile"),
        {"first_name": "", "last_name": "", "email": guard.email, "preferred_language": ""},
    )
    assert response.status_code == 302
    guard.refresh_from_db()
    assert guard.reporting_reminders is False
