"""Effect evaluation of a measure: incidents per ISO week before, during and after.

Method (stated to users on the page): difference-in-differences with a log-linear
Poisson model. With one target and one comparison series over the same weeks, the
model log E[y] = area + period + δ·(target × during) has the closed-form estimate

    δ̂ = ln(T_during / T_before) − ln(C_during / C_before)

(exposures cancel because both series cover the same weeks). Its Poisson variance is
1/T_b + 1/T_d + 1/C_b + 1/C_d; weekly counts usually vary more than Poisson, so the
variance is scaled by a Pearson dispersion φ = X² / df (quasi-Poisson, φ ≥ 1) of the
model with **week fixed effects**, log E[y_aw] = α_a + γ_w + δ·(target × during): the
same δ̂ (the week effects drop out of it), but swings that both areas share (season,
holidays, a busy weekend in town) are the weeks' own and no longer widen the interval.
Given a week's total n_w the target's share follows a binomial, so X² = Σ_w (T_w −
n_w π̂)² / (n_w π̂ (1 − π̂)) with π̂ the target's share in the week's period, df = weeks
with incidents − 2. The 95 % interval is exp(δ̂ ± 1.96·SE). A zero in any of the four
totals gets 0.5 added to all four (a continuity correction).

Parallel trends before the measure (the assumption of the method) are checked by the
same model over the weeks before, with a linear trend in the target's share
(a quasi-binomial logistic regression): a clear divergence is shown as a caveat.
Comparison areas are suggested by how close their level before the measure is and how
parallel their weekly counts ran to the target's (the divergence over the weeks before).
"""

import datetime as dt
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np
from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from core import formatting
from core.charts import Band, Series, line_chart
from core.isoweek import Week
from lagesbild.figures.disclosure import weekly_series_view
from lagesbild.models import Area, Incident

MIN_BEFORE_WEEKS = 8
MAX_BEFORE_WEEKS = 52
NEIGHBOUR_KM = 1.5
FEW_EVENTS = 30
Z95 = 1.959964


# ---------------------------------------------------------------------------
# Weeks and counts
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Windows:
    before: list[Week]
    during: list[Week]
    after: list[Week]

    @property
    def all(self) -> list[Week]:
        return self.before + self.during + self.after


def windows_for(start: dt.date, end: dt.date | None, today: dt.date) -> Windows:
    """Complete ISO weeks before (as long as the period, 8–52), during and after."""
    last_complete = Week.last(today)
    first = Week.of(start)
    period = first.until(Week.of(end or today))
    during = [w for w in period if w <= last_complete]
    n_before = min(max(len(period), MIN_BEFORE_WEEKS), MAX_BEFORE_WEEKS)
    before = first.shift(-n_before).until(first.shift(-1))
    after = []
    if end is not None:
        after_start = Week.of(end).shift(1)
        following = after_start.until(after_start.shift(len(period) - 1))
        after = [w for w in following if w <= last_complete]
    return Windows(before, during, after)


def _category_q(categories: Sequence) -> Q:
    # A main category includes its events (as Incident.objects.in_category does).
    if not categories:
        return Q()
    return Q(category__in=categories) | Q(category__parent__in=categories)


def weekly_counts(areas: Iterable, categories: Sequence, weeks: Sequence[Week]) -> list[int]:
    """Incidents (summing `count`) per ISO week in `areas`, aggregated in SQL."""
    if not weeks:
        return []
    rows = (
        Incident.objects.filter(area__in=list(areas))
        .filter(_category_q(categories))
        .in_period(weeks[0].monday, weeks[-1].sunday)
        .values("iso_year", "iso_week")
        .annotate(n=Sum("count"))
    )
    by_week = {Week(r["iso_year"], r["iso_week"]): r["n"] for r in rows}
    return [by_week.get(w, 0) for w in weeks]


def weekly_counts_by_area(
    areas: Iterable, categories: Sequence, weeks: Sequence[Week]
) -> dict[int, list[int]]:
    """Incidents per ISO week for each area (one SQL GROUP BY); areas without any are
    left out."""
    if not weeks:
        return {}
    rows = (
        Incident.objects.filter(area__in=list(areas))
        .filter(_category_q(categories))
        .in_period(weeks[0].monday, weeks[-1].sunday)
        .values("area", "iso_year", "iso_week")
        .annotate(n=Sum("count"))
    )
    position = {w: k for k, w in enumerate(weeks)}
    counts: dict[int, list[int]] = {}
    for r in rows:
        k = position.get(Week(r["iso_year"], r["iso_week"]))
        if k is not None:
            counts.setdefault(r["area"], [0] * len(weeks))[k] += r["n"]
    return counts


