"""The effect estimate against constructed data where the true effect is known."""

import datetime as dt
import math
import random

import pytest

from core.isoweek import Week
from lagesbild.models import Area, Category, Incident
from measures import effect
from tests.factories import MeasureFactory, OrganisationFactory

TODAY = dt.date(2026, 11, 16)  # a Monday, so the last complete week is week 46


def poisson(rng: random.Random, lam: float) -> int:
    """Knuth's method (small rates): a Poisson draw with a seeded generator."""
    limit, k, p = math.exp(-lam), 0, 1.0
    while True:
        p *= rng.random()
        if p <= limit:
            return k
        k += 1


# ---------------------------------------------------------------------------
# The estimator alone: known truth, repeated draws
# ---------------------------------------------------------------------------


def draw(rng, weeks, rate):
    return [poisson(rng, rate) for _ in range(weeks)]


def test_estimate_recovers_a_halving_and_its_interval_covers_the_truth():
    rng = random.Random(7)
    est = effect.did_estimate(
        draw(rng, 26, 10), draw(rng, 26, 5), draw(rng, 26, 10), draw(rng, 26, 10)
    )
    assert est.ratio == pytest.approx(0.5, abs=0.1)
    assert est.low < 0.5 < est.high
    assert est.high < 1, "a halving over 26 weeks at 10 a week is clearly detected"


def test_no_effect_interval_covers_zero():
    rng = random.Random(11)
    est = effect.did_estimate(
        draw(rng, 20, 8), draw(rng, 20, 8), draw(rng, 20, 6), draw(rng, 20, 6)
    )
    assert est.low < 1 < est.high
    assert not est.is_clear


def test_the_95_percent_interval_covers_the_truth_about_95_percent_of_the_time():
    rng = random.Random(2026)
    truth, covered, runs = 0.6, 0, 400
    for _ in range(runs):
        est = effect.did_estimate(
            draw(rng, 12, 6), draw(rng, 12, 6 * truth), draw(rng, 12, 9), draw(rng, 12, 9)
        )
        covered += est.low <= truth <= est.high
    assert 0.91 <= covered / runs <= 0.99


def test_overdispersed_weeks_widen_the_interval():
    calm = effect.did_estimate([10] * 10, [5] * 10, [10] * 10, [10] * 10)
    # The target's weeks swing against the comparison's: variation no week effect explains.
    wild = effect.did_estimate([0, 20] * 5, [0, 10] * 5, [20, 0] * 5, [20, 0] * 5)
    assert calm.ratio == pytest.approx(wild.ratio)
    assert wild.dispersion > 5 and (wild.high - wild.low) > (calm.high - calm.low)


def test_swings_both_areas_share_do_not_widen_the_interval():
    # Both areas swing together (weekends, season): the week's own effect, not noise.
    shared = effect.did_estimate([0, 20] * 5, [0, 10] * 5, [0, 20] * 5, [0, 20] * 5)
    assert shared.dispersion == 1.0
    assert shared.ratio == pytest.approx(0.5) and shared.high < 1


def _season(weeks: int, level: float, amplitude: float = 0.6) -> list[float]:
    return [level * (1 + amplitude * math.sin(2 * math.pi * k / 13)) for k in range(weeks)]


def test_a_borderline_effect_under_a_shared_season_is_found():
    """The measure of issue #26: a season both areas share hid a 25 % fall."""
    rng = random.Random(26)
    season = _season(40, 1.0)
    target = [poisson(rng, 20 * s * (0.75 if k >= 20 else 1)) for k, s in enumerate(season)]
    comparison = [poisson(rng, 24 * s) for s in season]
    est = effect.did_estimate(target[:20], target[20:], comparison[:20], comparison[20:])
    assert est.high < 1, "a clear decrease once the weeks' shared swings are the weeks'"
    # The dispersion of the old model (weekly counts around their period means) read
    # the season as noise: about 5, and an interval that held no change.
    old = 0.0
    for series in (target[:20], target[20:], comparison[:20], comparison[20:]):
        mean = sum(series) / len(series)
        old += sum((y - mean) ** 2 for y in series) / mean
    old_dispersion = old / (40 * 2 - 4)
    old_high = math.exp(
        math.log(est.ratio) + 1.959964 * math.sqrt(old_dispersion * sum(1 / t for t in est.totals))
    )
    assert old_dispersion > 3 and old_high > 1


