"""The weekly lägesbild's figures, aggregated in SQL.

Every function returns plain JSON-serialisable data (dicts, lists, numbers, strings),
so that the same structure feeds the page, the PDF and the snapshot stored when a week
is published. A week's figures take a fixed number of queries whatever the data
volume: all incidents are read from the trigger-kept counts (3 queries); a subset
(a queryset) is counted from its incidents.

    week = Week.parse("2023-W07")
    figures = weekly_figures(week)
    figures["areas"][0] == {"key": 3, "label": "Bäckby", "current": 12, ...}
"""

import datetime as dt
import hashlib
import json

from django.conf import settings
from django.db import connection
from django.db.models import Sum
from django.db.models.functions import (
    ExtractHour,
    ExtractIsoWeekDay,
)
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from core import charts
from core.coverage import MISSING, WHOLE, Coverage
from core.formatting import number
from core.isoweek import STOCKHOLM, Week
from core.versioned import figures_cached

from .. import incident_counts, selectors
from ..hotspots import getis_ord_gi_star, getis_ord_gi_star_cells
from ..models import Area, Category, Incident, IncidentCount, Place, TimeBand
from ..trends import TrendRow, flag_wrong_way
from .emerging import annotate, emerging_figures
from .hotspot_tables import hotspot_figures, hotspot_table, points, study_cells

BASELINE_WEEKS = 8
# Last year around the same week, for the trends' seasonal factor: the same week and the
# one after it (with the week before, "ly_b1", the 3 weeks around it) and the 8 before.
SEASON_COLUMNS = ("ly", "ly_a1", *(f"ly_b{k}" for k in range(1, BASELINE_WEEKS + 1)))
MIN_SEASON_WEEKS = 4  # whole weeks of the 8 before last year's same week, at least


TOP_PLACES = 10


WEEKDAYS = (1, 2, 3, 4, 5, 6, 7)


# Columns of the weekday × time-of-day table; "" is "only the date is known".
BANDS = (TimeBand.NIGHT, TimeBand.MORNING, TimeBand.DAY, TimeBand.EVENING, "")


HEAT_LEVELS = 5


SNAPSHOT_VERSION = 1


def _columns(week: Week) -> dict[str, tuple[dt.date, dt.date]]:
    """The date ranges of the FILTER columns: cur, w1 (previous week) … w8, ly."""
    columns = {"cur": (week.monday, week.sunday)}
    for k in range(1, BASELINE_WEEKS + 1):
        before = week.shift(-k)
        columns[f"w{k}"] = (before.monday, before.sunday)
    last_year = week.same_week_last_year()
    columns["ly"] = (last_year.monday, last_year.sunday)
    columns["ly_a1"] = (last_year.shift(1).monday, last_year.shift(1).sunday)
    for k in range(1, BASELINE_WEEKS + 1):
        before = last_year.shift(-k)
        columns[f"ly_b{k}"] = (before.monday, before.sunday)
    return columns


def _figure_row(key, label: str, row: dict, **extra) -> dict:
    weeks = [row[f"w{k}"] for k in range(1, BASELINE_WEEKS + 1)]
    return {
        # Last year's weeks for the trends' seasonal factor; not shown, not stored.
        "_season": [row.get(column, 0) for column in SEASON_COLUMNS],
        "key": key,
        "label": label,
        "current": row["cur"],
        "previous": row["w1"],
        "change": row["cur"] - row["w1"],
        "mean8": round(sum(weeks) / BASELINE_WEEKS, 2),
        "last_year": row["ly"],
        "weeks": weeks,
        **extra,
    }


def _sorted(rows: list[dict]) -> list[dict]:
    return sorted(rows, key=lambda r: (-r["current"], -r["mean8"], r["label"]))


def _category_figure_rows(events: list[dict], columns: list[str]) -> tuple[list, list]:
    """Main-category and event rows from per-event sums (mains add up their events)."""
    mains: dict[tuple, dict] = {}
    for r in events:
        key = (
            r["category__parent_id"] or r["category_id"],
            r["category__parent__name"] or r["category__name"],
        )
        total = mains.setdefault(key, dict.fromkeys(columns, 0))
        for column in columns:
            total[column] += r[column]
    main_rows = [_figure_row(key, name, row) for (key, name), row in mains.items()]
    event_rows = [
        _figure_row(
            r["category_id"],
            r["category__name"],
            r,
            main=r["category__parent__name"] or r["category__name"],
        )
        for r in events
    ]
    event_rows.sort(key=lambda r: (r["main"], -r["current"], r["label"]))
    return _sorted(main_rows), event_rows