# ---------------------------------------------------------------------------
# The estimate
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Estimate:
    """A rate ratio (target's change relative to the comparison's) with its 95 % CI."""

    ratio: float
    low: float
    high: float
    dispersion: float
    totals: tuple[float, float, float, float]

    @property
    def percent(self) -> float:
        return (self.ratio - 1) * 100

    @property
    def percent_low(self) -> float:
        return (self.low - 1) * 100

    @property
    def percent_high(self) -> float:
        return (self.high - 1) * 100

    @property
    def is_clear(self) -> bool:
        """The interval excludes no change."""
        return self.high < 1 or self.low > 1


def did_estimate(
    target_before: Sequence[float],
    target_during: Sequence[float],
    comparison_before: Sequence[float],
    comparison_during: Sequence[float],
) -> Estimate | None:
    """Quasi-Poisson difference-in-differences on weekly counts (see the module doc)."""
    cells = [target_before, target_during, comparison_before, comparison_during]
    if any(len(c) == 0 for c in cells):
        return None
    totals = [float(sum(c)) for c in cells]
    if totals[0] + totals[1] == 0 or totals[2] + totals[3] == 0:
        return None
    if min(totals) == 0:
        totals = [t + 0.5 for t in totals]
    t_b, t_d, c_b, c_d = totals
    delta = math.log(t_d / t_b) - math.log(c_d / c_b)
    # The target's share of each week's incidents around its period's share: the
    # Pearson statistic of the model with week fixed effects.
    pearson, weeks = 0.0, 0
    for target, comparison, share in (
        (target_before, comparison_before, t_b / (t_b + c_b)),
        (target_during, comparison_during, t_d / (t_d + c_d)),
    ):
        for t, c in zip(target, comparison, strict=True):
            n = t + c
            if n > 0:
                weeks += 1
                pearson += (t - n * share) ** 2 / (n * share * (1 - share))
    df = weeks - 2
    dispersion = max(1.0, pearson / df) if df > 0 else 1.0
    se = math.sqrt(dispersion * sum(1 / t for t in totals))
    return Estimate(
        ratio=math.exp(delta),
        low=math.exp(delta - Z95 * se),
        high=math.exp(delta + Z95 * se),
        dispersion=dispersion,
        totals=(t_b, t_d, c_b, c_d),
    )


@dataclass(frozen=True)
class Pretrend:
    """How the target's share of incidents moved over the weeks before the measure:
    the change of its log odds per week, with its 95 % interval (quasi-binomial)."""

    slope: float
    low: float
    high: float
    weeks: int

    @property
    def divergence(self) -> float:
        """How far apart the two series drifted over the weeks (relative, +0.3 = 30 %)."""
        return math.exp(self.slope * (self.weeks - 1)) - 1

    @property
    def is_clear(self) -> bool:
        return self.low > 0 or self.high < 0


MIN_PRETREND_WEEKS = 8


