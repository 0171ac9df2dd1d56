"""The meeting pack is cut at the meeting's day (issue #17, item 5): for each kind of
record one dated (or registered, or published) before the meeting and one after; the
pack as the page and the PDF show shows the first and not the second, so that a pack
generated again later says what it said at the meeting."""

import datetime as dt
import io
import re
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse
from pypdf import PdfReader

from core.isoweek import STOCKHOLM, Week
from lagesbild.pictures.services import weekly_picture_publish, weekly_picture_save
from measures.models import Indicator, Measure, SurveyResult
from tests.factories import (
    AllocationFactory,
    BudgetPackageFactory,
    CommitteeFactory,
    CooperationAgreementFactory,
    ExpenditureFactory,
    FollowUpFactory,
    ForecastFactory,
    GoalFactory,
    IndicatorFactory,
    MeasureFactory,
    MeetingFactory,
    OrganisationFactory,
    SurveyResultFactory,
    ThemeFactory,
    UserFactory,
)
from tests.lagesbild.picture_fixtures import trend_week_world

pytestmark = pytest.mark.django_db

MEETING_DAY = dt.date(2026, 3, 12)  # a Thursday
BEFORE = dt.datetime(2026, 2, 2, 10, 0, tzinfo=STOCKHOLM)
ON_THE_DAY = dt.datetime(2026, 3, 12, 20, 0, tzinfo=STOCKHOLM)  # after the meeting, same day
AFTER = dt.datetime(2026, 4, 20, 10, 0, tzinfo=STOCKHOLM)
QUESTION = "Otrygg ute sent en kväll i området"


def _at(moment):
    return time_machine.travel(moment, tick=False)


def _plain(html: str) -> str:
    """Text without tags, no-break spaces as spaces (Swedish number formatting)."""
    text = re.sub(r"<[^>]+>", " ", html).replace("\u202f", " ").replace("\u00a0", " ")
    return re.sub(r"\s+", " ", text)


@pytest.fixture
def meeting():
    return MeetingFactory(
        title="Trygghetsrådet mars",
        starts_at=dt.datetime.combine(MEETING_DAY, dt.time(13, 0), tzinfo=STOCKHOLM),
    )


@pytest.fixture
def budget():
    package = BudgetPackageFactory(name="Trygghetspaket 2026", year=2026, total=Decimal("2000000"))
    allocation = AllocationFactory(
        theme=ThemeFactory(package=package),
        committee=CommitteeFactory(name="Kulturnämnden"),
        amount=Decimal("1000000"),
    )
    first = ExpenditureFactory(
        allocation=allocation, date=dt.date(2026, 2, 10), amount=Decimal("123456")
    )
    ExpenditureFactory(allocation=allocation, date=dt.date(2026, 4, 1), amount=Decimal("654321"))
    # A correction of the first entry, dated after the meeting.
    ExpenditureFactory(
        allocation=allocation, date=dt.date(2026, 4, 2), amount=Decimal("-23456"), corrects=first
    )
    ForecastFactory(allocation=allocation, as_of=dt.date(2026, 2, 28), amount=Decimal("987000"))
    ForecastFactory(allocation=allocation, as_of=dt.date(2026, 6, 30), amount=Decimal("1350000"))
    # A second package of the year, decided after the meeting.
    BudgetPackageFactory(
        name="Tilläggspaket 2026",
        year=2026,
        total=Decimal("500000"),
        decided_on=dt.date(2026, 6, 1),
    )


