"""Emerging hot spots: Mann–Kendall against a hand computation and scipy, each class on a
hand-built series, and the whole chain (Gi* per week, trend, class) on a built cube."""

import numpy as np
import pytest
from scipy.stats import kendalltau

from lagesbild import emerging
from lagesbild.emerging import classify, mann_kendall, summary, weekly_gi_star


def test_mann_kendall_by_hand():
    # 1 3 2 5 4: of the 10 pairs (i < j), 8 rise and 2 fall → S = 6.
    # Var(S) = n(n−1)(2n+5)/18 = 5·4·15/18 = 16.67; z = 6/√16.67 = 1.4697.
    s, var, z, p = mann_kendall(np.array([[1, 3, 2, 5, 4]]))
    assert s[0] == 6
    assert var[0] == pytest.approx(300 / 18)
    assert z[0] == pytest.approx(6 / np.sqrt(300 / 18))
    assert p[0] == pytest.approx(0.14164, abs=1e-5)


def test_mann_kendall_ties_by_hand():
    # 1 1 2 2 3: 8 rising pairs, 2 tied → S = 8; two tie groups of 2 take
    # 2·1·9 = 18 each from n(n−1)(2n+5) = 300: Var(S) = (300 − 36)/18.
    s, var, z, _p = mann_kendall(np.array([[1, 1, 2, 2, 3]]))
    assert s[0] == 8
    assert var[0] == pytest.approx(264 / 18)
    assert z[0] == pytest.approx(8 / np.sqrt(264 / 18))


@pytest.mark.parametrize("seed", range(5))
def test_mann_kendall_is_kendalls_tau_against_time(seed):
    rng = np.random.default_rng(seed)
    series = rng.integers(0, 5, size=(20, 12)).astype(float)  # many ties
    series[0] = np.arange(12)  # and a clean rise
    s, _var, z, p = mann_kendall(series)
    n0 = 12 * 11 / 2
    for k, row in enumerate(series):
        if np.ptp(row) == 0:
            continue
        tau, p_scipy = kendalltau(np.arange(12), row, method="asymptotic")
        _values, t = np.unique(row, return_counts=True)
        n2 = np.sum(t * (t - 1) / 2)
        assert s[k] == pytest.approx(tau * np.sqrt(n0 * (n0 - n2)))
        assert p[k] == pytest.approx(p_scipy, rel=1e-9)
    assert z[0] > 0 and p[0] < 0.001


def test_a_constant_series_has_no_trend():
    s, var, z, p = mann_kendall(np.array([[2.0] * 12]))
    assert (s[0], var[0], z[0], p[0]) == (0, 0, 0, 1)


N = 12


def _series(hot_weeks=(), cold_weeks=()):
    hot = np.zeros(N, dtype=bool)
    hot[list(hot_weeks)] = True
    cold = np.zeros(N, dtype=bool)
    cold[list(cold_weeks)] = True
    return hot, cold


# (name, hot weeks, cold weeks, the z-series whose Mann–Kendall trend counts)
CASES = [
    ("new", [11], [], np.zeros(N)),
    ("consecutive", [9, 10, 11], [], np.zeros(N)),
    ("intensifying", range(N), [], np.arange(N) + 3.0),
    ("persistent", range(N), [], np.array([5.0, 6.0] * 6)),
    ("persistent", [k for k in range(N) if k != 4], [], np.array([5.0, 6.0] * 6)),
    ("diminishing", range(N), [], 15.0 - np.arange(N)),
    ("sporadic", [2, 5, 11], [], np.zeros(N)),
    ("sporadic", [0, 1, 2, 3, 4, 5, 6, 7, 10, 11], [], np.zeros(N)),  # 10 of 12 < 90 %
    ("oscillating", [2, 5, 11], [0], np.zeros(N)),
    ("historical", range(11), [], np.array([5.0, 6.0] * 6)),
    ("", [3], [], np.zeros(N)),  # hot once, long ago: no pattern
    ("", [], [4], np.zeros(N)),
    ("", [], [], np.zeros(N)),
]


@pytest.mark.parametrize(("expected", "hot_weeks", "cold_weeks", "z"), CASES)
def test_each_class_on_a_hand_built_series(expected, hot_weeks, cold_weeks, z):
    hot, cold = _series(hot_weeks, cold_weeks)
    _s, _var, trend_z, trend_p = mann_kendall(z[None, :])
    (got,) = classify(hot[None, :], cold[None, :], trend_z, trend_p, alpha=0.05)
    assert got == expected


def test_classify_takes_many_cells_at_once():
    hot = np.array([_series(h, c)[0] for _e, h, c, _z in CASES])
    cold = np.array([_series(h, c)[1] for _e, h, c, _z in CASES])
    _s, _var, trend_z, trend_p = mann_kendall(np.array([z for *_x, z in CASES]))
    got = classify(hot, cold, trend_z, trend_p, alpha=0.05)
    assert list(got) == [e for e, *_x in CASES]


def test_the_whole_chain_on_a_built_cube():
    # 12 weeks over a 20 × 20 study area with background noise; a cluster at (5, 5)
    # that grows every week, a cluster at (14, 14) that appears in the last week only,
    # and one at (5, 14) that was busy for 11 weeks and is gone in the last.
    rng = np.random.default_rng(7)
    cube = rng.poisson(0.3, size=(N, 20, 20)).astype(float)
    for week in range(N):
        cube[week, 4:7, 4:7] += 4 + 2 * week
        if week < N - 1:
            cube[week, 13:16, 4:7] += 10
    cube[-1, 13:16, 13:16] += 14
    mask = np.ones((20, 20), dtype=bool)
    z, hot, cold = weekly_gi_star(cube, mask, alpha=0.05)
    _s, _var, trend_z, trend_p = mann_kendall(z[:, mask].T)
    classes = classify(hot[:, mask].T, cold[:, mask].T, trend_z, trend_p, alpha=0.05)
    grid = classes.reshape(20, 20)
    assert grid[5, 5] == "intensifying"
    assert grid[14, 14] == "new"
    assert grid[14, 5] == "historical"
    assert grid[18, 18] == ""  # background


def test_summary_in_swedish():
    assert summary({"new": 3, "persistent": 2, "diminishing": 1}) == (
        "3 nya, 2 ihållande, 1 avtagande"
    )
    assert summary({"sporadic": 1, "historical": 2}) == "1 sporadisk, 2 historiska"
    assert summary({"new": "< 3"}) == "< 3 nya"
    assert summary({}) == ""
    assert emerging.label("new") == "Ny het punkt" and emerging.label("") == ""
