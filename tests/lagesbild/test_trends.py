"""The trend flags: expected level, overdispersion, the 2/3-power test, the FDR step and
one finding per place, against hand-computed values."""

import math

import pytest
from scipy import stats

from lagesbild.trends import (
    TrendRow,
    explain,
    fdr_passing,
    flag_wrong_way,
    judge_row,
    pearson,
    pooled_dispersion,
)

EIGHT_FOURS = [4, 4, 4, 4, 4, 4, 4, 4]


def _z(y, mean, variance):
    return (y ** (2 / 3) - mean ** (2 / 3)) / ((2 / 3) * mean ** (-1 / 3) * math.sqrt(variance))


def test_a_steady_row_is_tested_as_poisson_with_the_baseline_uncertain():
    # 8 weeks of 4: no spread, so φ = 1 (never below); mean 4, Var(ln μ̂) = 1/32.5.
    tested = judge_row(TrendRow("Klotter", 12, EIGHT_FOURS))
    variance = 4 + 16 / 32.5
    assert tested.dispersion == 1.0 and tested.expected == 4.0 and not tested.seasonal
    assert tested.z == pytest.approx(_z(12, 4, variance), abs=1e-12)  # 3.86
    assert tested.p == pytest.approx(stats.norm.sf(tested.z), rel=1e-9)


def test_a_row_that_varies_more_than_poisson_is_judged_more_cautiously():
    steady = judge_row(TrendRow("a", 12, [5, 5, 5, 5, 5, 5, 5, 5]))
    # The same mean, but weeks between 1 and 9: X² = 2·(16 + 9 + 4 + 1)/5 = 12, df 7.
    assert pearson([1, 9, 2, 8, 3, 7, 4, 6]) == (pytest.approx(12.0), 7)
    jumpy = judge_row(TrendRow("a", 12, [1, 9, 2, 8, 3, 7, 4, 6]))
    # Moderated: (12 + 8 · 1) / (7 + 8) = 4/3 with a pooled dispersion of 1.
    assert jumpy.dispersion == pytest.approx(20 / 15)
    assert jumpy.z < steady.z and jumpy.p > steady.p
    # With the week's other rows as jumpy, more so.
    assert judge_row(TrendRow("a", 12, [1, 9, 2, 8, 3, 7, 4, 6]), 3.0).dispersion == (
        pytest.approx((12 + 24) / 15)
    )


def test_pooled_dispersion_is_all_rows_weeks_together():
    rows = [TrendRow("a", 0, [1, 9, 2, 8, 3, 7, 4, 6]), TrendRow("b", 0, EIGHT_FOURS)]
    assert pooled_dispersion(rows) == 1.0  # 12 / 14 < 1
    rows.append(TrendRow("c", 0, [0, 10, 0, 10, 0, 10, 0, 10]))  # X² = 8 · 25 / 5 = 40
    assert pooled_dispersion(rows) == pytest.approx(52 / 21)


def test_last_years_season_sets_the_expected_level():
    # Last year: 4 a week before, 8 a week around the same week, so this week's 8
    # is what the season brings (factor (24.5/3)/(32.5/8) ≈ 2.01).
    row = TrendRow("a", 8, EIGHT_FOURS, last_year=[8, 8, 8], last_year_before=EIGHT_FOURS)
    tested = judge_row(row)
    assert tested.seasonal
    assert tested.expected == pytest.approx(4 * (24.5 / 3) / (32.5 / 8))
    assert abs(tested.z) < 0.1
    assert judge_row(TrendRow("a", 8, EIGHT_FOURS)).z > 1.5  # without it: a rise


def test_last_years_weeks_add_to_the_rows_dispersion():
    """Last year's jumpy weeks (0 and 8 in turn around 4) make the row's dispersion
    (0 + 32 + 8 · 1) / (7 + 10 + 8) = 1,6: more history, more caution."""
    row = TrendRow("a", 8, EIGHT_FOURS, last_year=[4, 4, 4], last_year_before=[0, 8] * 4)
    assert judge_row(row).dispersion == pytest.approx(40 / 25)