def test_estimate_matches_statsmodels_poisson_with_week_fixed_effects():
    sm = pytest.importorskip("statsmodels.api")
    rng = random.Random(5)
    season = _season(30, 1.0)
    target = [poisson(rng, 12 * s * (0.7 if k >= 18 else 1)) for k, s in enumerate(season)]
    comparison = [poisson(rng, 15 * s) for s in season]
    ours = effect.did_estimate(target[:18], target[18:], comparison[:18], comparison[18:])
    # y per area and week; columns: week dummies, target, target × during.
    rows, y = [], []
    for k in range(30):
        for is_target, counts in ((1, target), (0, comparison)):
            week = [1.0 if k == j else 0.0 for j in range(30)]
            rows.append([*week, is_target, is_target * (k >= 18)])
            y.append(counts[k])
    fit = sm.GLM(y, rows, family=sm.families.Poisson()).fit(scale="X2")
    assert ours.ratio == pytest.approx(math.exp(fit.params[-1]), rel=1e-9)
    # Our dispersion is never below 1 (statsmodels takes X²/df as it comes).
    assert ours.dispersion == pytest.approx(max(1.0, fit.scale), rel=1e-6)
    se = fit.bse[-1] * math.sqrt(ours.dispersion / fit.scale)
    assert ours.low == pytest.approx(math.exp(fit.params[-1] - 1.959964 * se), rel=1e-5)
    assert ours.high == pytest.approx(math.exp(fit.params[-1] + 1.959964 * se), rel=1e-5)


def test_pretrend_matches_statsmodels_and_flags_a_divergence():
    sm = pytest.importorskip("statsmodels.api")
    rng = random.Random(9)
    target = [poisson(rng, 10 * 1.04**k) for k in range(20)]  # +4 % a week
    comparison = [poisson(rng, 10) for _ in range(20)]
    trend = effect.pretrend(target, comparison)
    weeks = [[1.0, k - 9.5] for k in range(20)]
    endog = [[t, c] for t, c in zip(target, comparison, strict=True)]
    fit = sm.GLM(endog, weeks, family=sm.families.Binomial()).fit(scale="X2")
    assert trend.slope == pytest.approx(fit.params[1], rel=1e-8)
    half = (trend.high - trend.low) / 2
    se = fit.bse[1] * math.sqrt(max(1.0, fit.scale) / fit.scale)
    assert half == pytest.approx(1.959964 * se, rel=1e-5)
    assert trend.is_clear and trend.divergence > 0.5
    parallel = effect.pretrend([poisson(rng, 10) for _ in range(20)], comparison)
    assert not parallel.is_clear
    assert effect.pretrend([1, 2, 3], [1, 2, 3]) is None  # too few weeks


def test_zero_cells_get_a_continuity_correction_instead_of_failing():
    est = effect.did_estimate([3, 2, 4], [0, 0, 0], [3, 3, 3], [3, 3, 3])
    assert est is not None and est.ratio < 0.2


def test_plain_swedish_sentences(settings):
    from django.utils import translation

    with translation.override("sv"):
        drop = effect.Estimate(0.65, 0.45, 0.90, 1.0, (1, 1, 1, 1))
        assert effect.describe(drop, "Viksäng") == (
            "Händelserna minskade med cirka 35 % (95 % KI 10–55 %) jämfört med Viksäng."
        )
        rise = effect.Estimate(1.3, 1.1, 1.6, 1.0, (1, 1, 1, 1))
        assert "ökade med cirka 30 %" in effect.describe(rise, "Viksäng")
        unclear = effect.Estimate(0.88, 0.6, 1.25, 1.0, (1, 1, 1, 1))
        text = effect.describe(unclear, "Viksäng")
        assert "Ingen säker förändring" in text and "−40" in text and "+25" in text


def test_weeks_run_across_the_new_year_and_none_when_the_end_is_earlier():
    weeks = Week(2020, 52).until(Week(2021, 2))
    assert [str(w) for w in weeks] == ["2020-W52", "2020-W53", "2021-W01", "2021-W02"]
    assert Week(2021, 2).until(Week(2020, 52)) == []


