"""The weekly EST meeting: a record with participants, the week's picture, notes per
trend or hot spot and actions (who, what, by when) that become a measure or a follow-up
of the responsible organisation; minutes as a page, a PDF and an e-mail to partners."""

import datetime as dt
import io

import pytest
from django.urls import reverse

from lagesbild.models import WeeklyPicture
from measures.models import EstAction, EstMeeting, Measure, MinutesDispatch
from tests.factories import MeasureFactory, OrganisationFactory

pytestmark = pytest.mark.django_db

HELD = dt.date(2023, 2, 21)


@pytest.fixture
def meeting(client, role_users):
    """A meeting recorded through the pages, with the police and Mimer taking part."""
    police = role_users["polis"].organisation
    mimer = role_users["rapportor"].organisation
    picture = WeeklyPicture.objects.create(iso_year=2023, iso_week=7, assessment="Lugn vecka.")
    client.force_login(role_users["samordnare"])
    response = client.post(
        reverse("measures:est_meeting_create"),
        {
            "held_on": HELD.isoformat(),
            "weekly_picture": picture.pk,
            "organisations": [police.pk, mimer.pk],
            "summary": "Genomgång av vecka 7.",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    return EstMeeting.objects.get()


def test_notes_and_actions_become_measures_and_follow_ups_of_the_responsible(
    client, meeting, role_users
):
    mimer = role_users["rapportor"].organisation
    police = role_users["polis"].organisation
    url = reverse("measures:est_note_add", args=[meeting.pk])
    assert (
        client.post(
            url, {"kind": "hotspot", "topic": "Skälby centrum", "text": "Fler samlingar."}
        ).status_code
        == 302
    )
    note = meeting.notes.get()
    # A new measure for Mimer.
    response = client.post(
        reverse("measures:est_action_add", args=[meeting.pk]),
        {
            "responsible": mimer.pk,
            "what": "Kvällstillsyn i trapphusen",
            "due_on": "2023-03-07",
            "kind": "measure",
            "note": note.pk,
        },
    )
    assert response.status_code == 302
    action = EstAction.objects.get()
    measure = action.measure
    assert (measure.owner, measure.title, measure.end_date, measure.next_follow_up_due) == (
        mimer,
        "Kvällstillsyn i trapphusen",
        dt.date(2023, 3, 7),
        dt.date(2023, 3, 7),
    )
    assert measure.origin == Measure.Origin.EST_MEETING
    # A follow-up of the police's existing measure.
    existing = MeasureFactory(owner=police, title="Närvaro vid Resecentrum")
    response = client.post(
        reverse("measures:est_action_add", args=[meeting.pk]),
        {
            "responsible": police.pk,
            "what": "Rapportera läget",
            "due_on": "2023-03-01",
            "kind": "follow_up",
            "measure": existing.pk,
        },
    )
    assert response.status_code == 302
    follow_up = existing.follow_ups.get()
    assert follow_up.organisation == police and "Rapportera läget" in follow_up.next_step
    existing.refresh_from_db()
    assert existing.next_follow_up_due == dt.date(2023, 3, 1)
    # Visible to the responsible organisation: Mimer's reporter sees its new measure.
    assert list(Measure.objects.visible_to(role_users["rapportor"])) == [measure]
    client.force_login(role_users["rapportor"])
    page = client.get(reverse("measures:est_meeting_detail", args=[meeting.pk])).content.decode()
    assert "Kvällstillsyn i trapphusen" in page and "Skälby centrum" in page
    assert page.count("data-action") == 2
    assert "est_action_add" not in page and 'name="what"' not in page  # no edit forms


def test_an_action_due_before_the_meeting_or_a_follow_up_without_measure_is_refused(
    client, meeting, role_users
):
    url = reverse("measures:est_action_add", args=[meeting.pk])
    mimer = role_users["rapportor"].organisation
    response = client.post(
        url, {"responsible": mimer.pk, "what": "X", "due_on": "2023-02-01", "kind": "measure"}
    )
    from django.utils import translation

    with translation.override("sv"):
        message = translation.gettext("The action cannot be due before the meeting.")
    assert response.status_code == 400 and message in response.content.decode()
    response = client.post(
        url, {"responsible": mimer.pk, "what": "X", "due_on": "2023-03-01", "kind": "follow_up"}
    )
    assert response.status_code == 400
    assert not EstAction.objects.exists() and not Measure.objects.exists()


def test_a_reporter_of_another_organisation_cannot_read_the_minutes(client, meeting, make_user):
    other = make_user("rapportor", organisation=OrganisationFactory(name="Bevakningen AB"))
    client.force_login(other)
    assert client.get(reverse("measures:est_meeting_detail", args=[meeting.pk])).status_code == 404
    assert client.get(reverse("reports:est_minutes_pdf", args=[meeting.pk])).status_code == 404
    listing = client.get(reverse("measures:est_meetings")).content.decode()
    assert "data-meeting=" not in listing


def test_the_minutes_are_sent_to_the_partners_over_smtp_and_logged(
    client, meeting, role_users, make_user, smtp_sink, django_capture_on_commit_callbacks
):
    mimer = role_users["rapportor"].organisation
    make_user("ledamot", organisation=mimer, email="ledamot@mimer.example")  # no minutes
    outsider = make_user("rapportor", organisation=OrganisationFactory(name="Annan"))
    client.post(
        reverse("measures:est_action_add", args=[meeting.pk]),
        {
            "responsible": mimer.pk,
            "what": "Byta lås i port 3",
            "due_on": "2023-03-07",
            "kind": "measure",
        },
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("measures:est_minutes_send", args=[meeting.pk]))
    assert response.status_code == 302
    assert len(smtp_sink.messages) == 1
    _sender, recipients, message = smtp_sink.messages[0]
    # The users of the participating organisations (police and Mimer) who receive
    # minutes; the coordinator's city did not take part, the member gets none.
    assert sorted(recipients) == sorted([role_users["polis"].email, role_users["rapportor"].email])
    assert outsider.email not in recipients and "ledamot@mimer.example" not in recipients
    body = message.get_content()
    assert "Byta lås i port 3" in body and "2023" in body
    dispatch = MinutesDispatch.objects.get()
    assert dispatch.sent_at is not None and dispatch.recipients == len(recipients)
    # Delivering the same dispatch again sends nothing.
    from measures.est.services import est_minutes_deliver

    assert est_minutes_deliver(dispatch_id=dispatch.pk) == 0
    assert len(smtp_sink.messages) == 1


def test_the_minutes_pdf_holds_the_actions(client, meeting, role_users):
    from pypdf import PdfReader

    client.post(
        reverse("measures:est_action_add", args=[meeting.pk]),
        {
            "responsible": role_users["polis"].organisation.pk,
            "what": "Närvaro fredag kväll",
            "due_on": "2023-03-03",
            "kind": "measure",
        },
    )
    response = client.get(reverse("reports:est_minutes_pdf", args=[meeting.pk]))
    assert response["Content-Type"] == "application/pdf"
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    assert "Närvaro fredag kväll" in text and "Mimer" in text
