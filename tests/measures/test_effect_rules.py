"""The effect evaluation's rules at their edges: which weeks a trend is fitted on and
when there is none, which areas are neighbours and which may be suggested, and what
the page's table and chart show."""

import datetime as dt

import numpy as np
import pytest

from measures import effect
from tests.factories import MeasureFactory
from tests.measures.test_effect import (  # noqa: F401
    TODAY,
    backby_measure,
    build,
    incidents,
    one_incident,
    world,
)


def test_the_trend_of_uneven_weeks_is_the_binomial_fit_with_its_interval_widened():
    """Weeks far more uneven than chance (a busy event in one area, a quiet week in the
    other), a week with no incident in either area and weeks with a single one: the
    trend is statsmodels' binomial fit over the weeks that had incidents, its interval
    widened by the Pearson dispersion X²/(weeks − 2)."""
    sm = pytest.importorskip("statsmodels.api")
    target = [2, 30, 5, 40, 3, 0, 25, 4, 33, 1, 6, 28, 0, 2, 35, 5]
    comparison = [30, 3, 28, 4, 31, 0, 5, 30, 4, 0, 27, 6, 1, 29, 5, 30]
    trend = effect.pretrend(target, comparison)
    used = [k for k in range(16) if target[k] + comparison[k] > 0]
    centre = sum(used) / len(used)
    t = np.array([target[k] for k in used], dtype=float)
    n = t + np.array([comparison[k] for k in used], dtype=float)
    fit = sm.GLM(
        np.column_stack([t, n - t]),
        np.array([[1.0, k - centre] for k in used]),
        family=sm.families.Binomial(),
    ).fit()
    mu = fit.fittedvalues
    dispersion = float(np.sum((t - n * mu) ** 2 / (n * mu * (1 - mu)))) / (len(used) - 2)
    assert dispersion > 1.5, "the weeks really vary more than chance"
    assert trend.slope == pytest.approx(fit.params[1], rel=1e-6, abs=1e-9)
    half = 1.959964 * fit.bse[1] * np.sqrt(dispersion)
    assert (trend.high - trend.low) / 2 == pytest.approx(half, rel=1e-5)
    assert trend.weeks == 16


@pytest.mark.parametrize(
    "target, comparison",
    [
        ([3, 2, 4, 0, 0, 0, 0, 0, 0, 0], [0, 0, 5, 6, 4, 5, 7, 6, 5, 6]),  # target first
        ([0, 0, 0, 0, 0, 0, 0, 2, 3, 4], [5, 6, 4, 5, 7, 6, 5, 6, 0, 0]),  # target last
    ],
    ids=["target-first", "target-last"],
)
def test_weeks_that_separate_the_two_areas_give_no_trend_without_iterating(
    target, comparison, monkeypatch
):
    """When the target's incidents all come before (or after) the comparison's, sharing
    at most one week, no finite trend fits: none is shown, and it is known before any
    iteration (where the iterations end differs between machines)."""

    def no_solving(*args, **kwargs):
        raise AssertionError("separated weeks were iterated on")

    monkeypatch.setattr(np.linalg, "solve", no_solving)
    assert effect.pretrend(target, comparison) is None


def test_a_single_comparison_incident_in_a_shared_week_makes_the_areas_overlap():
    """The target's incidents in weeks 0–2, the comparison's from week 1 (one incident
    that week): two shared weeks, so a trend is estimated. One incident counts as much
    as many in telling where the comparison's weeks begin."""
    target = [3, 2, 4, 0, 0, 0, 0, 0, 0, 0]
    comparison = [0, 1, 5, 6, 4, 5, 7, 6, 5, 6]
    trend = effect.pretrend(target, comparison)
    assert trend is not None and trend.slope < 0  # the target's share falls week by week


def test_an_area_exactly_at_the_neighbour_radius_is_a_neighbour(world, monkeypatch):  # noqa: F811
    backby, raby = world["areas"]["Bäckby"], world["areas"]["Råby"]
    monkeypatch.setattr(effect, "NEIGHBOUR_KM", effect.distance_km(raby, backby))
    assert effect.neighbours_of([backby], [raby]) == [raby]


