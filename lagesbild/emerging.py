"""Emerging hot spots: Gi* per week over a fixed study area, a Mann–Kendall trend test on
each cell's z-series, and ArcGIS's classes of hot-spot patterns over time.

Pure functions on numpy arrays (the pages pass weekly cell counts, see
lagesbild/figures/emerging.py). For a space-time cube `counts` of shape (weeks, rows,
cols) and a study-area `mask` (rows, cols):

    z, hot, cold = weekly_gi_star(counts, mask, alpha=0.05, fdr=True)
    s, var, trend_z, trend_p = mann_kendall(z[:, mask].T)   # one series per cell
    classes = classify(hot[:, mask].T, cold[:, mask].T, trend_z, trend_p, alpha=0.05)

The classes follow ArcGIS Pro's "Emerging Hot Spot Analysis" (hot-spot patterns; a cell
is hot in a week when its Gi* is significant with z > 0 after the week's
Benjamini–Hochberg step); docs/methods.md §6 describes them in Swedish and English:

- new: hot in the last week and never before;
- consecutive: one uninterrupted run of at least two hot weeks ending in the last week,
  never hot before the run, and hot in less than 90 % of the weeks;
- intensifying / persistent / diminishing: hot in at least 90 % of the weeks, the last
  included, with a significant upward / no significant / a significant downward trend
  of z (Mann–Kendall);
- sporadic: hot in the last week, hot before on and off, less than 90 % of the weeks,
  never cold;
- oscillating: as sporadic, but cold in some week;
- historical: not hot in the last week, but hot in at least 90 % of the weeks;
- "" (no pattern): anything else.
"""

import math

import numpy as np

from .hotspots import fdr_limit, gi_star_grid

NEW = "new"
CONSECUTIVE = "consecutive"
INTENSIFYING = "intensifying"
PERSISTENT = "persistent"
DIMINISHING = "diminishing"
SPORADIC = "sporadic"
OSCILLATING = "oscillating"
HISTORICAL = "historical"
# In the order the summary lists them: what needs attention first.
CLASSES = (
    NEW,
    CONSECUTIVE,
    INTENSIFYING,
    PERSISTENT,
    SPORADIC,
    OSCILLATING,
    DIMINISHING,
    HISTORICAL,
)
# ArcGIS: "hot for 90 percent of the time-step intervals".
MOSTLY = 0.9

# Swedish names: (one, several) for the summary, and the label of a cell.
NAMES = {
    NEW: ("ny", "nya", "Ny het punkt"),
    CONSECUTIVE: ("sammanhängande", "sammanhängande", "Sammanhängande het punkt"),
    INTENSIFYING: ("intensifierande", "intensifierande", "Intensifierande het punkt"),
    PERSISTENT: ("ihållande", "ihållande", "Ihållande het punkt"),
    SPORADIC: ("sporadisk", "sporadiska", "Sporadisk het punkt"),
    OSCILLATING: ("växlande", "växlande", "Växlande het punkt"),
    DIMINISHING: ("avtagande", "avtagande", "Avtagande het punkt"),
    HISTORICAL: ("historisk", "historiska", "Historisk het punkt"),
}


def label(cls: str) -> str:
    """The Swedish label of a class: 'Ny het punkt' …; '' for no pattern."""
    return NAMES[cls][2] if cls in NAMES else ""


def summary(counts: dict[str, object]) -> str:
    """'3 nya, 2 ihållande, 1 avtagande' (classes with a count, in CLASSES order).

    A count may be a string (the disclosure gate's '< 3'): it reads as several."""
    parts = []
    for cls in CLASSES:
        n = counts.get(cls)
        if not n:
            continue
        one, several, _label = NAMES[cls]
        parts.append(f"{n} {one if n == 1 else several}")
    return ", ".join(parts)


def _normal_p(z: np.ndarray) -> np.ndarray:
    """Two-sided p-values of standard normal z-scores (erfc(|z| / √2))."""
    erfc = np.frompyfunc(math.erfc, 1, 1)
    return erfc(np.abs(np.asarray(z, dtype=float)) / math.sqrt(2)).astype(float)