def test_windows_use_complete_iso_weeks_and_a_baseline_of_at_least_eight():
    w = effect.windows_for(dt.date(2026, 9, 2), dt.date(2026, 9, 20), TODAY)
    assert len(w.during) == 3 and w.during[0].monday == dt.date(2026, 8, 31)
    assert len(w.before) == 8 and w.before[-1].monday == dt.date(2026, 8, 24)
    assert len(w.after) == 3
    ongoing = effect.windows_for(dt.date(2026, 10, 1), None, TODAY)
    assert ongoing.during[-1].monday == dt.date(2026, 11, 9) and ongoing.after == []


# ---------------------------------------------------------------------------
# End to end on the database: weekly counts in SQL, comparison, neighbours
# ---------------------------------------------------------------------------


@pytest.fixture
def world(db):
    org = OrganisationFactory(name="Lokalpolisområde Västerås", kind="polis")
    areas = {
        name: Area.objects.create(name=name, group="g", latitude=lat, longitude=lon)
        for name, lat, lon in [
            ("Bäckby", 59.6043, 16.4766),
            ("Råby", 59.6150, 16.4928),  # 1.4 km from Bäckby: a neighbour
            ("Viksäng", 59.5955, 16.5010),  # 1.6 km: not a neighbour
            ("Skultuna", 59.7170, 16.4280),
        ]
    }
    main = Category.objects.create(name="Skadegörelse")
    klotter = Category.objects.create(name="Klotter", parent=main)
    other = Category.objects.create(name="Arrangemang")
    return {"org": org, "areas": areas, "main": main, "klotter": klotter, "other": other}


def incidents(world, area, weeks, rates, seed):
    """One incident row per day with events, `count` holding how many (as imports do)."""
    rng, rows = random.Random(seed), []
    for this_week, rate in zip(weeks, rates, strict=True):
        for day in range(7):
            n = poisson(rng, rate / 7)
            if n:
                occurred = this_week.monday + dt.timedelta(days=day)
                year, week, _ = occurred.isocalendar()
                rows.append(
                    Incident(
                        category=world["klotter"],
                        area=world["areas"][area],
                        occurred_on=occurred,
                        iso_year=year,
                        iso_week=week,
                        count=n,
                        organisation=world["org"],
                    )
                )
    Incident.objects.bulk_create(rows)


def one_incident(world, area: str, day: dt.date, *, count: int = 1, category: str = "klotter"):
    """One incident row holding `count` incidents of `category` in `area` on `day`."""
    return Incident.objects.create(
        category=world[category],
        area=world["areas"][area],
        occurred_on=day,
        count=count,
        organisation=world["org"],
    )


def backby_measure(world):
    """A measure against Skadegörelse in Bäckby, 6 April – 30 August 2026 (21 weeks)."""
    return MeasureFactory(
        owner=world["org"],
        start_date=dt.date(2026, 4, 6),
        end_date=dt.date(2026, 8, 30),
        areas=[world["areas"]["Bäckby"]],
        categories=[world["main"]],
    )


def build(world, *, target_during: float, seed: int):
    measure = backby_measure(world)
    w = effect.windows_for(measure.start_date, measure.end_date, TODAY)
    nb, nd, na = len(w.before), len(w.during), len(w.after)
    incidents(world, "Bäckby", w.all, [30] * nb + [target_during] * nd + [30] * na, seed)
    incidents(world, "Viksäng", w.all, [28] * (nb + nd + na), seed + 1)
    incidents(world, "Skultuna", w.all, [4] * (nb + nd + na), seed + 2)
    incidents(world, "Råby", w.all, [10] * nb + [16] * nd + [10] * na, seed + 3)
    # Noise in another category must not count.
    one_incident(world, "Bäckby", dt.date(2026, 5, 5), count=500, category="other")
    return measure


def test_evaluation_finds_the_halving_against_the_suggested_comparison(world):
    measure = build(world, target_during=15, seed=1)
    result = effect.evaluate(measure, today=TODAY)
    assert result.comparison.name == "Viksäng", "similar baseline, not a neighbour"
    assert [a.name for a in result.neighbours] == ["Råby"]
    est = result.during
    assert est.ratio == pytest.approx(0.5, abs=0.12)
    assert est.low < 0.5 < est.high and est.high < 1
    assert "minskade" in result.sentence or "decreased" in result.sentence
    after = result.after
    assert after.low < 1 < after.high, "the effect stopped with the measure"
    # Displacement: Råby rose during the measure.
    assert result.neighbour_estimate.low > 1
    assert any("Råby" in c for c in result.caveats)
    before = result.rows[0]
    assert before.weeks == 21 and before.target == pytest.approx(30 * 21, rel=0.1)
    assert "<svg" in result.chart and "Viksäng" in result.chart