def _window_rows_grouping_sets(week: Week, base) -> tuple[list, list, list, list]:
    """Events, main categories, areas and places from one scan of the window.

    Counted from `base`'s incidents: the path for a subset of incidents, and the
    oracle the stored incident counts are tested against. The week + 8 weeks before and
    the same week last year with the 8 weeks before it and the one after are two date
    ranges, read as a UNION ALL of two range
    scans, and GROUPING SETS group the rows once per dimension in the same pass.
    """
    columns = _columns(week)
    fields = ("category_id", "area_id", "place_id", "occurred_on", "count")
    recent = base.filter(occurred_on__range=(columns[f"w{BASELINE_WEEKS}"][0], week.sunday))
    last_year = base.filter(
        occurred_on__range=(columns[f"ly_b{BASELINE_WEEKS}"][0], columns["ly_a1"][1])
    )
    # Without the model's ordering in each part: sorting by id would need the heap.
    union = recent.values(*fields).order_by().union(last_year.values(*fields).order_by(), all=True)
    union_sql, union_params = union.query.sql_with_params()
    sums = ", ".join(
        f'COALESCE(SUM(w."count") FILTER (WHERE w."occurred_on" BETWEEN %s AND %s), 0) AS "{key}"'
        for key in columns
    )
    sum_params = [day for span in columns.values() for day in span]
    # Only table names, fixed column names and Django-compiled SQL are interpolated;
    # values are params.
    sql = _with_labels(
        'SELECT GROUPING(w."category_id", w."area_id", w."place_id") AS "level", '  # noqa: S608
        f'w."category_id", w."area_id", w."place_id", {sums} '
        f"FROM ({union_sql}) w "
        'GROUP BY GROUPING SETS ((w."category_id"), (w."area_id"), (w."place_id"))'
    )
    grouped = _fetch_dicts(sql, [*sum_params, *union_params])
    return _rows_from_grouped(grouped, list(columns))


# The labels of grouped rows: joined to the few grouped rows `g`, never to incidents.
_LABEL_JOINS = (
    "SELECT g.*, c.name AS category_name, c.parent_id, parent.name AS parent_name, "
    "a.name AS area_name, p.name AS place_name, pa.name AS place_area_name FROM ({grouped}) g "
    'LEFT JOIN "{category}" c ON c.id = g.category_id '
    'LEFT JOIN "{category}" parent ON parent.id = c.parent_id '
    'LEFT JOIN "{area}" a ON a.id = g.area_id '
    'LEFT JOIN "{place}" p ON p.id = g.place_id '
    'LEFT JOIN "{area}" pa ON pa.id = p.area_id'
)


def _with_labels(grouped_sql: str) -> str:
    tables = {
        name: m._meta.db_table
        for name, m in (("category", Category), ("area", Area), ("place", Place))
    }
    return _LABEL_JOINS.format(grouped=grouped_sql, **tables)


def _fetch_dicts(sql: str, params: list) -> list[dict]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        names = [c[0] for c in cursor.description]
        return [dict(zip(names, r, strict=True)) for r in cursor.fetchall()]


