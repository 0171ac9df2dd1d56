"""The trend flag: z = 2(√current − √baseline) against hand-computed values."""

import math

import pytest

from lagesbild.trends import explain, flag_wrong_way, trend_z

EIGHT_FOURS = [4, 4, 4, 4, 4, 4, 4, 4]


def test_trend_z_hand_computed():
    # 2(√9 − √4) = 2(3 − 2) = 2
    assert trend_z(9, 4.0) == 2.0
    # 2(√1 − √9) = 2(1 − 3) = −4: a fall gives a negative z
    assert trend_z(1, 9.0) == -4.0
    # zero baseline: 2(√5 − 0) = 2√5 ≈ 4.4721
    assert trend_z(5, 0.0) == pytest.approx(4.472136, abs=1e-6)
    assert trend_z(0, 0.0) == 0.0


def test_trend_z_refuses_negative_counts():
    with pytest.raises(ValueError):
        trend_z(-1, 2.0)


def test_flag_rising_row_with_hand_computed_figures():
    # baseline 4+5+3+4+6+4+5+4 = 35 over 8 weeks = 4.375;
    # z = 2(√12 − √4.375) = 2(3.4641016 − 2.0916501) = 2.7449030; ratio 12/4.375 = 2.742857
    [flag] = flag_wrong_way([("Klotter", 12, [4, 5, 3, 4, 6, 4, 5, 4])], threshold=2, min_count=5)
    assert flag.key == "Klotter"
    assert flag.current == 12 and flag.weeks == 8
    assert flag.baseline_mean == 4.375
    assert flag.z == pytest.approx(2.7449030, abs=1e-6)
    assert flag.ratio == pytest.approx(2.742857, abs=1e-6)
    assert flag.explanation == "12 händelser mot i snitt 4,4 de senaste 8 veckorna (z = 2,7)"


def test_only_rising_rows_at_or_above_threshold_are_flagged():
    rows = [
        ("exactly at threshold", 9, EIGHT_FOURS),  # z = 2.0 → flagged (≥)
        ("just below", 8, EIGHT_FOURS),  # z = 2(√8 − 2) = 1.657 → not
        ("falling", 1, [9] * 8),  # z = −4 → a fall is not the wrong way
        ("strong", 16, EIGHT_FOURS),  # z = 2(4 − 2) = 4 → flagged, first
    ]
    flags = flag_wrong_way(rows, threshold=2.0, min_count=5)
    assert [flag.key for flag in flags] == ["strong", "exactly at threshold"]
    assert [flag.z for flag in flags] == [4.0, 2.0]


def test_small_weeks_are_never_flagged():
    # 4 events against a zero baseline: z = 2√4 = 4, but 4 < min_count 5
    assert flag_wrong_way([("Råby", 4, [0] * 8)], threshold=2, min_count=5) == []
    assert flag_wrong_way([("Råby", 4, [0] * 8)], threshold=2, min_count=4) != []


def test_zero_baseline_is_flagged_with_no_ratio():
    [flag] = flag_wrong_way([("Ny plats", 5, [0] * 8)], threshold=2, min_count=5)
    assert flag.baseline_mean == 0 and flag.ratio is None
    assert flag.z == pytest.approx(2 * math.sqrt(5))
    assert flag.explanation == "5 händelser mot inga de senaste 8 veckorna (z = 4,5)"


def test_row_without_baseline_weeks_is_not_judged():
    assert flag_wrong_way([("helt ny", 50, [])], threshold=2, min_count=5) == []


def test_defaults_come_from_settings(settings):
    settings.TREND_Z_THRESHOLD = 3.5
    settings.TREND_MIN_COUNT = 1
    # z = 2(√16 − √4) = 4 ≥ 3.5; z = 2(√12 − √4) ≈ 2.93 < 3.5
    flags = flag_wrong_way([("a", 16, EIGHT_FOURS), ("b", 12, EIGHT_FOURS)])
    assert [flag.key for flag in flags] == ["a"]
    settings.TREND_MIN_COUNT = 20
    assert flag_wrong_way([("a", 16, EIGHT_FOURS)]) == []


def test_explanation_in_swedish_for_one_event_and_one_week():
    assert explain(1, 0.0, 1, 2.0) == "1 händelse mot inga den senaste veckan (z = 2,0)"
    assert explain(1500, 1000.27, 8, 14.1) == (
        "1\u202f500 händelser mot i snitt 1\u202f000,3 de senaste 8 veckorna (z = 14,1)"
    )
