"""Indicators computed from incidents and survey results, checked against hand counts."""

import datetime as dt
from decimal import Decimal

import pytest

from measures.goals.indicators import Verdict, incident_points, indicator_result, survey_points
from measures.models import Goal, Indicator
from tests.factories import (
    AreaFactory,
    AreaPopulationFactory,
    CategoryFactory,
    GoalFactory,
    IncidentFactory,
    IndicatorFactory,
    SurveyResultFactory,
)

TODAY = dt.date(2024, 2, 1)


@pytest.fixture
def world(db):
    """Three areas, a main category with an event, another main category, incidents."""
    a, b, c = AreaFactory(name="Aby"), AreaFactory(name="Bby"), AreaFactory(name="Cby")
    damage = CategoryFactory(name="Skadegörelse")
    graffiti = CategoryFactory(name="Klotter", parent=damage)
    unsafe_place = CategoryFactory(name="Otrygg plats")
    for day, area, category, count in [
        ("2021-01-01", a, graffiti, 2),  # first incident of all: registration starts
        ("2021-06-15", a, damage, 1),
        ("2021-07-01", b, graffiti, 1),
        ("2021-03-01", a, unsafe_place, 5),  # other category: not counted
        ("2022-02-02", b, graffiti, 4),
        ("2022-12-31", a, graffiti, 1),
        ("2023-05-05", c, graffiti, 7),  # other area: not counted
        ("2023-12-31", a, graffiti, 2),
        ("2024-01-15", a, graffiti, 9),  # the running year: left out
    ]:
        IncidentFactory(
            occurred_on=dt.date.fromisoformat(day), area=area, category=category, count=count
        )
    for area, year, population in [
        (a, 2021, 2000),
        (b, 2021, 3000),
        (a, 2022, 2000),
        (b, 2022, 3000),
        (a, 2023, 2500),  # Bby has no figure for 2023
        (c, 2023, 99999),
    ]:
        AreaPopulationFactory(area=area, year=year, population=population)
    return {"a": a, "b": b, "c": c, "damage": damage}


def _values(points):
    return {p.label: p.value for p in points}


def test_incident_count_per_year_in_areas_and_main_category(world):
    indicator = IndicatorFactory(
        goal=GoalFactory(baseline_year=2021),
        areas=[world["a"], world["b"]],
        categories=[world["damage"]],
    )
    points = incident_points(indicator, 2021, TODAY)
    # 2021: 2 + 1 (Aby) + 1 (Bby); 2022: 4 + 1; 2023: 2. 2024 is running.
    assert _values(points) == {"2021": 4, "2022": 5, "2023": 2}
    assert [p.events for p in points] == [4, 5, 2]


def test_incident_rate_per_1000_inhabitants_uses_the_areas_population_of_the_year(world):
    indicator = IndicatorFactory(
        goal=GoalFactory(baseline_year=2021),
        kind=Indicator.Kind.INCIDENT_RATE,
        areas=[world["a"], world["b"]],
        categories=[world["damage"]],
    )
    points = incident_points(indicator, 2021, TODAY)
    # 4 incidents / 5 000 inhabitants × 1 000 = 0,80; 5 / 5 000 × 1 000 = 1,00.
    assert _values(points) == {"2021": Decimal("0.80"), "2022": Decimal("1.00"), "2023": None}
    assert "2023" in points[2].note  # Bby's population for 2023 is missing


def test_rate_for_the_whole_municipality_sums_every_area(world):
    indicator = IndicatorFactory(
        goal=GoalFactory(baseline_year=2023), kind=Indicator.Kind.INCIDENT_RATE
    )
    points = incident_points(indicator, 2023, TODAY)
    # 2023, all areas and categories: 7 (Cby) + 2 (Aby) = 9 per 2 500 + 99 999 inhabitants.
    assert _values(points) == {"2023": (Decimal(9000) / Decimal(102499)).quantize(Decimal("0.01"))}


def test_quarters_and_periods_before_registration_started(world):
    indicator = IndicatorFactory(
        goal=GoalFactory(baseline_year=2020),
        granularity=Indicator.Granularity.QUARTER,
        areas=[world["a"], world["b"]],
        categories=[world["damage"]],
    )
    values = _values(incident_points(indicator, 2020, TODAY))
    # 2020 lies before the first incident: no data, not zero.
    assert [values[f"2020 K{q}"] for q in range(1, 5)] == [None] * 4
    assert [values[f"2021 K{q}"] for q in range(1, 5)] == [2, 1, 1, 0]
    assert [values[f"2022 K{q}"] for q in range(1, 5)] == [4, 0, 0, 1]
    assert values["2023 K4"] == 2
    assert "2024 K1" not in values  # the running quarter


