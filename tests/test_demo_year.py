"""The demo year (`seed_vasteras --demo`), loaded once per run: its shape, its separation
from the facts of the seeds, and every page and report rendered on it.

The demo is what a new user sees first and what the journeys in Chromium run on; a page
that works on a handful of rows and fails on a year of data fails here.
"""

import io

import pytest
from django.core.management import call_command
from django.db.models import Count, Max, Min
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from core.isoweek import Week
from tests.matrix import ROLES
from tests.pages import matrix_objects, page_urls
from tests.test_role_matrix import ROUTES

pytestmark = pytest.mark.usefixtures("demo_db")


def _text(response) -> str:
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return body.decode().replace("\u202f", " ").replace("\u00a0", " ")


def _pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() for page in reader.pages).replace("\u202f", " ")


# --- The shape of the year ------------------------------------------------------------


def test_thirteen_months_of_reports_from_four_organisations_ending_last_week():
    from lagesbild.models import Incident

    last = Week.last(timezone.localdate())
    span = Incident.objects.aggregate(first=Min("occurred_on"), last=Max("occurred_on"))
    assert last.monday <= span["last"] <= last.sunday
    assert (span["last"] - span["first"]).days >= 395  # 13 months
    organisations = set(Incident.objects.values_list("organisation__name", flat=True))
    assert organisations == {
        "Lokalpolisområde Västerås",
        "Mimer",
        "Tekniska förvaltningen",
        "Bevakningsbolaget Demo AB",
    }
    # The police report every week; some partners miss a week now and then.
    weeks = len(last.shift(-59).until(last))
    per_org_weeks = {
        name: Incident.objects.filter(organisation__name=name)
        .values("iso_year", "iso_week")
        .distinct()
        .count()
        for name in organisations
    }
    assert per_org_weeks["Lokalpolisområde Västerås"] == weeks
    assert any(n < weeks for n in per_org_weeks.values())


def test_patterns_a_coordinator_recognises():
    from lagesbild.models import Incident

    qs = Incident.objects.all()
    # Friday and Saturday nights are busier than Tuesday nights (police and security).
    night = qs.filter(organisation__kind__in=["polis", "bevakning"])
    fri_sat = night.filter(occurred_on__week_day__in=[6, 7]).count()
    tuesday = night.filter(occurred_on__week_day=3).count()
    assert fri_sat > 2.5 * tuesday
    # Mimer's staff find things on weekdays.
    mimer = qs.filter(organisation__name="Mimer")
    assert mimer.filter(occurred_on__week_day__in=[1, 7]).count() < 0.05 * mimer.count()
    # Hot places: Vasaparken alone has more than the five quietest areas together.
    vasaparken = qs.filter(place__name="Vasaparken").count()
    quiet = qs.values("area").annotate(n=Count("id")).order_by("n").values_list("n", flat=True)[:5]
    assert vasaparken > sum(quiet)


def test_every_week_but_the_last_is_published_and_the_annual_picture_ranks_problems():
    from lagesbild.models import AnnualPicture, WeeklyPicture

    last = Week.last(timezone.localdate())
    published = WeeklyPicture.objects.filter(status="published")
    assert published.count() == 59
    assert not published.filter(iso_year=last.iso_year, iso_week=last.iso_week).exists()
    assert all(p.snapshot["totals"] for p in published[:5])
    annual = AnnualPicture.objects.get(year=last.iso_year)
    assert annual.is_published and annual.is_demo
    problems = list(annual.problems.order_by("rank"))
    assert [p.rank for p in problems] == [1, 2, 3]
    assert all(p.cause_place and p.cause_offenders and p.areas.exists() for p in problems)


def test_measures_have_follow_ups_effect_windows_and_problems():
    from measures.models import Measure

    started = Measure.objects.filter(is_demo=True, start_date__lte=timezone.localdate())
    assert started.count() >= 3
    for measure in started:
        assert measure.follow_ups.exists(), measure
        # Place-based work has its areas; social prevention its target group instead.
        if measure.kind == Measure.Kind.PLACE:
            assert measure.areas.exists(), measure
        else:
            assert measure.target_group and measure.focus_areas.exists(), measure
    assert started.filter(problems__isnull=False).exists()
    assert started.filter(kind=Measure.Kind.SOCIAL).count() == 3


def test_held_meetings_with_packs_and_decisions_and_a_next_one():
    from councils.models import Meeting

    demo = Meeting.objects.filter(is_demo=True)
    held = demo.filter(status=Meeting.Status.HELD)
    assert held.count() == 3
    assert all(m.decisions.exists() and m.pack_published_at for m in held)
    upcoming = demo.filter(starts_at__gt=timezone.now())
    assert upcoming.count() == 1
    # Councils meet on weekdays.
    assert all(timezone.localtime(m.starts_at).weekday() < 5 for m in demo)


