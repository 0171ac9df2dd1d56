"""Import of incidents from CSV and XLSX: check every row, then write all or nothing.

Columns (header row, names as below, order free; the Swedish headings of the template,
"Externt id", "Datum", "Klockslag", …, are read as well):

    external_id   the id in your own system; re-importing the same id updates the row
    date          YYYY-MM-DD (local date)
    time          HH:MM, optional
    time_of_day   natt, morgon, dag or kväll; optional when time is given
    category      the event (e.g. Klotter) or main category name, or "Main – Event"
    area          the area name (e.g. Bäckby)
    place         optional place name in that area (e.g. Vasaparken)
    latitude      optional, WGS84, with longitude
    longitude     optional
    count         optional, default 1
    assessment    optional short assessment; no personal data

Every row is either imported or reported with its line, column and message.
"""

import csv
import datetime as dt
import io
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import connection, transaction
from django.db.models import BooleanField
from django.db.models.expressions import RawSQL
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from core.tabular import CheckResult, Columns, RowError, read_rows

from .models import (
    Area,
    Category,
    ImportJob,
    Incident,
    Place,
    Source,
    TimeBand,
    time_band_of,
    validate_point,
)

COLUMNS = [
    "external_id",
    "date",
    "time",
    "time_of_day",
    "category",
    "area",
    "place",
    "latitude",
    "longitude",
    "count",
    "assessment",
]
REQUIRED = {"external_id", "date", "category", "area"}
# The headings of the template, the export and the row errors.
HEADINGS = Columns(
    {
        "id": pgettext_lazy("file column", "Id"),
        "external_id": pgettext_lazy("file column", "External id"),
        "date": pgettext_lazy("file column", "Date"),
        "time": pgettext_lazy("file column", "Time"),
        "time_of_day": pgettext_lazy("file column", "Time of day"),
        "week": pgettext_lazy("file column", "Week"),
        "main_category": pgettext_lazy("file column", "Main category"),
        "category": pgettext_lazy("file column", "Category"),
        "area": pgettext_lazy("file column", "Area"),
        "place": pgettext_lazy("file column", "Place"),
        "latitude": pgettext_lazy("file column", "Latitude"),
        "longitude": pgettext_lazy("file column", "Longitude"),
        "count": pgettext_lazy("file column", "Count"),
        "organisation": pgettext_lazy("file column", "Organisation"),
        "source": pgettext_lazy("file column", "Source"),
        "assessment": pgettext_lazy("file column", "Assessment"),
    }
)
BANDS = {"natt": "natt", "morgon": "morgon", "dag": "dag", "kväll": "kvall", "kvall": "kvall"}
# Files larger than this many rows are imported by a Celery task with a progress bar.
TASK_THRESHOLD_ROWS = 2000
COMPARED = [
    "category_id",
    "area_id",
    "place_id",
    "latitude",
    "longitude",
    "occurred_on",
    "occurred_at",
    "time_band",
    "count",
    "assessment",
]


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


class _Lookups:
    def __init__(self):
        self.areas = {a.name.lower(): a for a in Area.objects.all()}
        self.places = {(p.area_id, p.name.lower()): p for p in Place.objects.all()}
        self.categories = {}
        for c in Category.objects.select_related("parent"):
            self.categories.setdefault(c.name.lower(), c)
            if c.parent_id:
                self.categories[f"{c.parent.name} – {c.name}".lower()] = c
                self.categories[f"{c.parent.name} - {c.name}".lower()] = c


def check_rows(raw: list[dict]) -> CheckResult:
    """Validate every row; nothing is written."""
    result = CheckResult()
    if not raw:
        result.file_error = _("The file has no rows below the header.")
        return result
    raw = HEADINGS.normalise(raw)
    missing = REQUIRED - set(raw[0].keys())
    if missing:
        names = sorted(HEADINGS.heading(key) for key in missing)
        result.file_error = _("Columns missing: %(cols)s.") % {"cols": ", ".join(names)}
        return result
    return HEADINGS.name_errors(_check(raw, result))


