"""Every word a Swedish municipal reader sees is Swedish: every page as each role, the
reports (PDF), the exported and template files, the audit log and the admin, on the demo
year. The English words looked for are kept in tests/english_words.txt."""

import io
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader
from pypdf.errors import PyPdfError

from core.isoweek import Week
from tests.matrix import ROLES
from tests.pages import matrix_objects, page_urls
from tests.test_demo_year import _demo_object_urls

pytestmark = pytest.mark.usefixtures("demo_db")

WORDS_FILE = Path(__file__).resolve().parents[1] / "english_words.txt"
WORDS = [
    line.strip()
    for line in WORDS_FILE.read_text().splitlines()
    if line.strip() and not line.startswith("#")
]
# Whole words; not parts of code names such as lagesbild.tasks.purge_assessments.
ENGLISH = re.compile(r"(?<![\w.-])(" + "|".join(map(re.escape, WORDS)) + r")(?![\w-]|\.\w)")
# English written as plain strings in third-party code, which no catalogue can translate
# (the admin only; see trygghet/third_party.py).
UNTRANSLATABLE = [
    re.compile(r"TOTP devices?"),  # django-otp's model names
    re.compile(r"Search by user's \S+"),  # django-otp's search help
    re.compile(r"Task Name"),  # django-celery-beat's field label
    re.compile(r"Access (Log|Attempt|Failure) for \S+"),  # axes' record names
    re.compile(r"At [^|]*?(?=Europe/Stockholm)"),  # beat's cron descriptions (cron-descriptor)
]
VISIBLE_ATTRIBUTES = {"title", "aria-label", "placeholder", "alt"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}


