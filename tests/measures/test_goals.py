"""The verdict rule, the goal pages and the goals' place in the meeting pack and report."""

import datetime as dt
from decimal import Decimal

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from measures.goals.indicators import Point, Verdict, goal_status, judge
from measures.models import Goal, Indicator
from tests.factories import (
    AreaFactory,
    CategoryFactory,
    GoalFactory,
    IncidentFactory,
    IndicatorFactory,
)


def yearly(values, first=2021, events=None):
    return [
        Point(
            str(first + i),
            dt.date(first + i, 1, 1),
            dt.date(first + i, 12, 31),
            None if v is None else Decimal(v),
            events=(events[i] if events else 100),
        )
        for i, v in enumerate(values)
    ]


TARGET_T = 2027.0  # 31 December 2026, about


def test_falling_trend_that_reaches_the_target_is_on_track():
    # Trend 10, 9, 8 (−1 a year, mid-year points) reaches about 4,5 at the target date.
    result = judge(yearly([10, 9, 8]), direction="minska", target_t=TARGET_T, target_value=5)
    assert result.verdict == Verdict.ON_TRACK
    assert result.projected == pytest.approx(4.5, abs=0.01)


def test_falling_trend_too_slow_for_the_target_is_not_on_track():
    result = judge(yearly([10, 9, 8]), direction="minska", target_t=TARGET_T, target_value=3)
    assert result.verdict == Verdict.OFF_TRACK
    assert "4,5" in result.reason


def test_rising_goal_is_judged_the_other_way_round():
    points = yearly([50, 52, 54])
    assert judge(points, direction="oka", target_t=TARGET_T, target_value=60).verdict == (
        Verdict.ON_TRACK
    )
    assert judge(points, direction="oka", target_t=TARGET_T, target_value=70).verdict == (
        Verdict.OFF_TRACK
    )


def test_direction_only_goal_asks_whether_the_trend_moves_the_right_way():
    assert judge(yearly([10, 9.1, 8, 7.1]), direction="minska").verdict == Verdict.ON_TRACK
    assert judge(yearly([8, 9, 9.9, 11]), direction="minska").verdict == Verdict.OFF_TRACK
    # Down on the whole (−0,8 a year), but with this spread the slope's 95 % interval
    # (t with 2 degrees of freedom) runs from −2,6 to 1,0 a year: no change is possible.
    result = judge(yearly([10, 11, 9, 8]), direction="minska")
    assert result.verdict == Verdict.UNCERTAIN and result.label == "osäkert"
    assert "(-2,6 till 1,0)" in result.reason


def quarterly(values, first=2022):
    points = []
    for i, v in enumerate(values):
        year, quarter = first + i // 4, i % 4 + 1
        start = dt.date(year, 3 * quarter - 2, 1)
        end = (
            dt.date(year, 3 * quarter + 1, 1) if quarter < 4 else dt.date(year + 1, 1, 1)
        ) - dt.timedelta(days=1)
        points.append(Point(f"{year} K{quarter}", start, end, Decimal(v), events=100))
    return points


def test_three_quarters_of_season_are_too_little_data_not_a_trend():
    # Winter, spring, summer: up with the season, not a trend (a slope of p = 0,28 was
    # "the wrong way" when quarters were compared with the next one).
    result = judge(quarterly([40, 55, 62]), direction="minska", count_events=True)
    assert result.verdict == Verdict.TOO_LITTLE
    assert "samma kvartal" in result.reason


def test_quarters_are_compared_with_the_same_quarter_of_other_years():
    season = [40, 55, 62, 45]
    # Two years of the same season at a steady level: no trend either way.
    flat = judge(quarterly([*season, 41, 54, 63, 44]), direction="minska")
    assert flat.verdict == Verdict.UNCERTAIN
    assert abs(flat.slope) < 1.5
    # The same season, 10 % lower each year: a clear fall, season and all.
    falling = quarterly([v * f for f in (1.0, 0.9, 0.8) for v in season])
    result = judge(falling, direction="minska", target_t=TARGET_T, target_value=40)
    assert result.verdict == Verdict.ON_TRACK
    assert result.low <= result.projected <= result.high


def test_a_projection_whose_interval_holds_the_target_is_uncertain():
    # 10, 9, 8,5, 7: about −1 a year, reaching ~3,9 by the target date, but with this
    # spread the 95 % interval holds 3 as well as 5.
    points = yearly([10, 9, 8.5, 7])
    for target in (3, 5):
        result = judge(points, direction="minska", target_t=TARGET_T, target_value=target)
        assert result.verdict == Verdict.UNCERTAIN
        assert result.low < target < result.high
        assert "95 % interval" in result.reason or "95 %-intervall" in result.reason
    assert judge(points, direction="minska", target_t=TARGET_T, target_value=9).verdict == (
        Verdict.ON_TRACK
    )
    assert judge(points, direction="minska", target_t=TARGET_T, target_value=0).verdict == (
        Verdict.OFF_TRACK
    )


