"""Indicators of goals, computed (read-only) from incidents and survey results.

Every value is aggregated in SQL: one grouped query of incidents per indicator, one of
populations, one of survey results. The verdict rule, in plain words:

1. The points are the indicator's values per period (year or quarter) from the goal's
   baseline year up to the last *complete* period: the running year or quarter is left
   out. A period before the first incident in the system has no value (an empty period
   before registration started is "no data", not zero); the period in which
   registration started is shown as incomplete but is not a point (a partial first
   quarter would read as a fall or a rise that did not happen).
2. "För lite data" when fewer than MIN_POINTS periods have a value, or when an incident
   indicator has fewer than MIN_EVENTS incidents in all its points together (too few to
   tell a trend from chance). Survey figures from fewer than SURVEY_MIN_RESPONDENTS
   respondents are not points ("för få svar"), nor are figures published after the day
   the verdict is given for (a meeting pack shows what was known at the meeting).
3. Otherwise a straight line (least squares) is fitted through the points. Quarters are
   compared like with like: the line has an effect per quarter of the year (a first
   quarter is compared with first quarters), so a season is not read as a trend; with
   too few points for that ("för lite data") a quarterly indicator needs more quarters.
4. A verdict needs the 95 % interval (Student's t on the line's residuals) to exclude
   the target: with a target value, "på väg" when the line's whole interval at the
   target date lies on the target's right side (at or below it for a goal that should
   fall, at or above for one that should rise), "inte på väg" when it lies wholly on the
   wrong side. Without a target value (a direction only), the slope's interval must
   exclude zero. Otherwise "osäkert": the data cannot tell yet.
"""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

import numpy as np
from django.conf import settings
from django.db.models import (
    Count,
    DecimalField,
    ExpressionWrapper,
    F,
    Q,
    Sum,
)
from django.db.models.functions import TruncQuarter, TruncYear
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

# scipy.stats is imported where the trend's t-limit is computed (slow to import).
from core.charts import PALETTE, Series, line_chart
from core.coverage import MISSING, PARTIAL
from core.formatting import long_date, number
from core.versioned import figures_cached
from lagesbild.figures.disclosure import suppress_small
from lagesbild.models import Category, Incident, IncidentCount
from lagesbild.selectors import demo_incident_span, incident_coverage

from ..models import AreaPopulation, Goal, Indicator, SurveyResult

MIN_POINTS = 3
MIN_EVENTS = 30


class Verdict:
    ON_TRACK = "pa_vag"
    OFF_TRACK = "inte_pa_vag"
    UNCERTAIN = "osakert"
    TOO_LITTLE = "for_lite_data"
    LABELS = {
        ON_TRACK: gettext_lazy("on track"),
        OFF_TRACK: gettext_lazy("not on track"),
        UNCERTAIN: gettext_lazy("uncertain"),
        TOO_LITTLE: gettext_lazy("too little data"),
    }
    COLOURS = {
        ON_TRACK: "success",
        OFF_TRACK: "danger",
        UNCERTAIN: "warning",
        TOO_LITTLE: "secondary",
    }


@dataclass
class Point:
    """One period of an indicator: its value (None: no data) and what it rests on."""

    label: str
    start: dt.date
    end: dt.date
    value: Decimal | None = None
    events: int | None = None
    respondents: int | None = None
    note: str = ""
    # Covered by data in part only (registration started within it): shown, not judged.
    partial: bool = False

    @property
    def usable(self) -> bool:
        """Whether the point counts in the verdict and the trend."""
        return self.value is not None and not self.partial

    @property
    def t(self) -> float:
        """The period's midpoint as a fractional year (2023.5 is mid-2023)."""
        return fractional_year(self.start + (self.end - self.start) / 2)

    @property
    def quarter(self) -> int | None:
        """1–4 for a quarter, None for a year."""
        if (self.end - self.start).days > 100:
            return None
        return (self.start.month - 1) // 3 + 1


Z95_LEVEL = 0.975  # two-sided 95 %


