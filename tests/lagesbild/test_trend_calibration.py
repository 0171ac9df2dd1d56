"""The trend flags hold docs/methods.md to account: simulated weeks with compound counts
like the real ones give at most the documented false-alarm rate when nothing changes,
and the documented power to flag a doubling over 3 weeks."""

import re
from pathlib import Path

import pytest

from tests.lagesbild.trend_simulation import false_alarm_rate, power

METHODS = Path(__file__).resolve().parents[2] / "docs" / "methods.md"


def _documented() -> tuple[int, dict[int, int]]:
    text = METHODS.read_text()
    [per_100] = re.findall(r"flaggas högst \*\*(\d+) per 100 rader\*\*", text)
    table = dict(re.findall(r"^\| (\d+) \| (\d+) % \|$", text, re.M))
    return int(per_100), {int(level): int(pct) for level, pct in table.items()}


def test_the_documentation_states_the_rates():
    per_100, powers = _documented()
    assert per_100 == 1
    assert set(powers) == {5, 10, 20, 40}
    assert list(powers.values()) == sorted(powers.values())  # more incidents, more power


@pytest.mark.parametrize("season", [False, True], ids=["8 weeks", "with last year"])
def test_false_alarms_under_no_change_stay_within_the_documented_rate(settings, season):
    settings.TREND_FDR, settings.TREND_MIN_COUNT = 0.05, 5
    per_100, _powers = _documented()
    # 300 weeks × 50 rows; other seeds than the documentation's run.
    rate = false_alarm_rate(300, seed=31, season=season)
    assert rate <= per_100 / 100, f"{rate:.2%} of rows flagged with nothing changed"


@pytest.mark.parametrize("level", [10, 20])
def test_power_to_flag_a_doubling_over_three_weeks_is_as_documented(settings, level):
    settings.TREND_FDR, settings.TREND_MIN_COUNT = 0.05, 5
    _per_100, powers = _documented()
    found = power(level, 200, seed=32 + level, season=False)
    # 200 cases: a standard error of ~3.5 points; the documented figure is from 500.
    assert abs(found * 100 - powers[level]) <= 10, f"{found:.0%} against {powers[level]} %"
