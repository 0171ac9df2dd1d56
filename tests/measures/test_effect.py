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


def build(world, *, target_during: float, seed: int):
    measure = MeasureFactory(
        owner=world["org"],
        start_date=dt.date(2026, 4, 6),
        end_date=dt.date(2026, 8, 30),  # 21 weeks
        areas=[world["areas"]["Bäckby"]],
        categories=[world["main"]],
    )
    w = effect.windows_for(measure.start_date, measure.end_date, TODAY)
    nb, nd, na = len(w.before), len(w.during), len(w.after)
    incidents(world, "Bäckby", w.all, [30] * nb + [target_during] * nd + [30] * na, seed)
    incidents(world, "Viksäng", w.all, [28] * (nb + nd + na), seed + 1)
    incidents(world, "Skultuna", w.all, [4] * (nb + nd + na), seed + 2)
    incidents(world, "Råby", w.all, [10] * nb + [16] * nd + [10] * na, seed + 3)
    # Noise in another category must not count.
    Incident.objects.create(
        category=world["other"],
        area=world["areas"]["Bäckby"],
        occurred_on=dt.date(2026, 5, 5),
        count=500,
        organisation=world["org"],
    )
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
        Incident.objects.create(
            category=world["klotter"],
            area=world["areas"][area],
            occurred_on=dt.date(2026, 8, 1) + dt.timedelta(days=day),
            organisation=world["org"],
        )
    result = effect.evaluate(measure, comparison=world["areas"]["Viksäng"], today=TODAY)
    assert any("Few incidents" in c or "Få händelser" in c for c in result.caveats)
