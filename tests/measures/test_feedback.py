"""Feedback to reporters: the published week with the organisation's own contribution
marked beside the gated totals, and the actions the EST meeting gave it."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from core.isoweek import STOCKHOLM, Week
from lagesbild.models import WeeklyPicture
from lagesbild.pictures.services import weekly_picture_publish
from measures.est.services import est_action_add, est_meeting_create
from measures.models import EstMeeting
from tests.factories import CategoryFactory, IncidentFactory

NOW = dt.datetime(2023, 2, 22, 10, 0, tzinfo=STOCKHOLM)
WEEK = Week(2023, 7)


@pytest.mark.django_db
@time_machine.travel(NOW, tick=False)
def test_the_reporter_sees_its_own_contribution_and_its_actions(client, role_users):
    mimer = role_users["rapportor"].organisation
    police = role_users["polis"].organisation
    mimer.is_reporting = police.is_reporting = True
    mimer.save()
    police.save()
    vandalism = CategoryFactory(name="Skadegörelse")
    gathering = CategoryFactory(name="Samling")
    IncidentFactory.create_batch(
        2, organisation=mimer, category=vandalism, occurred_on=dt.date(2023, 2, 14)
    )
    IncidentFactory.create_batch(
        6, organisation=police, category=vandalism, occurred_on=dt.date(2023, 2, 15)
    )
    IncidentFactory(organisation=police, category=gathering, occurred_on=dt.date(2023, 2, 16))
    weekly_picture_publish(week=WEEK, user=role_users["samordnare"])
    picture = WeeklyPicture.objects.get()
    meeting = est_meeting_create(
        user=role_users["samordnare"],
        held_on=dt.date(2023, 2, 21),
        organisations=[mimer, police],
        weekly_picture=picture,
    )
    est_action_add(
        user=role_users["samordnare"],
        meeting=meeting,
        responsible=mimer,
        what="Sanera klotter i Bäckby",
        due_on=dt.date(2023, 3, 1),
    )
    est_action_add(
        user=role_users["samordnare"],
        meeting=meeting,
        responsible=police,
        what="Polisens uppdrag",
        due_on=dt.date(2023, 3, 1),
    )

    client.force_login(role_users["rapportor"])
    page = client.get(reverse("measures:feedback")).content.decode()
    assert 'data-own-status="reported"' in page
    table = page.split("feedback-table", 1)[1].split("</table>", 1)[0]
    own_row = table.split("data-own", 1)[1].split("</tr>", 1)[0]
    assert "Skadegörelse" in own_row and "<strong>2</strong>" in own_row
    # All organisations' 8 is hidden too ("..") by the gate: with the total of 9 it would
    # give away the police's single "Samling".
    assert ">..<" in own_row and ">8<" not in own_row
    # The police's single "Samling" is below the threshold: hidden, and not derivable.
    samling = table.split("Samling", 1)[1].split("</tr>", 1)[0]
    assert "&lt; 3" in samling or ".." in samling
    assert "Sanera klotter i Bäckby" in page and "Polisens uppdrag" not in page
    # An unpublished week says so; a bad week is a bad request.
    later = client.get(reverse("measures:feedback") + "?vecka=2023-W08").content.decode()
    assert "inte publicerats" in later or "not been published" in later
    assert client.get(reverse("measures:feedback") + "?vecka=2023-W99").status_code == 400


def test_the_demo_reporter_sees_feedback_and_the_minutes(demo_users):
    from django.test import Client

    client = Client()
    client.force_login(demo_users["rapportor"])
    page = client.get(reverse("measures:feedback")).content.decode()
    assert 'data-own-status="reported"' in page and "data-own" in page
    assert "data-feedback-action" in page  # the latest meeting's measure for Mimer
    meeting = EstMeeting.objects.order_by("-held_on").first()
    minutes = client.get(reverse("measures:est_meeting_detail", args=[meeting.pk]))
    assert minutes.status_code == 200 and "data-note" in minutes.content.decode()
    assert EstMeeting.objects.count() >= 5


def test_the_minutes_page_suggests_the_weeks_trends_and_hot_spots_on_the_demo(demo_users):
    from django.test import Client

    meeting = EstMeeting.objects.filter(weekly_picture__isnull=False).order_by("-held_on").first()
    client = Client()
    client.force_login(demo_users["samordnare"])
    page = client.get(reverse("measures:est_meeting_detail", args=[meeting.pk])).content.decode()
    topics = page.split('<datalist id="topics">', 1)[1].split("</datalist>", 1)[0]
    snapshot = meeting.weekly_picture.snapshot
    for place in snapshot["top_places"][:3]:
        assert f'value="{place["label"]}"' in topics
    assert page.count("data-note") >= 1 and "data-action" in page
