"""Emerging hot spots of the last weeks (lagesbild/emerging.py) as page data: the class
of every cell with incidents, the counts per class and the Swedish summary.

    figures = emerging_figures(week)              # every incident (stored weekly counts)
    figures = emerging_figures(week, queryset=qs)  # a selection (a category, an area)
    figures["summary"]     # '3 nya, 2 ihållande, 1 avtagande'
    figures["cells"]       # {'2348,23844': 'persistent', …}
"""

import numpy as np
from django.conf import settings
from django.db.models import Sum

from core.isoweek import Week

from .. import emerging, incident_counts
from ..hotspots import to_sweref
from .hotspot_tables import study_cells

MIN_WEEKS, MAX_WEEKS = 4, 52


def n_weeks() -> int:
    """settings.EMERGING_WEEKS, checked: 4–52 weeks."""
    n = int(settings.EMERGING_WEEKS)
    if not MIN_WEEKS <= n <= MAX_WEEKS:
        raise ValueError(f"EMERGING_WEEKS ska vara {MIN_WEEKS}–{MAX_WEEKS} veckor, inte {n}.")
    return n


def last_whole_week(end) -> Week:
    """The last whole ISO week that ends on or before the day `end`."""
    week = Week.of(end)
    return week if end == week.sunday else week.shift(-1)


def _counts(weeks: list[Week], queryset) -> list[tuple[int, int, int, float]]:
    """(week index, col, row, incidents) of every cell with incidents in `weeks`."""
    index = {w.monday: k for k, w in enumerate(weeks)}
    if queryset is None and incident_counts.cells_available():
        rows = incident_counts.cell_counts(list(index))
        return [(index[period], col, row, n) for period, col, row, n in rows]
    if queryset is None:
        from ..models import Incident

        queryset = Incident.objects.all()
    located = list(
        queryset.filter(
            occurred_on__range=(weeks[0].monday, weeks[-1].sunday),
            latitude__isnull=False,
            longitude__isnull=False,
        )
        .values_list("occurred_on", "latitude", "longitude")
        .annotate(n=Sum("count"))
        .order_by()
    )
    if not located:
        return []
    east, north = to_sweref().transform(
        [lon for _d, _lat, lon, _n in located], [lat for _d, lat, _lon, _n in located]
    )
    size = settings.HOTSPOT_CELL_SIZE_M
    return [
        (index[Week.of(day).monday], int(np.floor(e / size)), int(np.floor(nn / size)), n)
        for (day, _lat, _lon, n), e, nn in zip(located, east, north, strict=True)
    ]


def emerging_figures(week: Week, *, queryset=None, area=None) -> dict:
    """The emerging hot-spot classes of the settings.EMERGING_WEEKS weeks up to `week`.

    Gi* per week over one fixed study area (study_cells up to `week`'s Sunday, plus any
    cell with incidents in the weeks; `area` when the caller has read it already),
    Mann–Kendall on each cell's z-series, ArcGIS's classes. Only cells with an incident
    of their own in the weeks get a class: an empty cell is at most part of a hot
    neighbourhood (as on the week's table).
    """
    n = n_weeks()
    weeks = week.shift(-(n - 1)).until(week)
    counts = _counts(weeks, queryset)
    area = np.array(study_cells(week.sunday) if area is None else area, dtype=np.int64)
    area = area.reshape(-1, 2)
    binned = np.array(counts, dtype=float).reshape(-1, 4)
    cols = np.concatenate([area[:, 0], binned[:, 1].astype(np.int64)])
    rows = np.concatenate([area[:, 1], binned[:, 2].astype(np.int64)])
    out = {"weeks": n, "first": str(weeks[0]), "last": str(week), "counts": {}, "cells": {}}
    if not cols.size:
        out["summary"] = ""
        return out
    col0, row0 = int(cols.min()), int(rows.min())
    width, height = int(cols.max()) - col0 + 1, int(rows.max()) - row0 + 1
    mask = np.zeros((height, width), dtype=bool)
    mask[rows - row0, cols - col0] = True
    cube = np.zeros((n, height, width))
    np.add.at(
        cube,
        (
            binned[:, 0].astype(np.int64),
            binned[:, 2].astype(np.int64) - row0,
            binned[:, 1].astype(np.int64) - col0,
        ),
        binned[:, 3],
    )
    alpha = 1 - settings.HOTSPOT_SIGNIFICANCE
    z, hot, cold = emerging.weekly_gi_star(cube, mask, alpha=alpha, fdr=settings.HOTSPOT_FDR)
    _s, _var, trend_z, trend_p = emerging.mann_kendall(z[:, mask].T)
    classes = emerging.classify(hot[:, mask].T, cold[:, mask].T, trend_z, trend_p, alpha=alpha)
    r_idx, c_idx = np.nonzero(mask)
    occupied = cube.sum(axis=0)[mask] > 0
    for k in np.nonzero((classes != "") & occupied)[0]:
        cls = str(classes[k])
        out["cells"][f"{c_idx[k] + col0},{r_idx[k] + row0}"] = cls
        out["counts"][cls] = out["counts"].get(cls, 0) + 1
    out["counts"] = {c: out["counts"][c] for c in emerging.CLASSES if c in out["counts"]}
    out["summary"] = emerging.summary(out["counts"])
    return out


def annotate(cells: list[dict], figures: dict | None) -> list[dict]:
    """Give each table cell (with its "key") its emerging class and label."""
    classes = (figures or {}).get("cells", {})
    for cell in cells:
        cls = classes.get(cell.get("key", ""), "")
        cell["emerging"] = cls
        cell["emerging_label"] = emerging.label(cls)
    return cells


def annotate_geojson(collection: dict, figures: dict | None) -> dict:
    """Give each hot-spot cell of a Gi* result's GeoJSON its emerging class and label
    (a cell part of a hot neighbourhood, or a cold one, gets none)."""
    classes = (figures or {}).get("cells", {})
    for feature in collection["features"]:
        p = feature["properties"]
        hot = str(p.get("class", "")).startswith("hot-")
        cls = classes.get(f"{p['col']},{p['row']}", "") if hot else ""
        p["emerging"] = cls
        p["emerging_label"] = emerging.label(cls)
    return collection
