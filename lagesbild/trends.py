"""Trends going the wrong way: this week's count against what the weeks before predict.

The weekly lägesbild flags a category, area or place when this week's count is clearly
above its expected level. Per row:

1. **Expected level.** The mean of the 8 weeks before (the baseline), times a seasonal
   factor when the same weeks last year are known: last year's level around the same
   week (that week and its neighbours) over last year's 8 weeks before it. A row whose
   rise is only the season's (summer, the dark months) is then not flagged.
2. **Overdispersion.** Weekly counts vary more than Poisson: one report can carry several
   incidents and weeks differ. The dispersion φ (variance / mean) is the Pearson
   statistic of the row's own weeks around their mean, moderated towards the pooled
   value of all the week's rows (PRIOR_DF weeks' worth, as limma does for variances):
   8 weeks alone give a poor estimate. Never below 1.
3. **Test.** The variance of (this week − expected) is φ·μ (the week) plus μ²·Var(ln μ̂)
   (the expected level is itself estimated from a few weeks, and the seasonal factor
   from last year's). On the 2/3-power scale, where counts are close to normal
   (Farrington et al. 1996), z = (y^⅔ − μ^⅔) / (⅔ μ^-⅓ √Var) and p = 1 − Φ(z).
4. **Correction.** All the week's rows are tested at once (~50): a row is flagged when it
   passes the Benjamini–Hochberg step at false discovery rate settings.TREND_FDR over
   all of them, and has at least settings.TREND_MIN_COUNT incidents.
5. **One finding per place.** A flagged row inside a flagged row (a place in its area,
   an event in its main category) is reported within it, not as a second alarm.

tests/lagesbild/test_trend_calibration.py simulates weeks with no change and compound
counts like the real ones: the false-alarm rate per row and the power to detect a
doubling are stated in docs/methods.md and checked against it.

Pure functions; the weekly page supplies the counts (aggregated in SQL).
"""

import math
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np
from django.conf import settings

from core.formatting import number

PRIOR_DF = 8  # how many weeks' worth of weight the pooled dispersion gets
CONTINUITY = 0.5  # added to a sum that is divided by (a zero baseline is not "never")


@dataclass(frozen=True)
class TrendRow:
    """One row to judge: its count this week and the weeks it is compared with.

    `weeks` are the baseline weeks (normally the 8 before). `last_year` (the same week
    last year and its neighbours) and `last_year_before` (the 8 weeks before them) give
    the seasonal factor; leave them empty when last year is not known. `parent` is the
    key of the row this one lies within (a place's area, an event's main category)."""

    key: Hashable
    current: int
    weeks: Sequence[int]
    last_year: Sequence[int] = ()
    last_year_before: Sequence[int] = ()
    parent: Hashable | None = None


@dataclass(frozen=True)
class TrendFlag:
    """One key (category, area, place…) whose count rose clearly above its expected level."""

    key: Hashable
    current: int
    baseline_mean: float
    weeks: int
    z: float
    # None when the baseline is zero: "how many times more" has no meaning then.
    ratio: float | None
    explanation: str
    expected: float = 0.0
    p: float = 1.0
    seasonal: bool = False
    # Flagged rows within this one (a place in a flagged area), reported as part of it.
    within: list["TrendFlag"] = field(default_factory=list)


@dataclass(frozen=True)
class Tested:
    """The test of one row: expected level, dispersion, z and one-sided p."""

    expected: float
    dispersion: float
    z: float
    p: float
    seasonal: bool


def pearson(weeks: Sequence[int]) -> tuple[float, int]:
    """(Σ (y − ȳ)² / ȳ, degrees of freedom) of one run of weeks; (0, 0) when empty."""
    if len(weeks) < 2:
        return 0.0, 0
    mean = sum(weeks) / len(weeks)
    if mean <= 0:
        return 0.0, len(weeks) - 1
    return sum((y - mean) ** 2 for y in weeks) / mean, len(weeks) - 1


def _history(row: TrendRow) -> tuple[float, int]:
    x2, df = pearson(row.weeks)
    if row.last_year_before:
        more = pearson(list(row.last_year_before) + list(row.last_year))
        x2, df = x2 + more[0], df + more[1]
    return x2, df


def pooled_dispersion(rows: Sequence[TrendRow]) -> float:
    """The dispersion of all rows' weeks together (Σ X² / Σ df), at least 1."""
    x2 = df = 0
    for row in rows:
        a, b = _history(row)
        x2, df = x2 + a, df + b
    return max(1.0, x2 / df) if df else 1.0


