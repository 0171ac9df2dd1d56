"""The disclosure gate: what roles without `figures.read_exact` may see of a figure.

One module answers "who may see exact counts" (`reads_exact`) and turns figures into
what those roles see: aggregates only, every count below SMALL_COUNT_THRESHOLD shown
as "< 3", no places, hot-spot cells or free text.
"""

import hashlib
import math

from django.conf import settings
from django.core.cache import cache

from councils.permissions import can

from ..emerging import summary as emerging_summary


def reads_exact(user) -> bool:
    """Whether `user` may read exact counts, small ones included."""
    return can(user, "figures.read_exact")


def suppress_small(value, threshold: int | None = None):
    """A count below the threshold (but above zero) becomes '< 3'; others pass through."""
    threshold = settings.SMALL_COUNT_THRESHOLD if threshold is None else threshold
    if isinstance(value, int | float) and 0 < value < threshold:
        return f"< {threshold}"
    return value


def _small(value, threshold: int) -> bool:
    """Whether a count is hidden below the threshold (None, no data, is not a count)."""
    return value is not None and 0 < value < threshold


# ---------------------------------------------------------------------------
# Complementary (secondary) suppression
# ---------------------------------------------------------------------------

#: What a count hidden to protect a small one shows (as SCB prints "..").
HIDDEN = ".."
#: In protect()'s answer where it ran out of cells to hide: every hidden count then reads
#: HIDDEN, with no bound, since "< 3" and ".." as bounds could still pin a count.
UNBOUNDED = "\x00unbounded"


def _bounds(value, threshold: int) -> tuple[float, float | None]:
    """What a reader knows of a hidden count: "< 3" is 0–2, ".." at least the threshold.

    "< 3" is read as 0–2, not 1–2, because the gate also hides a zero as "< 3" where
    nothing else can protect a small count (see `protect`).
    """
    return (0, threshold - 1) if value < threshold else (threshold, None)


def _cells(hidden: set) -> set:
    """The hidden cells of protect()'s answer (without its UNBOUNDED mark)."""
    return hidden - {UNBOUNDED}


def cell_ranges(
    values: dict, hidden: set, relations: list[tuple], threshold: int, keys=None
) -> dict:
    """The least and greatest value each hidden cell can take given what is shown.

    `relations` are (margin, parts) pairs with margin = Σ parts; a shown cell is known
    exactly, a hidden one lies within its bounds (`_bounds`). Solved as two linear
    programmes per cell (scipy's HiGHS), which is what an attacker with the sums can do.
    """
    from scipy.optimize import linprog

    index = {k: i for i, k in enumerate(sorted(_cells(hidden), key=repr))}
    rows, rhs = [], []
    for margin, parts in relations:
        row = [0.0] * len(index)
        known = 0
        for key, sign in ((margin, -1), *((p, 1) for p in parts)):
            if key in index:
                row[index[key]] += sign
            else:
                known += sign * values[key]
        if any(row):
            rows.append(row)
            rhs.append(-known)
    unbounded = UNBOUNDED in hidden
    bounds = [(0, None) if unbounded else _bounds(values[k], threshold) for k in index]
    ranges = {}
    for key in keys if keys is not None else index:
        cost = [0.0] * len(index)
        ends = []
        for sign in (1, -1):
            cost[index[key]] = sign
            result = linprog(
                cost,
                A_eq=rows or None,
                b_eq=rhs or None,
                bounds=bounds,
                method="highs",
            )
            ends.append(sign * result.fun if result.status == 0 else None)
        ranges[key] = tuple(ends)
    return ranges


def pinned(low, high) -> bool:
    """Whether an integer count is fixed by a range (an LP range rounded inward)."""
    if low is None or high is None:
        return False
    return math.ceil(low - 1e-6) >= math.floor(high + 1e-6)


def protect(values: dict, relations: list[tuple], threshold: int | None = None) -> set:
    """The cells to hide: counts below the threshold and enough others that none is pinned.

    `values` maps a cell's key to its count (None: no data, shown as "–" and not part of
    any sum); `relations` are (margin, parts) pairs, margin = Σ parts, for every sum the
    same reader can see for the same period. First every sum with a single hidden cell
    gets a second one (the smallest shown part of at least the threshold, the margin
    only when no part qualifies); then each small cell's range is computed as an
    attacker would (`cell_ranges`), and while one is pinned to a single value another
    cell of its sums is hidden. A count hidden to protect another is at least the
    threshold (".."); only where none is left is a zero hidden, as "< 3".
    Deterministic: the same counts give the same pattern on every page that shows them.
    """
    threshold = settings.SMALL_COUNT_THRESHOLD if threshold is None else threshold
    relations = [
        (m, list(ps))
        for m, ps in relations
        if values.get(m) is not None
        and all(values.get(p) is not None for p in ps)
        # A sum that does not hold (figures counted at different moments) pins nothing.
        and values[m] == sum(values[p] for p in ps)
    ]
    hidden = {k for k, v in values.items() if _small(v, threshold)}
    primary = set(hidden)
    if not primary:
        return hidden
    # The linear programmes take ~0.1 s a week: a page shown again reads the pattern.
    key = (
        "disclosure:"
        + hashlib.sha256(
            repr((sorted(values.items(), key=repr), relations, threshold)).encode()
        ).hexdigest()
    )
    cached = cache.get(key)
    if cached is None:
        cached = _protect(values, relations, threshold, hidden, primary)
        cache.set(key, cached, timeout=7 * 24 * 3600)
    return set(cached)


