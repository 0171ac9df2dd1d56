"""The åtgärdsplan as a document, the samordningsfunktion with its report to KS and the
year's cycle (issue #20 items 3, 4 and 6), on factory rows."""

import datetime as dt
import io
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from budget.models import PlanFunding
from councils.models import BoardReport, Meeting
from tests.factories import (
    ActionPlanEntryFactory,
    ActionPlanFactory,
    AllocationFactory,
    CommitteeFactory,
    CouncilFactory,
    MeasureFactory,
)
from trygghet.models import CycleDeadline, QuarterlyAnalysis
from trygghet.reports import cycle

pytestmark = pytest.mark.django_db


def _pdf(response) -> str:
    data = b"".join(response.streaming_content) if response.streaming else response.content
    assert data.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(data))
    text = "\n".join(page.extract_text() for page in reader.pages)
    return text.replace("\u202f", " ").replace("\u00a0", " ")


def test_the_plan_prints_every_part_brå_asks_for_with_the_kronor(role_users, client):
    plan = ActionPlanFactory(
        title="Åtgärdsplan 2026",
        adopted_on=dt.date(2026, 3, 2),
        adopted_by="Kommunfullmäktige",
        decision_reference="KF 2026-03-02 § 7",
    )
    entry = ActionPlanEntryFactory(
        plan=plan,
        measure=MeasureFactory(title="Familjestöd", kind="social", target_group="Unga 12–17"),
        heading="Unga i riskzon",
        goal_text="Färre unga i kriminella miljöer.",
        effect_short="Fler familjer tar emot stöd.",
        effect_long="Färre orosanmälningar.",
        activities="Uppsökande familjestöd",
        milestones="Kvartal 1: anställda",
        resources="Fyra familjestödjare.",
        indicator="Orosanmälningar per år.",
        follow_up_method="Kvartalsvis av socialtjänsten.",
    )
    PlanFunding.objects.create(
        entry=entry, allocation=AllocationFactory(amount=Decimal("4500000")), amount=1_500_000
    )
    client.force_login(role_users["ledamot"])
    response = client.get(reverse("reports:action_plan_document", args=[plan.pk]))
    assert response["Content-Disposition"].startswith("attachment")
    text = _pdf(response)
    for part in (
        "Kommunfullmäktige",
        "KF 2026-03-02 § 7",
        "Unga i riskzon",
        "Färre unga i kriminella miljöer.",
        "Fler familjer tar emot stöd.",
        "Färre orosanmälningar.",
        "Uppsökande familjestöd",
        "Kvartal 1: anställda",
        "Fyra familjestödjare.",
        "1 500 000 kr",
        "Orosanmälningar per år.",
        "Kvartalsvis av socialtjänsten.",
        "Unga 12–17",
    ):
        assert part in text, part
    html = client.get(reverse("reports:action_plan_document", args=[plan.pk]), {"format": "html"})
    assert html["Content-Type"].startswith("text/html")
    assert (
        client.get(
            reverse("reports:action_plan_document", args=[plan.pk]), {"format": "docx"}
        ).status_code
        == 404
    )


def test_coordination_shows_who_the_tasks_the_rhythm_and_the_reports(role_users, client):
    council = CouncilFactory(
        coordinated_by="Stadsledningskontoret",
        coordinator_tasks="arbeta nära polisen\nta fram en lägesbild",
        meetings_per_year_min=3,
        meetings_per_year_max=4,
    )
    year = timezone.localdate().year
    for month in (2, 5):
        Meeting.objects.create(
            council=council,
            title=f"Rådet {month}",
            starts_at=dt.datetime(year, month, 10, 9, tzinfo=dt.UTC),
            status=Meeting.Status.HELD,
        )
    ks = CommitteeFactory(name="Kommunstyrelsen", short_name="KS")
    client.force_login(role_users["samordnare"])
    url = reverse("reports:coordination_year", args=[year])
    page = client.get(url).content.decode()
    assert "Stadsledningskontoret" in page and "Arbeta nära polisen" in page
    assert "2 hålls" in page or "2 held" in page or "data-rhythm" in page
    # Registering a report to kommunstyrelsen.
    response = client.post(
        reverse("reports:board_report_create", args=[year]),
        {"date": f"{year}-03-20", "title": "Lägesrapport", "reference": "KS 2026/12"},
    )
    assert response.status_code == 302
    assert BoardReport.objects.get().committee == ks
    page = client.get(url).content.decode()
    assert "Lägesrapport" in page and "KS 2026/12" in page
    # An empty title is refused with the form shown again.
    refused = client.post(reverse("reports:board_report_create", args=[year]), {"date": ""})
    assert refused.status_code == 400
    # The report to kommunstyrelsen.
    text = _pdf(client.get(reverse("reports:board_report_document", args=[year])))
    assert "Stadsledningskontoret" in text and "Lägesrapport" in text
    # The reports page points to the report to kommunstyrelsen.
    listing = client.get(reverse("reports:report_list")).content.decode()
    assert reverse("reports:board_report_document", args=[year - 1]) in listing
    assert "2 held" in text or "2 hållna" in text or "2 " in text


