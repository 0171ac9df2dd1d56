"""Five journeys in Chromium on the demo year, one per role: what each user does in a
week's work, through the real forms, asserting on what the user sees.

Each journey runs on a fresh copy of the demo year (`demo_live`); screenshots of the key
steps land in /tmp/journeys/ to look at.
"""

import io
import os
import re
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.utils import timezone
from pypdf import PdfReader

from core.isoweek import Week
from tests.factories import TEST_PASSWORD

ROOT = Path(__file__).resolve().parents[1]
SHOTS = Path("/tmp/journeys")
PHONE = {
    "viewport": {"width": 390, "height": 844},
    "device_scale_factor": 3,
    "is_mobile": True,
    "has_touch": True,
    "locale": "sv-SE",
    "timezone_id": "Europe/Stockholm",
}
POLICE = "Lokalpolisområde Västerås"

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("demo_live")]


def _demo_user(username: str):
    """A demo user with the suite's password (the demo's own passwords are random)."""
    from councils.models import User

    user = User.objects.get(username=username)
    user.set_password(TEST_PASSWORD)
    user.save()
    return user


def _shot(page, name: str) -> None:
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=SHOTS / f"{name}.png", full_page=True)


def _plain(text: str) -> str:
    """Text as a reader compares it: narrow and non-breaking spaces as spaces."""
    return " ".join(text.replace("\u202f", " ").replace("\u00a0", " ").split())


def _pdf_text(data: bytes) -> str:
    return _plain("\n".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages))


def _download(page, link) -> bytes:
    with page.expect_download() as info:
        link.click()
    return Path(info.value.path()).read_bytes()


def _no_server_error(page) -> None:
    body = page.locator("body").inner_text()
    assert "Server Error" not in body and "Något gick fel" not in body, body[:500]


# --- 1. polis: three incidents in one report, on a phone -------------------------------


def test_police_liaison_registers_three_incidents_on_a_phone_and_gets_a_receipt(
    browser, live_server, login
):
    from lagesbild.models import IncidentReport

    polis = _demo_user("polis")
    context = browser.new_context(**PHONE)
    page = context.new_page()
    login(page, polis)
    page.goto(f"{live_server.url}/handelser/ny/")
    assert page.get_by_role("heading", name="Registrera händelser").is_visible()
    assert page.get_by_text(f"Rapporteras för {POLICE}.").is_visible()

    rows = [
        ("Bråk", "Centrum", "Resecentrum", {"Klockslag": "22:40"}),
        ("Misstänkt droghantering", "Centrum", "Stora torget", {"Tid på dygnet": "Kväll"}),
        ("Glaskross", "Skälby", "Skälby centrum", {"Tid på dygnet": "Natt", "Antal": "2"}),
    ]
    for n, (category, area, place, when) in enumerate(rows):
        if n:
            page.get_by_role("button", name="Lägg till en händelse till").tap()
        form = page.locator("[data-incident-form]").nth(n)
        form.get_by_label("Kategori").select_option(label=category)
        form.get_by_label("Område").select_option(label=area)
        form.get_by_label("Plats").select_option(label=place)
        for label, value in when.items():
            field = form.get_by_label(label)
            if label == "Tid på dygnet":
                field.select_option(label=next(
                    o for o in field.locator("option").all_inner_texts() if o.startswith(value)
                ))  # fmt: skip
            else:
                field.fill(value)
    _shot(page, "1-polis-entry")
    # Nothing may overflow sideways at phone width.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.get_by_role("button", name="Skicka rapporten").tap()

    page.wait_for_selector(".alert-success")
    assert "Tack! 3 händelser registrerades." in page.locator(".alert-success").inner_text()
    receipt = page.locator("[data-receipt]")
    assert receipt.get_by_role("heading", name="Registrerat i din rapport").is_visible()
    items = [_plain(t) for t in receipt.locator("li").all_inner_texts()]
    assert len(items) == 3, items
    for (category, area, place, _when), item in zip(rows, items, strict=True):
        assert item.startswith(f"{category} · {area}, {place}"), item
    assert "Kväll (18–24)" in items[1] and "22:40" in items[0]
    assert "Antal 2" in items[2]
    _shot(page, "1-polis-receipt")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

    # The receipt is the report just sent: three incidents of the police, by polis.
    report = IncidentReport.objects.get(reporter=polis)
    assert report.incidents.filter(organisation__name=POLICE).count() == 3
    context.close()