def _protect(values: dict, relations: list, threshold: int, hidden: set, primary: set) -> set:
    """`protect`'s search: a second hidden cell per sum, then until none is pinned."""

    def candidate(relation_list, *, zeros: bool = False):
        """The shown cell to hide next: a part before a margin, the smallest first."""
        for pick_margin in (False, True):
            cells = [
                k
                for margin, parts in relation_list
                for k in ([margin] if pick_margin else parts)
                if k not in hidden and (values[k] >= threshold or (zeros and values[k] == 0))
            ]
            if cells:
                return min(cells, key=lambda k: (values[k], repr(k)))
        return None

    while True:
        changed = True
        while changed:
            changed = False
            for margin, parts in relations:
                if len([k for k in (margin, *parts) if k in hidden]) == 1:
                    pick = candidate([(margin, parts)])
                    if pick is not None:
                        hidden.add(pick)
                        changed = True
        ranges = cell_ranges(values, hidden, relations, threshold, keys=sorted(primary, key=repr))
        exposed = [k for k in sorted(primary, key=repr) if pinned(*ranges[k])]
        if not exposed:
            return hidden
        cell = exposed[0]
        near = [r for r in relations if cell == r[0] or cell in r[1]]
        linked = [r for r in relations if any(k in hidden for k in (r[0], *r[1]))]
        # Where no count of the threshold or more is left to hide, a zero is shown as
        # "< 3" too: a sum of several "< 3" would otherwise be known to be at least their number.
        pick = (
            candidate(near)
            or candidate(linked)
            or candidate(near, zeros=True)
            or candidate(linked, zeros=True)
        )
        if pick is None:
            # Every cell that could help is hidden already, and a count still follows
            # from the readings' bounds (0 1 2 / 2 1 0: rows of at least 3, columns of
            # at most 2): every count is hidden, and none reads as a bound.
            return {k for k, v in values.items() if v is not None} | {UNBOUNDED}
        hidden.add(pick)


def shown(value, key, hidden: set, threshold: int):
    """A count as the gate shows it: "< 3" when small (or a hidden zero), ".." when
    hidden to protect a small one."""
    if key in hidden and value is not None:
        return f"< {threshold}" if value < threshold and UNBOUNDED not in hidden else HIDDEN
    return value


#: The columns of the weekly tables that are counts of one period each.
WEEKLY_PERIODS = ("current", "previous", "last_year")


def weekly_cells(figures: dict, column: str) -> tuple[dict, list[tuple]]:
    """Every count the weekly tables show for one period (column), and the sums linking them.

    Main categories and areas each add up to the total, events to their main category;
    for the week itself also the weekday × time-of-day table, whose rows and columns
    add up to their totals and those to the week's total.
    """
    values = {("total",): figures["totals"][column]}
    relations = []
    main_key = {}
    for dimension in ("categories", "areas", "events"):
        keys = []
        for r in figures[dimension]:
            key = (dimension, r.get("key", r["label"]))
            values[key] = r[column]
            keys.append(key)
            if dimension == "categories":
                main_key[r["label"]] = key
        if dimension != "events":
            relations.append((("total",), keys))
    events_of: dict = {}
    for r in figures["events"]:
        key = ("events", r.get("key", r["label"]))
        if r.get("main") in main_key:
            events_of.setdefault(main_key[r["main"]], []).append(key)
    relations += list(events_of.items())
    if column == "current":
        band = figures["weekday_band"]
        columns = range(len(band["columns"]))
        for r in band["rows"]:
            day = ("day", r["label"])
            values[day] = r["total"]
            for i, c in enumerate(r["cells"]):
                values[("slot", r["label"], i)] = c["count"]
            relations.append((day, [("slot", r["label"], i) for i in columns]))
        for i in columns:
            values[("band", i)] = band["totals"][i]
            relations.append((("band", i), [("slot", r["label"], i) for r in band["rows"]]))
        relations.append((("total",), [("day", r["label"]) for r in band["rows"]]))
        relations.append((("total",), [("band", i) for i in columns]))
    return values, relations


