"""Reported crime per 1 000 inhabitants over five years, Västerås against Västmanlands län,
the whole country and SKR's kommungrupp; Brå's NTU beside it.

Disclosure: Brå's and SCB's figures are published official aggregates for a whole
municipality, county, municipality group or the country. They are shown exactly to every
role that reads the lägesbild, without the small-count gate of
`lagesbild/figures/disclosure.py` — nothing here is at area level or below.

A year's count is Brå's annual figure when the file gave one, otherwise the sum of its
quarters; a year with fewer than four quarters is marked as partial. The rate is
count × 1 000 / the region's population on 31 December of the year, one decimal; without
a population for the year there is no rate ("–"), never a guessed one.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

from core import charts

from ..models import CrimeCategory, NtuResult, RegionPopulation, ReportedCrime, StatisticsRegion

YEARS = 5
HOME_MUNICIPALITY = "1980"  # Västerås (SCB's kommunkod)
HOME_COUNTY = "19"  # Västmanlands län
COUNTRY = "00"
# SKR's kommungrupp of Västerås in the 2017 grouping: B3 "Större stad".
HOME_GROUP = "B3"
COMPARED = (HOME_MUNICIPALITY, HOME_COUNTY, COUNTRY, HOME_GROUP)


def rate(count: int | None, population: int | None) -> Decimal | None:
    """Per 1 000 inhabitants, one decimal (half up); None without a count or population."""
    if count is None or not population:
        return None
    return (Decimal(count) * 1000 / Decimal(population)).quantize(
        Decimal("0.1"), rounding=ROUND_HALF_UP
    )


@dataclass
class Row:
    label: str
    counts: list = field(default_factory=list)
    rates: list = field(default_factory=list)

    @property
    def cells(self) -> list[tuple]:
        """(rate, count) per year."""
        return list(zip(self.rates, self.counts, strict=False))


def _annual_counts(source, regions, years):
    """{(region, category, year): (count, quarters or 4)} — the annual row, else the sum
    of the quarters."""
    annual, quarters = {}, defaultdict(lambda: [0, 0])
    rows = ReportedCrime.objects.filter(
        source=source, region__in=regions, year__in=years
    ).values_list("region_id", "category_id", "year", "quarter", "count")
    for region, category, year, quarter, count in rows:
        if quarter is None:
            annual[(region, category, year)] = (count, 4)
        else:
            q = quarters[(region, category, year)]
            q[0] += count
            q[1] += 1
    for key, (count, n) in quarters.items():
        annual.setdefault(key, (count, n))
    return annual


def reported_crime(year: int) -> dict:
    """The kartläggning's reported crime for the five years up to `year`."""
    years = list(range(year - YEARS + 1, year + 1))
    by_code = {r.code: r for r in StatisticsRegion.objects.filter(code__in=COMPARED)}
    regions = [by_code[c] for c in COMPARED if c in by_code]
    home = by_code.get(HOME_MUNICIPALITY)
    counts = _annual_counts(ReportedCrime.Source.BRA, regions, years)
    populations = {
        (p.region_id, p.year): p
        for p in RegionPopulation.objects.filter(region__in=regions, year__in=years)
    }
    used = {category for (_region, category, _year) in counts}
    categories = [c for c in CrimeCategory.objects.all() if c.pk in used]
    demo = ReportedCrime.objects.filter(
        source=ReportedCrime.Source.BRA, region__in=regions, year__in=years, is_demo=True
    ).exists() or any(p.is_demo for p in populations.values())

    def population(region, y):
        p = populations.get((region.pk, y))
        return p.population if p else None

    def total(region, y):
        found = [counts[(region.pk, c.pk, y)] for c in categories if (region.pk, c.pk, y) in counts]
        return sum(n for n, _q in found) if found else None

    # Västerås by category, five years: counts and rates.
    home_rows = []
    partial_years = set()
    if home:
        for category in categories:
            row = Row(str(category))
            for y in years:
                count, quarters = counts.get((home.pk, category.pk, y), (None, 4))
                if quarters < 4:
                    partial_years.add(y)
                row.counts.append(count)
                row.rates.append(rate(count, population(home, y)))
            home_rows.append(row)
        home_total = Row(_("All categories"))
        for y in years:
            n = total(home, y)
            home_total.counts.append(n)
            home_total.rates.append(rate(n, population(home, y)))
    else:
        home_total = None

    # The comparison in `year` (or the latest year the home region has): rates per region.
    compared_year = next(
        (
            y
            for y in reversed(years)
            if home and total(home, y) is not None and y not in partial_years
        ),
        year,
    )
    comparison = []
    for category in [*categories, None]:
        label = str(category) if category else _("All categories")
        values = []
        for region in regions:
            if category is None:
                n = total(region, compared_year)
            else:
                n = counts.get((region.pk, category.pk, compared_year), (None, 4))[0]
            values.append(rate(n, population(region, compared_year)))
        comparison.append(Row(label, rates=values))

    trend = [
        charts.Series(
            str(region),
            [rate(total(region, y), population(region, y)) for y in years],
            dashed=region.code != HOME_MUNICIPALITY,
        )
        for region in regions
    ]
    has_rates = any(v is not None for s in trend for v in s.values)
    chart = (
        charts.line_chart(
            [str(y) for y in years],
            trend,
            title=_("Reported crimes per 1 000 inhabitants"),
            decimals=1,
        )
        if has_rates
        else ""
    )
    police = _police_rows(home, years)
    return {
        "years": years,
        "regions": regions,
        "home": home,
        "home_rows": home_rows,
        "home_total": home_total,
        "home_populations": [population(home, y) if home else None for y in years],
        "partial_years": sorted(partial_years),
        "compared_year": compared_year,
        "comparison": comparison,
        "chart": chart,
        "police": police,
        "ntu": ntu(years, regions),
        "is_demo": demo,
        "has_data": bool(categories),
    }


def _police_rows(home, years) -> list[Row]:
    """The police's extract by crime code, summed per category and year (Västerås)."""
    if home is None:
        return []
    counts = _annual_counts(ReportedCrime.Source.POLICE, [home], years)
    used = {category for (_r, category, _y) in counts}
    rows = []
    for category in CrimeCategory.objects.filter(pk__in=used):
        rows.append(
            Row(
                str(category),
                counts=[counts.get((home.pk, category.pk, y), (None, 4))[0] for y in years],
            )
        )
    return rows


def ntu(years, regions) -> dict:
    """Brå's NTU: the share who feel unsafe, per region and year."""
    results = NtuResult.objects.filter(region__in=regions, year__in=years)
    shares = {(r.region_id, r.year): r.share_unsafe for r in results}
    rows = [
        Row(str(region), rates=[shares.get((region.pk, y)) for y in years])
        for region in regions
        if any((region.pk, y) in shares for y in years)
    ]
    return {
        "rows": rows,
        "is_demo": results.filter(is_demo=True).exists(),
        "question": results.values_list("question", flat=True).first() or "",
    }