def test_an_area_without_incidents_is_never_suggested_for_a_target_that_had_some(
    world,  # noqa: F811
):
    """One incident in the target area before the measure; of the others, one had none:
    it cannot be compared with, however close its level (0 against 1) looks."""
    backby = world["areas"]["Bäckby"]
    weeks = effect.windows_for(dt.date(2026, 4, 6), dt.date(2026, 8, 30), TODAY).before
    one_incident(world, "Bäckby", weeks[3].monday)
    incidents(world, "Skultuna", weeks, [40] * len(weeks), seed=2)
    suggested, _neighbours = effect.suggest_comparison([backby], [world["main"]], weeks)
    assert [a.name for a in suggested] == ["Skultuna"]


def test_a_target_without_incidents_before_can_still_be_compared(world):  # noqa: F811
    """No incidents in the target area before the measure: the areas that had none are
    the closest level, the others follow; nothing fails on the logarithm of nothing."""
    backby = world["areas"]["Bäckby"]
    weeks = effect.windows_for(dt.date(2026, 4, 6), dt.date(2026, 8, 30), TODAY).before
    incidents(world, "Skultuna", weeks, [20] * len(weeks), seed=2)
    suggested, _neighbours = effect.suggest_comparison([backby], [world["main"]], weeks)
    assert [a.name for a in suggested] == ["Viksäng", "Skultuna"]


def test_the_table_shows_each_period_per_week_and_no_mean_of_a_hidden_sum():
    row = effect.PeriodRow("Före", 8, 40, 20)
    assert (row.target_mean, row.comparison_mean) == (5.0, 2.5)
    hidden = effect.PeriodRow("Före", 8, "< 3", "..")
    assert (hidden.target_mean, hidden.comparison_mean) == (None, None)
    assert effect.PeriodRow("Före", 8, 40, None).comparison_mean is None
    assert effect.PeriodRow("Före", 0, 0, 0).target_mean is None
    assert effect.PeriodRow("Före", 0, 0, 0).comparison_mean is None


def test_a_measure_without_target_areas_says_so(world, time_machine):  # noqa: F811
    time_machine.move_to(dt.datetime(2026, 11, 16, 12, tzinfo=dt.UTC), tick=False)
    measure = MeasureFactory(
        owner=world["org"], start_date=dt.date(2026, 4, 6), end_date=dt.date(2026, 8, 30)
    )
    result = effect.evaluate(measure)
    assert "no target area" in result.problem or "inget målområde" in result.problem
    assert result.during is None and result.rows == []


def test_a_measure_not_yet_a_week_old_says_when_the_evaluation_starts(world):  # noqa: F811
    measure = build(world, target_during=15, seed=2)
    result = effect.evaluate(measure, today=measure.start_date + dt.timedelta(days=3))
    assert result.problem and result.during is None
    assert "first week" in result.problem or "första vecka" in result.problem


def test_without_any_area_to_compare_with_the_page_says_so(world):  # noqa: F811
    """Only the target area had incidents and every other area is inactive."""
    for area in world["areas"].values():
        if area.name != "Bäckby":
            area.is_active = False
            area.save()
    measure = build(world, target_during=15, seed=4)
    result = effect.evaluate(measure, today=TODAY)
    assert result.comparison is None and result.during is None
    assert "comparison area" in result.problem or "jämförelseområde" in result.problem


def test_by_default_the_evaluation_is_exact_and_as_of_today(world, time_machine):  # noqa: F811
    """The budget trail's call: no reader, so exact counts; no date, so today's. (Two
    incidents before and none after: a member's view would show "< 3" there.)"""
    measure = backby_measure(world)
    one_incident(world, "Bäckby", dt.date(2026, 3, 2), count=2)
    time_machine.move_to(dt.datetime(2026, 11, 16, 12, tzinfo=dt.UTC), tick=False)
    default = effect.evaluate(measure)
    assert default.rows == effect.evaluate(measure, today=TODAY, exact=True).rows
    assert [row.target for row in default.rows] == [2, 0, 0]
    gated = effect.evaluate(measure, today=TODAY, exact=False).rows
    assert [row.target for row in gated] != [2, 0, 0]


def test_the_chart_draws_the_comparison_dashed(world):  # noqa: F811
    measure = build(world, target_during=15, seed=8)
    chart = effect.evaluate(measure, today=TODAY).chart
    assert chart.count('stroke-dasharray="5 4"') == 1