def weekly_hidden(figures: dict, threshold: int | None = None) -> dict[str, set]:
    """The cells each period column of a week hides (`protect` on `weekly_cells`)."""
    threshold = settings.SMALL_COUNT_THRESHOLD if threshold is None else threshold
    return {
        column: protect(*weekly_cells(figures, column), threshold=threshold)
        for column in WEEKLY_PERIODS
    }


def aggregate_view(figures: dict, threshold: int | None = None) -> dict:
    """The figures for council members and reporters: aggregates only, small counts hidden.

    No places, no hot-spot cells or points, no free text. Every count below
    SMALL_COUNT_THRESHOLD is shown as "< 3", and enough other counts are shown as ".."
    that no hidden one follows from the totals (`protect`), for the week and for the
    previous week and the same week last year alike. A change is hidden when either side
    is; the mean of the 8 weeks before is rounded to a whole number.
    """
    threshold = settings.SMALL_COUNT_THRESHOLD if threshold is None else threshold
    hidden = weekly_hidden(figures, threshold)

    def row(r: dict, dimension: str) -> dict:
        key = ("total",) if dimension == "total" else (dimension, r.get("key", r["label"]))
        out = {
            column: shown(r[column], key, hidden[column], threshold) for column in WEEKLY_PERIODS
        }
        mean8 = r["mean8"]
        return {
            "key": r.get("key"),
            "label": r["label"],
            "main": r.get("main"),
            **out,
            "change": r["change"]
            if all(isinstance(out[c], int) for c in ("current", "previous"))
            else None,
            # A whole number: eight weeks' exact mean would give their exact sum.
            "mean8": suppress_small(round(mean8) if mean8 is not None else None, threshold),
        }

    band = figures["weekday_band"]
    current = hidden["current"]
    rows = {d: [row(r, d) for r in figures[d]] for d in ("categories", "events", "areas")}
    gated = {(d, r["key"]): r["current"] for d, rs in rows.items() for r in rs}
    trend_dimension = {"category": "categories", "event": "events", "area": "areas"}
    return {
        "week": figures["week"],
        # Which columns have data (absent in snapshots from before it was recorded).
        "coverage": figures.get("coverage"),
        "totals": row({**figures["totals"], "label": ""}, "total") | {"key": None},
        **rows,
        "weekday_band": {
            "columns": band["columns"],
            "rows": [
                {
                    "label": r["label"],
                    # A hidden count gets the lowest heat, so the colour does not tell
                    # 1 from 2, nor a count hidden to protect one.
                    "cells": [
                        {
                            **c,
                            "count": shown(c["count"], ("slot", r["label"], i), current, threshold),
                            "heat": min(c["heat"], 1)
                            if ("slot", r["label"], i) in current
                            else c["heat"],
                        }
                        for i, c in enumerate(r["cells"])
                    ],
                    "total": shown(r["total"], ("day", r["label"]), current, threshold),
                }
                for r in band["rows"]
            ],
            "totals": [
                shown(n, ("band", i), current, threshold) for i, n in enumerate(band["totals"])
            ],
        },
        "trends": [
            {
                "dimension": t["dimension"],
                "label": t["label"],
                "current": (
                    current := gated.get(
                        (trend_dimension[t["dimension"]], t.get("key")),
                        suppress_small(t["current"], threshold),
                    )
                ),
                "hidden": not isinstance(current, int),
            }
            for t in figures["trends"]
            if t["dimension"] in trend_dimension
        ],
        "trend_method": figures["trend_method"],
        # Hot spots over time: how many cells of each class, small counts hidden, never
        # which cells (absent in snapshots from before it was recorded).
        "emerging": _emerging_view(figures.get("emerging"), threshold),
        "threshold": threshold,
        "hidden_symbol": HIDDEN,
    }


def map_cells(cells: list[dict], threshold: int | None = None) -> list[dict]:
    """The hot-spot cells a map may show to roles without exact figures: hot spots with
    at least `threshold` incidents of their own (a smaller count could point at people),
    without their counts."""
    threshold = settings.SMALL_COUNT_THRESHOLD if threshold is None else threshold
    return [
        {"col": c["col"], "row": c["row"], "class": c["class"]}
        for c in cells
        if c.get("count", 0) >= threshold and str(c.get("class", "")).startswith("hot-")
    ]


