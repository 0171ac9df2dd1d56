"""The goal rules a reader meets at their edges: a season never observed, a goal without
periods or indicators, the second indicator, the chart's lines and the survey chart."""

import datetime as dt
import re
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.urls import reverse

from core.charts import PALETTE
from measures.goals import indicators
from measures.goals.indicators import (
    Verdict,
    goal_status,
    indicator_result,
    judge,
    survey_comparison,
    survey_points,
)
from measures.models import Indicator
from tests.factories import (
    AreaFactory,
    CategoryFactory,
    GoalFactory,
    IncidentFactory,
    IndicatorFactory,
    SurveyResultFactory,
)
from tests.measures.test_goals import _drawn, _result, quarterly, yearly


def test_a_target_in_a_season_never_observed_is_projected_at_the_seasons_mean():
    """Winter, spring and summer counted for three years, never an autumn: a target date
    in the autumn is projected at the mean of the three seasons (about 52), not at one of
    them."""
    points = [
        p
        for p in quarterly([40, 55, 61, 0, 41, 54, 61, 0, 40, 55, 62], first=2022)
        if p.quarter != 4
    ]
    result = judge(points, direction="minska", target_t=2024.9, target_value=10)
    assert result.projected == pytest.approx((40.3 + 54.7 + 61.3) / 3, abs=1)


def test_a_goal_whose_baseline_is_this_year_has_no_period_to_show_yet(db):
    goal = GoalFactory(baseline_year=2026, target_date=dt.date(2028, 12, 31))
    result = indicator_result(
        IndicatorFactory(goal=goal), main=True, today=dt.date(2026, 11, 30), exact=True
    )
    assert result.points == []
    assert result.verdict.verdict == Verdict.TOO_LITTLE
    assert "0 perioder med data" in result.verdict.reason


def test_a_goal_without_indicators_says_so(db):
    status = goal_status(GoalFactory(), today=dt.date(2024, 3, 1), exact=True)
    assert status.main is None
    assert status.verdict.verdict == Verdict.TOO_LITTLE
    assert status.verdict.reason == "Målet har ingen indikator än."


def test_only_the_first_indicator_is_judged_against_the_target(db):
    """Both indicators fall by ten a year; the first is projected to the target date and
    compared with the target, the second only asked whether it moves the right way."""
    category = CategoryFactory(name="Skadegörelse")
    aby, bby = AreaFactory(name="Aby"), AreaFactory(name="Bby")
    for year, n in [(2021, 30), (2022, 20), (2023, 10)]:
        for area in (aby, bby):
            IncidentFactory(occurred_on=dt.date(year, 1, 1), area=area, category=category, count=n)
    goal = GoalFactory(
        baseline_year=2021, target_value=Decimal(15), target_date=dt.date(2024, 12, 31)
    )
    IndicatorFactory(goal=goal, position=0, areas=[aby])
    IndicatorFactory(goal=goal, position=1, areas=[bby])
    main, side = goal_status(goal, today=dt.date(2024, 3, 1), exact=True).results
    assert main.target == 15 and main.verdict.projected == pytest.approx(-5, abs=0.1)
    assert "målet är 15,0" in main.verdict.reason
    assert side.target is None and side.verdict.projected is None
    assert side.verdict.verdict == Verdict.ON_TRACK
    assert side.verdict.reason == "Trenden går åt rätt håll."


def test_survey_years_end_with_the_last_survey_or_last_year(db):
    """With no survey yet the years run to last year; a survey of this year, already
    published, adds this year."""
    indicator = IndicatorFactory(
        goal=GoalFactory(baseline_year=2021),
        kind=Indicator.Kind.SURVEY_SHARE,
        survey_question="Otrygg ute sent en kväll",
    )
    today = dt.date(2024, 11, 30)
    none = survey_points(indicator, 2021, today)
    assert [p.label for p in none] == ["2021", "2022", "2023"]
    assert {p.note for p in none} == {"ingen mätning"}
    SurveyResultFactory(
        year=2024,
        share_unsafe=20,
        question=indicator.survey_question,
        published_on=dt.date(2024, 10, 1),
    )
    assert [p.label for p in survey_points(indicator, 2021, today)][-1] == "2024"


