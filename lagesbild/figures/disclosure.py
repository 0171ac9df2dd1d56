"""The disclosure gate: what roles without `figures.read_exact` may see of a figure.

One module answers "who may see exact counts" (`reads_exact`) and turns figures into
what those roles see: aggregates only, every count below SMALL_COUNT_THRESHOLD shown
as "< 3", no places, hot-spot cells or free text.
"""

from django.conf import settings

from councils.permissions import can


def reads_exact(user) -> bool:
    """Whether `user` may read exact counts, small ones included."""
    return can(user, "figures.read_exact")


def count_for(user, value):
    """One count as `user` may see it: exact, or '< 3' below the threshold."""
    return value if reads_exact(user) else suppress_small(value)


def suppress_small(value, threshold: int | None = None):
    """A count below the threshold (but above zero) becomes '< 3'; others pass through."""
    threshold = settings.SMALL_COUNT_THRESHOLD if threshold is None else threshold
    if isinstance(value, int | float) and 0 < value < threshold:
        return f"< {threshold}"
    return value


def _small(value, threshold: int) -> bool:
    """Whether a count is hidden below the threshold (None, no data, is not a count)."""
    return value is not None and 0 < value < threshold


def aggregate_view(figures: dict, threshold: int | None = None) -> dict:
    """The figures for council members and reporters: aggregates only, small counts hidden.

    No places, no hot-spot cells or points, no free text; every count and mean below
    SMALL_COUNT_THRESHOLD is shown as "< 3", and a change is hidden when either side is.
    """
    threshold = settings.SMALL_COUNT_THRESHOLD if threshold is None else threshold

    def row(r: dict) -> dict:
        hidden = _small(r["current"], threshold) or _small(r["previous"], threshold)
        return {
            "label": r["label"],
            "main": r.get("main"),
            "current": suppress_small(r["current"], threshold),
            "previous": suppress_small(r["previous"], threshold),
            "change": None if hidden else r["change"],
            "mean8": suppress_small(r["mean8"], threshold),
            "last_year": suppress_small(r["last_year"], threshold),
        }

    band = figures["weekday_band"]
    return {
        "week": figures["week"],
        # Which columns have data (absent in snapshots from before it was recorded).
        "coverage": figures.get("coverage"),
        "totals": row({**figures["totals"], "label": ""}),
        "categories": [row(r) for r in figures["categories"]],
        "events": [row(r) for r in figures["events"]],
        "areas": [row(r) for r in figures["areas"]],
        "weekday_band": {
            "columns": band["columns"],
            "rows": [
                {
                    "label": r["label"],
                    # A hidden count gets the lowest heat, so the colour does not tell 1 from 2.
                    "cells": [
                        {
                            **c,
                            "count": suppress_small(c["count"], threshold),
                            "heat": min(c["heat"], 1) if c["count"] < threshold else c["heat"],
                        }
                        for c in r["cells"]
                    ],
                    "total": suppress_small(r["total"], threshold),
                }
                for r in band["rows"]
            ],
            "totals": [suppress_small(n, threshold) for n in band["totals"]],
        },
        "trends": [
            {"dimension": t["dimension"], "label": t["label"], "current": t["current"]}
            for t in figures["trends"]
            if t["dimension"] in {"category", "event", "area"}
        ],
        "trend_method": figures["trend_method"],
        "threshold": threshold,
    }


def annual_aggregate_view(figures: dict, threshold: int | None = None) -> dict:
    """Annual figures with every count below SMALL_COUNT_THRESHOLD shown as "< 3"."""
    threshold = settings.SMALL_COUNT_THRESHOLD if threshold is None else threshold

    def row(r: dict) -> dict:
        hidden = _small(r["current"], threshold) or _small(r["previous"], threshold)
        return {
            "label": r["label"],
            "counts": [suppress_small(v, threshold) for v in r["counts"]],
            "current": suppress_small(r["current"], threshold),
            "previous": suppress_small(r["previous"], threshold),
            "change": None if hidden else r["change"],
        }

    return {
        **figures,
        "totals": [suppress_small(v, threshold) for v in figures["totals"]],
        "categories": [row(r) for r in figures["categories"]],
        "areas": [row(r) for r in figures["areas"]],
        "threshold": threshold,
    }