def test_too_few_points_or_too_few_incidents_is_too_little_data():
    two = yearly([10, None, 8])
    assert judge(two, direction="minska", target_value=1, target_t=TARGET_T).verdict == (
        Verdict.TOO_LITTLE
    )
    sparse = yearly([5, 4, 3], events=[5, 4, 3])
    result = judge(sparse, direction="minska", count_events=True)
    assert result.verdict == Verdict.TOO_LITTLE
    assert "12" in result.reason
    # Survey points carry no incident count: the event rule does not apply.
    assert judge(sparse, direction="minska").verdict == Verdict.ON_TRACK


@pytest.mark.django_db
def test_goal_status_judges_the_main_indicator_against_the_target_from_incidents():
    area, category = AreaFactory(name="Aby"), CategoryFactory(name="Skadegörelse")
    # 30, 20, 10 incidents in 2021–2023: −10 a year, reaching about −5 by end of 2024.
    for year, n in [(2021, 30), (2022, 20), (2023, 10)]:
        IncidentFactory(occurred_on=dt.date(year, 1, 1), area=area, category=category, count=n)
    goal = GoalFactory(
        baseline_year=2021, target_value=Decimal(15), target_date=dt.date(2024, 12, 31)
    )
    IndicatorFactory(goal=goal, position=0)
    IndicatorFactory(goal=goal, position=1, areas=[AreaFactory(name="Tomt")])
    status = goal_status(goal, today=dt.date(2024, 3, 1), exact=True)
    assert [p.value for p in status.main.points] == [30, 20, 10]
    assert status.verdict.verdict == Verdict.ON_TRACK
    assert status.results[1].verdict.verdict == Verdict.TOO_LITTLE  # no incidents there
    assert "stroke-dasharray" in status.main.chart  # the target path is dashed


@pytest.mark.django_db
def test_goal_pages_show_verdict_and_chart(client, role_users):
    goal = GoalFactory(title="Färre händelser", baseline_year=2021)
    IndicatorFactory(goal=goal)
    client.force_login(role_users["ledamot"])
    listing = client.get(reverse("measures:goal_list")).content.decode()
    assert "Färre händelser" in listing and "för lite data" in listing
    page = client.get(reverse("measures:goal_detail", args=[goal.pk])).content.decode()
    assert "<svg" in page and "För lite data" in page
    assert "Så görs bedömningen" in page
    assert "Ändra" not in page  # members read only


@pytest.mark.django_db
def test_coordinator_creates_a_goal_with_indicators(client, role_users):
    from tests.factories import CouncilFactory

    council = CouncilFactory()
    area = AreaFactory(name="Bäckby")
    client.force_login(role_users["samordnare"])
    data = {
        "title": "Färre rån",
        "text": "Rånen ska minska.",
        "council": council.pk,
        "direction": "minska",
        "baseline_year": 2022,
        "target_value": "3,5",
        "target_date": "2026-12-31",
        "position": 0,
        "ind-TOTAL_FORMS": 2,
        "ind-INITIAL_FORMS": 0,
        "ind-MIN_NUM_FORMS": 1,
        "ind-MAX_NUM_FORMS": 1000,
        "ind-0-kind": "per_1000",
        "ind-0-granularity": "kvartal",
        "ind-0-areas": [area.pk],
        "ind-0-position": 0,
        "ind-1-kind": "andel",
        "ind-1-granularity": "kvartal",
        "ind-1-survey_question": "",
        "ind-1-position": 1,
    }
    response = client.post(reverse("measures:goal_create"), data)
    # A survey indicator without a question: the form comes back, nothing is saved.
    assert response.status_code == 200
    assert "En enkätindikator behöver en fråga." in response.content.decode()
    assert not Goal.objects.exists()
    data["ind-1-survey_question"] = "Otrygg ute sent en kväll"
    response = client.post(reverse("measures:goal_create"), data)
    goal = Goal.objects.get()
    assert response.status_code == 302 and response.url == reverse(
        "measures:goal_detail", args=[goal.pk]
    )
    assert goal.target_value == Decimal("3.5")
    survey = goal.indicators.get(position=1)
    assert survey.kind == Indicator.Kind.SURVEY_SHARE and survey.granularity == "ar"
    assert list(goal.indicators.get(position=0).areas.all()) == [area]


@pytest.mark.django_db
def test_a_goal_belongs_to_the_council_or_an_agreement_not_both(client, role_users):
    from django.db import IntegrityError

    goal = GoalFactory.build(council=None, agreement=None)
    with pytest.raises(Exception, match="antingen till rådet"):
        goal.full_clean()
    with pytest.raises(IntegrityError):
        GoalFactory(council=None, agreement=None)


