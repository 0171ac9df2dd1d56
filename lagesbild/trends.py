"""Trends going the wrong way: this week's count against the previous weeks' mean.

The weekly lägesbild flags a category, area or place when this week's count is clearly
above its recent level. The test is a variance-stabilised Poisson comparison:

    z = 2 (√current − √baseline_mean)

For a Poisson count X with mean λ, 2√X is approximately normal with mean 2√λ and
variance 1 (Anscombe), so z is approximately standard normal when the week is an
ordinary week drawn from the baseline rate. The baseline mean is treated as known;
since it is itself estimated from a few weeks, z slightly overstates the evidence, and
`min_count` keeps very small counts (where the approximation is poorest) from being
flagged at all. docs/methods.md describes the method for analysts.

Pure functions; the weekly page supplies the counts (aggregated in SQL).
"""

import math
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass

from django.conf import settings

from core.formatting import number


@dataclass(frozen=True)
class TrendFlag:
    """One key (category, area, place…) whose count rose clearly above its baseline."""

    key: Hashable
    current: int
    baseline_mean: float
    weeks: int
    z: float
    # None when the baseline is zero: "how many times more" has no meaning then.
    ratio: float | None
    explanation: str


def trend_z(current: int, baseline_mean: float) -> float:
    """Anscombe/Poisson variance-stabilised difference z = 2(√current − √baseline_mean)."""
    if current < 0 or baseline_mean < 0:
        raise ValueError("Antal och medelvärde kan inte vara negativa.")
    return 2.0 * (math.sqrt(current) - math.sqrt(baseline_mean))


def _events(count: int) -> str:
    return f"{number(count)} {'händelse' if count == 1 else 'händelser'}"


def _period(weeks: int) -> str:
    return "den senaste veckan" if weeks == 1 else f"de senaste {weeks} veckorna"


def explain(current: int, baseline_mean: float, weeks: int, z: float) -> str:
    """Plain Swedish: '12 händelser mot i snitt 4,3 de senaste 8 veckorna (z = 2,9)'."""
    if baseline_mean == 0:
        base = f"inga {_period(weeks)}"
    else:
        base = f"i snitt {number(baseline_mean, 1)} {_period(weeks)}"
    return f"{_events(current)} mot {base} (z = {number(z, 1)})"


def flag_wrong_way(
    rows: Iterable[tuple[Hashable, int, Sequence[int]]],
    *,
    threshold: float | None = None,
    min_count: int | None = None,
) -> list[TrendFlag]:
    """Rows (key, current, previous_weeks) that rose to z ≥ threshold, highest z first.

    `previous_weeks` is the baseline (normally the 8 weeks before the current one);
    a row without any baseline week cannot be judged and is never flagged. A row is
    flagged only when `current >= min_count`. A zero baseline is handled by the same
    formula (z = 2√current): with the defaults, 5 or more events where there were
    none is flagged (z ≥ 4,5), and the flag's ratio is None. Thresholds default to
    settings.TREND_Z_THRESHOLD and settings.TREND_MIN_COUNT.
    """
    if threshold is None:
        threshold = settings.TREND_Z_THRESHOLD
    if min_count is None:
        min_count = settings.TREND_MIN_COUNT
    flags = []
    for key, current, previous_weeks in rows:
        weeks = len(previous_weeks)
        if weeks == 0 or current < min_count:
            continue
        baseline_mean = sum(previous_weeks) / weeks
        z = trend_z(current, baseline_mean)
        if z < threshold:
            continue
        flags.append(
            TrendFlag(
                key=key,
                current=current,
                baseline_mean=baseline_mean,
                weeks=weeks,
                z=z,
                ratio=current / baseline_mean if baseline_mean else None,
                explanation=explain(current, baseline_mean, weeks, z),
            )
        )
    flags.sort(key=lambda flag: flag.z, reverse=True)
    return flags