def test_the_goal_chart_draws_the_outcome_solid_and_every_guide_dashed(monkeypatch):
    goal = SimpleNamespace(title="Färre", baseline_year=2020, target_date=dt.date(2025, 12, 31))
    points = yearly([None, 10, 6, 3], first=2020)
    verdict = judge(points, direction="minska")
    drawn = _drawn(
        monkeypatch,
        lambda: indicators.trajectory_chart(
            _result(points, baseline=Decimal(10), target=Decimal(2), verdict=verdict), goal
        ),
    )
    guides = [
        "Väg till målet",
        "Trend",
        "Trend, 95 %-intervall (nedre)",
        "Trend, 95 %-intervall (övre)",
    ]
    assert not drawn["Utfall"].dashed
    assert all(drawn[name].dashed for name in guides)
    flat = _drawn(
        monkeypatch,
        lambda: indicators.trajectory_chart(
            _result(points, baseline=Decimal(10), target=None, verdict=verdict), goal
        ),
    )
    assert flat["Utgångsläge"].dashed and flat["Utgångsläge"].values == [10.0] * 6


def test_after_the_target_date_the_target_path_stays_at_the_target(monkeypatch):
    """Target 4 by the end of 2022, outcome counted to 2024: the path reaches 4 in 2022
    and stays there; it does not run on below the target."""
    goal = SimpleNamespace(title="Färre", baseline_year=2021, target_date=dt.date(2022, 12, 31))
    result = _result(yearly([10, 8, 7, 6]), baseline=Decimal(10), target=Decimal(4))
    drawn = _drawn(monkeypatch, lambda: indicators.trajectory_chart(result, goal))
    assert drawn["Väg till målet"].values == [10, 4, 4, 4]


def test_a_target_within_the_baseline_year_is_drawn_at_the_target(monkeypatch):
    goal = SimpleNamespace(title="Färre", baseline_year=2021, target_date=dt.date(2021, 12, 31))
    result = _result(yearly([10, 8]), baseline=Decimal(10), target=Decimal(4))
    drawn = _drawn(monkeypatch, lambda: indicators.trajectory_chart(result, goal))
    assert drawn["Väg till målet"].values == [4, 4]


@pytest.mark.parametrize(
    "survey, labels",
    [
        (False, [f"{year} K{q}" for year in (2023, 2024) for q in (1, 2, 3, 4)]),
        # A survey is yearly whatever the granularity field holds.
        (True, ["2023 K1", "2023 K2", "2023 K3", "2023 K4", "2024"]),
    ],
)
def test_a_quarterly_chart_runs_quarter_by_quarter_to_the_target(monkeypatch, survey, labels):
    goal = SimpleNamespace(title="Färre", baseline_year=2023, target_date=dt.date(2024, 12, 31))
    result = _result(
        quarterly([40, 55, 62, 45], first=2023),
        baseline=None,
        target=None,
        granularity="kvartal",
        survey=survey,
    )
    drawn = _drawn(monkeypatch, lambda: indicators.trajectory_chart(result, goal))
    assert drawn["labels"] == labels


@pytest.mark.django_db
def test_the_survey_chart_gives_each_area_its_colour_and_leaves_out_too_few(monkeypatch, settings):
    """Too few answers, or no survey that year, leave a gap in that area's line."""
    settings.SURVEY_MIN_RESPONDENTS = 30
    aby, bby = AreaFactory(name="Aby"), AreaFactory(name="Bby")
    for year, area, share, n in [
        (2022, aby, 20, 300),
        (2023, aby, 40, 30),
        (2023, bby, 90, 29),  # too few
        (2023, None, 15, 1000),  # the whole municipality, no survey in 2022
    ]:
        SurveyResultFactory(year=year, area=area, share_unsafe=share, respondents=n)
    drawn = _drawn(monkeypatch, lambda: survey_comparison(question="Otrygg ute sent en kväll"))
    assert drawn["Aby"].values == [Decimal("20.0"), Decimal("40.0")]
    assert drawn["Bby"].values == [None, None]
    assert drawn["Hela Västerås"].values == [None, Decimal("15.0")]
    colours = [drawn[name].color for name in ("Hela Västerås", "Aby", "Bby")]
    assert colours == PALETTE[:3]


