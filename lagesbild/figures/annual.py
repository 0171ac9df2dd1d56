"""The annual (övergripande) lägesbild's figures: counts per year, category and area,
read from the monthly incident counts."""

import datetime as dt

from django.db.models import F, Q, Sum
from django.db.models.functions import (
    Coalesce,
    ExtractYear,
)
from django.utils.translation import gettext as _

from core import charts
from core.coverage import MISSING, WHOLE, Coverage
from core.isoweek import Week
from core.versioned import figures_cached

from .. import selectors
from ..models import Area, Category, Incident, IncidentCount

# Annual picture ----------------------------------------------------------------------


def _year_columns(year_list: list[int], coverage: Coverage) -> list[dict]:
    """Each year's column: its status and the label that says what it holds.

    A year before the first incident has no data ("–"); a year the data cover in part
    (registration started in it, or it is still running) is preliminary.
    """
    columns = []
    for y in year_list:
        start, end = dt.date(y, 1, 1), dt.date(y, 12, 31)
        status = coverage.status(start, end)
        note = ""
        if status != MISSING and status != WHOLE:
            began = coverage.started_within(start, end)
            running = coverage.running(end)
            first = Week.of(coverage.first).iso_week if began else None
            last = coverage.last if coverage.last and coverage.last.year == y else None
            last = Week.of(min(last, coverage.today)).iso_week if last else None
            if began and running and last:
                note = _("preliminary, weeks %(first)s–%(last)s") % {"first": first, "last": last}
            elif began:
                note = _("preliminary, from week %(week)s") % {"week": first}
            elif last:
                note = _("preliminary, up to week %(week)s") % {"week": last}
            else:
                note = _("preliminary")
        columns.append({"year": y, "status": status, "note": note})
    return columns


def annual_figures(
    year: int, *, years: int = 5, queryset=None, coverage: Coverage | None = None
) -> dict:
    """Yearly counts per main category and per area for `year` and the years before it.

    All incidents: from the monthly counts (two small queries, where
    counting five years of incidents took ~490 ms at 1 M). A queryset is counted from
    its incidents. A year without data (before the first incident of `coverage`,
    default every incident's) has None, not 0; the change is given only between two
    whole years.
    """
    first = year - years + 1
    year_list = list(range(first, year + 1))
    if queryset is None:
        categories, areas = _annual_counted(first, year, year_list)
    else:
        base = Incident.objects.all() if queryset is None else queryset
        span = base.filter(occurred_on__range=(dt.date(first, 1, 1), dt.date(year, 12, 31)))
        span = span.annotate(year=ExtractYear("occurred_on"))
        by_year = {f"y{y}": Coalesce(Sum("count", filter=Q(year=y)), 0) for y in year_list}
        categories = list(
            span.annotate(label=Coalesce("category__parent__name", "category__name"))
            .values("label")
            .annotate(**by_year)
            .order_by("label")
        )
        areas = list(
            span.annotate(label=F("area__name"))
            .values("label")
            .annotate(**by_year)
            .order_by("label")
        )

    coverage = coverage or selectors.incident_coverage()
    columns = _year_columns(year_list, coverage)
    has_data = [c["status"] != MISSING for c in columns]
    # A partial year against a whole one would read as a change that is not there.
    comparable = len(columns) > 1 and all(c["status"] == WHOLE for c in columns[-2:])

    def rows(grouped):
        out = []
        for r in grouped:
            counts = [r[f"y{y}"] if has_data[i] else None for i, y in enumerate(year_list)]
            previous = counts[-2] if len(counts) > 1 else None
            out.append(
                {
                    "label": r["label"],
                    "counts": counts,
                    "current": counts[-1],
                    "previous": previous,
                    "change": counts[-1] - previous if comparable else None,
                }
            )
        return sorted(out, key=lambda r: (-(r["current"] or 0), r["label"]))

    category_rows = rows(categories)
    area_rows = rows(areas)
    totals = [
        sum(r["counts"][i] for r in category_rows) if has_data[i] else None
        for i in range(len(year_list))
    ]
    return {
        "year": year,
        "years": year_list,
        "columns": columns,
        "first": coverage.first.isoformat() if coverage.first else None,
        "comparable": comparable,
        "totals": totals,
        "categories": category_rows,
        "areas": area_rows,
    }


def _annual_counted(first: int, last: int, year_list: list[int]) -> tuple[list, list]:
    """Per main category and per area, a y{year} column each, from the monthly counts."""
    D = IncidentCount.Dimension
    span = IncidentCount.objects.filter(period__range=(dt.date(first, 1, 1), dt.date(last, 12, 31)))
    by_year = {
        f"y{y}": Coalesce(
            Sum("n", filter=Q(period__range=(dt.date(y, 1, 1), dt.date(y, 12, 31)))), 0
        )
        for y in year_list
    }
    mains = {
        c.pk: c.parent.name if c.parent_id else c.name
        for c in Category.objects.select_related("parent")
    }
    names = dict(Area.objects.values_list("pk", "name"))

    def labelled(dimension, label_of):
        totals: dict[str, dict] = {}
        for r in span.filter(dimension=dimension).values("key").annotate(**by_year).order_by():
            row = totals.setdefault(label_of[r["key"]], dict.fromkeys(by_year, 0))
            for column in by_year:
                row[column] += r[column]
        # A key whose additions and removals cancel out (before compaction) is not there.
        return [{"label": label, **row} for label, row in totals.items() if any(row.values())]

    return labelled(D.MONTH_CATEGORY, mains), labelled(D.MONTH_AREA, names)


def annual_charts(figures: dict) -> dict:
    """Line charts of the multi-year trend per main category and per (top 8) area."""
    labels = [str(y) for y in figures["years"]]

    def lines(rows):
        # A suppressed count ("< 3") leaves a gap in the line.
        return [
            charts.Series(r["label"], [v if isinstance(v, int) else None for v in r["counts"]])
            for r in rows[:8]
        ]

    return {
        "categories": charts.line_chart(
            labels, lines(figures["categories"]), title=_("Incidents per main category and year")
        ),
        "areas": charts.line_chart(
            labels, lines(figures["areas"]), title=_("Incidents per area and year (largest 8)")
        ),
    }


@figures_cached("incidents", "lagesbild")
def annual_figures_of_all(year: int) -> dict:
    """annual_figures(year) of every incident, cached under the incidents' version."""
    return annual_figures(year)