@dataclass(frozen=True)
class Fit:
    """A least-squares line through the points, with an effect per quarter of the year
    for quarterly points, and what its 95 % intervals need."""

    coef: np.ndarray
    cov: np.ndarray
    quarters: tuple[int, ...]  # the quarters with an effect of their own (not the first)
    df: int
    t_crit: float
    first: int | None = None  # the quarter the others' effects are relative to

    def _row(self, t: float, quarter: int | None) -> np.ndarray:
        effects = [1.0 if quarter == q else 0.0 for q in self.quarters]
        if quarter is not None and self.quarters and quarter not in (*self.quarters, self.first):
            # A quarter never observed: the mean of the quarters' effects.
            effects = [1.0 / (len(self.quarters) + 1)] * len(self.quarters)
        return np.array([1.0, t, *effects])

    def predict(self, t: float, quarter: int | None = None) -> tuple[float, float, float]:
        """(value, low, high) of the line at `t` (in `quarter`), 95 % interval."""
        x = self._row(t, quarter)
        value = float(x @ self.coef)
        half = self.t_crit * float(np.sqrt(max(x @ self.cov @ x, 0.0)))
        return value, value - half, value + half

    @property
    def slope(self) -> float:
        return float(self.coef[1])

    @property
    def slope_interval(self) -> tuple[float, float]:
        half = self.t_crit * float(np.sqrt(max(self.cov[1, 1], 0.0)))
        return self.slope - half, self.slope + half


def fit_line(points: list[Point]) -> Fit | None:
    """Least squares through usable points (value on t, plus quarter effects); None when
    the points leave no degree of freedom for the interval."""
    quarters_seen = sorted({p.quarter for p in points if p.quarter is not None})
    first, quarters = (quarters_seen[0], tuple(quarters_seen[1:])) if quarters_seen else (None, ())
    x = np.array([[1.0, p.t, *[1.0 if p.quarter == q else 0.0 for q in quarters]] for p in points])
    y = np.array([float(p.value) for p in points])
    df = len(points) - x.shape[1]
    if df < 1 or np.linalg.matrix_rank(x) < x.shape[1]:
        return None
    xtx_inv = np.linalg.inv(x.T @ x)
    coef = xtx_inv @ x.T @ y
    residual = y - x @ coef
    variance = float(residual @ residual) / df
    from scipy import stats

    return Fit(
        coef=coef,
        cov=variance * xtx_inv,
        quarters=quarters,
        df=df,
        t_crit=float(stats.t.ppf(Z95_LEVEL, df)),
        first=first,
    )


@dataclass
class VerdictResult:
    verdict: str
    reason: str
    slope: float | None = None
    projected: float | None = None
    low: float | None = None  # the projection's 95 % interval at the target date
    high: float | None = None
    fit: Fit | None = None

    @property
    def label(self) -> str:
        return str(Verdict.LABELS[self.verdict])

    @property
    def colour(self) -> str:
        return Verdict.COLOURS[self.verdict]


@dataclass
class IndicatorResult:
    indicator: Indicator
    points: list[Point]
    unit: str
    decimals: int
    verdict: VerdictResult
    baseline: Decimal | None = None
    target: Decimal | None = None
    chart: str = ""
    notes: list[str] = field(default_factory=list)
    # The period the baseline value is from (the goal's baseline year, or the first point).
    baseline_label: str = ""

    @property
    def latest(self) -> Point | None:
        return next((p for p in reversed(self.points) if p.usable), None)


def fractional_year(day: dt.date) -> float:
    start = dt.date(day.year, 1, 1)
    length = (dt.date(day.year + 1, 1, 1) - start).days
    return day.year + (day - start).days / length


def periods(granularity: str, first_year: int, today: dt.date) -> list[Point]:
    """Complete periods from 1 January of `first_year` to before the running one."""
    points = []
    if granularity == Indicator.Granularity.QUARTER:
        year, quarter = first_year, 1
        while True:
            start = dt.date(year, 3 * quarter - 2, 1)
            end = (
                dt.date(year, 3 * quarter + 1, 1) if quarter < 4 else dt.date(year + 1, 1, 1)
            ) - dt.timedelta(days=1)
            if end >= today:
                break
            points.append(Point(f"{year} K{quarter}", start, end))
            year, quarter = (year + 1, 1) if quarter == 4 else (year, quarter + 1)
    else:
        for year in range(first_year, today.year):
            points.append(Point(str(year), dt.date(year, 1, 1), dt.date(year, 12, 31)))
    return points