def _check(raw: list[dict], result: CheckResult) -> CheckResult:
    lookups = _Lookups()
    today = timezone.localdate()
    # Looked up once: Django's per-call lookup of the current zone cost ~15 % of a check.
    zone = timezone.get_current_timezone()
    seen: dict[str, int] = {}
    for index, row in enumerate(raw, start=2):
        errors = []

        def cell(name, row=row):
            value = row.get(name, "")
            return value.strip() if isinstance(value, str) else value

        data = {}
        ext = str(cell("external_id") or "")
        if not ext:
            errors.append(RowError(index, "external_id", _("Required.")))
        elif ext in seen:
            errors.append(
                RowError(index, "external_id", _("Same id as line %(l)s.") % {"l": seen[ext]})
            )
        else:
            seen[ext] = index
        data["external_id"] = ext
        day = cell("date")
        if isinstance(day, dt.datetime):
            day = day.date()
        if isinstance(day, dt.date):
            data["occurred_on"] = day
        else:
            try:
                data["occurred_on"] = dt.date.fromisoformat(str(day))
            except ValueError:
                errors.append(
                    RowError(index, "date", _("Not a date (YYYY-MM-DD): %(v)s") % {"v": day})
                )
        time = cell("time")
        data["occurred_at"] = None
        if time not in ("", None):
            if isinstance(time, dt.time):
                parsed = time
            else:
                try:
                    parsed = dt.time.fromisoformat(str(time))
                except ValueError:
                    parsed = None
                    errors.append(
                        RowError(index, "time", _("Not a time (HH:MM): %(v)s") % {"v": time})
                    )
            if parsed and "occurred_on" in data:
                # In UTC: a local time in the spring DST gap compares unequal to every
                # other datetime (PEP 495), so a re-import would see a change each time.
                data["occurred_at"] = dt.datetime.combine(
                    data["occurred_on"], parsed, tzinfo=zone
                ).astimezone(dt.UTC)
        band = str(cell("time_of_day") or "").lower()
        if band and band not in BANDS:
            errors.append(RowError(index, "time_of_day", _("Use natt, morgon, dag or kväll.")))
        data["time_band"] = BANDS.get(band, "")
        category = lookups.categories.get(str(cell("category") or "").lower())
        if category is None:
            errors.append(
                RowError(index, "category", _("Unknown category: %(v)s") % {"v": cell("category")})
            )
        data["category"] = category
        area = lookups.areas.get(str(cell("area") or "").lower())
        if area is None:
            errors.append(RowError(index, "area", _("Unknown area: %(v)s") % {"v": cell("area")}))
        data["area"] = area
        place_name = str(cell("place") or "").lower()
        data["place"] = None
        if place_name and area:
            data["place"] = lookups.places.get((area.pk, place_name))
            if data["place"] is None:
                errors.append(
                    RowError(
                        index,
                        "place",
                        _("Unknown place in %(a)s: %(v)s") % {"a": area, "v": cell("place")},
                    )
                )
        for name in ("latitude", "longitude"):
            value = cell(name)
            try:
                data[name] = (
                    float(str(value).replace(",", ".")) if value not in ("", None) else None
                )
            except ValueError:
                errors.append(RowError(index, name, _("Not a number: %(v)s") % {"v": value}))
                data[name] = None
        count = cell("count")
        try:
            data["count"] = int(count) if count not in ("", None) else 1
            if data["count"] < 1:
                raise ValueError
        except (TypeError, ValueError):
            errors.append(RowError(index, "count", _("A whole number of at least 1.")))
        data["assessment"] = str(cell("assessment") or "")[:2000]
        if not errors:
            errors += _row_errors(index, data, today, zone)
        if errors:
            result.errors += errors
        else:
            result.rows.append((index, data))
    return result


# The incident's database constraints, checked here in Python so that a row breaking
# one is reported with its line instead of failing the whole file at the write.
MAX_COUNT = 2**31 - 1
EXTERNAL_ID_LENGTH = Incident._meta.get_field("external_id").max_length


def _row_errors(index: int, data: dict, today: dt.date, zone) -> list[RowError]:
    """Checks of one parsed row that need no query (the lookups already resolved keys).

    Model.full_clean() would cost ~6 queries a row here (a lookup per foreign key and
    a SELECT per check constraint); the foreign keys come from the preloaded lookups
    and the constraints are mirrored by Incident.clean() and the checks below.
    """
    errors = []
    if len(data["external_id"]) > EXTERNAL_ID_LENGTH:
        try:
            MaxLengthValidator(EXTERNAL_ID_LENGTH)(data["external_id"])
        except ValidationError as error:  # Django's own translated message
            errors += [RowError(index, "external_id", m) for m in error.messages]
    if data["count"] > MAX_COUNT:
        errors.append(RowError(index, "count", _("A whole number of at least 1.")))
    # Incident.derive() and Incident.clean() without building an instance per row
    # (model __init__ was half the check's time); tests/lagesbild/test_imports.py
    # checks both paths give the same rows.
    if data["occurred_at"] is not None:
        local = data["occurred_at"].astimezone(zone)
        data["occurred_on"], data["time_band"] = local.date(), time_band_of(local.time())
    data["iso_year"], data["iso_week"], _weekday = data["occurred_on"].isocalendar()
    place = data["place"]
    if place is not None and data["latitude"] is None:
        data["latitude"], data["longitude"] = place.latitude, place.longitude
    try:
        validate_point(data["latitude"], data["longitude"])
    except ValidationError as error:
        by_column = error.message_dict if hasattr(error, "error_dict") else {}
        for column, messages in (by_column or {"latitude": error.messages}).items():
            errors += [RowError(index, column, m) for m in messages]
    if data["occurred_on"] > today:
        errors.append(RowError(index, "date", _("The date is in the future.")))
    return errors