def pretrend(target: Sequence[float], comparison: Sequence[float]) -> Pretrend | None:
    """A linear trend in the target's weekly share of both areas' incidents (logistic
    regression with week totals as trials, by iteratively reweighted least squares;
    the dispersion from its Pearson statistic, at least 1). None with fewer than
    MIN_PRETREND_WEEKS weeks with incidents, when one series has none, or when the
    weeks separate the two (the target's few incidents all at one end): no finite
    trend fits them."""
    t = np.asarray(target, dtype=float)
    n = t + np.asarray(comparison, dtype=float)
    used = n > 0
    if used.sum() < MIN_PRETREND_WEEKS or t.sum() == 0 or t.sum() == n.sum():
        return None
    week = np.arange(len(t), dtype=float)[used]
    t, n = t[used], n[used]
    with_target, with_comparison = week[t > 0], week[n - t > 0]
    if with_target.max() <= with_comparison.min() or with_target.min() >= with_comparison.max():
        # Separated: the likelihood grows without end along the slope, so there is no
        # estimate; the iterations only show where the arithmetic gave up, which
        # differed between machines (a LinAlgError on one, slope −13 on another).
        return None
    x = np.column_stack([np.ones_like(week), week - week.mean()])
    share = t.sum() / n.sum()
    beta = np.array([math.log(share / (1 - share)), 0.0])
    with np.errstate(all="ignore"):
        try:
            for _iteration in range(50):
                p = 1 / (1 + np.exp(-(x @ beta)))
                w = n * p * (1 - p)
                z = x @ beta + (t - n * p) / w
                updated = np.linalg.solve(x.T @ (w[:, None] * x), x.T @ (w * z))
                if np.max(np.abs(updated - beta)) < 1e-12:
                    beta = updated
                    break
                beta = updated
            else:
                return None  # no convergence: no estimate to show
            p = 1 / (1 + np.exp(-(x @ beta)))
            w = n * p * (1 - p)
            df = len(t) - 2
            dispersion = max(1.0, float(np.sum((t - n * p) ** 2 / w)) / df)
            variance = dispersion * np.linalg.inv(x.T @ (w[:, None] * x))[1, 1]
        except np.linalg.LinAlgError:  # separated: the weights vanish
            return None
    slope = float(beta[1])
    if not (math.isfinite(slope) and math.isfinite(variance)):
        return None
    se = math.sqrt(variance)
    return Pretrend(slope, slope - Z95 * se, slope + Z95 * se, len(target))


def _pct(value: float) -> str:
    return formatting.number(abs(round(value)))


def _signed(value: float) -> str:
    return formatting.signed(round(value), zero="0")


def describe(estimate: Estimate, comparison: str) -> str:
    """The estimate in plain Swedish (through gettext)."""
    values = {"area": comparison}
    if estimate.high < 1:
        # A decrease: the interval's bounds as decreases, the smaller first.
        values.update(
            pct=_pct(estimate.percent),
            low=_pct(estimate.percent_high),
            high=_pct(estimate.percent_low),
        )
        return (
            _(
                "Incidents decreased by about %(pct)s %% (95 %% CI %(low)s–%(high)s %%) "
                "compared with %(area)s."
            )
            % values
        )
    if estimate.low > 1:
        values.update(
            pct=_pct(estimate.percent),
            low=_pct(estimate.percent_low),
            high=_pct(estimate.percent_high),
        )
        return (
            _(
                "Incidents increased by about %(pct)s %% (95 %% CI %(low)s–%(high)s %%) "
                "compared with %(area)s."
            )
            % values
        )
    values.update(
        pct=_signed(estimate.percent),
        low=_signed(estimate.percent_low),
        high=_signed(estimate.percent_high),
    )
    return (
        _(
            "No clear change compared with %(area)s: the estimate is %(pct)s %%, but the 95 %% "
            "confidence interval (%(low)s to %(high)s %%) includes no change."
        )
        % values
    )


# ---------------------------------------------------------------------------
# Comparison areas and neighbours
# ---------------------------------------------------------------------------


def distance_km(a: Area, b: Area) -> float:
    """Great-circle distance between two area centres (haversine)."""
    lat1, lon1, lat2, lon2 = map(math.radians, (a.latitude, a.longitude, b.latitude, b.longitude))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * 6371.0 * math.asin(math.sqrt(h))


def neighbours_of(targets: Sequence[Area], candidates: Iterable[Area]) -> list[Area]:
    """Areas whose centre lies within NEIGHBOUR_KM of a target's (displacement risk)."""
    return [c for c in candidates if any(distance_km(c, t) <= NEIGHBOUR_KM for t in targets)]


def suggest_comparison(
    targets: Sequence[Area], categories: Sequence, before: Sequence[Week], limit: int = 3
) -> tuple[list[Area], list[Area]]:
    """(suggested comparison areas, neighbours): most similar first, by level before the
    measure and by how parallel the weeks before ran.

    The score is |ln(level ratio)| + |ln(1 + divergence)|: an area with the same level
    whose incidents drifted 30 % away from the target's over the weeks before scores as
    badly as one at 0.77 or 1.3 times the level."""
    target_ids = {a.pk for a in targets}
    others = list(Area.objects.filter(is_active=True).exclude(pk__in=target_ids))
    neighbours = neighbours_of(targets, others)
    excluded = {a.pk for a in neighbours}
    candidates = [a for a in others if a.pk not in excluded]
    weekly = weekly_counts_by_area([*targets, *candidates], categories, before)
    nothing = [0] * len(before)
    target_weeks = [
        sum(week) for week in zip(*(weekly.get(pk, nothing) for pk in target_ids), strict=True)
    ]
    target_total = sum(target_weeks)
    scored = []
    for a in candidates:
        series = weekly.get(a.pk, [0] * len(before))
        total = sum(series)
        if total == 0 and target_total > 0:
            continue
        score = abs(math.log((total + 0.5) / (target_total + 0.5)))
        trend = pretrend(target_weeks, series)
        if trend is not None:
            score += abs(math.log1p(trend.divergence))
        scored.append((score, a.name, a))
    return [a for _score, _name, a in sorted(scored, key=lambda s: s[:2])[:limit]], neighbours


