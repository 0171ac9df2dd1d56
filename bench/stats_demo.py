"""Hot cells and trend flags per week on the demo year: the figures of issue #26.

    DATABASE_URL=postgres://…/<a database seeded with `seed_vasteras --demo`> \
    DJANGO_SETTINGS_MODULE=trygghet.settings.test python bench/stats_demo.py

Prints, per demo week with 8 whole weeks before it, the hot cells of the weekly
lägesbild (at the chosen level, after the FDR step where the code has one) and the trend
flags, then their means and maxima.
"""

import os
import statistics
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "trygghet.settings.test")

import django
from django.db.models import Sum

django.setup()

from lagesbild.figures.hotspot_tables import study_cells  # noqa: E402
from lagesbild.figures.weekly import weekly_figures  # noqa: E402
from lagesbild.hotspots import getis_ord_gi_star_cells  # noqa: E402
from lagesbild.models import IncidentCount  # noqa: E402
from lagesbild.seed import demo_weeks  # noqa: E402


def variants(week) -> dict[str, tuple[int, int]]:
    """Hot cells (all, of them empty) at 95 % over the bounding box and over the study
    area, without and with the Benjamini–Hochberg step."""
    cells = list(
        IncidentCount.objects.filter(dimension=IncidentCount.Dimension.CELL, period=week.monday)
        .values_list("key", "key2")
        .annotate(n=Sum("n"))
        .filter(n__gt=0)
        .order_by()
    )
    area = study_cells(week.sunday)
    out = {}
    for name, kwargs in (
        ("box", {}),
        ("box+fdr", {"fdr": True}),
        ("area", {"study_cells": area}),
        ("area+fdr", {"study_cells": area, "fdr": True}),
    ):
        result = getis_ord_gi_star_cells(
            cells, cell_size=250, significance=0.95, fdr=kwargs.pop("fdr", False), **kwargs
        )
        hot = result.hot_spots
        out[name] = (len(hot), sum(1 for c in hot if not c.count), result.cold_spot_count)
    return out


def main() -> None:
    weeks = demo_weeks()[9:]  # the first whole week with 8 whole weeks before it
    hot, cold, flags = [], [], []
    table: dict[str, list] = {}
    for week in weeks:
        for name, value in variants(week).items():
            table.setdefault(name, []).append(value)
        figures = weekly_figures(week)
        h = figures["hotspots"]
        hot.append(h["hot_spot_count"])
        cold.append(h["cold_spot_count"])
        flags.append(len(figures["trends"]))
        print(
            f"{week}: hot {hot[-1]:4d} cold {cold[-1]:3d} flags {flags[-1]:3d} cells {h['n_cells']}"
        )
    print(f"weeks: {len(weeks)}")
    for name, values in table.items():
        hot_n = [v[0] for v in values]
        print(
            f"Gi* 95 % {name:9s}: hot cells a week mean {statistics.mean(hot_n):.1f}, "
            f"median {statistics.median(hot_n)}, min {min(hot_n)}, max {max(hot_n)}; "
            f"of them empty, mean {statistics.mean(v[1] for v in values):.1f}; "
            f"cold cells, max {max(v[2] for v in values)}"
        )
    for name, values in (("hot cells", hot), ("cold cells", cold), ("trend flags", flags)):
        print(
            f"{name}: mean {statistics.mean(values):.1f}, median {statistics.median(values)}, "
            f"max {max(values)}, weeks with any {sum(1 for v in values if v)}"
        )


if __name__ == "__main__" and "--effects" not in sys.argv:
    main()


def effects() -> None:
    """The demo measures' effect estimates: the old dispersion (weekly counts around
    their period means) against the week fixed effects', and the parallel-trend check."""
    import math

    from measures import effect
    from measures.models import Measure

    for measure in Measure.objects.filter(is_demo=True).order_by("pk"):
        result = effect.evaluate(measure)
        est = result.during
        if est is None:
            print(f"{measure.title}: no estimate ({result.problem})")
            continue
        weeks = result.windows.before + result.windows.during
        nb = len(result.windows.before)
        t = effect.weekly_counts(list(measure.areas.all()), list(measure.categories.all()), weeks)
        c = effect.weekly_counts([result.comparison], list(measure.categories.all()), weeks)
        pearson = 0.0
        for series in (t[:nb], t[nb:], c[:nb], c[nb:]):
            mean = sum(series) / len(series)
            pearson += sum((y - mean) ** 2 for y in series) / mean if mean else 0
        old = max(1.0, pearson / (len(weeks) * 2 - 4))
        se = math.sqrt(old * sum(1 / x for x in est.totals))
        low, high = (math.exp(math.log(est.ratio) + k * 1.959964 * se) for k in (-1, 1))
        trend = result.pretrend
        print(
            f"{measure.title} vs {result.comparison}: ratio {est.ratio:.2f}; "
            f"old φ {old:.2f} CI {low:.2f}–{high:.2f}; "
            f"week FE φ {est.dispersion:.2f} CI {est.low:.2f}–{est.high:.2f}; "
            f"pre-trend {'none' if trend is None else f'{trend.divergence:+.0%}'}"
            f"{' (clear)' if trend is not None and trend.is_clear else ''}; "
            f"suggested {[a.name for a in result.suggestions]}"
        )


if __name__ == "__main__" and "--effects" in sys.argv:
    effects()