def _values(data: dict) -> dict:
    """A checked row as column values (attnames), without building a model instance."""
    values = {name: data[name] for name in COMPARED if name in data}
    for name in ("category", "area", "place"):
        values[f"{name}_id"] = data[name].pk if data[name] is not None else None
    values.update(
        external_id=data["external_id"], iso_year=data["iso_year"], iso_week=data["iso_week"]
    )
    return values


# Rows written per statement (COPY or INSERT) and looked up per query.
WRITE_BATCH = 5000


def write_rows(*, rows: list[tuple[int, dict]], organisation, user, progress=None) -> ImportResult:
    """Create or update per (organisation, external_id); unchanged rows are left alone.

    All or nothing (one transaction). New rows go in with COPY, changed rows with one
    UPDATE per batch plus one bulk insert of their history records. Bulk writes send no
    per-row signals: the import's audit record is its ImportJob (who, when, file,
    created/updated/unchanged counts) and the history rows of the changed incidents;
    created rows get no history row, as before.
    """
    result = ImportResult()
    ids = [d["external_id"] for _, d in rows]
    # The stored values as tuples, not model instances: most rows of a re-import are
    # unchanged, and only the changed ones are loaded as instances further down.
    # exclude(""): lets PostgreSQL use the partial unique index, not a scan of every
    # incident of the organisation (EXPLAIN: 148 ms → 11 ms per 5 000 ids at 1 M rows).
    stored = Incident.objects.filter(organisation=organisation).exclude(external_id="").order_by()
    # One array parameter instead of an IN list of 100 000 (binding those cost more
    # than the query).
    wanted = stored.alias(
        wanted=RawSQL('"lagesbild_incident"."external_id" = ANY(%s)', (ids,), BooleanField())
    ).filter(wanted=True)
    existing = {row[1]: row for row in wanted.values_list("pk", "external_id", *COMPARED)}
    new, changed = [], []
    now = timezone.now()
    common = {
        "organisation_id": organisation.pk,
        "reporter_id": getattr(user, "pk", None),
        "source": Source.IMPORT,
        "report_id": None,
        "created_at": now,
        "updated_at": now,
    }
    with transaction.atomic():
        for n, (_line, data) in enumerate(rows, start=1):
            values = _values(data)
            stored = existing.get(data["external_id"])
            if stored is None:
                new.append(values | common)
                result.created += 1
            elif any(values[f] != old for f, old in zip(COMPARED, stored[2:], strict=True)):
                changed.append((stored[0], values))
                result.updated += 1
            else:
                result.unchanged += 1
            if progress and n % WRITE_BATCH == 0:
                progress(n)
        # One statement: the weekly-count trigger then counts the whole file once.
        _insert(new)
        if changed:
            changed_values = dict(changed)
            changed = list(Incident.objects.filter(pk__in=changed_values).order_by())
            for incident in changed:
                for name, value in changed_values[incident.pk].items():
                    setattr(incident, name, value)
                incident.updated_at = now
            Incident.objects.bulk_update(
                changed, [*COMPARED, "iso_year", "iso_week", "updated_at"], batch_size=1000
            )
            Incident.history.bulk_history_create(
                changed,
                batch_size=WRITE_BATCH,
                update=True,
                default_user=user,
                default_change_reason="import",
                default_date=now,
            )
    return result