def _rows_from_grouped(grouped: list[dict], columns: list[str]) -> tuple[list, list, list, list]:
    """Main categories, events, areas and ranked places from rows grouped per dimension.

    `level` tells the dimension as GROUPING() over (category, area, place) does:
    0b011 is a category row, 0b101 an area row and 0b110 a place row.
    """
    events = [
        {
            "category_id": r["category_id"],
            "category__name": r["category_name"],
            "category__parent_id": r["parent_id"],
            "category__parent__name": r["parent_name"],
            **{key: r[key] for key in columns},
        }
        for r in grouped
        if r["level"] == 0b011
    ]
    main_rows, event_rows = _category_figure_rows(events, columns)
    area_rows = _sorted(
        [_figure_row(r["area_id"], r["area_name"], r) for r in grouped if r["level"] == 0b101]
    )
    current = [
        r for r in grouped if r["level"] == 0b110 and r["place_id"] is not None and r["cur"] > 0
    ]
    current.sort(key=lambda r: (-r["cur"], r["place_name"]))
    place_rows = []
    for position, r in enumerate(current, start=1):
        # RANK(): ties share the rank of the first of them.
        tied = place_rows and place_rows[-1]["current"] == r["cur"]
        place_rows.append(
            _figure_row(
                r["place_id"],
                r["place_name"],
                r,
                area=r["place_area_name"],
                rank=place_rows[-1]["rank"] if tied else position,
            )
        )
    return main_rows, event_rows, area_rows, place_rows


def _summary_figures(week: Week) -> dict:
    """The week's figures from the stored incident counts: three small queries.

    The window's rows per category, area and place (10 weeks × the keys that occur)
    and the week's weekday × band, hour and grid-cell rows, whatever the number of
    incidents: at 1 M incidents ~2 ms of SQL where counting incidents took ~16 ms.
    """
    columns = _columns(week)
    table = IncidentCount._meta.db_table
    sums = ", ".join(
        f'COALESCE(SUM(w.n) FILTER (WHERE w.period = %s), 0) AS "{key}"' for key in columns
    )
    D = IncidentCount.Dimension
    grouped = _fetch_dicts(
        _with_labels(
            f"SELECT CASE w.dimension WHEN {D.CATEGORY} THEN 3 WHEN {D.AREA} THEN 5 "  # noqa: S608
            "ELSE 6 END AS level, "
            f"CASE WHEN w.dimension = {D.CATEGORY} THEN w.key END AS category_id, "
            f"CASE WHEN w.dimension = {D.AREA} THEN w.key END AS area_id, "
            f"CASE WHEN w.dimension = {D.PLACE} THEN w.key END AS place_id, {sums} "
            f"FROM {table} w WHERE w.period = ANY(%s) "
            f"AND w.dimension IN ({D.CATEGORY}, {D.AREA}, {D.PLACE}) "
            "GROUP BY w.dimension, w.key"
        ),
        [*(span[0] for span in columns.values()), [span[0] for span in columns.values()]],
    )
    # A key whose additions and removals cancel out (before compaction) is not there.
    grouped = [r for r in grouped if any(r[key] for key in columns)]
    categories, events, areas, place_rows = _rows_from_grouped(grouped, list(columns))
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT dimension, key, key2, SUM(n) FROM {table} "  # noqa: S608
            "WHERE period = %s AND dimension IN (%s, %s, %s) "
            "GROUP BY dimension, key, key2 HAVING SUM(n) <> 0",
            [week.monday, D.WEEKDAY_BAND, D.HOUR, D.CELL],
        )
        week_rows = cursor.fetchall()
    bands = {(key, BANDS[key2]): n for dim, key, key2, n in week_rows if dim == D.WEEKDAY_BAND}
    hours = {key: n for dim, key, _key2, n in week_rows if dim == D.HOUR}
    area = study_cells(week.sunday)
    if incident_counts.cells_available():
        cells = [(key, key2, n) for dim, key, key2, n in week_rows if dim == D.CELL]
        result = getis_ord_gi_star_cells(
            cells, cell_size=incident_counts.CELL_SIZE, study_cells=area
        )
    else:
        result = getis_ord_gi_star(
            points(Incident.objects.in_week(week.iso_year, week.iso_week)), study_cells=area
        )
    return {
        "rows": (categories, events, areas, place_rows),
        "weekday_band": _weekday_band_table(week, bands),
        "hours": _hours_list(hours),
        "hotspots": hotspot_table(result),
        "study_area": area,
    }


def _weekday_band(week: Week, queryset) -> dict:
    """The weekday × time-of-day table of a week's incidents (a query per call)."""
    rows = (
        queryset.in_week(week.iso_year, week.iso_week)
        .annotate(weekday=ExtractIsoWeekDay("occurred_on"))
        .values("weekday", "time_band")
        .annotate(n=Sum("count"))
        .order_by()
    )
    return _weekday_band_table(week, {(r["weekday"], r["time_band"]): r["n"] for r in rows})


