"""Hot-spot tables: Gi* (lagesbild/hotspots.py) over a set of incidents, as the
JSON-serialisable table and method text the pages, reports and snapshots show."""

from django.db.models import Sum

from .. import incident_counts
from ..hotspots import getis_ord_gi_star, getis_ord_gi_star_cells
from ..models import IncidentCount
from ..selectors import name_points

HOTSPOT_ROWS = 20


def points(queryset) -> list[tuple[float, float, int]]:
    """(lat, lon, incidents) per distinct point, summed in SQL."""
    return list(
        queryset.filter(latitude__isnull=False, longitude__isnull=False)
        .values_list("latitude", "longitude")
        .annotate(n=Sum("count"))
        .order_by()
    )


def hotspot_figures(queryset, *, rows: int = HOTSPOT_ROWS, whole_weeks=None):
    """Gi* over a queryset's incidents: (table data with method text, the full result).

    `whole_weeks` (a Monday, a Sunday) says the queryset is every incident of those
    weeks: the stored weekly cell counts then stand in for its points (PostgreSQL), so
    the hot-spot page's default 12 weeks cost the same at any volume.
    """
    if whole_weeks and incident_counts.cells_available():
        cells = (
            IncidentCount.objects.filter(
                dimension=IncidentCount.Dimension.CELL, period__range=whole_weeks
            )
            .values_list("key", "key2")
            .annotate(n=Sum("n"))
            .order_by()
        )
        result = getis_ord_gi_star_cells(cells, cell_size=incident_counts.CELL_SIZE)
    else:
        result = getis_ord_gi_star(points(queryset))
    return hotspot_table(result, rows), result


def hotspot_table(result, rows: int = HOTSPOT_ROWS) -> dict:
    """The hot-spot table and method text of a Gi* result, as JSON-serialisable data."""
    cells = [
        {
            "col": c.col,
            "row": c.row,
            "lat": round(c.lat, 5),
            "lon": round(c.lon, 5),
            "count": c.count,
            "z": round(c.z, 2),
            "p": round(c.p, 4),
            "class": c.classification,
            "label": c.label,
        }
        for c in result.top_hot_spots(rows)
    ]
    _name_cells(cells)
    return {
        "method": result.method,
        "cell_size": result.cell_size,
        "significance": result.significance,
        "n_cells": result.n_cells,
        "total": result.total,
        "degenerate": result.degenerate,
        "hot_spots": cells,
        "hot_spot_count": result.hot_spot_count,
        "cold_spot_count": result.cold_spot_count,
    }


def _name_cells(cells: list[dict]) -> None:
    """Give each cell its place or area (selectors.name_points), so that people read
    "Vasaparken", not coordinates, and a measure can start there."""
    for cell, named in zip(cells, name_points((c["lat"], c["lon"]) for c in cells), strict=True):
        cell.update(named)