def test_evaluation_with_no_effect_covers_zero(world):
    measure = build(world, target_during=30, seed=5)
    result = effect.evaluate(measure, comparison=world["areas"]["Viksäng"], today=TODAY)
    assert result.comparison_chosen
    assert result.during.low < 1 < result.during.high


def test_weekly_counts_are_one_query(world, django_assert_num_queries):
    build(world, target_during=15, seed=3)
    weeks = Week.of(dt.date(2026, 1, 5)).until(Week.of(dt.date(2026, 6, 28)))
    with django_assert_num_queries(1):
        counts = effect.weekly_counts([world["areas"]["Bäckby"]], [world["main"]], weeks)
    assert len(counts) == len(weeks) and sum(counts) > 0


def test_a_comparison_that_did_not_run_parallel_is_a_caveat_and_not_suggested(world):
    measure = build(world, target_during=15, seed=7)
    w = effect.windows_for(measure.start_date, measure.end_date, TODAY)
    # Skultuna at Bäckby's level, but climbing through the weeks before: from 10 to 50.
    rates = [10 + 40 * k / (len(w.before) - 1) for k in range(len(w.before))]
    incidents(world, "Skultuna", w.before, rates, seed=70)
    result = effect.evaluate(measure, today=TODAY)
    assert result.suggestions[0].name == "Viksäng"  # level and trend alike
    assert not result.pretrend.is_clear
    chosen = effect.evaluate(measure, comparison=world["areas"]["Skultuna"], today=TODAY)
    assert chosen.pretrend.is_clear and chosen.pretrend.slope < 0
    [caveat] = [c for c in chosen.caveats if "parallel" in c or "parallellt" in c]
    assert "Skultuna" in caveat


def test_few_events_are_flagged(world):
    measure = MeasureFactory(
        owner=world["org"],
        start_date=dt.date(2026, 9, 7),
        end_date=dt.date(2026, 10, 4),
        areas=[world["areas"]["Bäckby"]],
    )
    for area, day in [("Bäckby", 10), ("Bäckby", 20), ("Viksäng", 12), ("Viksäng", 40)]:
        one_incident(world, area, dt.date(2026, 8, 1) + dt.timedelta(days=day))
    result = effect.evaluate(measure, comparison=world["areas"]["Viksäng"], today=TODAY)
    assert any("Few incidents" in c or "Få händelser" in c for c in result.caveats)


# ---------------------------------------------------------------------------
# The rules at their edges
# ---------------------------------------------------------------------------


def test_the_after_window_ends_with_the_last_complete_week():
    """A measure of weeks 41–43 is followed for weeks 44–46 when week 46 has just ended."""
    w = effect.windows_for(dt.date(2026, 10, 5), dt.date(2026, 10, 25), TODAY)
    assert [week.iso_week for week in w.after] == [44, 45, 46]
    running = effect.windows_for(dt.date(2026, 10, 12), dt.date(2026, 11, 1), TODAY)
    assert [week.iso_week for week in running.after] == [45, 46]  # week 47 is running


def test_no_weeks_no_counts():
    assert effect.weekly_counts([], [], []) == []
    assert effect.weekly_counts_by_area([], [], []) == {}


def test_an_interval_that_reaches_no_change_is_no_clear_change():
    """1 on the edge of the interval is "no change" still: neither a clear fall nor rise."""
    from django.utils import translation

    edge_fall = effect.Estimate(0.8, 0.6, 1.0, 1.0, (1, 1, 1, 1))
    edge_rise = effect.Estimate(1.2, 1.0, 1.4, 1.0, (1, 1, 1, 1))
    assert not edge_fall.is_clear and not edge_rise.is_clear
    assert effect.Estimate(0.65, 0.45, 0.9, 1.0, (1, 1, 1, 1)).is_clear
    assert effect.Estimate(1.3, 1.1, 1.6, 1.0, (1, 1, 1, 1)).is_clear
    assert not effect.Estimate(0.88, 0.6, 1.25, 1.0, (1, 1, 1, 1)).is_clear
    with translation.override("en"):
        assert effect.describe(edge_fall, "Viksäng").startswith("No clear change")
        assert effect.describe(edge_rise, "Viksäng").startswith("No clear change")