# --- 2. samordnare: the week's assessment, a measure, its follow-up and effect ------------


def test_coordinator_publishes_the_week_and_follows_a_measure_to_its_effect(
    page, live_server, login
):
    from measures.models import Measure

    week = Week.last(timezone.localdate())
    login(page, _demo_user("samordnare"))
    page.goto(f"{live_server.url}/lagesbild/vecka/{week}/")
    heading = f"Lägesbild, vecka {week.iso_week}, {week.iso_year}"
    assert page.get_by_role("heading", name=heading).is_visible()
    assert page.locator("[data-status]").inner_text() == "Ingen bedömning än"

    first = "Ökning i Skälby centrum kvällstid; polisen och bevakningen ser fler samlingar."
    page.get_by_label("Bedömning (analys)").fill(first)
    page.get_by_role("button", name="Spara och publicera", exact=True).click()
    page.wait_for_selector("[data-status=published]")
    assert page.locator("[data-assessment]").inner_text() == first
    _shot(page, "2-samordnare-published")

    corrected = "Ökning i Skälby centrum kvällstid och nattetid; fältgruppen förstärker helgerna."
    page.get_by_label("Bedömning (analys)").fill(corrected)
    page.get_by_role("button", name="Spara och publicera på nytt med dagens siffror").click()
    page.wait_for_load_state()
    _no_server_error(page)
    assert page.get_by_role("heading", name=heading).is_visible()
    assert page.locator("[data-status=published]").is_visible()
    assert page.locator("[data-assessment]").inner_text() == corrected
    # Council members read the corrected text.
    page.get_by_role("link", name="Vad ledamöterna ser av veckan").click()
    assert corrected in page.locator("main").inner_text()
    assert first not in page.locator("main").inner_text()

    # A measure for a hot spot: Skadegörelse in Centrum (Vasaparken).
    page.goto(f"{live_server.url}/lagesbild/heta-punkter/")
    from lagesbild.models import Area, Category

    skadegorelse = Category.objects.get(name="Skadegörelse", parent=None)
    centrum = Area.objects.get(name="Centrum")
    page.get_by_label("Kategori").select_option(value=str(skadegorelse.pk))
    page.get_by_label("Område").select_option(value=str(centrum.pk))
    page.get_by_role("button", name="Visa").click()
    page.wait_for_load_state()
    _shot(page, "2-samordnare-hotspots")
    # The strongest hot cell's own link: its place and area, and the chosen category.
    table = page.locator("table.hotspot-table")
    place = table.locator("tbody tr").first.locator("td").first.inner_text().split("(")[0].strip()
    table.get_by_role("link", name="Starta en insats för den här heta punkten").first.click()
    page.wait_for_url("**/insatser/ny/**")
    assert page.get_by_text("Startad från en het punkt i lägesbilden").is_visible()
    assert page.get_by_label("Titel").input_value() == f"Skadegörelse – {place}"
    assert place in page.get_by_label("Beskrivning").input_value()
    assert _selected(page, "Målområden") == ["Centrum"]
    assert _selected(page, "Kategorier") == ["Skadegörelse (hela kategorin)"]
    _shot(page, "2-samordnare-measure-from-hotspot")

    title = "Klottersanering och tätare tömning i Vasaparken"
    page.get_by_label("Titel").fill(title)
    page.get_by_label("Typ").select_option(label="Klottersanering/städning")
    page.get_by_label("Ansvarig organisation").select_option(label="Tekniska förvaltningen")
    # Started eight weeks ago, so that the effect has weeks before and during.
    started = week.shift(-7).monday
    page.get_by_label("Start").fill(started.isoformat())
    page.get_by_label("Status").select_option(label="Pågående")
    page.get_by_role("button", name="Spara").click()
    page.wait_for_selector(".alert-success")
    assert "Insatsen skapades." in page.locator(".alert-success").inner_text()
    assert page.get_by_role("heading", name=title).first.is_visible()
    measure = Measure.objects.get(title=title)
    assert measure.origin == "hotspot"

    page.get_by_role("link", name="Lägg till uppföljning").click()
    done = "Klotter sanerat inom ett dygn; papperskorgar tömda dagligen."
    page.get_by_label("Vad som gjorts").fill(done)
    page.get_by_label("Resultat").fill("Färre rapporter om klotter de senaste veckorna.")
    page.get_by_role("button", name="Spara uppföljning").click()
    page.wait_for_url(f"**/insatser/{measure.pk}/")
    assert page.get_by_text("Klotter sanerat inom ett dygn").is_visible()
    _shot(page, "2-samordnare-measure-followed-up")

    page.get_by_role("link", name="Effekt", exact=True).click()
    page.wait_for_url(f"**/insatser/{measure.pk}/effekt/")
    main = _plain(page.locator("main").inner_text())
    assert f"Effektutvärdering: {title}" in main
    assert "Under insatsen:" in main and "Jämförelseområde:" in main
    periods = page.locator("table", has_text="Före").locator("tbody tr th, tbody tr td:first-child")
    assert {"Före", "Under"} <= set(periods.all_inner_texts())
    _shot(page, "2-samordnare-effect")

    # A measure at the rising place, Skälby centrum, on the weekly page: its rise is
    # reported within the Skälby area's finding, with a button of its own.
    page.goto(f"{live_server.url}/lagesbild/vecka/{week}/")
    trend = page.locator("[data-trend]", has_text="Skälby centrum")
    assert trend.is_visible()
    trend.get_by_role("link", name="Starta en insats vid Skälby centrum").click()
    page.wait_for_url("**/insatser/ny/**")
    assert _selected(page, "Målområden") == ["Skälby"]
    assert page.get_by_label("Titel").input_value()
    described = " ".join(page.get_by_label(f).input_value() for f in ("Titel", "Beskrivning"))
    assert "Skälby centrum" in described
    _shot(page, "2-samordnare-measure-from-trend")