def test_a_seasonal_expectation_is_itself_uncertain():
    """The z of a seasonal row carries the uncertainty of last year's factor too:
    Var(ln μ̂) = 1/32,5 + 1/24,5 + 1/32,5, by hand."""
    row = TrendRow("a", 16, EIGHT_FOURS, last_year=[8, 8, 8], last_year_before=EIGHT_FOURS)
    tested = judge_row(row)
    mean = 4 * (24.5 / 3) / (32.5 / 8)
    variance = mean + mean**2 * (1 / 32.5 + 1 / 24.5 + 1 / 32.5)
    assert tested.z == pytest.approx(_z(16, mean, variance), abs=1e-12)


def test_last_years_weeks_without_the_weeks_before_them_give_no_season():
    """The seasonal factor needs both last year's weeks and the 8 before them."""
    row = TrendRow("a", 8, EIGHT_FOURS, last_year=[8, 8, 8])
    tested = judge_row(row)
    assert not tested.seasonal and tested.expected == 4.0


def test_fdr_step_is_benjamini_hochberg():
    # m = 5 at q = 0.05: limits 0.01, 0.02, 0.03, 0.04, 0.05 for the sorted p-values.
    # The fourth smallest (0.04 ≤ 0.04) passes, so all below it pass too.
    assert fdr_passing([0.04, 0.012, 0.5, 0.025, 0.001], 0.05) == [True, True, False, True, True]
    # 0.035 > 0.03 and 0.045 > 0.04: only the smallest, 0.001 ≤ 0.01, passes.
    assert fdr_passing([0.045, 0.035, 0.5, 0.025, 0.001], 0.05) == [
        False,
        False,
        False,
        False,
        True,
    ]
    assert fdr_passing([0.02, 0.03], 0.01) == [False, False]
    assert fdr_passing([], 0.05) == []


def test_one_row_among_many_needs_more_than_two_standard_deviations():
    # 9 against 4 (p ≈ 0.02) is flagged alone, but not among 50 ordinary rows.
    alone = flag_wrong_way([TrendRow("x", 9, EIGHT_FOURS)], fdr=0.05, min_count=5)
    assert [flag.key for flag in alone] == ["x"]
    crowd = [TrendRow(k, 4, EIGHT_FOURS) for k in range(49)]
    assert flag_wrong_way([TrendRow("x", 9, EIGHT_FOURS), *crowd], fdr=0.05) == []
    strong = flag_wrong_way([TrendRow("x", 20, EIGHT_FOURS), *crowd], fdr=0.05)
    assert [flag.key for flag in strong] == ["x"]
    assert strong[0].ratio == 5.0 and strong[0].baseline_mean == 4.0


def test_small_weeks_falls_and_rows_without_baseline_are_never_flagged():
    assert flag_wrong_way([("Råby", 4, [0] * 8)], min_count=5) == []
    assert flag_wrong_way([("Råby", 4, [0] * 8)], min_count=4) != []
    assert flag_wrong_way([("falling", 1, [9] * 8)], fdr=0.5, min_count=0) == []
    assert flag_wrong_way([("helt ny", 50, [])]) == []


def test_a_falling_row_is_never_flagged_even_when_it_passes_every_other_check():
    """Only a rise is a trend the wrong way: a fall well above the minimum count, with a
    false discovery rate of 1 (every row passes the step), is still not flagged."""
    rows = [("falling", 6, [12] * 8), ("rising", 24, [12] * 8)]
    assert [flag.key for flag in flag_wrong_way(rows, fdr=1.0, min_count=5)] == ["rising"]


def test_a_row_exactly_at_its_expected_level_is_not_flagged():
    """4 against a steady 4 is no rise (z = 0), whatever the false discovery rate."""
    assert judge_row(TrendRow("steady", 4, EIGHT_FOURS)).z == 0.0
    assert flag_wrong_way([("steady", 4, EIGHT_FOURS)], fdr=1.0, min_count=0) == []


def test_a_small_rise_or_fall_is_judged_by_its_direction_not_its_size():
    """With every row passing the step, a row a little above its level (0 < z < 1) is
    flagged and one a little below it (−1 < z < 0) is not."""
    above = judge_row(TrendRow("a", 5, EIGHT_FOURS))
    below = judge_row(TrendRow("b", 3, EIGHT_FOURS))
    assert 0 < above.z < 1 and -1 < below.z < 0
    flags = flag_wrong_way([("a", 5, EIGHT_FOURS), ("b", 3, EIGHT_FOURS)], fdr=1.0, min_count=0)
    assert [flag.key for flag in flags] == ["a"]