@pytest.mark.django_db
def test_survey_share_is_weighted_by_respondents_and_skips_too_few(settings):
    settings.SURVEY_MIN_RESPONDENTS = 30
    a, b, c = AreaFactory(name="Aby"), AreaFactory(name="Bby"), AreaFactory(name="Cby")
    question = "Otrygg ute sent en kväll"
    for year, area, share, n in [
        (2021, a, 30, 100),
        (2021, b, 20, 300),
        (2021, c, 90, 10),  # too few respondents: not used
        (2022, c, 50, 12),  # the only figure of 2022 is from too few
        (2023, a, 10, 50),
        (2023, None, 99, 5000),  # the whole city: not part of an area indicator
    ]:
        SurveyResultFactory(year=year, area=area, share_unsafe=share, respondents=n)
    indicator = IndicatorFactory(
        goal=GoalFactory(baseline_year=2021),
        kind=Indicator.Kind.SURVEY_SHARE,
        survey_question=question,
        areas=[a, b, c],
    )
    points = survey_points(indicator, 2021, TODAY)
    # 2021: (30 × 100 + 20 × 300) / 400 = 22,5.
    assert _values(points) == {"2021": Decimal("22.5"), "2022": None, "2023": Decimal("10.0")}
    assert points[1].note == "för få svar"
    assert points[0].respondents == 410
    city = IndicatorFactory(
        goal=indicator.goal, kind=Indicator.Kind.SURVEY_SHARE, survey_question=question
    )
    assert _values(survey_points(city, 2021, TODAY))["2023"] == Decimal("99.0")


@pytest.mark.parametrize("granularity", [Indicator.Granularity.YEAR, Indicator.Granularity.QUARTER])
@pytest.mark.parametrize("filtered", [True, False])
def test_monthly_counts_give_what_counting_incidents_gives(world, granularity, filtered):
    """The trigger-kept monthly counts must agree with counting the incidents."""
    import random

    rng = random.Random(4)
    areas = [world["a"], world["b"], world["c"]]
    for _ in range(120):
        day = dt.date(2021, 1, 1) + dt.timedelta(days=rng.randrange(3 * 365 + 30))
        IncidentFactory(
            occurred_on=day,
            area=rng.choice(areas),
            category=world["damage"]
            if rng.random() < 0.3
            else CategoryFactory(name="Klotter", parent=world["damage"]),
            count=rng.randint(1, 4),
        )
    indicator = IndicatorFactory(
        goal=GoalFactory(baseline_year=2021),
        granularity=granularity,
        areas=[world["a"], world["c"]] if filtered else [],
        categories=[world["damage"]] if filtered else [],
    )
    counted = [(p.label, p.events, p.value) for p in incident_points(indicator, 2021, TODAY)]
    recounted = incident_points(indicator, 2021, TODAY, recount=True)
    from_incidents = [(p.label, p.events, p.value) for p in recounted]
    assert counted == from_incidents
    assert sum(events for _label, events, _value in counted if events) > 0


@pytest.mark.django_db
def test_a_partial_first_quarter_is_shown_but_does_not_decide_the_verdict():
    area, category = AreaFactory(name="Aby"), CategoryFactory(name="Skadegörelse")
    for day, count in [
        ("2021-02-15", 1),  # registration starts mid-quarter: 2021 K1 is incomplete
        ("2021-05-01", 12),
        ("2021-08-01", 11),
        ("2021-11-01", 10),
        ("2022-02-01", 9),
        ("2022-05-01", 8),
        ("2022-08-01", 7),
        ("2022-11-01", 6),
    ]:
        IncidentFactory(
            occurred_on=dt.date.fromisoformat(day), area=area, category=category, count=count
        )
    goal = GoalFactory(baseline_year=2021, direction=Goal.Direction.FALL)
    indicator = IndicatorFactory(goal=goal, granularity=Indicator.Granularity.QUARTER)
    result = indicator_result(indicator, main=True, today=dt.date(2023, 1, 10), exact=True)
    first = result.points[0]
    assert (first.label, first.value, first.partial) == ("2021 K1", 1, True)
    assert "ofullständig" in first.note and "15 februari 2021" in first.note
    # The partial K1 (one incident) is no point: the seven whole quarters fall steadily.
    assert result.verdict.verdict == Verdict.ON_TRACK
    # The baseline stands in from the first whole quarter, and says so.
    assert (result.baseline, result.baseline_label) == (12, "2021 K2")


def test_a_quarter_ending_today_is_still_running():
    from measures.goals.indicators import periods

    quarters = Indicator.Granularity.QUARTER
    assert periods(quarters, 2023, dt.date(2024, 3, 31))[-1].label == "2023 K4"
    assert periods(quarters, 2023, dt.date(2024, 4, 1))[-1].label == "2024 K1"
    assert periods(Indicator.Granularity.YEAR, 2022, dt.date(2024, 12, 31))[-1].label == "2023"