# --- Demo never mixes with facts ------------------------------------------------------


def test_nothing_of_the_demo_hangs_on_the_real_package_meeting_or_agreements():
    from budget.models import BudgetPackage, Expenditure, Forecast
    from councils.models import CooperationAgreement, Decision, Meeting
    from measures.models import Goal, Measure, SurveyResult

    real_package = BudgetPackage.objects.get(is_demo=False, year=2023)
    assert not Expenditure.objects.filter(allocation__theme__package=real_package).exists()
    assert not Forecast.objects.filter(allocation__theme__package=real_package).exists()
    assert not real_package.themes.filter(allocations__activities__measures__isnull=False).exists()
    for meeting in Meeting.objects.filter(is_demo=False):
        assert not Decision.objects.filter(meeting=meeting).exists(), meeting
    assert not CooperationAgreement.objects.filter(is_demo=True).exists()
    assert not Goal.objects.filter(is_demo=True, agreement__isnull=False).exists()
    # Every demo measure, survey value and decision is marked.
    assert not Measure.objects.filter(is_demo=False).exists()
    assert not SurveyResult.objects.filter(is_demo=False).exists()
    assert Decision.objects.filter(meeting__is_demo=True).count() == 3


def test_real_goals_read_no_demo_survey_values():
    from measures.goals.indicators import Verdict, goal_status
    from measures.models import Goal

    real = Goal.objects.get(title="Den upplevda tryggheten ska öka")
    demo = Goal.objects.get(is_demo=True)
    real_points = [
        p for r in goal_status(real, exact=True).results for p in r.points if p.value is not None
    ]
    demo_points = [
        p for r in goal_status(demo, exact=True).results for p in r.points if p.value is not None
    ]
    assert real_points == []
    assert demo_points
    # Nor do the demo's incidents judge a real goal: its periods say why they are empty.
    crime = goal_status(Goal.objects.get(title="Brottsligheten ska minska"), exact=True)
    values = [p for r in crime.results for p in r.points if p.value is not None]
    assert values == [] and crime.verdict.verdict == Verdict.TOO_LITTLE
    notes = {p.note for r in crime.results for p in r.points}
    assert "demodata: räknas inte för ett verkligt mål" in notes


def test_demo_badge_on_pages_and_documents(client, demo_users):
    from councils.models import Meeting
    from measures.models import Measure

    client.force_login(demo_users["samordnare"])
    board = _text(client.get(reverse("measures:board")))
    assert board.count('class="badge text-bg-warning demo-badge"') >= Measure.objects.count()
    meeting = Meeting.objects.filter(is_demo=True).first()
    page = _text(client.get(reverse("councils:meeting_detail", kwargs={"pk": meeting.pk})))
    assert "demo-badge" in page
    real = Meeting.objects.filter(is_demo=False).first()
    page = _text(client.get(reverse("councils:meeting_detail", kwargs={"pk": real.pk})))
    # The navigation says the installation holds demo data; the real meeting has no badge.
    assert page.count("demo-badge") == 1
    pdf = client.get(reverse("reports:meeting_pack_pdf", kwargs={"pk": meeting.pk}))
    assert "Demo" in _pdf_text(b"".join(pdf.streaming_content) if pdf.streaming else pdf.content)
    # The demo's EST meetings: every row of the list, and the minutes.
    from measures.models import EstMeeting

    meetings = _text(client.get(reverse("measures:est_meetings")))
    assert meetings.count("demo-badge") == 1 + EstMeeting.objects.filter(is_demo=True).count()
    est = EstMeeting.objects.filter(is_demo=True).first()
    minutes = _text(client.get(reverse("measures:est_meeting_detail", kwargs={"pk": est.pk})))
    assert minutes.count("demo-badge") == 2


# --- Every page and report on the demo ------------------------------------------------


@pytest.mark.parametrize("who", ROLES)
def test_every_page_answers_on_the_demo_year(who, demo_users):
    """Every page of the role matrix, as each role, over the whole demo year."""
    objects = matrix_objects(demo_users)
    client = Client()
    client.force_login(demo_users[who])
    urls = page_urls(who, objects)
    assert len(urls) > 10
    for name, url in urls:
        response = client.get(url)
        assert response.status_code == 200, (who, name, url, response.status_code)


def _expect(name: str, who: str) -> int:
    return next(r.expect[who] for _, r in ROUTES if r.name == name)