class VisibleText(HTMLParser):
    """The text a reader sees or hears: text nodes, labels in attributes, button values;
    not scripts, styles, or what is marked as English on purpose (lang="en")."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._hidden: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in VOID:
            if not self._hidden:
                self._attributes(tag, attrs)
            return
        if self._hidden or tag in ("script", "style") or (attrs.get("lang") or "").startswith("en"):
            self._hidden.append(tag)
            return
        self._attributes(tag, attrs)

    def _attributes(self, tag, attrs):
        if "/admin/img/icon-" in (attrs.get("src") or ""):
            return  # Django's admin writes True/False/None as the alt of its icons
        self.parts += [v for k, v in attrs.items() if k in VISIBLE_ATTRIBUTES and v]
        if tag == "input" and attrs.get("type") in ("submit", "button") and attrs.get("value"):
            self.parts.append(attrs["value"])

    def handle_endtag(self, tag):
        if self._hidden and self._hidden[-1] == tag:
            self._hidden.pop()

    def handle_data(self, data):
        if not self._hidden:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = VisibleText()
    parser.feed(html)
    parser.close()
    return " ".join(parser.parts)


def english_in(text: str) -> list[str]:
    return sorted(set(ENGLISH.findall(text)))


def _body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def _file_text(name: str, data: bytes) -> str:
    """The words of a downloaded file: CSV/GeoJSON as text, XLSX cells, PDF text."""
    if data.startswith(b"%PDF"):
        try:
            return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)
        except PyPdfError:
            return ""  # the role matrix's stand-in report files are not real PDFs
    if data.startswith(b"PK"):
        import openpyxl

        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
        return " ".join(
            str(v) for sheet in book.worksheets for row in sheet.iter_rows(values_only=True)
            for v in row if v is not None
        )  # fmt: skip
    return data.decode("utf-8-sig")


def _check_page(client, url, found, who, untranslatable=()):
    response = client.get(url)
    if response.status_code != 200:
        return False
    body = _body(response)
    content_type = response.get("Content-Type", "")
    if "html" in content_type and not response.has_header("Content-Disposition"):
        text = visible_text(body.decode())
    elif response.has_header("Content-Disposition") and not url.endswith((".geojson", ".ics")):
        # iCalendar and GeoJSON are read by programs; their keys are not for people.
        text = _file_text(url, body)
    else:
        return False
    for pattern in untranslatable:
        text = pattern.sub(" ", text)
    for word in english_in(text):
        found.setdefault(word, []).append(f"{who} {url}")
    return True


def test_the_word_list_is_kept():
    assert len(WORDS) >= 100
    assert english_in("Hot spots (Getis-Ord Gi*)") == ["Hot", "spots"]
    assert english_in("Heta punkter, ett hotspot-område") == []
    assert english_in("external_id,date") == ["external_id"]


@pytest.mark.parametrize("who", ROLES)
def test_every_page_each_role_reads_is_swedish(who, demo_users):
    """Every page of the role matrix and every demo record's page, downloads included
    (exports, templates, PDFs), as each role."""
    objects = matrix_objects(demo_users)
    client = Client()
    client.force_login(demo_users[who])
    urls = [url for _name, url in page_urls(who, objects)]
    urls += [url for _name, url in _demo_object_urls() if url not in urls]
    # Downloads: exports first, so that the audit log below has export entries to show.
    downloads = [
        reverse("lagesbild:incident_export", kwargs={"fmt": fmt}) for fmt in ("csv", "xlsx")
    ]
    downloads += [
        reverse("lagesbild:import_template", kwargs={"fmt": fmt}) for fmt in ("csv", "xlsx")
    ]
    downloads += [
        reverse("measures:survey_template", kwargs={"fmt": fmt}) for fmt in ("csv", "xlsx")
    ]
    found: dict[str, list[str]] = {}
    checked = sum(_check_page(client, url, found, who) for url in [*downloads, *urls])
    assert checked > 20
    assert found == {}, "English words in the Swedish UI: " + repr(
        {w: sorted(set(u))[:3] for w, u in found.items()}
    )
    CHECKED[who] = checked


CHECKED: dict[str, int] = {}


@pytest.mark.parametrize("kind", ["weekly", "annual", "meeting_pack"])
def test_every_report_is_swedish(kind, demo_users):
    from councils.models import Meeting
    from trygghet.reports.exporters import EXPORTERS

    last = Week.last(timezone.localdate())
    key = {
        "weekly": str(last.shift(-1)),
        "annual": str(last.iso_year),
        "meeting_pack": f"meeting-{Meeting.objects.filter(is_demo=True).latest('starts_at').pk}",
    }[kind]
    _name, _mimetype, pdf = EXPORTERS[kind].render({"key": key, "format": "pdf"})
    assert english_in(_file_text("x.pdf", pdf)) == []
    _name, _mimetype, html = EXPORTERS[kind].render({"key": key, "format": "html"})
    assert english_in(visible_text(html.decode())) == []


def test_the_audit_log_names_exports_and_fields_in_swedish(demo_users):
    from councils.models import Meeting
    from measures.models import Measure

    client = Client()
    client.force_login(demo_users["samordnare"])
    client.get(reverse("lagesbild:incident_export", kwargs={"fmt": "csv"}) + "?week=2023-W07")
    meeting = Meeting.objects.filter(is_demo=True).first()
    client.get(reverse("reports:meeting_pack_pdf", kwargs={"pk": meeting.pk}))
    measure = Measure.objects.first()
    measure.progress = 55
    measure._history_user = demo_users["samordnare"]
    measure.save()
    text = visible_text(client.get(reverse("audit_log")).content.decode())
    assert "Händelser (csv)" in text and "Vecka: 2023-W07" in text
    assert "Möteshandlingar (pdf)" in text
    assert "Fält: genomförandegrad (%)" in text
    assert english_in(text) == []


def test_the_admin_is_swedish(demo_users):
    """The admin's index and every list, third-party apps included."""
    client = Client()
    client.force_login(demo_users["admin"])
    index = client.get("/admin/").content.decode()
    lists = sorted(set(re.findall(r'href="(/admin/[a-z_]+/[a-z_]+/)"', index)))
    assert len(lists) > 30
    found: dict[str, list[str]] = {}
    for url in ["/admin/", *lists]:
        _check_page(client, url, found, "admin", untranslatable=UNTRANSLATABLE)
    assert found == {}, "English words in the admin: " + repr(
        {w: sorted(set(u))[:3] for w, u in found.items()}
    )
    assert "Senaste ändringar" in index and "Senaste Händelser" not in index