def mann_kendall(series: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The Mann–Kendall trend test of each row of `series` (cells × time steps).

    S = Σ_{i<j} sign(x_j − x_i); Var(S) = (n(n−1)(2n+5) − Σ_t t(t−1)(2t+5)) / 18 with t
    the sizes of groups of tied values; z = S / √Var(S) (no continuity correction, as
    scipy.stats.kendalltau's asymptotic test of the series against time); two-sided p
    from the normal. Returns (S, Var(S), z, p); z 0 and p 1 where Var(S) is 0 (a
    constant series) or there are fewer than 3 steps.
    """
    x = np.atleast_2d(np.asarray(series, dtype=float))
    n = x.shape[1]
    i, j = np.triu_indices(n, k=1)
    s = np.sign(x[:, j] - x[:, i]).sum(axis=1)
    ties = np.zeros(len(x))
    ordered = np.sort(x, axis=1)
    # Tie groups: runs of equal values in each sorted row.
    for row in np.nonzero(np.any(np.diff(ordered, axis=1) == 0, axis=1))[0]:
        _values, t = np.unique(ordered[row], return_counts=True)
        ties[row] = np.sum(t * (t - 1) * (2 * t + 5))
    var = (n * (n - 1) * (2 * n + 5) - ties) / 18.0
    defined = (var > 0) & (n >= 3)
    z = np.where(defined, s / np.sqrt(np.where(defined, var, 1.0)), 0.0)
    p = np.where(defined, _normal_p(z), 1.0)
    return s, var, z, p


def weekly_gi_star(
    counts: np.ndarray, mask: np.ndarray, *, alpha: float, fdr: bool = True
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Gi* of every week of a (weeks, rows, cols) cube over the same study area `mask`.

    Returns z (same shape) and the hot and cold bins: significant at `alpha` (after the
    week's Benjamini–Hochberg step over the study area's cells with `fdr`), z > 0 / < 0.
    """
    counts = np.asarray(counts, dtype=float)
    mask = np.asarray(mask, dtype=bool)
    z = np.zeros_like(counts)
    significant = np.zeros(counts.shape, dtype=bool)
    for week in range(counts.shape[0]):
        z[week], p = gi_star_grid(counts[week], mask)
        limit = fdr_limit(p[mask], alpha) if fdr else alpha
        significant[week] = mask & (p <= limit)
    return z, significant & (z > 0), significant & (z < 0)


def classify(
    hot: np.ndarray,
    cold: np.ndarray,
    trend_z: np.ndarray,
    trend_p: np.ndarray,
    *,
    alpha: float,
) -> np.ndarray:
    """The class of each cell (rows of `hot`/`cold`: cells × weeks, oldest first).

    `trend_z`/`trend_p` are the Mann–Kendall test of each cell's Gi* z-series; a trend
    counts at `alpha`. Returns an array of class names ('' for no pattern).
    """
    hot = np.atleast_2d(np.asarray(hot, dtype=bool))
    cold = np.atleast_2d(np.asarray(cold, dtype=bool))
    n_cells, n = hot.shape
    out = np.full(n_cells, "", dtype=object)
    if not n:
        return out
    n_hot = hot.sum(axis=1)
    last = hot[:, -1]
    mostly = n_hot >= MOSTLY * n
    # Length of the run of hot weeks that ends in the last week.
    not_hot = ~hot[:, ::-1]
    run = np.where(not_hot.any(axis=1), np.argmax(not_hot, axis=1), n)
    up = (np.asarray(trend_p) <= alpha) & (np.asarray(trend_z) > 0)
    down = (np.asarray(trend_p) <= alpha) & (np.asarray(trend_z) < 0)
    ever_cold = cold.any(axis=1)

    out[last & mostly] = PERSISTENT
    out[last & mostly & up] = INTENSIFYING
    out[last & mostly & down] = DIMINISHING
    out[~last & mostly] = HISTORICAL
    few = last & ~mostly
    out[few & (n_hot == 1)] = NEW
    out[few & (run >= 2) & (run == n_hot)] = CONSECUTIVE
    before = few & (n_hot > run)  # hot before the final run: on and off
    out[before & ~ever_cold] = SPORADIC
    out[before & ever_cold] = OSCILLATING
    return out