FIELDS = {"Målområden": "areas", "Kategorier": "categories"}


def _selected(page, label: str) -> list[str]:
    """The chosen options of a multiple choice: the searchable control shows them, the
    form posts the native select's value, which this reads."""
    return page.locator(f"select[name='{FIELDS[label]}']").evaluate(
        "el => Array.from(el.selectedOptions, o => o.textContent.trim())"
    )


# --- 3. samordnare: rank problembilder, publish the year, the annual report ------------


@pytest.fixture
def report_worker(redis_url, tmp_path, monkeypatch, settings):
    """A real Celery worker on a queue of its own, against this journey's demo copy."""
    from django.db import connection

    from trygghet.celery import app
    from trygghet.reports.tasks import generate_report

    settings.MEDIA_ROOT = tmp_path / "media"  # shared by the live server and the worker
    db = connection.settings_dict  # the demo copy: demo_live has pointed it there
    queue = f"test-journeys-{uuid.uuid4().hex[:8]}"
    task = app.tasks[generate_report.name]
    monkeypatch.setattr(task, "queue", queue, raising=False)
    monkeypatch.setattr(task, "_exec_options", None)
    monkeypatch.setattr(app.conf, "task_always_eager", False)
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "DJANGO_SETTINGS_MODULE": "trygghet.settings.test",
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "REDIS_URL": redis_url,
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "trygghet", "worker", "-Q", queue,
         "--pool", "solo", "--loglevel", "WARNING", "--without-gossip",
         "--without-mingle", "--without-heartbeat"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    yield process
    if process.poll() is None:
        process.terminate()
    output, _ = process.communicate(timeout=30)
    print(output[-3000:])


