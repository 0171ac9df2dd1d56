"""Server-rendered maps (lagesbild/svgmap.py) of a week or a year, for the reports and
PDFs: area outlines, places, the hot-spot cells and the week's incidents.

Readers with exact figures see every listed hot cell, the named places and the week's
incidents as dots. The others (council members) see only the outlines and the hot cells
with at least SMALL_COUNT_THRESHOLD incidents, as the disclosure gate lets through
(disclosure.map_cells): no places, no points, no counts.
"""

import datetime as dt

from django.conf import settings
from django.utils import timezone

from core.formatting import number
from core.isoweek import Week

from .. import selectors
from ..models import Incident
from ..svgmap import svg_map
from .disclosure import map_cells
from .hotspot_tables import hotspot_figures, points


def _cells(hotspots: dict, *, exact: bool) -> list[tuple[int, int, str]]:
    listed = hotspots.get("hot_spots", [])
    listed = listed + hotspots.get("neighbourhood", []) if exact else map_cells(listed)
    return [(c["col"], c["row"], c["class"]) for c in listed]


def _places(base: dict) -> list[tuple[float, float, str]]:
    return [
        (f["geometry"]["coordinates"][1], f["geometry"]["coordinates"][0], f["properties"]["name"])
        for f in base["places"]["features"]
    ]


def week_map(week: Week, figures: dict, *, exact: bool):
    """The map of a week from its figures (live or the published snapshot)."""
    base = selectors.map_base()
    hotspots = figures.get("hotspots") or {}
    cells = _cells(hotspots, exact=exact)
    dots = points(Incident.objects.in_week(week.iso_year, week.iso_week)) if exact else None
    if exact:
        description = (
            f"{number(len(cells))} rutor med heta punkter och {number(len(dots or []))} "
            f"händelsepunkter vecka {week.iso_week}."
        )
    else:
        description = f"{number(len(cells))} rutor med heta punkter vecka {week.iso_week}."
    return svg_map(
        areas=base["areas"],
        places=_places(base) if exact else [],
        cells=cells,
        cell_size=hotspots.get("cell_size") or settings.HOTSPOT_CELL_SIZE_M,
        points=dots,
        title=f"Karta vecka {week.iso_week} {week.iso_year}",
        description=description,
    )


def year_map(year: int, *, exact: bool = False):
    """The map of a year: Gi* over the year's incidents (up to today for this year)."""
    base = selectors.map_base()
    end = min(dt.date(year, 12, 31), timezone.localdate())
    table, _result = hotspot_figures(
        Incident.objects.filter(occurred_on__range=(dt.date(year, 1, 1), end)), end=end
    )
    cells = _cells(table, exact=exact)
    return svg_map(
        areas=base["areas"],
        places=_places(base) if exact else [],
        cells=cells,
        cell_size=table["cell_size"],
        title=f"Karta {year}",
        description=f"{number(len(cells))} rutor med heta punkter {year}.",
        focus="areas",
    )