def _incidents(area_ids: list[int], category_ids: list[int]):
    """The incidents an indicator counts: in its areas, of its categories (a main
    category with its events); all when it names none."""
    qs = Incident.objects.all()
    if area_ids:
        qs = qs.filter(area_id__in=area_ids)
    if category_ids:
        qs = qs.filter(Q(category_id__in=category_ids) | Q(category__parent_id__in=category_ids))
    return qs


def populations(area_ids: list[int], years: list[int]) -> dict[int, int]:
    """Inhabitants per year in the areas (all areas when empty); a year is left out when
    any of the chosen areas has no figure for it."""
    qs = AreaPopulation.objects.filter(year__in=years)
    if area_ids:
        qs = qs.filter(area_id__in=area_ids)
    rows = qs.values("year").annotate(total=Sum("population"), n=Count("pk"))
    wanted = len(area_ids)
    return {r["year"]: r["total"] for r in rows if not wanted or r["n"] == wanted}


def incident_points(
    indicator: Indicator, first_year: int, today: dt.date, *, recount: bool = False
) -> list[Point]:
    """Incident count (or rate per 1 000 inhabitants) per period, in one grouped query.

    From the stored incident counts; `recount=True` counts the incidents themselves
    (the oracle the stored counts are tested against).
    """
    points = periods(indicator.granularity, first_year, today)
    if not points:
        return points
    coverage = incident_coverage(today)
    # A real goal is never judged on the demo's invented incidents.
    demo = None if indicator.goal.is_demo else demo_incident_span()
    area_ids = [a.pk for a in indicator.areas.all()]
    category_ids = [c.pk for c in indicator.categories.all()]
    if not recount:
        counts = _counted(indicator, area_ids, category_ids, points)
    else:
        trunc = (
            TruncQuarter if indicator.granularity == Indicator.Granularity.QUARTER else TruncYear
        )
        rows = (
            _incidents(area_ids, category_ids)
            .filter(occurred_on__gte=points[0].start, occurred_on__lte=points[-1].end)
            .annotate(period=trunc("occurred_on"))
            .values("period")
            .annotate(n=Sum("count"))
        )
        counts = {
            (r["period"].date() if isinstance(r["period"], dt.datetime) else r["period"]): r["n"]
            for r in rows
        }
    rate = indicator.kind == Indicator.Kind.INCIDENT_RATE
    people = populations(area_ids, sorted({p.start.year for p in points})) if rate else {}
    for point in points:
        status = coverage.status(point.start, point.end)
        if status == MISSING:
            point.note = _("before registration started")
            continue
        if demo and point.start <= demo[1] and point.end >= demo[0]:
            point.note = _("demo data: not counted for a real goal")
            continue
        if status == PARTIAL:
            point.partial = True
            point.note = _("incomplete: registration started %(day)s; not used in the verdict") % {
                "day": long_date(coverage.first)
            }
        point.events = counts.get(point.start, 0)
        if rate:
            inhabitants = people.get(point.start.year)
            if not inhabitants:
                point.note = _("population missing for %(year)s") % {"year": point.start.year}
                continue
            point.value = (Decimal(point.events) * 1000 / Decimal(inhabitants)).quantize(
                Decimal("0.01")
            )
        else:
            point.value = Decimal(point.events)
    return points