def test_a_row_without_baseline_weeks_cannot_be_judged_but_one_week_can():
    assert judge_row(TrendRow("helt ny", 50, [])) is None
    one_week = judge_row(TrendRow("ny i fjol", 9, [4]))
    assert one_week is not None and one_week.expected == 4.0 and one_week.z > 0


def test_two_weeks_already_show_their_spread():
    """The Pearson statistic needs two weeks, not three: 2 and 6 around 4 give X² = 2."""
    assert pearson([2, 6]) == (2.0, 1)
    assert pearson([5]) == (0.0, 0)


def test_a_quiet_row_with_one_busy_week_shows_its_spread():
    """A mean below 1 is still a mean: seven empty weeks and one of 2 (mean ¼) give
    X² = (7 · ¼² + 1¾²) / ¼ = 14, not nothing."""
    assert pearson([0] * 7 + [2]) == (pytest.approx(14.0), 7)


def test_empty_weeks_count_as_calm_weeks_in_the_pooled_dispersion():
    """A row with no incidents in its 8 weeks adds 7 degrees of freedom and no spread."""
    jumpy = TrendRow("c", 0, [0, 10, 0, 10, 0, 10, 0, 10])  # X² = 40, df 7
    assert pearson([0] * 8) == (0.0, 7)
    assert pooled_dispersion([jumpy]) == pytest.approx(40 / 7)
    assert pooled_dispersion([jumpy, TrendRow("tom", 0, [0] * 8)]) == pytest.approx(40 / 14)


def test_zero_baseline_is_flagged_with_no_ratio():
    [flag] = flag_wrong_way([("Ny plats", 5, [0] * 8)], min_count=5)
    assert flag.baseline_mean == 0 and flag.ratio is None
    assert flag.explanation.startswith("5 händelser mot inga de senaste 8 veckorna (z = ")


def test_a_place_in_a_flagged_area_is_one_finding():
    rows = [
        TrendRow(("area", 1), 30, [10] * 8),
        TrendRow(("place", 7), 20, [3] * 8, parent=("area", 1)),
        TrendRow(("place", 8), 15, [2] * 8, parent=("area", 2)),  # its area is not flagged
        TrendRow(("area", 2), 17, [14] * 8),
    ]
    flags = flag_wrong_way(rows)
    assert [flag.key for flag in flags] == [("place", 8), ("area", 1)]  # strongest first
    assert [inner.key for inner in flags[1].within] == [("place", 7)] and not flags[0].within


def test_the_places_within_a_flagged_area_are_listed_strongest_first():
    rows = [
        TrendRow(("area", 1), 60, [10] * 8),
        TrendRow(("place", 7), 12, [3] * 8, parent=("area", 1)),
        TrendRow(("place", 8), 30, [3] * 8, parent=("area", 1)),
    ]
    [area] = flag_wrong_way(rows)
    assert [inner.key for inner in area.within] == [("place", 8), ("place", 7)]


def test_defaults_come_from_settings(settings):
    crowd = [TrendRow(k, 4, EIGHT_FOURS) for k in range(19)]
    rows = [TrendRow("x", 12, EIGHT_FOURS), *crowd]
    settings.TREND_FDR = 0.05
    settings.TREND_MIN_COUNT = 5
    assert [flag.key for flag in flag_wrong_way(rows)] == ["x"]
    settings.TREND_FDR = 0.0001
    assert flag_wrong_way(rows) == []
    settings.TREND_FDR = 0.05
    settings.TREND_MIN_COUNT = 20
    assert flag_wrong_way(rows) == []


def test_explanation_in_swedish():
    assert explain(1, 0.0, 1, 2.0) == "1 händelse mot inga den senaste veckan (z = 2,0)"
    assert explain(1500, 1000.27, 8, 14.1) == (
        "1\u202f500 händelser mot i snitt 1\u202f000,3 de senaste 8 veckorna (z = 14,1)"
    )
    assert explain(12, 4.0, 8, 2.1, expected=9.71) == (
        "12 händelser mot i snitt 4,0 de senaste 8 veckorna, väntat 9,7 med säsongen (z = 2,1)"
    )