@pytest.mark.django_db
def test_meeting_pack_and_annual_report_show_the_goals_status():
    from trygghet.reports.exporters.annual import annual_context
    from trygghet.reports.sections import Period
    from trygghet.reports.sections.goals import meeting_pack_section

    goal = GoalFactory(title="Tryggare Västerås")
    IndicatorFactory(goal=goal)
    section = meeting_pack_section(Period(None, dt.date(2024, 3, 1)), user=None)
    html = render_to_string(section.template, section.context)
    assert section.title == "Mål"
    assert "Tryggare Västerås" in html and "För lite data" in html
    report = annual_context(2024)
    assert report["goals"]["title"] == "Mål"
    assert "Tryggare Västerås" in report["goals"]["html"]


def test_thirty_incidents_in_all_are_enough_for_a_verdict_twenty_nine_are_not():
    enough = judge(yearly([10, 9, 8], events=[10, 10, 10]), direction="minska", count_events=True)
    assert enough.verdict == Verdict.ON_TRACK
    few = judge(yearly([10, 9, 8], events=[10, 10, 9]), direction="minska", count_events=True)
    assert few.verdict == Verdict.TOO_LITTLE and "29" in few.reason


def _exact_fit(monkeypatch, value: float, half: float):
    """judge() with a line known exactly: `value` at any date, ± `half` (t_crit 1)."""
    import numpy as np

    from measures.goals import indicators

    fit = indicators.Fit(
        coef=np.array([value, 0.0]),
        cov=np.array([[half**2, 0.0], [0.0, 0.0]]),
        quarters=(),
        df=1,
        t_crit=1.0,
    )
    monkeypatch.setattr(indicators, "fit_line", lambda points: fit)


def test_an_interval_ending_exactly_at_the_target_is_on_track(monkeypatch):
    """'At or below the target' for a goal that should fall: 4–5 against 5 is on track;
    5–7 against 5 is uncertain, not off track (its good side reaches the target)."""
    points = yearly([10, 9, 8])
    _exact_fit(monkeypatch, 4.5, 0.5)
    assert judge(points, direction="minska", target_t=TARGET_T, target_value=5).verdict == (
        Verdict.ON_TRACK
    )
    assert judge(points, direction="oka", target_t=TARGET_T, target_value=4).verdict == (
        Verdict.ON_TRACK
    )
    _exact_fit(monkeypatch, 6.0, 1.0)
    assert judge(points, direction="minska", target_t=TARGET_T, target_value=5).verdict == (
        Verdict.UNCERTAIN
    )
    assert judge(points, direction="oka", target_t=TARGET_T, target_value=7).verdict == (
        Verdict.UNCERTAIN
    )


def test_a_slope_interval_reaching_zero_is_no_trend_yet(monkeypatch):
    import numpy as np

    from measures.goals import indicators

    def slope(low, high):
        fit = indicators.Fit(
            coef=np.array([0.0, (low + high) / 2]),
            cov=np.array([[0.0, 0.0], [0.0, ((high - low) / 2) ** 2]]),
            quarters=(),
            df=1,
            t_crit=1.0,
        )
        monkeypatch.setattr(indicators, "fit_line", lambda points: fit)
        return judge(yearly([10, 9, 8]), direction="minska").verdict

    assert slope(-2.0, -0.5) == Verdict.ON_TRACK
    assert slope(-0.5, 0.0) == Verdict.UNCERTAIN
    assert slope(0.0, 0.5) == Verdict.UNCERTAIN
    assert slope(0.5, 2.0) == Verdict.OFF_TRACK


def test_a_quarterly_projection_is_for_the_quarter_of_the_target_date():
    """No trend, only a season: at a target date in August the line projects the third
    quarter's level (~62), at New Year the first quarter's (~40)."""
    season = quarterly([40, 55, 62, 45, 41, 54, 63, 44])
    august = judge(season, direction="minska", target_t=2026.6, target_value=10)
    new_year = judge(season, direction="minska", target_t=2027.0, target_value=10)
    assert august.projected == pytest.approx(62.5, abs=2)
    assert new_year.projected == pytest.approx(40.5, abs=2)


def test_four_quarters_with_two_first_quarters_leave_no_degree_of_freedom():
    points = quarterly([40, 55, 62, 45, 41])
    del points[3]  # K1, K2, K3 of one year and K1 of the next: level, slope, 2 effects
    result = judge(points, direction="minska", count_events=True)
    assert result.verdict == Verdict.TOO_LITTLE and "samma kvartal" in result.reason


def _drawn(monkeypatch, build):
    """The series a chart is drawn with (name → Series), its x labels and its other
    arguments, when `build()` draws a goal chart (trajectory_chart, survey_comparison)."""
    from measures.goals import indicators

    drawn = {}

    def capture(labels, series, **kwargs):
        drawn.update({s.name: s for s in series}, labels=list(labels), **kwargs)
        return "<svg/>"

    monkeypatch.setattr(indicators, "line_chart", capture)
    build()
    return drawn