def _counted(
    indicator: Indicator, area_ids: list[int], category_ids: list[int], points: list[Point]
) -> dict:
    """Incidents per period start from the monthly counts (PostgreSQL): months add up to
    quarters and years exactly, and a query reads at most a few thousand rows where
    counting incidents read every one since the baseline year (~290 ms a start page
    at 1 M incidents)."""
    Dimension = IncidentCount.Dimension
    months = IncidentCount.objects.filter(period__range=(points[0].start, points[-1].end))
    if area_ids:
        months = months.filter(dimension=Dimension.MONTH_CATEGORY_AREA, key2__in=area_ids)
    else:
        months = months.filter(dimension=Dimension.MONTH_CATEGORY)
    if category_ids:
        # A main category counts with its events, as in _incidents().
        events = Category.objects.filter(Q(pk__in=category_ids) | Q(parent_id__in=category_ids))
        months = months.filter(key__in=list(events.values_list("pk", flat=True)))
    quarterly = indicator.granularity == Indicator.Granularity.QUARTER
    counts: dict[dt.date, int] = {}
    for row in months.values("period").annotate(n=Sum("n")).order_by():
        month = row["period"]
        start = (
            dt.date(month.year, month.month - (month.month - 1) % 3, 1)
            if quarterly
            else dt.date(month.year, 1, 1)
        )
        counts[start] = counts.get(start, 0) + row["n"]
    return counts


def survey_points(indicator: Indicator, first_year: int, today: dt.date) -> list[Point]:
    """The respondent-weighted share (or mean) per year over the indicator's areas.

    No areas: the whole municipality's own rows (area empty). Rows with too few
    respondents are not used, nor rows published after `today`.
    """
    points = periods(Indicator.Granularity.YEAR, first_year, today + dt.timedelta(days=366))
    # A real goal reads real survey values only; the demo's goal reads the demo's.
    qs = SurveyResult.objects.published_by(today).filter(
        question=indicator.survey_question,
        year__gte=first_year,
        is_demo=indicator.goal.is_demo,
    )
    if indicator.survey_name:
        qs = qs.filter(survey_name=indicator.survey_name)
    area_ids = [a.pk for a in indicator.areas.all()]
    qs = qs.filter(area_id__in=area_ids) if area_ids else qs.filter(area__isnull=True)
    column = "share_unsafe" if indicator.kind == Indicator.Kind.SURVEY_SHARE else "mean_score"
    weighted = ExpressionWrapper(
        F(column) * F("respondents"), output_field=DecimalField(max_digits=20, decimal_places=4)
    )
    minimum = settings.SURVEY_MIN_RESPONDENTS
    rows = {
        r["year"]: r
        for r in qs.filter(**{f"{column}__isnull": False})
        .values("year")
        .annotate(
            weighted=Sum(weighted, filter=Q(respondents__gte=minimum)),
            used=Sum("respondents", filter=Q(respondents__gte=minimum)),
            asked=Sum("respondents"),
        )
    }
    last_year = max(rows, default=today.year - 1)
    points = [p for p in points if p.start.year <= max(last_year, today.year - 1)]
    for point in points:
        row = rows.get(point.start.year)
        if row is None:
            point.note = _("no survey")
            continue
        point.respondents = row["asked"]
        if not row["used"]:
            point.note = _("too few answers")
            continue
        point.value = (Decimal(row["weighted"]) / Decimal(row["used"])).quantize(Decimal("0.1"))
    return points


