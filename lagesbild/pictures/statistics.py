"""The statistics view: a free period (bounded), areas compared, a category over the
years; each chart as SVG (and PNG in the browser) and its data as CSV.

Readers without `figures.read_exact` (council members, reporters) get the figures
through the disclosure gate (`table_view`/`series_view`: small counts as "< 3", and enough
others hidden that none follows from a total). Because two free periods could be
subtracted from each other to reveal a hidden count, they choose one calendar year at a
time, as in the annual picture.
"""

import csv
import datetime as dt
import io

from dateutil.relativedelta import relativedelta
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Min, Sum
from django.db.models.functions import ExtractYear
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core import charts
from core.isoweek import FIRST_YEAR

from ..figures.disclosure import series_view, table_view
from ..forms import CategoryChoiceField, categories_in_order
from ..models import Area, Incident

MAX_YEARS = 10
CHARTS = ("areas", "years")
FORMATS = ("csv", "svg")


class StatisticsForm(forms.Form):
    """Period (both days included), at most ten years; a category (default every one)."""

    start = forms.DateField(
        label=_("From"), widget=forms.DateInput(attrs={"type": "date"}), required=False
    )
    end = forms.DateField(
        label=_("To"), widget=forms.DateInput(attrs={"type": "date"}), required=False
    )
    category = CategoryChoiceField(
        label=_("Category"),
        queryset=categories_in_order(),
        required=False,
        empty_label=_("All categories"),
        help_text=_("A main category includes its events."),
    )

    def __init__(self, *args, exact: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.exact = exact

    def default_period(self) -> tuple[dt.date, dt.date]:
        today = timezone.localdate()
        if self.exact:  # the last twelve months up to yesterday
            return today - dt.timedelta(days=365), today - dt.timedelta(days=1)
        return dt.date(today.year - 1, 1, 1), dt.date(today.year - 1, 12, 31)

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        start, end = self.default_period()
        data["start"] = data.get("start") or start
        data["end"] = data.get("end") or end
        if data["start"] > data["end"]:
            raise ValidationError(_("The start date must be on or before the end date."))
        # Both days count: 1 January 2014 – 31 December 2023 is ten years, a day more is not.
        if data["end"] >= data["start"] + relativedelta(years=MAX_YEARS):
            raise ValidationError(_("Choose a period of at most ten years."))
        if data["start"].year < FIRST_YEAR or data["end"] > timezone.localdate():
            raise ValidationError(
                _("Choose a period from %(year)s up to today.") % {"year": FIRST_YEAR}
            )
        if not self.exact and not (
            data["start"] == dt.date(data["start"].year, 1, 1)
            and data["end"] == dt.date(data["start"].year, 12, 31)
        ):
            raise ValidationError(
                _(
                    "With aggregated figures the period is one calendar year (1 January – "
                    "31 December), so that no small count can be worked out from two periods."
                )
            )
        return data


def statistics(data: dict, *, exact: bool) -> dict:
    """The figures of a valid form: counts per area in the period and per year."""
    incidents = Incident.objects.all()
    if data.get("category"):
        incidents = incidents.in_category(data["category"])
    start, end = data["start"], data["end"]
    per_area = dict(
        incidents.in_period(start, end).values_list("area_id").annotate(n=Sum("count")).order_by()
    )
    areas = [(a.pk, a.name) for a in Area.objects.order_by("name")]
    area_values = {"total": sum(per_area.values()), **{pk: per_area.get(pk, 0) for pk, _n in areas}}
    # The years: the period's last year and up to nine before it, whole years.
    # (From the first year with any incident: no row of zeros before the records began.)
    last = end.year
    began = Incident.objects.aggregate(first=Min("occurred_on"))["first"]
    first = max(FIRST_YEAR, last - MAX_YEARS + 1, began.year if began else last)
    first = min(first, last)
    per_year = dict(
        incidents.filter(occurred_on__year__range=(first, last))
        .annotate(year=ExtractYear("occurred_on"))
        .values_list("year")
        .annotate(n=Sum("count"))
        .order_by()
    )
    year_values = {
        "total": sum(per_year.values()),
        **{y: per_year.get(y, 0) for y in range(first, last + 1)},
    }
    if not exact:
        area_values = table_view(area_values, [("total", [pk for pk, _n in areas])])
        year_values = series_view(year_values)
    return {
        "start": start,
        "end": end,
        "category": data.get("category"),
        "areas": [{"key": pk, "label": name, "count": area_values[pk]} for pk, name in areas],
        "area_total": area_values["total"],
        "years": [{"label": str(y), "count": year_values[y]} for y in range(first, last + 1)],
        "exact": exact,
    }


def _numeric(rows: list[dict]) -> list[tuple[str, float]]:
    """Chart data: a hidden count is drawn as 0 (its label in the table says why)."""
    return [(r["label"], r["count"] if isinstance(r["count"], int) else 0) for r in rows]


def charts_of(figures: dict) -> dict:
    what = figures["category"].name if figures["category"] else gettext("all categories")
    return {
        "areas": charts.bar_chart(
            _numeric(figures["areas"]),
            title=gettext("Incidents per area, %(what)s") % {"what": what},
            label_width=150,
        ),
        "years": charts.column_chart(
            _numeric(figures["years"]),
            title=gettext("Incidents per year, %(what)s") % {"what": what},
        ),
    }


def csv_of(figures: dict, chart: str) -> str:
    """The data of one chart as CSV (semicolon, as Swedish Excel reads it)."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(
        [gettext("Area") if chart == "areas" else gettext("Year"), gettext("Incidents")]
    )
    for row in figures[chart]:
        writer.writerow([row["label"], row["count"]])
    if chart == "areas":
        writer.writerow([gettext("Total"), figures["area_total"]])
    return out.getvalue()