# ---------------------------------------------------------------------------
# The evaluation of one measure
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class PeriodRow:
    label: str
    weeks: int
    # A count, or what the disclosure gate shows instead ("< 3", "..").
    target: int | str
    comparison: int | str | None

    @property
    def target_mean(self) -> float | None:
        return self.target / self.weeks if self.weeks and isinstance(self.target, int) else None

    @property
    def comparison_mean(self) -> float | None:
        if not self.weeks or not isinstance(self.comparison, int):
            return None
        return self.comparison / self.weeks


@dataclass
class Evaluation:
    windows: Windows
    comparison: Area | None
    comparison_chosen: bool
    suggestions: list[Area]
    neighbours: list[Area]
    rows: list[PeriodRow]
    during: Estimate | None
    after: Estimate | None
    neighbour_estimate: Estimate | None
    pretrend: "Pretrend | None"
    sentence: str
    after_sentence: str
    chart: SafeString | None
    caveats: list[str] = field(default_factory=list)
    problem: str = ""


def _week_label(week: Week) -> str:
    return f"v{week.iso_week}" if week.iso_week != 1 else f"v1 {week.iso_year}"


def _regression_to_mean(before: Sequence[int]) -> bool:
    """The last four weeks before the start stood clearly above the weeks before them."""
    if len(before) < 8:
        return False
    recent, earlier = before[-4:], before[:-4]
    earlier_mean = sum(earlier) / len(earlier)
    return sum(recent) / 4 > 1.25 * earlier_mean + 0.5


def evaluate(
    measure, *, comparison: Area | None = None, today: dt.date | None = None, exact: bool = True
) -> Evaluation:
    """Everything the effect page shows for `measure`.

    `exact=False` (readers without `figures.read_exact`): the estimate and its interval
    as for everyone, but the weekly counts and the period sums through the disclosure
    gate, each series protected with its sums.
    """
    today = today or timezone.localdate()
    targets = list(measure.areas.all())
    categories = list(measure.categories.all())
    windows = windows_for(measure.start_date, measure.end_date, today)
    chosen = comparison or measure.comparison_area
    suggestions, neighbours = (
        suggest_comparison(targets, categories, windows.before) if targets else ([], [])
    )
    comparison = chosen or (suggestions[0] if suggestions else None)
    evaluation = Evaluation(
        windows=windows,
        comparison=comparison,
        comparison_chosen=chosen is not None,
        suggestions=suggestions,
        neighbours=neighbours,
        rows=[],
        during=None,
        after=None,
        neighbour_estimate=None,
        pretrend=None,
        sentence="",
        after_sentence="",
        chart=None,
    )
    if not targets:
        evaluation.problem = _("The measure has no target area, so there is nothing to compare.")
        return evaluation
    if not windows.during:
        evaluation.problem = _(
            "The measure has not run for a complete week yet; the evaluation starts after its "
            "first week."
        )
    weeks = windows.all
    target = weekly_counts(targets, categories, weeks)
    compared = weekly_counts([comparison], categories, weeks) if comparison else None
    nb, nd = len(windows.before), len(windows.during)

    def split(values):
        return values[:nb], values[nb : nb + nd], values[nb + nd :]

    t_before, t_during, t_after = split(target)
    c_before, c_during, c_after = split(compared) if compared else (None, None, None)
    lengths = [len(windows.before), len(windows.during), len(windows.after)]
    shown_target, target_sums = (
        (target, [sum(p) for p in split(target)]) if exact else weekly_series_view(target, lengths)
    )
    shown_compared, compared_sums = (None, [None] * 3)
    if compared is not None:
        shown_compared, compared_sums = (
            (compared, [sum(p) for p in split(compared)])
            if exact
            else weekly_series_view(compared, lengths)
        )
    for i, (label, window) in enumerate(
        ((_("Before"), windows.before), (_("During"), windows.during), (_("After"), windows.after))
    ):
        if window:
            evaluation.rows.append(PeriodRow(label, len(window), target_sums[i], compared_sums[i]))
    if comparison:
        evaluation.pretrend = pretrend(t_before, c_before)
    if comparison and windows.during:
        evaluation.during = did_estimate(t_before, t_during, c_before, c_during)
        if evaluation.during:
            evaluation.sentence = describe(evaluation.during, comparison.name)
        if windows.after:
            evaluation.after = did_estimate(t_before, t_after, c_before, c_after)
            if evaluation.after:
                evaluation.after_sentence = describe(evaluation.after, comparison.name)
        if neighbours:
            n_counts = weekly_counts(neighbours, categories, windows.before + windows.during)
            evaluation.neighbour_estimate = did_estimate(
                n_counts[:nb], n_counts[nb:], c_before, c_during
            )
    elif not comparison:
        evaluation.problem = evaluation.problem or _(
            "No comparison area: choose one, or register incidents in other areas first."
        )
    evaluation.caveats = _caveats(evaluation, t_before, measure)
    evaluation.chart = _chart(windows, targets, comparison, shown_target, shown_compared)
    return evaluation


