"""Hot cells of ONE demo week before and after the FDR step and after leaving out the
empty cells (issue #21, item 2): the figures in docs/methods.md §2.

    DATABASE_URL=postgres://…/<a database seeded with `seed_vasteras --demo`> \\
    DJANGO_SETTINGS_MODULE=trygghet.settings.test python bench/hotspot_week.py [2026-W40]

Without an argument: the demo's middle whole week.
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "trygghet.settings.test")

import django
from django.db.models import Sum

django.setup()

from core.isoweek import Week  # noqa: E402
from lagesbild.figures.hotspot_tables import study_cells  # noqa: E402
from lagesbild.hotspots import getis_ord_gi_star_cells  # noqa: E402
from lagesbild.models import IncidentCount  # noqa: E402
from lagesbild.seed import demo_weeks  # noqa: E402


def main() -> None:
    weeks = demo_weeks()
    week = Week.parse(sys.argv[1]) if len(sys.argv) > 1 else weeks[len(weeks) // 2]
    cells = list(
        IncidentCount.objects.filter(dimension=IncidentCount.Dimension.CELL, period=week.monday)
        .values_list("key", "key2")
        .annotate(n=Sum("n"))
        .filter(n__gt=0)
        .order_by()
    )
    area = study_cells(week.sunday)
    print(
        f"{week}: {sum(n for *_k, n in cells)} incidents in {len(cells)} cells; "
        f"study area {len(area)} cells; 95 %, two-sided"
    )
    for fdr in (False, True):
        result = getis_ord_gi_star_cells(
            cells, cell_size=250, significance=0.95, fdr=fdr, study_cells=area
        )
        both = result.hot_spot_count + result.neighbourhood_count
        print(
            f"  {'after FDR ' if fdr else 'before FDR'}: {both:3d} cells test hot, "
            f"{result.neighbourhood_count:3d} of them empty -> "
            f"{result.hot_spot_count:3d} hot spots (cold {result.cold_spot_count})"
        )


if __name__ == "__main__":
    main()