def test_coordinator_reranks_problems_publishes_the_year_and_the_report_follows(
    page, live_server, login, report_worker
):
    from lagesbild.models import Problem

    year = Week.last(timezone.localdate()).iso_year
    login(page, _demo_user("samordnare"))
    page.goto(f"{live_server.url}/lagesbild/ar/{year}/")
    ranking = page.locator(".problem-ranking li a.fw-semibold")
    before = ranking.all_inner_texts()
    assert len(before) == 3
    third = before[2]
    page.get_by_role("button", name=f"Flytta ”{third}” upp").click()
    page.wait_for_load_state()
    after = ranking.all_inner_texts()
    assert after == [before[0], third, before[1]]

    confirmations = []

    def accept(dialog):
        confirmations.append(dialog.message)
        dialog.accept()

    page.on("dialog", accept)
    page.get_by_test_id("annual-publish").click()
    page.wait_for_load_state()
    assert confirmations and "publicera" in confirmations[0].lower(), confirmations
    _no_server_error(page)
    assert page.locator(".alert-success").is_visible()
    assert ranking.all_inner_texts() == after
    _shot(page, "3-samordnare-annual-published")

    page.goto(f"{live_server.url}/rapporter/")
    card = page.locator(".card", has=page.get_by_role("heading", name="Årsrapport"))
    card.get_by_label("År").fill(str(year))
    card.get_by_label("PDF").check()
    card.get_by_role("button", name="Starta").click()
    download = page.get_by_role("link", name="Ladda ner PDF")
    download.first.wait_for(timeout=120_000)  # the page polls until the worker is done
    _shot(page, "3-samordnare-annual-report")
    text = _pdf_text(_download(page, download.first))

    # The report lists the problembilder in the new order, each with its orsaksanalys.
    positions = [text.find(title) for title in after]
    assert -1 not in positions and positions == sorted(positions), positions
    for title in after:
        problem = Problem.objects.get(title=title, annual_picture__year=year)
        cause = _plain(problem.cause_place)
        assert cause[:60] in text, (title, cause[:60])
    assert text.rfind(_plain(Problem.objects.get(title=after[0]).cause_place)[:60]) < text.rfind(
        _plain(Problem.objects.get(title=after[1]).cause_place)[:60]
    )


# --- 4. ledamot: the published week and the next meeting's pack -----------------------


COUNT = re.compile(r"^\d[\d ]*$")