@pytest.fixture
def goals():
    city, police = OrganisationFactory(name="Västerås stad"), OrganisationFactory(name="LPO")
    housing = OrganisationFactory(name="Mimer")
    ended = CooperationAgreementFactory(
        valid_from=dt.date(2019, 11, 6), valid_to=dt.date(2023, 3, 1), parties=[city, police]
    )
    valid = CooperationAgreementFactory(
        valid_from=dt.date(2023, 6, 1), valid_to=None, parties=[city, police]
    )
    terminated = CooperationAgreementFactory(
        valid_from=dt.date(2024, 1, 1),
        valid_to=dt.date(2027, 12, 31),
        terminated_on=dt.date(2025, 12, 31),
        parties=[city, housing],
    )
    upcoming = CooperationAgreementFactory(
        valid_from=dt.date(2026, 9, 1), valid_to=None, parties=[police, housing]
    )
    for agreement, title in [
        (ended, "Mål ur 2019 års överenskommelse"),
        (valid, "Mål ur gällande överenskommelse"),
        (terminated, "Mål ur uppsagd överenskommelse"),
        (upcoming, "Mål ur kommande överenskommelse"),
    ]:
        GoalFactory(
            title=title, council=None, agreement=agreement, target_date=dt.date(2027, 12, 31)
        )
    # The council's own goal, followed up by the trygghetsmätning.
    goal = GoalFactory(
        title="Tryggare kvällar", baseline_year=2022, target_date=dt.date(2027, 12, 31)
    )
    IndicatorFactory(goal=goal, kind=Indicator.Kind.SURVEY_SHARE, survey_question=QUESTION)
    for year, share in [(2022, "35.2"), (2023, "34.1")]:
        SurveyResultFactory(year=year, question=QUESTION, share_unsafe=Decimal(share))
    SurveyResultFactory(
        survey_name="Trygghetsmätning 2025",
        year=2025,
        question=QUESTION,
        share_unsafe=Decimal("31.4"),
        published_on=dt.date(2026, 2, 20),
    )
    SurveyResultFactory(
        survey_name="Trygghetsmätning våren 2026",
        year=2026,
        question=QUESTION,
        share_unsafe=Decimal("17.3"),
        published_on=dt.date(2026, 5, 20),
    )


@pytest.fixture
def measures():
    with _at(BEFORE):
        lighting = MeasureFactory(
            title="Belysning i Vasaparken",
            status=Measure.Status.PLANNED,
            next_follow_up_due=dt.date(2026, 3, 1),
        )
        FollowUpFactory(measure=lighting, date=dt.date(2026, 2, 2), done="Lamporna beställda")
    with _at(ON_THE_DAY):
        FollowUpFactory(measure=lighting, date=MEETING_DAY, done="Rapport på mötesdagen")
    with _at(AFTER):
        # Completed after the meeting: the pack still counts it as planned and overdue.
        lighting.status = Measure.Status.DONE
        lighting.next_follow_up_due = None
        lighting.save()
        MeasureFactory(title="Nattvandring i Bäckby", status=Measure.Status.ONGOING)
        FollowUpFactory(measure=lighting, date=dt.date(2026, 4, 15), done="Lamporna på plats")
        # Dated before the meeting but written after it: not known at the meeting.
        FollowUpFactory(
            measure=lighting, date=dt.date(2026, 3, 5), done="Efterregistrerad kontroll"
        )


def _status_count(html: str, label: str) -> int:
    found = re.search(rf'<th scope="row">{label}</th><td class="text-end">(\d+)</td>', html)
    assert found, label
    return int(found.group(1))


def _section(html: str, key: str) -> str:
    start = html.index(f'id="section-{key}"')
    return html[start : html.index("</section>", start)]


def test_the_pack_page_shows_what_was_known_on_the_meeting_day(
    client, meeting, budget, goals, measures
):
    client.force_login(UserFactory(role="samordnare"))
    page = client.get(reverse("reports:meeting_pack", args=[meeting.pk])).content.decode()

    budget_html = _plain(_section(page, "budget"))
    assert "Trygghetspaket 2026" in budget_html
    assert "Tilläggspaket 2026" not in budget_html  # decided after the meeting
    assert "123 456 kr" in budget_html  # the spending dated before it …
    assert "654 321" not in budget_html and "754 321" not in budget_html
    assert "100 000 kr" not in budget_html  # … and not net of the later correction
    assert "987 000 kr" in budget_html and "1 350 000" not in budget_html  # forecasts

    goals_html = _plain(_section(page, "goals"))
    assert "Mål ur gällande överenskommelse" in goals_html
    assert "Tryggare kvällar" in goals_html
    for absent in ("2019 års", "uppsagd", "kommande"):
        assert f"Mål ur {absent}" not in goals_html
    assert "31,4 (2025)" in goals_html  # published in February
    assert "17,3" not in goals_html  # published in May

    measures_html = _section(page, "measures")
    assert _status_count(measures_html, "Planerad") == 1
    assert _status_count(measures_html, "Avslutad") == 0
    assert _status_count(measures_html, "Pågående") == 0  # the night walks came later
    assert "1 insats saknar en uppföljning" in measures_html
    assert "Lamporna beställda" in measures_html and "Rapport på mötesdagen" in measures_html
    assert "Lamporna på plats" not in measures_html
    assert "Efterregistrerad kontroll" not in measures_html