def _caveats(evaluation: Evaluation, t_before: Sequence[int], measure) -> list[str]:
    caveats = []
    estimate = evaluation.during
    if estimate and (sum(estimate.totals[:2]) < FEW_EVENTS or min(estimate.totals) < 10):
        caveats.append(
            _(
                "Few incidents: with this few, chance alone moves the figures a lot, so the "
                "interval is wide. Read the estimate as a direction, not a measurement."
            )
        )
    nb_est = evaluation.neighbour_estimate
    if evaluation.neighbours:
        names = ", ".join(a.name for a in evaluation.neighbours)
        if nb_est and nb_est.low > 1:
            caveats.append(
                _(
                    "Displacement: incidents in the neighbouring areas (%(names)s) rose by "
                    "about %(pct)s %% relative to the comparison area during the measure; some "
                    "may have moved there rather than stopped."
                )
                % {"names": names, "pct": _pct(nb_est.percent)}
            )
        else:
            caveats.append(
                _(
                    "Displacement: the neighbouring areas (%(names)s) were not used for "
                    "comparison because incidents may move there; they show no clear rise."
                )
                % {"names": names}
            )
    trend = evaluation.pretrend
    if trend is not None and trend.is_clear and evaluation.comparison is not None:
        values = {
            "weeks": trend.weeks,
            "pct": _pct(abs(trend.divergence) * 100),
            "area": evaluation.comparison.name,
        }
        if trend.slope > 0:
            text = _(
                "Not parallel before the measure: over the %(weeks)s weeks before, incidents "
                "in the target area rose by about %(pct)s %% relative to %(area)s. The method "
                "assumes they would have moved in parallel without the measure; choose a "
                "comparison area that did, or read the estimate with care."
            )
        else:
            text = _(
                "Not parallel before the measure: over the %(weeks)s weeks before, incidents "
                "in the target area fell by about %(pct)s %% relative to %(area)s. The method "
                "assumes they would have moved in parallel without the measure; choose a "
                "comparison area that did, or read the estimate with care."
            )
        caveats.append(text % values)
    if _regression_to_mean(t_before) or measure.origin:
        caveats.append(
            _(
                "Regression to the mean: the measure started where or when incidents stood "
                "out. Unusually high figures often fall back by themselves, so part of a "
                "decrease may have come anyway."
            )
        )
    if estimate and estimate.dispersion > 1.5:
        caveats.append(
            _(
                "The weekly figures vary more than chance alone would make them, beyond what "
                "both areas share from week to week; the interval has been widened for it."
            )
        )
    return caveats


def _chart(windows, targets, comparison, target, compared) -> SafeString:
    labels = [_week_label(w) for w in windows.all]
    series = [Series(", ".join(a.name for a in targets), target)]
    if compared is not None:
        series.append(Series(comparison.name, compared, dashed=True))
    bands = []
    if windows.during:
        first = len(windows.before)
        bands.append(Band(first, first + len(windows.during) - 1, _("Measure")))
    return line_chart(
        labels,
        series,
        title=_("Incidents per week before, during and after the measure"),
        bands=bands,
        width=760,
    )