def test_an_estimate_needs_weeks_in_every_period_and_incidents_in_both_areas():
    assert effect.did_estimate([], [5], [10], [10]) is None
    assert effect.did_estimate([0, 0], [0, 0], [3, 3], [3, 3]) is None  # no target incident
    assert effect.did_estimate([3, 3], [3, 3], [0, 0], [0, 0]) is None  # no comparison one
    # One week a period is enough, and one incident in the target is too.
    assert effect.did_estimate([10], [5], [10], [10]).ratio == pytest.approx(0.5)
    assert effect.did_estimate([1, 0], [0, 0], [3, 3], [3, 3]) is not None
    # The same total before and during is a count like any other.
    assert effect.did_estimate([5] * 4, [5] * 4, [3] * 4, [6] * 4).ratio == pytest.approx(0.5)


def test_dispersion_by_hand_with_few_weeks():
    # Two weeks with incidents: no degree of freedom left, so no widening.
    assert effect.did_estimate([10], [5], [10], [10]).dispersion == 1.0
    # Three: before 12/8 and 8/12 around an even split, X² = 2 · 4/5 = 1,6 on 1 df.
    assert effect.did_estimate([12, 8], [5], [8, 12], [10]).dispersion == pytest.approx(1.6)
    # Weeks with a single incident count: each split 1–0 around ½ adds 1, so X² = 8 on 6.
    one = effect.did_estimate([1, 0, 1, 0], [1, 0, 1, 0], [0, 1, 0, 1], [0, 1, 0, 1])
    assert one.dispersion == pytest.approx(8 / 6)


def test_pretrend_needs_eight_weeks_with_incidents_in_both_areas():
    target, comparison = [5, 6, 5, 7, 6, 5, 6, 7], [6] * 8
    assert effect.pretrend(target, comparison) is not None
    assert effect.pretrend(target[:7], comparison[:7]) is None
    # A week with nothing in either area is no week of the trend.
    assert effect.pretrend([*target[:7], 0], [*comparison[:7], 0]) is None
    assert effect.pretrend([0] * 8, comparison) is None
    assert effect.pretrend(target, [0] * 8) is None
    assert effect.pretrend([0, 0, 0, 1, 0, 0, 0, 0], comparison) is not None


def test_a_target_whose_few_incidents_all_came_first_has_no_trend_instead_of_an_error():
    """One incident in the first week and none after: the weeks separate the areas and
    no finite trend fits. The effect page must not fail on it (it raised LinAlgError)."""
    assert effect.pretrend([1] + [0] * 7, [6] * 8) is None


def test_divergence_over_the_weeks_before():
    # +10 % a week in the odds over 3 weeks: 2 steps, 1,1² − 1 = 21 % apart.
    assert effect.Pretrend(math.log(1.1), 0.0, 0.2, 3).divergence == pytest.approx(0.21)


def test_regression_to_the_mean_needs_eight_weeks_and_a_clear_rise():
    """The last four weeks must average more than 1,25 × the earlier mean + 0,5."""
    assert effect._regression_to_mean([4] * 4 + [5, 5, 6, 6]) is False  # 5,5: at the limit
    assert effect._regression_to_mean([4] * 4 + [5, 6, 6, 6]) is True  # 5,75
    assert effect._regression_to_mean([4] * 3 + [20] * 4) is False  # 7 weeks: too few
    assert effect._regression_to_mean([4] * 5 + [20] * 4) is True


def _caveats(*, estimate=None, neighbours=(), neighbour_estimate=None, trend=None, origin=""):
    from types import SimpleNamespace

    evaluation = SimpleNamespace(
        during=estimate,
        neighbour_estimate=neighbour_estimate,
        neighbours=[SimpleNamespace(name=n) for n in neighbours],
        pretrend=trend,
        comparison=SimpleNamespace(name="Viksäng"),
    )
    from django.utils import translation

    with translation.override("en"):
        return effect._caveats(evaluation, [4] * 8, SimpleNamespace(origin=origin))


def test_few_incidents_caveat_below_30_in_the_target_or_10_in_a_cell():
    def few(totals):
        estimate = effect.Estimate(1.0, 0.5, 2.0, 1.0, totals)
        return any(c.startswith("Few incidents") for c in _caveats(estimate=estimate))

    assert not few((15, 15, 20, 20)) and few((15, 14, 20, 20))
    assert not few((20, 10, 10, 10)) and few((20, 10, 9, 10))


