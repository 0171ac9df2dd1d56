"""Weeks of incident counts like the real ones, to hold the trend flags to account.

Each row has a weekly level (incidents), a smooth season of its own and reports that
carry one or more incidents each (geometric, mean 4/3, as in the demo's generator), on
top of week-to-week variation shared by nothing: var/mean ≈ 2 like the demo's rows.
"""

import math

import numpy as np

from lagesbild.trends import TrendRow, flag_wrong_way

WEEKS = 61  # last year's weeks (the same week and the 8 before it) and this year's 8 + 1
PER_REPORT = 4 / 3  # incidents per report (geometric, p = 0.75)
WEEK_CV = 0.15  # week-to-week variation of the rate (gamma)
LEVELS = np.geomspace(0.5, 100, 50)  # a week's rows: 50 levels, 0.5 to 100 a week


def series(rng, level: float, weeks: int = WEEKS, rise=None) -> np.ndarray:
    """Weekly incident counts of a row with mean `level`; `rise` multiplies weeks."""
    amplitude, phase = rng.uniform(0, 0.45), rng.uniform(0, 2 * math.pi)
    t = np.arange(weeks)
    rate = level * (1 + amplitude * np.sin(2 * math.pi * t / 52 + phase))
    rate *= rng.gamma(1 / WEEK_CV**2, WEEK_CV**2, weeks)
    if rise is not None:
        rate *= rise
    reports = rng.poisson(rate / PER_REPORT)
    incidents = np.minimum(rng.geometric(0.75, reports.sum()), 20)
    ends = np.cumsum(reports)
    totals = np.concatenate([[0], np.cumsum(incidents)])
    return totals[ends] - totals[ends - reports]


def row_of(key, counts: np.ndarray, at: int, season: bool) -> TrendRow:
    """The row as the weekly page builds it for week `at` of `counts`."""
    ly = at - 52
    return TrendRow(
        key=key,
        current=int(counts[at]),
        weeks=counts[at - 8 : at].tolist(),
        last_year=counts[ly - 1 : ly + 2].tolist() if season else (),
        last_year_before=counts[ly - 8 : ly].tolist() if season else (),
    )


def false_alarm_rate(weeks: int, *, seed: int, season: bool) -> float:
    """Flags per row tested over `weeks` simulated weeks with no change at all."""
    rng = np.random.default_rng(seed)
    flagged = tested = 0
    for _ in range(weeks):
        rows = [row_of(k, series(rng, level), WEEKS - 1, season) for k, level in enumerate(LEVELS)]
        flagged += len(flag_wrong_way(rows))
        tested += len(rows)
    return flagged / tested


def power(level: float, weeks: int, *, seed: int, season: bool) -> float:
    """Share of simulated weeks in which a row of `level` a week whose rate doubles for
    3 weeks is flagged in at least one of them (the other 49 rows do not change)."""
    rng = np.random.default_rng(seed)
    rise = np.ones(WEEKS)
    rise[-3:] = 2.0
    found = 0
    for _ in range(weeks):
        others = [series(rng, other) for other in LEVELS[1:]]
        changing = series(rng, level, rise=rise)
        for at in (WEEKS - 3, WEEKS - 2, WEEKS - 1):
            rows = [row_of("x", changing, at, season)]
            rows += [row_of(k, counts, at, season) for k, counts in enumerate(others)]
            if any(flag.key == "x" for flag in flag_wrong_way(rows)):
                found += 1
                break
    return found / weeks


if __name__ == "__main__":
    # The figures of docs/methods.md (about a minute):
    #   DJANGO_SETTINGS_MODULE=trygghet.settings.test python -m tests.lagesbild.trend_simulation
    import django

    django.setup()
    for season in (False, True):
        rate = false_alarm_rate(2000, seed=1, season=season)
        print(f"last year known: {season}; false alarms per 100 rows: {rate * 100:.2f}")
        for level in (5, 10, 20, 40):
            found = power(level, 500, seed=2, season=season)
            print(f"  doubling for 3 weeks at {level} a week: flagged in {found:.1%}")