def _demo_object_urls() -> list[tuple[str, str]]:
    from budget.models import BudgetPackage
    from councils.models import Meeting
    from lagesbild.models import Problem
    from measures.models import Goal, Measure

    last = Week.last(timezone.localdate())
    urls = [
        ("lagesbild:weekly", {"week": str(last)}),
        ("lagesbild:weekly", {"week": str(last.shift(-1))}),
        ("lagesbild:weekly_aggregate", {"week": str(last.shift(-1))}),
        ("lagesbild:annual", {"year": last.iso_year}),
    ]
    urls += [("lagesbild:problem_detail", {"pk": p.pk}) for p in Problem.objects.all()]
    for m in Measure.objects.all():
        urls += [
            ("measures:measure_detail", {"pk": m.pk}),
            ("measures:measure_effect", {"pk": m.pk}),
        ]
    urls += [("measures:goal_detail", {"pk": g.pk}) for g in Goal.objects.all()]
    for m in Meeting.objects.filter(is_demo=True):
        urls += [("councils:meeting_detail", {"pk": m.pk}), ("reports:meeting_pack", {"pk": m.pk})]
    for p in BudgetPackage.objects.all():
        urls += [
            (n, {"pk": p.pk}) for n in ("budget:package_detail", "budget:spending", "budget:trail")
        ]
    return [(name, reverse(name, kwargs=kwargs)) for name, kwargs in urls]


@pytest.mark.parametrize("who", ROLES)
def test_every_demo_record_page_answers(who, demo_users):
    """The pages of the demo's own records: every week shown, problem, measure, goal,
    meeting and package, as each role that may read them."""
    client = Client()
    client.force_login(demo_users[who])
    from measures.models import Measure

    # A reporter reads the measures of their own organisation (an EST meeting's action
    # gives the demo's Mimer one), which the matrix's police measure is not.
    own = {
        reverse(n, kwargs={"pk": pk})
        for pk in Measure.objects.visible_to(demo_users[who]).values_list("pk", flat=True)
        for n in ("measures:measure_detail", "measures:measure_effect")
    }
    for name, url in _demo_object_urls():
        response = client.get(url)
        expected = 200 if url in own else _expect(name, who)
        if expected == 200:
            assert response.status_code == 200, (who, url, response.status_code)
        else:
            assert response.status_code in (403, 404), (who, url, response.status_code)


def test_the_ledamot_reads_the_week_the_pack_and_the_annual_picture(demo_users):
    from councils.models import Meeting

    client = Client()
    client.force_login(demo_users["ledamot"])
    week = Week.last(timezone.localdate()).shift(-1)
    aggregate = _text(client.get(reverse("lagesbild:weekly_aggregate", kwargs={"week": str(week)})))
    assert "< 3" in aggregate or "&lt; 3" in aggregate
    meeting = Meeting.objects.filter(is_demo=True, starts_at__gt=timezone.now()).get()
    pack = _text(client.get(reverse("reports:meeting_pack", kwargs={"pk": meeting.pk})))
    assert "Veckans EST-lägesbild" in pack
    assert week.label.lower() in pack.lower()
    annual = _text(client.get(reverse("lagesbild:annual", kwargs={"year": week.iso_year})))
    assert "Samlingar och bråk kring Resecentrum kvällstid" in annual


@pytest.mark.parametrize("kind", ["weekly", "annual", "meeting_pack"])
def test_every_report_is_generated_on_the_demo_year(kind, demo_users, settings):
    """The three reports as PDF and HTML from the demo year, through the exporters the
    worker runs."""
    from councils.models import Meeting
    from trygghet.reports.exporters import EXPORTERS

    last = Week.last(timezone.localdate())
    key = {
        "weekly": str(last.shift(-1)),
        "annual": str(last.iso_year),
        "meeting_pack": f"meeting-{Meeting.objects.filter(is_demo=True).latest('starts_at').pk}",
    }[kind]
    _name, mimetype, pdf = EXPORTERS[kind].render({"key": key, "format": "pdf"})
    assert mimetype == "application/pdf"
    text = _pdf_text(pdf)
    assert "Demo" in text
    expected = {
        "weekly": "Vasaparken",
        "annual": "Skadegörelse i trapphus och källare i Bäckby och Råby",
        "meeting_pack": "Veckans EST-lägesbild",
    }[kind]
    assert expected in text.replace("\n", " ")
    _name, mimetype, html = EXPORTERS[kind].render({"key": key, "format": "html"})
    assert "demo-mark" in html.decode()


def test_a_second_seed_changes_nothing():
    from councils.models import Meeting
    from lagesbild.models import Incident, WeeklyPicture
    from measures.models import FollowUp, Measure

    models = (Incident, WeeklyPicture, Measure, FollowUp, Meeting)
    before = {m: m.objects.count() for m in models}
    call_command("seed_vasteras", "--demo", stdout=io.StringIO())
    assert {m: m.objects.count() for m in models} == before