def _chart_series(monkeypatch, result, goal):
    """The values trajectory_chart draws, by series name, and its x labels."""
    from measures.goals import indicators

    drawn = _drawn(monkeypatch, lambda: indicators.trajectory_chart(result, goal))
    return {
        name: list(item.values) if hasattr(item, "values") else item for name, item in drawn.items()
    }


def _result(points, *, baseline, target, verdict=None, granularity="ar", survey=False):
    from types import SimpleNamespace

    from measures.goals.indicators import IndicatorResult, VerdictResult

    return IndicatorResult(
        SimpleNamespace(granularity=granularity, is_survey=survey),
        points,
        "händelser",
        0,
        verdict or VerdictResult(Verdict.TOO_LITTLE, ""),
        baseline=baseline,
        target=target,
    )


def test_the_target_path_runs_from_the_baseline_to_the_target_at_the_target_date(monkeypatch):
    """From 10 in 2021 to 4 by the end of 2024: 10, 8, 6, 4 across the years, the axis
    extended to the target's year."""
    from types import SimpleNamespace

    goal = SimpleNamespace(title="Färre", baseline_year=2021, target_date=dt.date(2024, 12, 31))
    result = _result(yearly([10, 9, 9]), baseline=Decimal(10), target=Decimal(4))
    drawn = _chart_series(monkeypatch, result, goal)
    assert drawn["labels"] == ["2021", "2022", "2023", "2024"]
    assert drawn["Utfall"] == [10, 9, 9, None]
    assert drawn["Väg till målet"] == pytest.approx([10, 8, 6, 4], abs=0.01)
    # Without a target (a side indicator) the baseline is drawn flat.
    flat = _chart_series(
        monkeypatch, _result(yearly([10, 9, 9]), baseline=Decimal(10), target=None), goal
    )
    assert flat["Utgångsläge"] == [10.0] * 4 and "Väg till målet" not in flat


def test_the_trend_and_its_interval_start_at_the_first_point_and_never_go_below_zero(monkeypatch):
    from types import SimpleNamespace

    goal = SimpleNamespace(title="Färre", baseline_year=2020, target_date=dt.date(2025, 12, 31))
    points = yearly([None, 10, 6, 3], first=2020)
    verdict = judge(points, direction="minska")
    drawn = _chart_series(
        monkeypatch, _result(points, baseline=None, target=None, verdict=verdict), goal
    )
    assert drawn["labels"] == ["2020", "2021", "2022", "2023", "2024", "2025"]
    trend = drawn["Trend"]
    assert trend[0] is None and trend[1] == pytest.approx(9.83, abs=0.01)
    assert trend[1] > trend[2] > trend[3] > trend[4] > trend[5]
    low = drawn["Trend, 95 %-intervall (nedre)"]
    high = drawn["Trend, 95 %-intervall (övre)"]
    assert low[0] is None and min(v for v in low if v is not None) == 0
    # The line itself may run below zero (a trend, not a count); its interval's floor not.
    assert trend[5] < 0 and low[5] == 0
    assert all(
        lo <= max(t, 0) <= hi for lo, t, hi in zip(low[1:], trend[1:], high[1:], strict=True)
    )
    assert drawn["label_every"] == 1 and drawn["decimals"] == 0


RISING = [10.0, 10.5, 11.1, 11.5, 12.0, 12.6, 13.0, 13.5]  # +0,5 a year
FLAT = [10.0, 10.6, 9.7, 10.5, 10.1, 9.9, 10.6, 10.2]


@pytest.mark.parametrize(
    "values, direction, verdict",
    [
        (RISING, "oka", Verdict.ON_TRACK),
        (RISING[::-1], "oka", Verdict.OFF_TRACK),
        (FLAT, "oka", Verdict.UNCERTAIN),
        (RISING[::-1], "minska", Verdict.ON_TRACK),
        (RISING, "minska", Verdict.OFF_TRACK),
        (FLAT, "minska", Verdict.UNCERTAIN),
    ],
    ids=["rise-up", "rise-down", "rise-flat", "fall-down", "fall-up", "fall-flat"],
)
def test_a_direction_is_judged_from_the_sign_of_the_interval_however_small_the_change(
    values, direction, verdict
):
    """A goal for a survey share: half a point a year the right way is on track, half a
    point the wrong way is not, though both change by less than one a year; a flat
    series whose interval runs from below to above zero is no clear trend either way."""
    result = judge(yearly(values), direction=direction)
    low, high = result.fit.slope_interval
    assert -1 < low < 1 and -1 < high < 1, "the changes this test is about: under one a year"
    assert result.verdict == verdict