def judge_row(row: TrendRow, pooled: float = 1.0) -> Tested | None:
    """Expected level, dispersion, z and p of one row (module doc); None without weeks."""
    n = len(row.weeks)
    if n == 0:
        return None
    x2, df = _history(row)
    dispersion = max(1.0, (x2 + PRIOR_DF * pooled) / (df + PRIOR_DF))
    total = sum(row.weeks)
    mean = (total if total else CONTINUITY) / n
    var_log = dispersion / (total + CONTINUITY)
    seasonal = bool(row.last_year and row.last_year_before)
    if seasonal:
        now, before = sum(row.last_year), sum(row.last_year_before)
        factor = ((now + CONTINUITY) / len(row.last_year)) / (
            (before + CONTINUITY) / len(row.last_year_before)
        )
        mean *= factor
        var_log += dispersion * (1 / (now + CONTINUITY) + 1 / (before + CONTINUITY))
    variance = dispersion * mean + mean**2 * var_log
    y = row.current
    z = (y ** (2 / 3) - mean ** (2 / 3)) / ((2 / 3) * mean ** (-1 / 3) * math.sqrt(variance))
    return Tested(mean, dispersion, z, 0.5 * math.erfc(z / math.sqrt(2)), seasonal)


def fdr_passing(p: Sequence[float], q: float) -> list[bool]:
    """Which p-values pass the Benjamini–Hochberg step at false discovery rate q."""
    values = np.asarray(p, dtype=float)
    m = values.size
    if not m:
        return []
    order = np.argsort(values, kind="stable")
    passing = np.nonzero(values[order] <= np.arange(1, m + 1) * q / m)[0]
    passed = np.zeros(m, dtype=bool)
    if passing.size:
        passed[order[: passing[-1] + 1]] = True
    return passed.tolist()


def _events(count: int) -> str:
    return f"{number(count)} {'händelse' if count == 1 else 'händelser'}"


def _period(weeks: int) -> str:
    return "den senaste veckan" if weeks == 1 else f"de senaste {weeks} veckorna"


def explain(
    current: int, baseline_mean: float, weeks: int, z: float, expected: float | None = None
) -> str:
    """Plain Swedish: '12 händelser mot i snitt 4,3 de senaste 8 veckorna (z = 2,9)';
    with a seasonal expectation '…, väntat 5,1 med säsongen (z = 2,9)'."""
    if baseline_mean == 0:
        base = f"inga {_period(weeks)}"
    else:
        base = f"i snitt {number(baseline_mean, 1)} {_period(weeks)}"
    season = f", väntat {number(expected, 1)} med säsongen" if expected is not None else ""
    return f"{_events(current)} mot {base}{season} (z = {number(z, 1)})"


def flag_wrong_way(
    rows: Iterable[TrendRow | tuple[Hashable, int, Sequence[int]]],
    *,
    fdr: float | None = None,
    min_count: int | None = None,
) -> list[TrendFlag]:
    """The rows that rose clearly above their expected level, strongest first.

    Rows are TrendRow or (key, current, previous_weeks). A row without any baseline
    week cannot be judged and is not tested. A row is flagged when it passes the
    Benjamini–Hochberg step at `fdr` over all tested rows and `current >= min_count`;
    a flagged row whose parent is flagged is listed in the parent's `within`. Defaults:
    settings.TREND_FDR and settings.TREND_MIN_COUNT.
    """
    if fdr is None:
        fdr = settings.TREND_FDR
    if min_count is None:
        min_count = settings.TREND_MIN_COUNT
    rows = [row if isinstance(row, TrendRow) else TrendRow(*row) for row in rows]
    rows = [row for row in rows if row.weeks]
    pooled = pooled_dispersion(rows)
    tests = [judge_row(row, pooled) for row in rows]
    passed = fdr_passing([t.p for t in tests], fdr)
    flags: dict[Hashable, tuple[TrendRow, TrendFlag]] = {}
    for row, tested, ok in zip(rows, tests, passed, strict=True):
        if not ok or row.current < min_count or tested.z <= 0:
            continue
        weeks = len(row.weeks)
        baseline_mean = sum(row.weeks) / weeks
        flags[row.key] = (
            row,
            TrendFlag(
                key=row.key,
                current=row.current,
                baseline_mean=baseline_mean,
                weeks=weeks,
                z=tested.z,
                ratio=row.current / baseline_mean if baseline_mean else None,
                explanation=explain(
                    row.current,
                    baseline_mean,
                    weeks,
                    tested.z,
                    tested.expected if tested.seasonal else None,
                ),
                expected=tested.expected,
                p=tested.p,
                seasonal=tested.seasonal,
            ),
        )
    findings = []
    for row, flag in flags.values():
        if row.parent is not None and row.parent in flags:
            flags[row.parent][1].within.append(flag)
        else:
            findings.append(flag)
    for flag in findings:
        flag.within.sort(key=lambda f: f.z, reverse=True)
    findings.sort(key=lambda flag: flag.z, reverse=True)
    return findings
