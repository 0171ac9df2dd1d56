"""A council member opens the next meeting's pack on a tablet and downloads the PDF."""

from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from pypdf import PdfReader

from tests.factories import AgendaItemFactory, MeetingFactory

SHOTS = Path(__file__).resolve().parents[2] / "test-results"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_member_opens_the_pack_and_downloads_the_pdf(page, live_server, login, make_user):
    member = make_user("ledamot")
    MeetingFactory(title="Förra sammanträdet", starts_at=timezone.now() - timedelta(days=30))
    meeting = MeetingFactory(
        title="Trygghetsrådet nästa",
        starts_at=timezone.now() + timedelta(days=10),
        pack_published_at=timezone.now(),
    )
    AgendaItemFactory(meeting=meeting, order=1, title="Lägesbild från polisen")
    AgendaItemFactory(meeting=meeting, order=2, title="Avhopparverksamheten")
    page.set_viewport_size({"width": 820, "height": 1180})  # a tablet, portrait
    login(page, member)
    page.get_by_role("link", name="Möteshandlingarna är klara – öppna").click()
    page.wait_for_url(f"{live_server.url}/rapporter/motespaket/{meeting.pk}/")
    assert page.get_by_role("heading", name="Trygghetsrådet nästa").is_visible()
    assert page.get_by_text("Avhopparverksamheten").is_visible()
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=SHOTS / "meeting-pack-tablet.png", full_page=True)
    with page.expect_download() as info:
        page.get_by_role("link", name="Ladda ner pdf").click()
    download = info.value
    path = SHOTS / download.suggested_filename
    download.save_as(path)
    assert path.suffix == ".pdf"
    text = " ".join(p.extract_text() for p in PdfReader(path).pages)
    assert "Lägesbild från polisen" in text and "Avhopparverksamheten" in text
    assert meeting.pack_reads.get().user == member