def judge(
    points: list[Point],
    *,
    direction: str,
    target_t: float | None = None,
    target_value: Decimal | None = None,
    count_events: bool = False,
) -> VerdictResult:
    """The verdict rule of the module docstring, on points already computed."""
    usable = [p for p in points if p.usable]
    if len(usable) < MIN_POINTS:
        return VerdictResult(
            Verdict.TOO_LITTLE,
            _("%(n)s periods with data; at least %(min)s are needed.")
            % {"n": len(usable), "min": MIN_POINTS},
        )
    if count_events:
        events = sum(p.events or 0 for p in usable)
        if events < MIN_EVENTS:
            return VerdictResult(
                Verdict.TOO_LITTLE,
                _("%(n)s incidents in all; at least %(min)s are needed to see a trend.")
                % {"n": events, "min": MIN_EVENTS},
            )
    fit = fit_line(usable)
    if fit is None:
        # MIN_POINTS years always leave a line a degree of freedom: only the quarters'
        # effects can use them all.
        reason = _(
            "%(n)s quarters with data: a quarter is compared with the same quarter of "
            "other years, which needs at least %(min)s quarters."
        ) % {"n": len(usable), "min": 6}
        return VerdictResult(Verdict.TOO_LITTLE, reason)
    sign = -1 if direction == Goal.Direction.FALL else 1
    if target_value is None or target_t is None:
        low, high = fit.slope_interval
        if sign * low > 0 and sign * high > 0:
            verdict, reason = Verdict.ON_TRACK, _("The trend moves the right way.")
        elif sign * low < 0 and sign * high < 0:
            verdict, reason = Verdict.OFF_TRACK, _("The trend moves the wrong way.")
        else:
            verdict = Verdict.UNCERTAIN
            reason = _(
                "No clear trend yet: the 95 %% interval of the change per year "
                "(%(low)s to %(high)s) includes no change."
            ) % {"low": number(low, 1), "high": number(high, 1)}
        return VerdictResult(verdict, reason, slope=fit.slope, fit=fit)
    quarter = usable[-1].quarter and (int(((target_t % 1) * 12) // 3) + 1)
    projected, low, high = fit.predict(target_t, quarter or None)
    target = float(target_value)
    values = {
        "p": number(projected, 1),
        "low": number(low, 1),
        "high": number(high, 1),
        "t": number(target_value, 1),
    }
    # The interval's bound on the good side and on the bad side of the target.
    good, bad = (low, high) if sign < 0 else (high, low)
    if sign * (bad - target) >= 0:
        verdict = Verdict.ON_TRACK
        reason = _(
            "At the present pace the indicator would be %(p)s at the target date (95 %% "
            "interval %(low)s–%(high)s; target %(t)s)."
        )
    elif sign * (good - target) < 0:
        verdict = Verdict.OFF_TRACK
        reason = _(
            "At the present pace the indicator would be %(p)s at the target date (95 %% "
            "interval %(low)s–%(high)s; target %(t)s)."
        )
    else:
        verdict = Verdict.UNCERTAIN
        reason = _(
            "Too uncertain to say: at the present pace the indicator would be %(p)s at the "
            "target date, but the 95 %% interval (%(low)s–%(high)s) includes the target "
            "%(t)s."
        )
    return VerdictResult(
        verdict,
        reason % values,
        slope=fit.slope,
        projected=projected,
        low=low,
        high=high,
        fit=fit,
    )


UNITS = {
    Indicator.Kind.INCIDENT_COUNT: (gettext_lazy("incidents"), 0),
    Indicator.Kind.INCIDENT_RATE: (gettext_lazy("per 1 000 inhabitants"), 2),
    Indicator.Kind.SURVEY_SHARE: ("%", 1),
    Indicator.Kind.SURVEY_MEAN: (gettext_lazy("mean score"), 1),
}


def indicator_result(
    indicator: Indicator, *, main: bool, exact: bool, today: dt.date | None = None
) -> IndicatorResult:
    """An indicator's points, verdict and chart; the main one is judged against the target.

    `exact=False` (readers without `figures.read_exact`): the verdict is judged on every
    count, but what is shown goes through the disclosure gate (`_gated`).
    """
    goal = indicator.goal
    today = today or timezone.localdate()
    if indicator.is_survey:
        points = survey_points(indicator, goal.baseline_year, today)
    else:
        points = incident_points(indicator, goal.baseline_year, today)
    unit, decimals = UNITS[indicator.kind]
    first = next((p for p in points if p.usable), None)
    if main and goal.baseline_value is not None:
        baseline, baseline_label = goal.baseline_value, str(goal.baseline_year)
    else:
        # Without a stated baseline value the first point stands in: say which it is.
        baseline = first.value if first else None
        baseline_label = first.label if first else str(goal.baseline_year)
    target = goal.target_value if main else None
    verdict = judge(
        points,
        direction=goal.direction,
        target_t=fractional_year(goal.target_date),
        target_value=target,
        count_events=not indicator.is_survey,
    )
    result = IndicatorResult(
        indicator,
        points,
        str(unit),
        decimals,
        verdict,
        baseline,
        target,
        baseline_label=baseline_label,
    )
    if not exact and not indicator.is_survey:
        _gated(result)
    result.chart = trajectory_chart(result, goal)
    return result


def _gated(result: IndicatorResult) -> None:
    """Hide the periods with 1–2 incidents, and what would give them away.

    Their count and value (a rate gives the count back with the population) are not
    shown; while one is hidden, neither is the fitted trend, the projection, the sum of
    incidents in the verdict's reason, nor a baseline taken from the first period:
    each is a sum over the periods from which the hidden one would follow.
    """
    threshold = settings.SMALL_COUNT_THRESHOLD
    first = next((p for p in result.points if p.usable), None)
    hidden = [p for p in result.points if p.events is not None and 0 < p.events < threshold]
    if not hidden:
        return
    if first in hidden and result.baseline == first.value:
        result.baseline = None
    for point in hidden:
        point.value = None
        point.events = suppress_small(point.events)
        point.note = point.note or _("fewer than %(n)s incidents: not shown") % {"n": threshold}
    result.verdict = VerdictResult(
        result.verdict.verdict,
        _(
            "Some periods have fewer than %(n)s incidents and are not shown; the trend "
            "line is left out too, since it would give them away."
        )
        % {"n": threshold},
    )


def trajectory_chart(result: IndicatorResult, goal: Goal) -> str:
    """Values per period (solid), the way to the target (dashed) and the fitted trend."""
    points = list(result.points)
    granularity = result.indicator.granularity if not result.indicator.is_survey else "ar"
    # Extend the axis to the target date so the dashed line shows where it should end.
    horizon = periods(granularity, goal.baseline_year, goal.target_date + dt.timedelta(days=1))
    known = {p.label for p in points}
    points += [
        p
        for p in horizon
        if p.label not in known and p.start > (points[-1].end if points else dt.date.min)
    ]
    if not points:
        return ""
    labels = [p.label for p in points]
    series = [
        Series(_("Outcome"), [p.value if p.usable else None for p in points], color=PALETTE[0])
    ]
    t0 = points[0].t
    if result.baseline is not None:
        if result.target is not None:
            # Points sit mid-period: the path ends on the period holding the target date.
            t1 = horizon[-1].t if horizon else fractional_year(goal.target_date)
            b, g = float(result.baseline), float(result.target)
            line = [
                round(b + (g - b) * min(max((p.t - t0) / (t1 - t0), 0), 1), 2) if t1 > t0 else g
                for p in points
            ]
            series.append(Series(_("Target path"), line, color=PALETTE[3], dashed=True))
        else:
            series.append(
                Series(
                    _("Baseline"),
                    [float(result.baseline)] * len(points),
                    color="#6c757d",
                    dashed=True,
                )
            )
    fit = result.verdict.fit
    if fit is not None:
        first_t = next(p.t for p in result.points if p.usable)
        # The fitted line (with its quarters) and its 95 % interval, widening into the
        # years ahead: a verdict is given only when the interval clears the target.
        shown = [p.t >= first_t for p in points]
        predicted = [fit.predict(p.t, p.quarter) for p in points]
        trend = [
            round(v, 2) if on else None for (v, _lo, _hi), on in zip(predicted, shown, strict=True)
        ]
        low = [
            round(max(lo, 0), 2) if on else None
            for (_v, lo, _hi), on in zip(predicted, shown, strict=True)
        ]
        high = [
            round(hi, 2) if on else None for (_v, _lo, hi), on in zip(predicted, shown, strict=True)
        ]
        series.append(Series(_("Trend"), trend, color=PALETTE[2], dashed=True))
        series.append(Series(_("Trend, 95 % interval (low)"), low, color="#adb5bd", dashed=True))
        series.append(Series(_("Trend, 95 % interval (high)"), high, color="#adb5bd", dashed=True))
    return line_chart(
        labels,
        series,
        title=f"{goal.title}: {result.indicator}",
        decimals=result.decimals,
        label_every=max(1, len(labels) // 8),
    )


@dataclass
class GoalStatus:
    goal: Goal
    results: list[IndicatorResult]

    @cached_property
    def main(self) -> IndicatorResult | None:
        return self.results[0] if self.results else None

    @property
    def verdict(self) -> VerdictResult:
        if self.main is None:
            return VerdictResult(Verdict.TOO_LITTLE, _("The goal has no indicator yet."))
        return self.main.verdict


def goal_status(goal: Goal, *, exact: bool, today: dt.date | None = None) -> GoalStatus:
    """Every indicator of a goal, the first judged against the target (`exact`: see
    `indicator_result`; no default, so that every caller decides what its reader may
    see)."""
    indicators = list(
        goal.indicators.prefetch_related("areas", "categories").order_by("position", "pk")
    )
    return GoalStatus(
        goal,
        [
            indicator_result(ind, main=i == 0, today=today, exact=exact)
            for i, ind in enumerate(indicators)
        ],
    )


def goal_statuses(goals=None, *, exact: bool, today: dt.date | None = None) -> list[GoalStatus]:
    """The status of every goal (or those given), in their order."""
    goals = goals if goals is not None else Goal.objects.select_related("council", "agreement")
    return [goal_status(goal, today=today, exact=exact) for goal in goals]


@figures_cached("incidents", "lagesbild", "measures", "councils")
def goal_statuses_of_all(*, exact: bool) -> list[GoalStatus]:
    """Every goal's status today (the start page's panel), cached under the versions of
    what a verdict reads: incidents, areas and categories, goals and surveys, councils."""
    return goal_statuses(exact=exact)


@dataclass
class SurveyCell:
    value: Decimal | None
    respondents: int
    too_few: bool


@dataclass
class SurveyComparison:
    surveys: list[str]
    questions: list[str]
    survey: str
    question: str
    column: str
    years: list[int]
    rows: list[tuple[str, list[SurveyCell | None]]]
    chart: str = ""


def survey_comparison(
    *, survey: str = "", question: str = "", column: str = "", chart_areas: int = 6
) -> SurveyComparison:
    """Areas × years of one question (optionally one survey), too-few answers marked."""
    surveys = list(
        SurveyResult.objects.order_by("survey_name")
        .values_list("survey_name", flat=True)
        .distinct()
    )
    qs = SurveyResult.objects.all()
    if survey:
        qs = qs.filter(survey_name=survey)
    questions = list(qs.order_by("question").values_list("question", flat=True).distinct())
    question = question if question in questions else (questions[0] if questions else "")
    qs = qs.filter(question=question)
    if column not in ("share_unsafe", "mean_score"):
        column = "share_unsafe" if qs.filter(share_unsafe__isnull=False).exists() else "mean_score"
    qs = qs.filter(**{f"{column}__isnull": False})
    weighted = ExpressionWrapper(
        F(column) * F("respondents"), output_field=DecimalField(max_digits=20, decimal_places=4)
    )
    # Several surveys may ask the same question in a year: weight them by respondents.
    grouped = (
        qs.values("area__name", "year")
        .annotate(weighted=Sum(weighted), respondents=Sum("respondents"))
        .order_by("area__name", "year")
    )
    minimum = settings.SURVEY_MIN_RESPONDENTS
    years = sorted({row["year"] for row in grouped})
    table: dict[str, dict[int, SurveyCell]] = {}
    for row in grouped:
        n = row["respondents"] or 0
        value = (Decimal(row["weighted"]) / Decimal(n)).quantize(Decimal("0.1")) if n else None
        name = row["area__name"] or _("Whole municipality")
        table.setdefault(name, {})[row["year"]] = SurveyCell(value, n, n < minimum)
    whole = _("Whole municipality")
    names = sorted(table, key=lambda name: (name != whole, name))
    rows = [(name, [table[name].get(year) for year in years]) for name in names]
    result = SurveyComparison(surveys, questions, survey, question, column, years, rows)
    if years and rows:
        series = [
            Series(
                name,
                [c.value if c and not c.too_few else None for c in cells],
                color=PALETTE[k % len(PALETTE)],
            )
            for k, (name, cells) in enumerate(rows[:chart_areas])
        ]
        result.chart = line_chart(
            [str(y) for y in years],
            series,
            title=question,
            decimals=1,
        )
    return result