def test_the_latest_period_and_the_verdicts_colour_are_shown(client, role_users):
    """The goal list's badge is green for a goal on track and grey for too little data;
    the meeting pack names the latest complete period and its value."""
    from django.template.loader import render_to_string

    from trygghet.reports.sections import Period
    from trygghet.reports.sections.goals import meeting_pack_section

    area, category = AreaFactory(name="Aby"), CategoryFactory(name="Skadegörelse")
    for year, n in [(2021, 30), (2022, 20), (2023, 10)]:
        IncidentFactory(occurred_on=dt.date(year, 1, 1), area=area, category=category, count=n)
    on_track = GoalFactory(
        title="Färre skadegörelser", baseline_year=2021, target_date=dt.date(2024, 12, 31)
    )
    IndicatorFactory(goal=on_track, areas=[area])
    GoalFactory(title="Utan indikator")
    client.force_login(role_users["samordnare"])
    listing = client.get(reverse("measures:goal_list")).content.decode()
    badges = {
        re.search(r'">([^<]+)</a>', row).group(1): re.search(r"text-bg-(\w+)", row).group(1)
        for row in re.findall(r"<tr>(.*?)</tr>", listing, re.S)
        if 'data-testid="verdict"' in row
    }
    assert badges == {"Färre skadegörelser": "success", "Utan indikator": "secondary"}
    section = meeting_pack_section(Period(None, dt.date(2024, 3, 1)), user=None)
    assert "10 (2023)" in render_to_string(section.template, section.context)


def test_each_quarter_ends_on_the_last_day_of_its_third_month():
    """The quarters of a year: where each ends decides its mid-point in the trend and
    whether registration covered it."""
    from measures.goals.indicators import periods

    quarters = periods(Indicator.Granularity.QUARTER, 2024, dt.date(2025, 1, 1))
    assert [(p.label, p.start.isoformat(), p.end.isoformat()) for p in quarters] == [
        ("2024 K1", "2024-01-01", "2024-03-31"),
        ("2024 K2", "2024-04-01", "2024-06-30"),
        ("2024 K3", "2024-07-01", "2024-09-30"),
        ("2024 K4", "2024-10-01", "2024-12-31"),
    ]
    # The last quarter is left out until the day after it ends.
    assert len(periods(Indicator.Granularity.QUARTER, 2024, dt.date(2024, 12, 31))) == 3


@pytest.mark.parametrize(
    "direction, value, verdict",
    [
        # A goal to fall to 5: an interval 4,0–5,5 may end above the target: uncertain;
        # 5,5–7,0 misses it, if only by half a unit: not on track.
        ("minska", 4.75, Verdict.UNCERTAIN),
        ("minska", 6.25, Verdict.OFF_TRACK),
        ("minska", 4.0, Verdict.ON_TRACK),  # 3,25–4,75
        # A goal to rise to 5, mirrored.
        ("oka", 5.25, Verdict.UNCERTAIN),  # 4,5–6,0
        ("oka", 3.75, Verdict.OFF_TRACK),  # 3,0–4,5
        ("oka", 6.0, Verdict.ON_TRACK),  # 5,25–6,75
    ],
)
def test_an_interval_half_a_unit_past_the_target_decides_the_verdict(
    monkeypatch, direction, value, verdict
):
    """The verdict turns on where the interval's ends lie against the target, however
    close: no margin of one unit either way."""
    from tests.measures.test_goals import TARGET_T, _exact_fit

    _exact_fit(monkeypatch, value, 0.75)
    result = judge(yearly([10, 9, 8]), direction=direction, target_t=TARGET_T, target_value=5)
    assert result.verdict == verdict


@pytest.mark.parametrize("years, every", [(12, 1), (15, 1), (16, 2), (24, 3)])
def test_a_long_goal_chart_names_every_period_or_a_whole_step_of_them(monkeypatch, years, every):
    """Up to 15 periods every one is named under the axis; from 16, every second (every
    third from 24): a whole number of periods, so the named ones are evenly spaced."""
    goal = SimpleNamespace(title="Färre", baseline_year=2000, target_date=dt.date(2000, 12, 31))
    result = _result(yearly([10] * years, first=2000), baseline=None, target=None)
    drawn = _drawn(monkeypatch, lambda: indicators.trajectory_chart(result, goal))
    assert len(drawn["labels"]) == years
    assert drawn["label_every"] == every and isinstance(drawn["label_every"], int)