def test_widened_interval_caveat_only_above_a_dispersion_of_one_and_a_half():
    def widened(dispersion):
        estimate = effect.Estimate(1.0, 0.5, 2.0, dispersion, (50, 50, 50, 50))
        return any("widened" in c for c in _caveats(estimate=estimate))

    # Six weeks split 1–0 around ½: X² = 6 on 4 df, a dispersion of exactly 1,5.
    exact = effect.did_estimate([1, 0, 1, 0], [1, 0], [0, 1, 0, 1], [0, 1])
    assert exact.dispersion == 1.5
    assert not widened(exact.dispersion) and widened(1.51)


def test_neighbours_without_a_clear_rise_are_named_without_alarm():
    calm = effect.Estimate(1.1, 0.9, 1.3, 1.0, (50, 50, 50, 50))
    [caveat] = _caveats(neighbours=["Råby"], neighbour_estimate=calm)
    assert "Råby" in caveat and "show no clear rise" in caveat
    rose = effect.Estimate(1.6, 1.2, 2.1, 1.0, (50, 50, 50, 50))
    [caveat] = _caveats(neighbours=["Råby"], neighbour_estimate=rose)
    assert "rose by about 60 %" in caveat


def test_a_pretrend_caveat_says_which_way_the_target_drifted():
    rose = effect.Pretrend(0.05, 0.01, 0.09, 10)  # e^0,45 − 1 = 57 % apart
    fell = effect.Pretrend(-0.05, -0.09, -0.01, 10)  # 1 − e^−0,45 = 36 %
    [up] = _caveats(trend=rose)
    [down] = _caveats(trend=fell)
    assert "rose by about 57 % relative to Viksäng" in up
    assert "fell by about 36 % relative to Viksäng" in down
    assert _caveats(trend=effect.Pretrend(0.05, -0.01, 0.11, 10)) == []


def test_a_measure_started_where_incidents_stood_out_carries_the_caveat():
    [caveat] = _caveats(origin="hotspot")
    assert caveat.startswith("Regression to the mean")


def test_distance_between_area_centres_is_the_great_circle():
    from pyproj import Geod

    a = Area(name="Bäckby", latitude=59.6043, longitude=16.4766)
    b = Area(name="Skultuna", latitude=59.7170, longitude=16.4280)
    sphere = Geod(a=6_371_000.0, b=6_371_000.0)
    expected = sphere.inv(a.longitude, a.latitude, b.longitude, b.latitude)[2] / 1000
    assert effect.distance_km(a, b) == pytest.approx(expected, abs=1e-6)  # ≈ 12,8 km


def test_week_labels_name_the_year_at_week_one():
    assert effect._week_label(Week(2027, 1)) == "v1 2027"
    assert effect._week_label(Week(2026, 2)) == "v2"
    assert effect._week_label(Week(2026, 53)) == "v53"


def test_the_chart_shades_exactly_the_measures_weeks(monkeypatch):
    from types import SimpleNamespace

    captured = {}
    monkeypatch.setattr(effect, "line_chart", lambda labels, series, **kw: captured.update(kw))
    w = effect.windows_for(dt.date(2026, 9, 2), dt.date(2026, 9, 20), TODAY)  # 8 + 3 + 3
    n = len(w.all)
    effect._chart(w, [SimpleNamespace(name="Bäckby")], None, [1] * n, None)
    [band] = captured["bands"]
    assert (band.start, band.end) == (8, 10)


@pytest.mark.parametrize(
    ("target", "has_trend"),
    [
        ([1] + [0] * 7, False),  # the target's one incident in the first week
        ([0] * 7 + [3], False),  # … or only in the last
        ([2, 1] + [0] * 6, True),  # a few in the first weeks, the comparison there too
        ([0, 0, 0, 1, 0, 0, 0, 0], True),  # one in the middle: not separated
        ([1, 0, 0, 0, 0, 0, 0, 1], True),  # one at each end
    ],
)
def test_a_trend_is_estimated_only_where_the_weeks_do_not_separate_the_areas(target, has_trend):
    """Where the target's incidents all come before (or after) the comparison's, no
    finite trend fits: none is shown, the same on every machine."""
    found = effect.pretrend(target, [6] * 8)
    assert (found is not None) is has_trend
    if found is not None:
        assert math.isfinite(found.low) and math.isfinite(found.high)