def _emerging_view(emerging_figures: dict | None, threshold: int) -> dict | None:
    """The emerging hot-spot summary for roles without exact figures: counts per class
    through suppress_small, no cells."""
    if not emerging_figures:
        return None
    counts = {
        cls: suppress_small(n, threshold) for cls, n in emerging_figures.get("counts", {}).items()
    }
    return {
        "weeks": emerging_figures["weeks"],
        "first": emerging_figures["first"],
        "last": emerging_figures["last"],
        "counts": counts,
        "summary": emerging_summary(counts),
    }


def annual_cells(figures: dict, index: int) -> tuple[dict, list[tuple]]:
    """Every count the annual tables show for one year, and the sums linking them."""
    values = {("total",): figures["totals"][index]}
    relations = []
    for dimension in ("categories", "areas"):
        keys = []
        for r in figures[dimension]:
            values[(dimension, r["label"])] = r["counts"][index]
            keys.append((dimension, r["label"]))
        relations.append((("total",), keys))
    return values, relations


def annual_aggregate_view(figures: dict, threshold: int | None = None) -> dict:
    """Annual figures with counts below SMALL_COUNT_THRESHOLD shown as "< 3", protected.

    Each year is protected on its own (`protect` over its main categories, areas and
    total); a change is hidden when either of its years is.
    """
    threshold = settings.SMALL_COUNT_THRESHOLD if threshold is None else threshold
    years = range(len(figures["totals"]))
    hidden = [protect(*annual_cells(figures, i), threshold=threshold) for i in years]

    def row(r: dict, dimension: str) -> dict:
        counts = [
            shown(v, (dimension, r["label"]), hidden[i], threshold)
            for i, v in enumerate(r["counts"])
        ]
        current = counts[-1] if counts else None
        previous = counts[-2] if len(counts) > 1 else None
        return {
            "label": r["label"],
            "counts": counts,
            "current": current,
            "previous": previous,
            "change": r["change"]
            if isinstance(current, int) and isinstance(previous, int)
            else None,
        }

    return {
        **figures,
        "totals": [
            shown(v, ("total",), hidden[i], threshold) for i, v in enumerate(figures["totals"])
        ],
        "categories": [row(r, "categories") for r in figures["categories"]],
        "areas": [row(r, "areas") for r in figures["areas"]],
        "threshold": threshold,
        "hidden_symbol": HIDDEN,
    }


def series_view(values: dict, threshold: int | None = None) -> dict:
    """A count and its parts (a total and the years, quarters or weeks it adds up to).

    `values` maps "total" and each part's key to a count; the result maps each to what
    the gate shows, with `protect` keeping the hidden parts from following from the total.
    """
    threshold = settings.SMALL_COUNT_THRESHOLD if threshold is None else threshold
    parts = [k for k in values if k != "total"]
    relations = [("total", parts)] if "total" in values else []
    hidden = protect(values, relations, threshold=threshold)
    return {k: shown(v, k, hidden, threshold) for k, v in values.items()}


def problem_view(per_year: list[tuple[str, int]], *, exact: bool) -> dict:
    """A problembild's incidents, in all and per year, as a reader may see them.

    The total is the sum of the years, so the years and the total are protected
    together (`series_view`); every page and report that prints a problem's counts (the
    problem, the annual ranking, the annual report) takes them from here.
    """
    values = {"total": sum(n for _year, n in per_year), **dict(per_year)}
    gated = values if exact else series_view(values)
    return {
        "total": gated["total"],
        "per_year": [(year, gated[year]) for year, _n in per_year],
        "by_year": {year: gated[year] for year, _n in per_year},
    }


def table_view(values: dict, relations: list[tuple], threshold: int | None = None) -> dict:
    """Any counts and the sums between them, as a reader without exact figures sees them."""
    threshold = settings.SMALL_COUNT_THRESHOLD if threshold is None else threshold
    hidden = protect(values, relations, threshold=threshold)
    return {k: shown(v, k, hidden, threshold) for k, v in values.items()}


def weekly_series_view(series: list[int], periods: list[int]) -> tuple[list, list]:
    """A weekly series and its sums over consecutive periods (`periods` = their lengths).

    Returns (the weeks, the period sums) as the gate shows them; a week hidden in the
    chart is None so that the line breaks there instead of drawing the count.
    """
    values = {("week", i): n for i, n in enumerate(series)}
    relations, start = [], 0
    for p, length in enumerate(periods):
        values[("period", p)] = sum(series[start : start + length])
        relations.append((("period", p), [("week", i) for i in range(start, start + length)]))
        start += length
    gated = table_view(values, relations)
    weeks = [v if isinstance(v, int) else None for k, v in gated.items() if k[0] == "week"]
    return weeks, [gated[("period", p)] for p in range(len(periods))]
