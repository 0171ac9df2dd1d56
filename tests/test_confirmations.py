"""Destructive actions ask first: every button that deletes, removes, terminates,
withdraws or turns something off carries `data-confirm` (static/js/trygghet.js asks)."""

import re
from pathlib import Path

import pytest
from django.urls import reverse

from tests.factories import CooperationAgreementFactory, MeetingFactory

ROOT = Path(__file__).resolve().parents[1]
TEMPLATES = sorted(
    p
    for p in ROOT.glob("**/templates/**/*.html")
    if ".venv" not in p.parts and "node_modules" not in p.parts
)
BUTTON = re.compile(
    r"<button\b(?P<attrs>[^>]*)>(?P<text>.*?)</button>|<input\b(?P<input>[^>]*type=\"submit\"[^>]*)>",
    re.S,
)
DESTRUCTIVE = re.compile(
    r"\b(delete|remove|terminate|withdraw|turn off|revoke|unpublish|discard|erase)\b|"
    r"ta bort|radera|säg upp|dra tillbaka|stäng av",
    re.I,
)


def destructive_buttons_without_confirm(html: str) -> list[str]:
    found = []
    for match in BUTTON.finditer(html):
        attrs = match["attrs"] or match["input"] or ""
        text = match["text"] or attrs
        if DESTRUCTIVE.search(text) and "data-confirm" not in attrs:
            found.append(re.sub(r"\s+", " ", match[0])[:160])
    return found


def test_the_scan_finds_a_destructive_button_without_confirmation():
    bad = '<form method="post"><button class="btn">{% translate "Delete" %}</button></form>'
    good = '<button data-confirm="{% translate \'Sure?\' %}">{% translate "Delete" %}</button>'
    assert destructive_buttons_without_confirm(bad)
    assert destructive_buttons_without_confirm(good) == []
    assert destructive_buttons_without_confirm("<button>Spara</button>") == []


def test_no_template_has_a_destructive_button_without_confirmation():
    assert len(TEMPLATES) > 50
    missing = {
        str(path.relative_to(ROOT)): found
        for path in TEMPLATES
        if (found := destructive_buttons_without_confirm(path.read_text()))
    }
    assert missing == {}


@pytest.mark.django_db
def test_rendered_destructive_forms_ask_first(client, role_users):
    """Buttons whose label comes from the view (the generic form) are checked rendered."""
    agreement = CooperationAgreementFactory()
    meeting = MeetingFactory(pack_published_at="2026-01-01T10:00Z")
    client.force_login(role_users["samordnare"])
    terminate = client.get(reverse("councils:agreement_terminate", kwargs={"pk": agreement.pk}))
    html = terminate.content.decode()
    assert "Säg upp överenskommelsen" in html
    assert destructive_buttons_without_confirm(html) == []
    assert 'data-confirm="Säg upp överenskommelsen?' in html
    detail = client.get(reverse("councils:meeting_detail", kwargs={"pk": meeting.pk}))
    html = detail.content.decode()
    assert "Dra tillbaka" in html and destructive_buttons_without_confirm(html) == []


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_saying_no_to_the_question_changes_nothing(page, live_server, role_users):
    from tests.test_layouts import sign_in

    meeting = MeetingFactory(pack_published_at="2026-01-01T10:00Z")
    sign_in(page, live_server, role_users["samordnare"])
    page.goto(live_server.url + reverse("councils:meeting_detail", kwargs={"pk": meeting.pk}))
    questions = []

    def answer(dialog):
        questions.append(dialog.message)
        dialog.dismiss() if len(questions) == 1 else dialog.accept()

    page.on("dialog", answer)
    withdraw = page.get_by_role("button", name="Dra tillbaka möteshandlingarna")
    withdraw.click()
    assert questions == ["Dra tillbaka möteshandlingarna? Ledamöterna ser dem då inte längre."]
    meeting.refresh_from_db()
    assert meeting.pack_published_at is not None  # "No" kept the pack published
    with page.expect_navigation():
        withdraw.click()
    meeting.refresh_from_db()
    assert meeting.pack_published_at is None