def _insert(rows: list[dict]) -> None:
    """Insert new incidents with COPY (an order of magnitude faster than INSERT)."""
    fields = [f for f in Incident._meta.concrete_fields if not f.primary_key]
    table = connection.ops.quote_name(Incident._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    # Every concrete column must be given: a new model field fails here loudly.
    names = [f.attname for f in fields]
    with connection.cursor() as cursor, cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row([row[name] for name in names])


def check_job(*, job: ImportJob) -> CheckResult:
    """Dry run of an uploaded file; stores the errors on the job."""
    job.file.open("rb")
    try:
        raw = read_rows(job.original_name, job.file.read())
        result = check_rows(raw)
    except ValidationError as error:
        result = CheckResult(file_error=" ".join(error.messages))
    except csv.Error as error:
        result = CheckResult(file_error=_("The CSV file could not be read: %(e)s") % {"e": error})
    finally:
        job.file.close()
    job.total_rows = len(result.rows) + len({e.line for e in result.errors})
    job.errors = [e.__dict__ for e in result.errors] or (
        [{"line": 0, "column": "", "message": result.file_error}] if result.file_error else []
    )
    job.save(update_fields=["total_rows", "errors"])
    return result


def start_import(*, job_id: int) -> None:
    """Small files now, large ones in a Celery task (the page shows progress)."""
    job = ImportJob.objects.get(pk=job_id)
    if job.total_rows > TASK_THRESHOLD_ROWS:
        from .tasks import run_import

        run_import.delay(job_id)
    else:
        run_job(job_id=job_id)


def run_job(*, job_id: int) -> ImportJob:
    """Import a checked file: all rows or none (a failing file imports nothing)."""
    job = ImportJob.objects.select_related("organisation", "user").get(pk=job_id)
    if job.status == ImportJob.Status.DONE:
        return job
    job.status = ImportJob.Status.RUNNING
    job.save(update_fields=["status"])
    with job.file.open("rb") as handle:
        content = handle.read()
    try:
        check = check_rows(read_rows(job.original_name, content))
    except ValidationError as error:
        check = CheckResult(file_error=" ".join(error.messages))
    if not check.ok:
        job.status = ImportJob.Status.FAILED
        job.errors = [e.__dict__ for e in check.errors] or [
            {"line": 0, "column": "", "message": check.file_error}
        ]
        job.finished_at = timezone.now()
        job.save()
        return job

    def progress(n):
        ImportJob.objects.filter(pk=job.pk).update(processed_rows=min(n, job.total_rows))

    result = write_rows(
        rows=check.rows, organisation=job.organisation, user=job.user, progress=progress
    )
    job.status = ImportJob.Status.DONE
    job.processed_rows = job.total_rows
    job.created_count, job.updated_count = result.created, result.updated
    job.unchanged_count = result.unchanged
    job.finished_at = timezone.now()
    job.save()
    return job


def import_file(*, path: Path, user, dry_run: bool = False):
    """Check and (unless dry_run) import a file from disk; for scripts and benchmarks."""
    path = Path(path)
    if path.stat().st_size > settings.MAX_UPLOAD_SIZE:
        raise ValidationError(_("The file is larger than the upload limit."))
    check = check_rows(read_rows(path.name, path.read_bytes()))
    if dry_run or not check.ok:
        return check
    return write_rows(rows=check.rows, organisation=user.organisation, user=user)


def _sample_rows(rows: int):
    areas = list(Area.objects.order_by("pk").values_list("name", flat=True)) or ["Centrum"]
    events = list(
        Category.objects.filter(parent__isnull=False).order_by("pk").values_list("name", flat=True)
    ) or ["Klotter"]
    start = timezone.localdate() - dt.timedelta(days=365)
    for i in range(rows):
        yield [
            f"EX-{i + 1:07d}",
            (start + dt.timedelta(days=i % 365)).isoformat(),
            f"{(i * 7) % 24:02d}:{(i * 13) % 60:02d}" if i % 3 else "",
            "" if i % 3 else "kväll",
            events[i % len(events)],
            areas[i % len(areas)],
            "",
            "",
            "",
            1 + i % 3,
            "",
        ]


def write_sample_csv(path: Path, *, rows: int) -> None:
    """A valid CSV of `rows` synthetic rows (benchmarks, tests)."""
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow([HEADINGS.heading(c) for c in COLUMNS])
        writer.writerows(_sample_rows(rows))


def template_file(fmt: str) -> tuple[str, str, bytes]:
    """The downloadable template: the header and two example rows."""
    examples = [
        [
            "MIN-0001",
            "2023-02-14",
            "21:30",
            "",
            "Klotter",
            "Bäckby",
            "Bäckby centrum",
            "",
            "",
            1,
            "",
        ],
        [
            "MIN-0002",
            "2023-02-15",
            "",
            "kväll",
            "Utomhus",
            "Centrum",
            "Vasaparken",
            "59.6133",
            "16.5395",
            2,
            "Grupp samlas vid scenen",
        ],
    ]
    if fmt == "xlsx":
        import openpyxl

        book = openpyxl.Workbook()
        sheet = book.active
        sheet.title = "händelser"
        sheet.append([HEADINGS.heading(c) for c in COLUMNS])
        for row in examples:
            sheet.append(row)
        out = io.BytesIO()
        book.save(out)
        return (
            "handelser-mall.xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            out.getvalue(),
        )
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([HEADINGS.heading(c) for c in COLUMNS])
    writer.writerows(examples)
    return "handelser-mall.csv", "text/csv; charset=utf-8", ("\ufeff" + out.getvalue()).encode()


__all__ = ["TimeBand", "check_rows", "import_file", "read_rows", "template_file"]