def _weekday_band_table(week: Week, counts: dict[tuple[int, str], int]) -> dict:
    """The weekday × time-of-day table with a heat level (0–5) per cell."""
    top = max(counts.values(), default=0)
    table = []
    for day in WEEKDAYS:
        cells = []
        for band in BANDS:
            n = counts.get((day, band), 0)
            level = -(-n * HEAT_LEVELS // top) if top and n else 0  # ceiling
            cells.append({"band": band, "count": n, "heat": level})
        table.append(
            {
                "weekday": day,
                "label": date_format(week.monday + dt.timedelta(days=day - 1), "l"),
                "cells": cells,
                "total": sum(c["count"] for c in cells),
            }
        )
    columns = [
        {"band": band, "label": str(TimeBand(band).label) if band else _("Unknown time")}
        for band in BANDS
    ]
    totals = [sum(row["cells"][i]["count"] for row in table) for i in range(len(BANDS))]
    return {"columns": columns, "rows": table, "totals": totals}


def _hours(week: Week, queryset) -> list[int]:
    """Counts per local hour, for incidents with an exact time."""
    rows = (
        queryset.in_week(week.iso_year, week.iso_week)
        .filter(occurred_at__isnull=False)
        .annotate(hour=ExtractHour("occurred_at", tzinfo=STOCKHOLM))
        .values("hour")
        .annotate(n=Sum("count"))
        .order_by()
    )
    return _hours_list({r["hour"]: r["n"] for r in rows})


def _hours_list(counts: dict[int, int]) -> list[int]:
    return [counts.get(hour, 0) for hour in range(24)]


def _trends(categories, events, areas, places, cover: dict) -> list[dict]:
    """Rows that go the wrong way (lagesbild/trends.py), judged against the baseline
    weeks with data only, and against last year's season when last year is covered.

    An event row that is its main category all over again (a main category without
    events, like Arrangemang) is tested once, and so is an area that is one of its places
    all over again (as the place); a place is judged within its area and an event within
    its main category (reported inside it when both are flagged)."""
    baseline = cover["baseline"]
    season = cover.get("season", False)
    mains = {row["label"]: row for row in categories}
    area_rows = {row["label"]: row for row in areas}
    # An area whose incidents are all at one of its places is that place: tested once,
    # as the place (the more specific finding).
    same_as_place = {
        p["area"]
        for p in places
        if p.get("area") in area_rows and _same_counts(area_rows[p["area"]], p)
    }
    area_keys = {
        label: row["key"] for label, row in area_rows.items() if label not in same_as_place
    }
    rows, labels = [], {}
    for dimension, figure_rows in (
        ("category", categories),
        ("event", events),
        ("area", areas),
        ("place", places),
    ):
        for row in figure_rows:
            parent = None
            if dimension == "area" and row["label"] in same_as_place:
                continue
            if dimension == "event":
                main = mains.get(row["main"])
                if main and _same_counts(main, row):
                    continue
                parent = ("category", main["key"]) if main else None
            elif dimension == "place" and row.get("area") in area_keys:
                parent = ("area", area_keys[row["area"]])
            key = (dimension, row["key"])
            labels[key] = (
                row["label"] if dimension != "event" else f"{row['main']} – {row['label']}"
            )
            last_year = row["_season"]
            rows.append(
                TrendRow(
                    key=key,
                    current=row["current"],
                    weeks=[row["weeks"][k] for k in baseline],
                    # The same week, the one after and the one before it; the 8 before.
                    last_year=[last_year[2], last_year[0], last_year[1]] if season else (),
                    last_year_before=(
                        [last_year[1 + k] for k in cover["season_before"]] if season else ()
                    ),
                    parent=parent,
                )
            )

    def as_dict(flag) -> dict:
        return {
            "dimension": flag.key[0],
            "key": flag.key[1],
            "label": labels[flag.key],
            "current": flag.current,
            "baseline_mean": round(flag.baseline_mean, 2),
            "expected": round(flag.expected, 2),
            "z": round(flag.z, 2),
            "p": round(flag.p, 6),
            "ratio": round(flag.ratio, 2) if flag.ratio is not None else None,
            "explanation": flag.explanation
            + "".join(
                f"; därav {labels[inner.key]}: {number(inner.current)}" for inner in flag.within
            ),
            "within": [
                {"dimension": inner.key[0], "key": inner.key[1], "label": labels[inner.key]}
                for inner in flag.within
            ],
        }

    return [as_dict(flag) for flag in flag_wrong_way(rows)]


def _same_counts(a: dict, b: dict) -> bool:
    return (a["current"], a["weeks"], a["_season"]) == (b["current"], b["weeks"], b["_season"])


def _week_coverage(week: Week, coverage: Coverage) -> dict:
    """Which of the week's columns have data: a week before the first incident has none.

    `baseline` lists the indexes (0 = the week before) of the whole weeks the mean of
    the 8 weeks before and the trends rest on; a week the data cover only in part
    (the first one, or one still running) would pull the mean down.
    """
    columns = _columns(week)
    status = {key: coverage.status(*span) for key, span in columns.items()}
    return {
        "first": coverage.first.isoformat() if coverage.first else None,
        "current": status["cur"],
        "running": coverage.running(week.sunday),
        "previous": status["w1"],
        "last_year": status["ly"],
        "baseline": (
            baseline := [k for k in range(BASELINE_WEEKS) if status[f"w{k + 1}"] == WHOLE]
        ),
        "short_baseline": len(baseline) < BASELINE_WEEKS,
        "baseline_weeks": sum(
            1 for k in range(1, BASELINE_WEEKS + 1) if status[f"w{k}"] != MISSING
        ),
        # The whole weeks of the 8 before the same week last year (1 = the week before);
        # with the 3 weeks around it whole and at least 4 of them, the trends use the
        # season.
        "season_before": (
            season_before := [
                k for k in range(1, BASELINE_WEEKS + 1) if status[f"ly_b{k}"] == WHOLE
            ]
        ),
        "season": len(season_before) >= MIN_SEASON_WEEKS
        and all(status[column] == WHOLE for column in ("ly", "ly_a1", "ly_b1")),
    }


def _covered(row: dict, cover: dict) -> dict:
    """A figures row with no figure ("–") for a column without data.

    The change against the week before is shown only when both weeks are whole: a
    running or first week is not compared with a whole one as if they were equal.
    """
    # The data begin at one day, so the weeks without data are the oldest ones.
    weeks = [n if k < cover["baseline_weeks"] else None for k, n in enumerate(row["weeks"])]
    baseline = [row["weeks"][k] for k in cover["baseline"]]
    comparable = cover["current"] == WHOLE and cover["previous"] == WHOLE
    row = {key: value for key, value in row.items() if key != "_season"}
    return {
        **row,
        "previous": None if cover["previous"] == MISSING else row["previous"],
        "change": row["change"] if comparable else None,
        "mean8": round(sum(baseline) / len(baseline), 2) if baseline else None,
        "last_year": None if cover["last_year"] == MISSING else row["last_year"],
        "weeks": weeks,
    }


def weekly_figures(week: Week, *, queryset=None, coverage: Coverage | None = None) -> dict:
    """Everything the weekly lägesbild shows, as JSON-serialisable data.

    All incidents: from the stored incident counts (2 queries, and one index lookup for
    the coverage unless it is given). A queryset (a subset)
    is always counted from its incidents. `coverage` (default: every incident's) tells
    which weeks have data; a column without data is None, never 0.
    """
    if queryset is None:
        parts = _summary_figures(week)
    else:
        parts = _live_figures(week, Incident.objects.all() if queryset is None else queryset)
    # Hot spots over the last weeks (new, persistent, diminishing …), and each hot cell
    # of the week's table with its class.
    parts["emerging"] = emerging_figures(week, queryset=queryset, area=parts.get("study_area"))
    hotspots = parts["hotspots"]
    # Only the hot spots: a cell that is merely part of a hot neighbourhood this week, or
    # a cold spot, is not called a hot spot of any kind.
    annotate(hotspots.get("hot_spots", []), parts["emerging"])
    cover = _week_coverage(week, coverage or selectors.incident_coverage())
    categories, events, areas, place_rows = parts["rows"]
    totals = {key: sum(r[key] for r in categories) for key in ("current", "previous", "last_year")}
    totals["weeks"] = [sum(r["weeks"][k] for r in categories) for k in range(BASELINE_WEEKS)]
    totals["change"] = totals["current"] - totals["previous"]
    trends = _trends(categories, events, areas, place_rows, cover)
    # A place is new when the weeks before had data and none of it was there.
    new_places = [r for r in place_rows if cover["baseline_weeks"] and not any(r["weeks"])]
    categories, events, areas, place_rows = (
        [_covered(r, cover) for r in rows] for rows in (categories, events, areas, place_rows)
    )
    new_keys = {r["key"] for r in new_places}
    new_places = [r for r in place_rows if r["key"] in new_keys]
    return {
        "version": SNAPSHOT_VERSION,
        "week": str(week),
        "computed_at": timezone.now().isoformat(timespec="seconds"),
        "coverage": cover,
        "totals": _covered(totals, cover),
        "categories": categories,
        "events": events,
        "areas": areas,
        "top_places": place_rows[:TOP_PLACES],
        "new_places": new_places,
        "weekday_band": parts["weekday_band"],
        "hours": parts["hours"],
        "trends": trends,
        "trend_method": {
            "fdr": settings.TREND_FDR,
            "fdr_percent": round(settings.TREND_FDR * 100, 1),
            "min_count": settings.TREND_MIN_COUNT,
            "weeks": BASELINE_WEEKS,
            "season": cover["season"],
        },
        "hotspots": parts["hotspots"],
        "emerging": parts["emerging"],
    }


def _live_figures(week: Week, base) -> dict:
    """The week's figures counted from `base`'s incidents (≈ 6 queries)."""
    rows = _window_rows_grouping_sets(week, base)
    hotspots, _result = hotspot_figures(base.in_week(week.iso_year, week.iso_week), end=week.sunday)
    return {
        "rows": rows,
        "weekday_band": _weekday_band(week, base),
        "hours": _hours(week, base),
        "hotspots": hotspots,
    }


def figures_fingerprint(figures: dict) -> str:
    """A hash of the counts (not of when they were computed): equal when nothing changed."""
    # Not the coverage either: a running week that ends is no change of the counts.
    # Nor the trends: they follow from the counts, and a change of method is no change.
    skipped = {"computed_at", "hotspots", "emerging", "coverage", "trends", "trend_method"}
    counted = {k: v for k, v in figures.items() if k not in skipped}
    counted["hot_spots"] = [
        (c["col"], c["row"], c["count"]) for c in figures.get("hotspots", {}).get("hot_spots", [])
    ]
    blob = json.dumps(counted, sort_keys=True, default=str).encode()
    return hashlib.sha256(blob).hexdigest()


def weekly_charts(figures: dict) -> dict:
    """The SVG charts of a week's figures (full view)."""
    week = Week.parse(figures["week"])
    labels = [f"v{week.shift(-k).iso_week}" for k in range(BASELINE_WEEKS, -1, -1)]
    totals = figures["totals"]
    series = [charts.Series(_("All incidents"), [*reversed(totals["weeks"]), totals["current"]])]
    return {
        "categories": charts.bar_chart(
            [(r["label"], r["current"]) for r in figures["categories"]],
            title=_("Incidents per main category, %(week)s") % {"week": week.label},
        ),
        "areas": charts.bar_chart(
            [(r["label"], r["current"]) for r in figures["areas"][:15]],
            title=_("Incidents per area, %(week)s") % {"week": week.label},
        ),
        "hours": charts.column_chart(
            [(f"{h:02d}", n) for h, n in enumerate(figures["hours"])],
            title=_("Incidents per hour (exact time known)"),
            label_every=3,
        ),
        "weeks": charts.line_chart(
            labels, series, title=_("Incidents per week, this and the 8 weeks before")
        ),
    }


@figures_cached("incidents", "lagesbild")
def weekly_figures_of_all(week: Week) -> dict:
    """weekly_figures(week) of every incident, cached under the incidents' version (any
    counted write is a new key) and the areas', places' and categories' generation."""
    return weekly_figures(week)
