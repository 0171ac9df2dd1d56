"""Export of a filtered incident list: CSV, XLSX, GeoJSON; only fields the role may see."""

import csv
import io
import json

from django.utils import timezone

from core.tabular import neutralise
from councils.permissions import can

from .imports import HEADINGS

HEADER = [
    "id",
    "date",
    "time",
    "time_of_day",
    "week",
    "main_category",
    "category",
    "area",
    "place",
    "latitude",
    "longitude",
    "count",
    "organisation",
    "source",
    "external_id",
]


def _rows(queryset, with_text: bool):
    qs = queryset.select_related("category__parent", "area", "place", "organisation")
    for i in qs.iterator(chunk_size=2000):
        local = timezone.localtime(i.occurred_at) if i.occurred_at else None
        row = [
            i.pk,
            i.occurred_on.isoformat(),
            local.strftime("%H:%M") if local else "",
            i.get_time_band_display() if i.time_band else "",
            f"{i.iso_year}-W{i.iso_week:02d}",
            i.category.main.name,
            i.category.name,
            i.area.name,
            i.place.name if i.place_id else "",
            i.latitude,
            i.longitude,
            i.count,
            i.organisation.name,
            i.get_source_display(),
            i.external_id,
        ]
        if with_text:
            row.append(i.assessment)
        yield i, [neutralise(v) for v in row]


def render(queryset, fmt: str, user) -> tuple[str, str, bytes]:
    """(filename, mimetype, bytes) of the export; KeyError for an unknown format."""
    # Every row the user sees is one whose text they may read (see visible_to).
    with_text = can(user, "incident.read_text")
    header = [*HEADER, "assessment"] if with_text else HEADER
    # Spreadsheets get the headings people read (in their language); GeoJSON, read by GIS
    # tools, keeps the code keys.
    headings = [HEADINGS.heading(key) for key in header]
    stamp = timezone.localdate().isoformat()
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(headings)
        for _incident, row in _rows(queryset, with_text):
            writer.writerow(["" if v is None else v for v in row])
        return (
            f"handelser-{stamp}.csv",
            "text/csv; charset=utf-8",
            ("\ufeff" + out.getvalue()).encode(),
        )
    if fmt == "xlsx":
        import openpyxl

        book = openpyxl.Workbook(write_only=True)
        sheet = book.create_sheet("händelser")
        sheet.append(headings)
        for _incident, row in _rows(queryset, with_text):
            sheet.append(row)
        out = io.BytesIO()
        book.save(out)
        return (
            f"handelser-{stamp}.xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            out.getvalue(),
        )
    if fmt == "geojson":
        features = []
        for incident, row in _rows(queryset.filter(latitude__isnull=False), with_text):
            features.append(
                {
                    "type": "Feature",
                    "geometry": {
                        "type": "Point",
                        "coordinates": [incident.longitude, incident.latitude],
                    },
                    "properties": dict(zip(header, row, strict=True)),
                }
            )
        data = json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False)
        return f"handelser-{stamp}.geojson", "application/geo+json", data.encode()
    raise KeyError(fmt)
