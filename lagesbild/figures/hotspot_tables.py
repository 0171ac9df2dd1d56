"""Hot-spot tables: Gi* (lagesbild/hotspots.py) over a set of incidents, as the
JSON-serialisable table and method text the pages, reports and snapshots show."""

import math

from django.db.models import Sum

from .. import incident_counts
from ..hotspots import getis_ord_gi_star, getis_ord_gi_star_cells
from ..models import Area, IncidentCount, Place

HOTSPOT_ROWS = 20
# A hot-spot cell is named after a place whose point lies within this distance of the
# cell's centre (a 250 m cell's corner is 177 m away); else after the nearest area.
PLACE_RADIUS_M = 300


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


def _distance_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Equirectangular distance in metres: exact enough within a municipality."""
    x = math.radians(lon2 - lon1) * math.cos(math.radians((lat1 + lat2) / 2))
    y = math.radians(lat2 - lat1)
    return 6_371_000 * math.hypot(x, y)


def _name_cells(cells: list[dict]) -> None:
    """Give each cell the place (within PLACE_RADIUS_M) or the nearest area it lies in,
    so that people read "Vasaparken", not coordinates, and a measure can start there."""
    if not cells:
        return
    fields = ("pk", "name", "area_id", "latitude", "longitude")
    places = list(Place.objects.filter(is_active=True).values_list(*fields))
    areas = list(Area.objects.filter(is_active=True).values_list("pk", "name", *fields[3:]))
    area_names = {pk: name for pk, name, _lat, _lon in areas}
    for cell in cells:
        here = (cell["lat"], cell["lon"])
        near = min(places, key=lambda p: _distance_m(*here, p[3], p[4]), default=None)
        if near and _distance_m(*here, near[3], near[4]) <= PLACE_RADIUS_M:
            pk, name, area_id = near[:3]
            cell.update(place_id=pk, place=name, area_id=area_id, area=area_names.get(area_id, ""))
            continue
        area = min(areas, key=lambda a: _distance_m(*here, a[2], a[3]), default=None)
        cell.update(
            place_id=None,
            place="",
            area_id=area[0] if area else None,
            area=area[1] if area else "",
        )