def test_the_pack_pdf_is_cut_the_same_way(client, meeting, budget, goals, measures):
    client.force_login(UserFactory(role="samordnare"))
    response = client.get(reverse("reports:meeting_pack_pdf", args=[meeting.pk]))
    assert response.status_code == 200
    reader = PdfReader(io.BytesIO(response.content))
    text = _plain(" ".join(page.extract_text() for page in reader.pages))
    assert "123 456 kr" in text and "654 321" not in text
    assert "987 000 kr" in text and "1 350 000" not in text
    assert "Tilläggspaket 2026" not in text
    assert "Mål ur gällande överenskommelse" in text
    assert "Mål ur 2019 års överenskommelse" not in text
    assert "Mål ur kommande överenskommelse" not in text
    assert "31,4 (2025)" in text and "17,3" not in text
    assert "Lamporna beställda" in text and "Lamporna på plats" not in text


def test_the_same_records_show_in_a_pack_for_a_later_meeting(client, budget, goals, measures):
    later = MeetingFactory(starts_at=dt.datetime(2026, 10, 1, 13, 0, tzinfo=STOCKHOLM))
    client.force_login(UserFactory(role="samordnare"))
    page = client.get(reverse("reports:meeting_pack", args=[later.pk])).content.decode()
    budget_html = _plain(_section(page, "budget"))
    assert "Tilläggspaket 2026" in budget_html
    # 123 456 + 654 321 − 23 456, and the June forecast.
    assert "754 321 kr" in budget_html and "1 350 000 kr" in budget_html
    goals_html = _plain(_section(page, "goals"))
    assert "Mål ur kommande överenskommelse" in goals_html
    assert "17,3 (2026)" in goals_html
    measures_html = _section(page, "measures")
    assert _status_count(measures_html, "Avslutad") == 1
    assert _status_count(measures_html, "Pågående") == 1


def test_survey_figures_without_a_date_count_as_published_at_the_end_of_their_year():
    SurveyResultFactory(year=2025)
    SurveyResultFactory(survey_name="Trygghetsmätning 2026", year=2026)
    dated = SurveyResultFactory(
        survey_name="Extra 2026", year=2026, published_on=dt.date(2026, 3, 1)
    )

    def names(day):
        return sorted(SurveyResult.objects.published_by(day).values_list("survey_name", flat=True))

    assert names(dt.date(2025, 12, 30)) == []
    assert names(dt.date(2025, 12, 31)) == ["Trygghetsmätning 2023"]  # the 2025 figure
    assert names(dt.date(2026, 3, 1)) == [dated.survey_name, "Trygghetsmätning 2023"]
    assert names(dt.date(2026, 12, 31)) == [
        dated.survey_name,
        "Trygghetsmätning 2023",
        "Trygghetsmätning 2026",
    ]


def test_hot_spots_are_named_by_place_or_area_never_by_coordinates(client):
    week = Week(2026, 10)
    world = trend_week_world(week)
    # A second cluster far from any place (in the town): named after the nearest area's
    # centre.
    world.incident(week.monday, area=world.backby, count=25, latitude=59.6050, longitude=16.4760)
    coordinator = UserFactory(role="samordnare")
    weekly_picture_save(
        week=week, assessment="Bråk i Vasaparken.", problems=[], user=coordinator, version=0
    )
    weekly_picture_publish(week=week, user=coordinator)
    meeting = MeetingFactory(starts_at=dt.datetime(2026, 3, 12, 13, 0, tzinfo=STOCKHOLM))

    client.force_login(coordinator)
    page = client.get(reverse("reports:meeting_pack", args=[meeting.pk])).content.decode()
    section = _section(page, "lagesbild")
    html = _plain(section)
    assert "Heta punkter" in html
    hot_list = section[section.index("Heta punkter") :]
    hot_list = hot_list[: hot_list.index("</ul>")]
    # The cells Gi* marks around a cluster are part of its hot spot, not spots of their own.
    assert [_plain(item).strip() for item in re.findall(r"<li>(.*?)</li>", hot_list)] == [
        "Vasaparken: 30 händelser – het punkt (99 %)",
        "i Bäckby: 25 händelser – het punkt (95 %)",
    ]
    assert "59,6" not in html and "16,5" not in html and "16,4" not in html

    # Council members see no places, so no hot spots either.
    client.force_login(UserFactory(role="ledamot"))
    meeting.pack_published_at = meeting.starts_at - dt.timedelta(days=7)
    meeting.save()
    page = client.get(reverse("reports:meeting_pack", args=[meeting.pk])).content.decode()
    assert "Heta punkter" not in _section(page, "lagesbild")