@pytest.mark.parametrize(("demo_day", "skipped"), [("2022-01-01", "2022"), ("2021-12-31", "2021")])
def test_a_real_goal_skips_every_period_the_demo_incidents_touch(world, demo_day, skipped):
    """Demo incidents on a year's first or last day take that whole year out of a real
    goal's points, and no other year."""
    IncidentFactory(
        occurred_on=dt.date.fromisoformat(demo_day), area=world["a"], count=50, source="demo"
    )
    indicator = IndicatorFactory(goal=GoalFactory(baseline_year=2021), areas=[world["a"]])
    points = {p.label: p for p in incident_points(indicator, 2021, TODAY)}
    assert points[skipped].value is None and "demo" in points[skipped].note
    assert all(p.value is not None for label, p in points.items() if label != skipped)


def test_members_see_no_count_of_one_or_two_and_nothing_that_gives_it_away(world):
    """A count of 1 or 2 is hidden ("< 3"), and the trend with them; 0 and 3 are shown."""
    area = AreaFactory(name="Dby")
    for month, n in [(5, 1), (8, 2), (11, 3)]:
        IncidentFactory(occurred_on=dt.date(2021, month, 1), area=area, count=n)
    indicator = IndicatorFactory(
        goal=GoalFactory(baseline_year=2021),
        granularity=Indicator.Granularity.QUARTER,
        areas=[area],
    )
    exact = indicator_result(indicator, main=False, today=TODAY, exact=True)
    assert [p.events for p in exact.points][:5] == [0, 1, 2, 3, 0]
    gated = indicator_result(indicator, main=False, today=TODAY, exact=False)
    assert [p.events for p in gated.points][:5] == [0, "< 3", "< 3", 3, 0]
    assert [p.value for p in gated.points][:5] == [0, None, None, 3, 0]
    assert gated.baseline == 0  # the first point is a real zero, shown
    assert "färre än 3" in gated.points[1].note
    assert gated.verdict.slope is None and "trendlinjen visas inte" in gated.verdict.reason


def test_a_hidden_first_period_takes_the_baseline_with_it(world):
    area = AreaFactory(name="Eby")
    for year, n in [(2021, 2), (2022, 5), (2023, 4)]:
        IncidentFactory(occurred_on=dt.date(year, 5, 1), area=area, count=n)
    indicator = IndicatorFactory(goal=GoalFactory(baseline_year=2021), areas=[area])
    assert indicator_result(indicator, main=False, today=TODAY, exact=True).baseline == 2
    assert indicator_result(indicator, main=False, today=TODAY, exact=False).baseline is None
    shown = IndicatorFactory(goal=GoalFactory(baseline_year=2022), areas=[area])
    assert indicator_result(shown, main=False, today=TODAY, exact=False).baseline == 5


@pytest.mark.django_db
def test_survey_comparison_weights_surveys_by_respondents_and_marks_too_few(settings):
    """Areas × years of one question: two surveys of a year weighted by respondents, the
    whole municipality first, a figure from fewer than the minimum marked and left out
    of the chart; 30 respondents (the minimum) are enough."""
    from measures.goals.indicators import survey_comparison

    settings.SURVEY_MIN_RESPONDENTS = 30
    aby, bby = AreaFactory(name="Aby"), AreaFactory(name="Bby")
    question, other = "Otrygg ute sent en kväll", "Otrygg i centrum"
    for survey, year, area, share, n in [
        ("Polisens", 2022, aby, 30, 100),
        ("Kommunens", 2022, aby, 20, 300),  # 2022 in Aby: (3 000 + 6 000) / 400 = 22,5
        ("Polisens", 2023, aby, 40, 30),  # just enough
        ("Polisens", 2023, bby, 90, 29),  # too few
        ("Polisens", 2023, None, 15, 1000),  # the whole municipality
    ]:
        SurveyResultFactory(
            survey_name=survey, year=year, area=area, share_unsafe=share, respondents=n
        )
    SurveyResultFactory(
        survey_name="Polisens", question=other, share_unsafe=None, mean_score=3, year=2023
    )
    table = survey_comparison(question=question)
    assert table.surveys == ["Kommunens", "Polisens"]
    assert table.questions == [other, question]
    assert (table.question, table.column, table.years) == (question, "share_unsafe", [2022, 2023])
    rows = dict(table.rows)
    assert [name for name, _cells in table.rows] == ["Hela Västerås", "Aby", "Bby"]
    assert [(c.value, c.respondents, c.too_few) for c in rows["Aby"]] == [
        (Decimal("22.5"), 400, False),
        (Decimal("40.0"), 30, False),
    ]
    assert rows["Bby"][0] is None and rows["Bby"][1].too_few
    assert "<svg" in table.chart
    # One survey only (its own 20 % in Aby), and a question asked only as a mean score.
    assert [c.value for c in dict(survey_comparison(survey="Kommunens").rows)["Aby"]] == [
        Decimal("20.0")
    ]
    score = survey_comparison(question=other)
    assert score.column == "mean_score" and score.rows[0][1][0].value == Decimal("3.0")
    assert survey_comparison(question=question, column="mean_score").rows == []
