"""Hot-spot tables: Gi* (lagesbild/hotspots.py) over a set of incidents, as the
JSON-serialisable table and method text the pages, reports and snapshots show."""

import datetime as dt

import numpy as np
from django.conf import settings
from django.db.models import Sum
from django.utils import timezone

from .. import incident_counts
from ..hotspots import getis_ord_gi_star, getis_ord_gi_star_cells, to_sweref
from ..models import Incident
from ..selectors import name_points

HOTSPOT_ROWS = 20
COLD_SPOT_ROWS = 10
NEIGHBOURHOOD_ROWS = 10


def study_cells(end: dt.date) -> list[tuple[int, int]]:
    """The fixed study area of Gi*: the cells with any incident in the
    settings.HOTSPOT_AREA_WEEKS weeks up to `end` (the built-up part of the municipality,
    where incidents can happen), whatever the selection: every week of a year is tested
    over nearly the same cells, instead of over the bounding box of that week's
    incidents, which is mostly fields, forest and water."""
    start = end - dt.timedelta(weeks=settings.HOTSPOT_AREA_WEEKS) + dt.timedelta(days=1)
    if incident_counts.cells_available():
        return [(col, row) for col, row, n in incident_counts.cell_totals(start, end) if n > 0]
    located = points(Incident.objects.filter(occurred_on__range=(start, end)))
    if not located:
        return []
    lat, lon, _n = np.array(located, dtype=float).T
    east, north = to_sweref().transform(lon, lat)
    size = settings.HOTSPOT_CELL_SIZE_M
    cells = np.unique(np.column_stack([np.floor(east / size), np.floor(north / size)]), axis=0)
    return [(int(col), int(row)) for col, row in cells]


def points(queryset) -> list[tuple[float, float, int]]:
    """(lat, lon, incidents) per distinct point, summed in SQL."""
    return list(
        queryset.filter(latitude__isnull=False, longitude__isnull=False)
        .values_list("latitude", "longitude")
        .annotate(n=Sum("count"))
        .order_by()
    )


def hotspot_figures(queryset, *, rows: int = HOTSPOT_ROWS, whole_weeks=None, end=None, area=None):
    """Gi* over a queryset's incidents: (table data with method text, the full result).

    `whole_weeks` (a Monday, a Sunday) says the queryset is every incident of those
    weeks: the stored weekly cell counts then stand in for its points (PostgreSQL), so
    the hot-spot page's default 12 weeks cost the same at any volume. The study area is
    study_cells() up to `end` (default: the last day of `whole_weeks`, else today), or
    `area` when the caller has read it already.
    """
    end = end or (whole_weeks[1] if whole_weeks else timezone.localdate())
    area = study_cells(end) if area is None else area
    if whole_weeks and incident_counts.cells_available():
        cells = incident_counts.cell_totals(*whole_weeks)
        result = getis_ord_gi_star_cells(
            cells, cell_size=incident_counts.CELL_SIZE, study_cells=area
        )
    else:
        result = getis_ord_gi_star(points(queryset), study_cells=area)
    return hotspot_table(result, rows), result


def hotspot_table(result, rows: int = HOTSPOT_ROWS) -> dict:
    """The hot-spot table and method text of a Gi* result, as JSON-serialisable data.

    Cold spots (fewer incidents around a cell than the study area's mean) are listed too
    where there are any; a week's counts rarely allow one. A cell that tests hot but has
    no incident of its own is not a hot spot: it is listed apart, as part of a hot
    neighbourhood, with no measure of its own."""
    cells = [_cell(c) for c in result.top_hot_spots(rows)]
    cold = [_cell(c) for c in result.top_cold_spots(COLD_SPOT_ROWS)]
    near = [_cell(c) for c in result.top_neighbourhood_cells(NEIGHBOURHOOD_ROWS)]
    _name_cells(cells + cold + near)
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
        "cold_spots": cold,
        # Empty cells that test hot: part of a hot neighbourhood, not hot spots.
        "neighbourhood": near,
        "neighbourhood_count": result.neighbourhood_count,
        "fdr": result.fdr,
        "fixed_area": result.fixed_area,
    }


def _cell(c) -> dict:
    return {
        "col": c.col,
        "row": c.row,
        "lat": round(c.lat, 5),
        "lon": round(c.lon, 5),
        "count": c.count,
        "z": round(c.z, 2),
        "p": round(c.p, 4),
        "class": c.classification,
        "label": c.label,
        "key": f"{c.col},{c.row}",  # the cell on the HOTSPOT_CELL_SIZE_M grid
    }


def _name_cells(cells: list[dict]) -> None:
    """Give each cell its place or area (selectors.name_points), so that people read
    "Vasaparken", not coordinates, and a measure can start there."""
    for cell, named in zip(cells, name_points((c["lat"], c["lon"]) for c in cells), strict=True):
        cell.update(named)
        # One line for a measure started here: "Vasaparken (Centrum)", or the area.
        place, area = named["place"], named["area"]
        cell["name"] = f"{place} ({area})" if place and area else place or area
