"""Items 3–7 of issue #20 on the seeded demo year: the plan, its document, the
samordningsfunktion, the cycle, the annual report by focus area and by place."""

import io

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

pytestmark = pytest.mark.usefixtures("demo_db")


def _text(data: bytes) -> str:
    return data.decode().replace("\u202f", " ").replace("\u00a0", " ")


def _pdf(response) -> str:
    data = b"".join(response.streaming_content) if response.streaming else response.content
    reader = PdfReader(io.BytesIO(data))
    text = "\n".join(p.extract_text() for p in reader.pages).replace("\u202f", " ")
    return " ".join(text.split())


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_demo_plan_holds_every_part_with_kronor(demo_users):
    from measures.models import ActionPlan

    plan = ActionPlan.objects.get(is_demo=True)
    entries = list(plan.entries.all())
    assert len(entries) == 4
    assert all(e.missing_parts == [] for e in entries), [e.missing_parts for e in entries]
    assert plan.adopted_on and plan.adopted_by and plan.annual_picture.is_demo
    page = _text(
        _client(demo_users["samordnare"])
        .get(reverse("measures:plan_detail", args=[plan.pk]))
        .content
    )
    assert "1 500 000 kr" in page and "Familjestödjare för unga i riskzon" in page
    assert "demo-badge" in page
    text = _pdf(
        _client(demo_users["ledamot"]).get(reverse("reports:action_plan_document", args=[plan.pk]))
    )
    for part in ("Kommunstyrelsen (demo)", "Avhopparverksamhet", "1 500 000 kr", "Demo"):
        assert part in text, part


def test_demo_plan_funding_never_touches_the_real_package():
    from budget.models import PlanFunding

    assert PlanFunding.objects.exists()
    assert not PlanFunding.objects.filter(allocation__theme__package__is_demo=False).exists()
    assert not PlanFunding.objects.filter(is_demo=False).exists()


def test_the_three_focus_areas_tag_demo_records_only():
    from councils.models import FocusArea
    from lagesbild.models import Problem
    from measures.models import Goal, Measure

    areas = list(FocusArea.objects.all())
    assert [a.short_name for a in areas] == [
        "Unga i riskzon",
        "Särskilt utsatta brottsoffer",
        "Avhopparverksamhet",
    ]
    assert all(a.measures.exists() for a in areas)
    assert not Measure.objects.filter(focus_areas__isnull=False, is_demo=False).exists()
    assert not Goal.objects.filter(focus_areas__isnull=False, is_demo=False).exists()
    assert Problem.objects.filter(focus_areas__isnull=False).exists()
    assert not Problem.objects.filter(
        focus_areas__isnull=False, annual_picture__is_demo=False
    ).exists()


def test_coordination_and_the_report_to_ks_on_the_demo_year(demo_users):
    year = timezone.localdate().year
    client = _client(demo_users["samordnare"])
    page = _text(client.get(reverse("reports:coordination_year", args=[year])).content)
    assert "Stadsledningskontoret" in page
    assert page.count("<li>", page.index("data-tasks")) >= 5
    assert "Lägesbild och åtgärdsplan (demo)" in page
    text = _pdf(
        _client(demo_users["ledamot"]).get(reverse("reports:board_report_document", args=[year]))
    )
    assert "Stadsledningskontoret" in text
    assert "Avhopparverksamhet i samverkan med polisen (demo)" in text


def test_the_cycle_on_the_demo_year(demo_users):
    from trygghet.reports import cycle

    today = timezone.localdate()
    result = cycle.cycle(today.year, today=today)
    steps = {s.key: s for s in result["steps"]}
    assert steps["lagesbild"].state == "done"
    assert steps["atgardsplan"].state == "done"
    assert steps["genomforande"].progress[1] == 4
    page = _text(
        _client(demo_users["samordnare"])
        .get(reverse("reports:cycle_year", args=[today.year]))
        .content
    )
    assert page.count("data-step=") == 9
    assert reverse("lagesbild:annual", args=[today.year]) in page


def test_the_annual_report_is_organised_by_focus_area_and_by_place(demo_users):
    from django.template.loader import render_to_string

    from trygghet.reports.exporters.annual import TEMPLATE, annual_context

    year = timezone.localdate().year
    html = _text(render_to_string(TEMPLATE, {**annual_context(year), "pdf": True}).encode())
    focus = html[html.index("data-by-focus-area") :]
    assert "Särskilt utsatta brottsoffer" in focus
    assert "Stöd till särskilt utsatta brottsoffer med Brottsofferjouren (demo)" in focus
    place = html[html.index("data-by-place") :]
    assert "Bäckby" in place
    assert "Familjestödjare för unga i riskzon" in place  # under "no place"
    assert "Expected short-term effect" in html or "Förväntad effekt på kort sikt" in html
    assert "Stadsledningskontoret" in html[html.index('id="coordination"') :]