def test_council_member_reads_the_published_week_and_the_meeting_pack(page, live_server, login):
    week = Week.last(timezone.localdate()).shift(-1)
    login(page, _demo_user("ledamot"))
    page.goto(f"{live_server.url}/lagesbild/vecka/{week}/sammanstallning/")
    assert page.get_by_role(
        "heading", name=f"Lägesbild, vecka {week.iso_week}, {week.iso_year}"
    ).is_visible()
    assert page.get_by_text("Publicerad").first.is_visible()
    _shot(page, "4-ledamot-week")

    # No count of 1 or 2 anywhere: every count cell holds "< 3", the secondary ".." (hidden
    # so that no "< 3" follows from a total), 0 or at least 3.
    cells = page.locator("main table").evaluate_all(
        """tables => tables.flatMap(t => {
            const heads = Array.from(t.querySelectorAll('thead th'), th => th.textContent.trim());
            return Array.from(t.querySelectorAll('tbody tr')).flatMap(tr =>
                Array.from(tr.children).slice(1).map((td, i) =>
                    [heads[i + 1] || '', td.textContent.trim()]));
        })"""
    )
    counts = [
        _plain(value)
        for head, value in cells
        if head != "Förändring" and not head.startswith(("Snitt", "Medel"))
    ]
    assert len(counts) > 50
    hidden = [c for c in counts if c in ("< 3", "..")]
    shown = [int(c.replace(" ", "")) for c in counts if COUNT.match(c)]
    assert hidden and shown and len(hidden) + len(shown) == len(counts), counts
    assert not [n for n in shown if n in (1, 2)]
    main = page.locator("main").inner_text()
    assert "Platser som sticker ut" not in main and "Mest händelser" not in main  # no places

    page.goto(f"{live_server.url}/sammantraden/")
    page.get_by_role("link", name="Trygghetsrådet – nästa sammanträde (demo)").first.click()
    page.get_by_role("link", name="Öppna möteshandlingarna").click()
    section = page.locator("section", has=page.get_by_role("heading", name="Veckans EST-lägesbild"))
    text = _plain(section.first.inner_text())
    assert f"Vecka {week.iso_week}, {week.iso_year}" in text
    assert "publicerad" in text
    _shot(page, "4-ledamot-pack")

    pdf = _pdf_text(_download(page, page.get_by_role("link", name="Ladda ner pdf")))
    assert "Veckans EST-lägesbild" in pdf
    assert f"Vecka {week.iso_week}, {week.iso_year}" in pdf
    assert "Trygghetsrådet – nästa sammanträde (demo)" in pdf


def test_no_hidden_count_follows_from_a_total_the_member_sees(page, live_server, login):
    """Council members must not be able to work out a '< 3' from the totals beside it."""
    week = Week.last(timezone.localdate()).shift(-1)
    login(page, _demo_user("ledamot"))
    page.goto(f"{live_server.url}/lagesbild/vecka/{week}/sammanstallning/")
    # The weekday × time-of-day table: each row ends in its total.
    rows = (
        page.locator("main table", has_text="Veckodag")
        .locator("tbody tr")
        .evaluate_all(
            "trs => trs.map(tr => Array.from(tr.children).slice(1)"
            ".map(td => td.textContent.trim()))"
        )
    )
    # A row whose total is shown may not hide exactly one cell ("< 3" or the secondary
    # ".."): total minus the shown cells would give it away.
    derivable = []
    hidden_rows = 0
    for row in rows:
        *cells, total = [_plain(c) for c in row]
        hidden = [c for c in cells if c in ("< 3", "..")]
        hidden_rows += bool(hidden)
        if len(hidden) == 1 and COUNT.match(total):
            derivable.append(row)
    assert not derivable, derivable
    assert hidden_rows, "the demo week hides some small counts"


# --- 5. rapportör (Mimer): the published week, Mimer's incidents only ------------------


def test_mimer_reporter_sees_the_week_and_only_mimers_incidents(page, live_server, login):
    from lagesbild.models import Incident

    week = Week.last(timezone.localdate()).shift(-1)
    login(page, _demo_user("rapportor"))
    page.goto(f"{live_server.url}/lagesbild/vecka/{week}/sammanstallning/")
    assert page.get_by_role(
        "heading", name=f"Lägesbild, vecka {week.iso_week}, {week.iso_year}"
    ).is_visible()
    assert page.get_by_role("heading", name="Bedömning").is_visible()
    _shot(page, "5-rapportor-week")

    page.goto(f"{live_server.url}/handelser/")
    table = page.locator("main table").first
    organisations = set(table.locator("tbody tr td:last-child").all_inner_texts())
    assert organisations == {"Mimer"}, organisations
    assert "Lokalpolis" not in page.locator("main").inner_text()
    _shot(page, "5-rapportor-incidents")

    police = Incident.objects.filter(organisation__name=POLICE).order_by("-pk").first()
    response = page.goto(f"{live_server.url}/handelser/{police.pk}/")
    assert response.status in (403, 404)
    heading = page.locator("main h1").inner_text()
    assert heading in ("Sidan hittades inte", "Du har inte behörighet"), heading
    _shot(page, "5-rapportor-police-incident")
