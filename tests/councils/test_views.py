"""Council pages as users see them: forms, the calendar, the meeting pack and its PDF."""

import io
import subprocess
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from icalendar import Calendar
from pypdf import PdfReader

from councils.models import CooperationAgreement, MeetingPackRead
from tests.factories import (
    AgendaItemFactory,
    CooperationAgreementFactory,
    MeetingFactory,
    MembershipFactory,
    OrganisationFactory,
    PersonFactory,
    SeatFactory,
)

SHOTS = Path(__file__).resolve().parents[2] / "test-results"
STOCKHOLM = ZoneInfo("Europe/Stockholm")


@pytest.mark.django_db
def test_overlapping_agreement_form_shows_a_swedish_error_and_keeps_the_input(client, role_users):
    city = OrganisationFactory(name="Västerås stad")
    police = OrganisationFactory(name="Lokalpolisområde Västerås")
    CooperationAgreementFactory(
        title="Överenskommelse 2019–2023",
        valid_from=date(2019, 11, 6),
        valid_to=date(2023, 3, 1),
        parties=[city, police],
    )
    client.force_login(role_users["samordnare"])
    response = client.post(
        reverse("councils:agreement_create"),
        {
            "title": "Ny överenskommelse",
            "parties": [city.pk, police.pk],
            "valid_from": "2023-02-01",
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Parterna har redan en överenskommelse för en del av perioden" in html
    assert "Överenskommelse 2019–2023" in html
    assert 'value="Ny överenskommelse"' in html  # nothing lost
    assert CooperationAgreement.objects.count() == 1
    # The day after the end is accepted.
    response = client.post(
        reverse("councils:agreement_create"),
        {
            "title": "Ny överenskommelse",
            "parties": [city.pk, police.pk],
            "valid_from": "2023-06-01",
        },
    )
    assert response.status_code == 302
    assert CooperationAgreement.objects.get(title="Ny överenskommelse").parties.count() == 2


@pytest.mark.django_db
def test_agreement_page_warns_before_the_end(client, role_users, time_machine):
    time_machine.move_to(datetime(2023, 1, 15, 12, tzinfo=STOCKHOLM))
    CooperationAgreementFactory(
        title="Överenskommelse 2019–2023",
        valid_from=date(2019, 11, 6),
        valid_to=date(2023, 3, 1),
        parties=[OrganisationFactory(), OrganisationFactory()],
    )
    client.force_login(role_users["ledamot"])
    html = client.get(reverse("councils:agreement_list")).content.decode()
    assert "upphör 1 mars 2023, om 45 dagar" in html
    assert "agreement-timeline-bar" in html


@pytest.mark.django_db
def test_council_page_lists_members_on_the_chosen_date(client, role_users):
    seat = SeatFactory(label="Kommunstyrelsens presidium")
    SeatFactory(label="Grundskolenämndens presidium")
    MembershipFactory(
        seat=seat, person=PersonFactory(name="Staffan Jansson"), valid_from=date(2023, 2, 1)
    )
    client.force_login(role_users["ledamot"])
    now = client.get(reverse("councils:council"), {"datum": "2023-03-01"}).content.decode()
    assert "Staffan Jansson" in now
    assert "Grundskolenämndens presidium" in now  # the seat exists with nobody named
    before = client.get(reverse("councils:council"), {"datum": "2022-01-01"}).content.decode()
    assert "Staffan Jansson" not in before
    assert "Ingen person namngiven" in before


@pytest.mark.django_db
def test_ical_has_the_meetings_in_stockholm_time(client, role_users):
    summer = MeetingFactory(
        title="Trygghetsrådet juni",
        starts_at=datetime(2024, 6, 12, 13, 0, tzinfo=STOCKHOLM),
        place="Stadshuset",
    )
    MeetingFactory(title="Inställt", status="cancelled")
    client.force_login(role_users["ledamot"])
    response = client.get(reverse("councils:meeting_calendar"))
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    events = calendar.walk("VEVENT")
    assert [str(e["SUMMARY"]) for e in events] == ["Trygghetsrådet juni"]
    start = events[0].decoded("DTSTART")
    assert start.tzinfo.key == "Europe/Stockholm" and (start.hour, start.minute) == (13, 0)
    assert start.utcoffset().total_seconds() == 7200  # summer time, UTC+2
    raw = response.content.decode()
    assert "DTSTART;TZID=Europe/Stockholm:20240612T130000" in raw
    assert "BEGIN:VTIMEZONE" in raw
    assert f"/sammantraden/{summer.pk}/" in raw


@pytest.mark.django_db
def test_member_sees_no_pack_until_it_is_ready(client, role_users):
    meeting = MeetingFactory()
    member, coordinator = role_users["ledamot"], role_users["samordnare"]
    client.force_login(member)
    assert client.get(reverse("reports:meeting_pack", args=[meeting.pk])).status_code == 404
    client.force_login(coordinator)
    preview = client.get(reverse("reports:meeting_pack", args=[meeting.pk]))
    assert "Förhandsvisning" in preview.content.decode()
    client.post(reverse("councils:meeting_pack_publish", args=[meeting.pk]), {"ready": "1"})
    client.force_login(member)
    assert client.get(reverse("reports:meeting_pack", args=[meeting.pk])).status_code == 200
    assert MeetingPackRead.objects.get(meeting=meeting).user == member
    # The coordinator sees who opened it.
    client.force_login(coordinator)
    detail = client.get(reverse("councils:meeting_detail", args=[meeting.pk])).content.decode()
    assert "Vem har öppnat möteshandlingarna" in detail and member.username in detail


@pytest.mark.django_db
def test_police_liaison_edits_only_the_items_they_present(client, role_users):
    police = role_users["polis"]
    mine = AgendaItemFactory(title="Polisens lägesbild", presenter=police)
    client.force_login(police)
    response = client.post(
        reverse("councils:agenda_item_update", args=[mine.pk]),
        {"title": "Polisens lägesbild vecka 7", "duration_minutes": "25"},
    )
    assert response.status_code == 302
    mine.refresh_from_db()
    assert (mine.title, mine.duration_minutes, mine.presenter) == (
        "Polisens lägesbild vecka 7",
        25,
        police,
    )


@pytest.mark.django_db
def test_meeting_pack_pdf_holds_the_agenda_and_the_agreement(client, role_users):
    meeting = MeetingFactory(
        title="Trygghetsrådet september",
        starts_at=datetime(2023, 9, 20, 13, 0, tzinfo=STOCKHOLM),
        pack_published_at=datetime(2023, 9, 1, tzinfo=STOCKHOLM),
    )
    titles = ["Lägesbild från polisen", "Trygghetspaketet 2023: uppföljning", "Övriga frågor"]
    for order, title in enumerate(titles, start=1):
        AgendaItemFactory(meeting=meeting, order=order, title=title)
    CooperationAgreementFactory(
        title="Samverkansöverenskommelse 2023",
        valid_from=date(2023, 6, 1),
        valid_to=None,
        parties=[OrganisationFactory(name="Västerås stad"), OrganisationFactory(name="LPO")],
    )
    client.force_login(role_users["ledamot"])
    response = client.get(reverse("reports:meeting_pack_pdf", args=[meeting.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "motespaket-2023-09-20" in response["Content-Disposition"]
    reader = PdfReader(io.BytesIO(response.content))
    text = " ".join(page.extract_text() for page in reader.pages)
    for title in titles:
        assert title in text
    assert "Trygghetsrådet september" in text
    assert "Samverkansöverenskommelse 2023" in text
    assert "onsdag 20 september 2023" in text
    # Look at it: the first page as PNG.
    SHOTS.mkdir(exist_ok=True)
    pdf_path = SHOTS / "meeting-pack.pdf"
    pdf_path.write_bytes(response.content)
    subprocess.run(
        ["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", pdf_path, SHOTS / "meeting-pack"],
        check=True,
    )
    assert (SHOTS / "meeting-pack-1.png").stat().st_size > 5000
