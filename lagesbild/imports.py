"""Import of incidents from CSV and XLSX: check every row, then write all or nothing.

Columns (header row, names as below, order free):

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
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Area, Category, ImportJob, Incident, Place, Source, TimeBand

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
class RowError:
    line: int
    column: str
    message: str


@dataclass
class CheckResult:
    rows: list[tuple[int, dict]] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    file_error: str = ""

    @property
    def ok(self) -> bool:
        return not self.file_error and not self.errors and bool(self.rows)


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


def read_rows(name: str, content: bytes) -> list[dict]:
    """Rows as dicts keyed by lower-case header; raises ValidationError for a bad file."""
    if name.lower().endswith(".xlsx"):
        import openpyxl

        try:
            book = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        except Exception as error:
            raise ValidationError(_("The file is not a readable XLSX workbook.")) from error
        sheet = book.worksheets[0]
        values = list(sheet.iter_rows(values_only=True))
        if not values:
            raise ValidationError(_("The file is empty."))
        header = [str(v or "").strip().lower() for v in values[0]]
        return [
            {h: ("" if v is None else v) for h, v in zip(header, row, strict=False) if h}
            for row in values[1:]
        ]
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = content.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - cp1252 decodes almost anything; kept for clarity
        raise ValidationError(_("The file's encoding is unknown; save it as UTF-8."))
    if "\ufffd" in text or (encoding == "cp1252" and not _looks_like_text(text)):
        raise ValidationError(
            _("The file's characters could not be read (encoding). Save it as CSV UTF-8.")
        )
    if not text.strip():
        raise ValidationError(_("The file is empty."))
    dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t") if text.strip() else csv.excel
    reader = csv.DictReader(io.StringIO(text), dialect=dialect)
    reader.fieldnames = [f.strip().lower() for f in reader.fieldnames or []]
    return list(reader)


def _looks_like_text(text: str) -> bool:
    # cp1252 maps nearly every byte; control characters betray a binary or UTF-16 file.
    return not any(ord(c) < 9 or 13 < ord(c) < 32 for c in text[:4096])


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
    missing = REQUIRED - set(raw[0].keys())
    if missing:
        result.file_error = _("Columns missing: %(cols)s.") % {"cols": ", ".join(sorted(missing))}
        return result
    lookups = _Lookups()
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
                data["occurred_at"] = timezone.make_aware(
                    dt.datetime.combine(data["occurred_on"], parsed)
                )
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
            incident = Incident(**data, organisation_id=None)
            try:
                incident.full_clean(exclude=["organisation"], validate_unique=False)
            except ValidationError as error:
                for column, messages in error.message_dict.items():
                    errors += [RowError(index, column, m) for m in messages]
        if errors:
            result.errors += errors
        else:
            result.rows.append((index, data))
    return result


def write_rows(*, rows: list[tuple[int, dict]], organisation, user, progress=None) -> ImportResult:
    """Create or update per (organisation, external_id); unchanged rows are left alone."""
    result = ImportResult()
    existing = {
        i.external_id: i
        for i in Incident.objects.filter(
            organisation=organisation, external_id__in=[d["external_id"] for _, d in rows]
        )
    }
    new = []
    with transaction.atomic():
        for n, (_line, data) in enumerate(rows, start=1):
            incident = existing.get(data["external_id"])
            if incident is None:
                incident = Incident(
                    **data, organisation=organisation, reporter=user, source=Source.IMPORT
                )
                incident.derive()
                new.append(incident)
                result.created += 1
            else:
                candidate = Incident(**data, organisation=organisation)
                candidate.derive()
                changed = [f for f in COMPARED if getattr(candidate, f) != getattr(incident, f)]
                if changed:
                    for f in COMPARED:
                        setattr(incident, f, getattr(candidate, f))
                    incident.save()
                    result.updated += 1
                else:
                    result.unchanged += 1
            if progress and n % 1000 == 0:
                progress(n)
        Incident.objects.bulk_create(new, batch_size=2000)
    return result


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
        writer.writerow(COLUMNS)
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
        sheet.append(COLUMNS)
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
    writer.writerow(COLUMNS)
    writer.writerows(examples)
    return "handelser-mall.csv", "text/csv; charset=utf-8", ("\ufeff" + out.getvalue()).encode()


__all__ = ["TimeBand", "check_rows", "import_file", "read_rows", "template_file"]