def test_an_invalid_year_is_not_found(role_users, client):
    client.force_login(role_users["samordnare"])
    assert client.get(reverse("reports:cycle_year", args=[1999])).status_code == 404
    assert client.get(reverse("reports:coordination_year", args=[3000])).status_code == 404


@time_machine.travel(dt.datetime(2026, 8, 1, 12, tzinfo=dt.UTC), tick=False)
def test_the_cycle_reads_done_due_and_late_from_the_records():
    from lagesbild.models import AnnualPicture, Problem

    today = dt.date(2026, 8, 1)
    steps = {s.key: s for s in cycle.cycle(2026, today=today)["steps"]}
    # Nothing recorded: the picture, the analysis and the plan are late; the rest due.
    assert steps["lagesbild"].state == "late"
    assert steps["orsaksanalys"].state == "late"
    assert steps["atgardsplan"].state == "late"
    assert steps["genomforande"].state == "due"
    assert steps["uppfoljning"].state == "due"

    picture = AnnualPicture.objects.create(
        year=2026, status="published", snapshot={}, published_at=timezone.now()
    )
    Problem.objects.create(
        annual_picture=picture, rank=1, title="A", description="d", cause_place="Mörkt"
    )
    Problem.objects.create(annual_picture=picture, rank=2, title="B", description="d")
    plan = ActionPlanFactory(adopted_on=dt.date(2026, 5, 1), adopted_by="Kommunstyrelsen")
    ActionPlanEntryFactory(plan=plan, measure=MeasureFactory(status="pagaende"))
    result = cycle.cycle(2026, today=today)
    steps = {s.key: s for s in result["steps"]}
    assert steps["lagesbild"].state == "done"
    assert steps["orsaksanalys"].state == "late" and steps["orsaksanalys"].progress == (1, 2)
    assert steps["atgardsplan"].state == "done"
    assert steps["genomforande"].state == "done"
    assert steps["uppfoljning"].state == "due"
    quarters = {s.key: s for s in result["quarters"]}
    assert quarters["q1"].state == "late" and quarters["q3"].state == "due"

    # A due date moved for the year moves the state.
    CycleDeadline.objects.create(year=2026, step="orsaksanalys", due=dt.date(2026, 9, 30))
    QuarterlyAnalysis.objects.create(
        year=2026, quarter=1, analysis="Som förut.", concluded_on=dt.date(2026, 4, 10)
    )
    result = cycle.cycle(2026, today=today)
    steps = {s.key: s for s in result["steps"]}
    assert steps["orsaksanalys"].state == "due"
    assert {s.key: s for s in result["quarters"]}["q1"].state == "done"


def test_the_coordinator_writes_a_quarterly_analysis_and_sees_the_cycle_on_the_start_page(
    role_users, client
):
    year = timezone.localdate().year
    client.force_login(role_users["samordnare"])
    response = client.post(
        reverse("reports:quarterly_analysis_create", args=[year]),
        {"quarter": "1", "concluded_on": f"{year}-04-15", "analysis": "Helgkvällar i Centrum."},
    )
    assert response.status_code == 302
    assert QuarterlyAnalysis.objects.get().quarter == 1
    again = client.post(
        reverse("reports:quarterly_analysis_create", args=[year]),
        {"quarter": "1", "concluded_on": f"{year}-04-16", "analysis": "En gång till."},
    )
    assert again.status_code == 400
    page = client.get(reverse("reports:cycle_year", args=[year])).content.decode()
    assert 'data-step="q1"' in page and "Helgkvällar i Centrum." in page
    start = client.get(reverse("dashboard")).content.decode()
    assert "data-cycle-panel" in start and reverse("reports:cycle") in start
    client.force_login(role_users["polis"])
    assert "data-cycle-panel" not in client.get(reverse("dashboard")).content.decode()
