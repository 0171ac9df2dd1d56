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
import hashlib
import io
import logging
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.db.models import BooleanField, F
from django.db.models.expressions import RawSQL
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from core.personal_data import find_personal_data
from core.personal_data import message as personal_data_message
from core.tabular import (
    FORMULA_WITHOUT_VALUE,
    CheckResult,
    Columns,
    RowError,
    Table,
    TooManyRows,
    numbered,
    read_rows,
    read_table,
)

from .models import (
    Area,
    Category,
    ImportJob,
    Incident,
    Place,
    Source,
    TimeBand,
    incident_oldest_date,
    local_instant,
    time_band_of,
    too_old_message,
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
# The header a file uses: Swedish (the template's), with the English names as aliases.
SWEDISH = {
    "external_id": "externt_id",
    "date": "datum",
    "time": "tid",
    "time_of_day": "tid_på_dygnet",
    "category": "kategori",
    "area": "område",
    "place": "plats",
    "latitude": "latitud",
    "longitude": "longitud",
    "count": "antal",
    "assessment": "bedömning",
}
HEADER_NAMES = {**{c: c for c in COLUMNS}, **{sv: c for c, sv in SWEDISH.items()}}
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
logger = logging.getLogger(__name__)
ASSESSMENT_LENGTH = Incident._meta.get_field("assessment").max_length
# "Main › Event" as the template writes it; "Main – Event" as the pages show it.
CATEGORY_SEPARATORS = (" › ", " – ", " - ", " > ")


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


class _Lookups:
    def __init__(self):
        self.areas = {a.name.lower(): a for a in Area.objects.all()}
        self.places = {(p.area_id, p.name.lower()): p for p in Place.objects.all()}
        # Every category a name may mean: an event name can exist under two mains.
        self.categories: dict[str, list[Category]] = {}
        for c in Category.objects.select_related("parent"):
            self.categories.setdefault(c.name.lower(), []).append(c)
            if c.parent_id:
                for separator in CATEGORY_SEPARATORS:
                    self.categories[f"{c.parent.name}{separator}{c.name}".lower()] = [c]


def category_label(category: Category) -> str:
    """How a file names a category without doubt: "Skadegörelse › Klotter"."""
    return f"{category.parent.name} › {category.name}" if category.parent_id else category.name


def _column_of(name: str) -> str | None:
    """The column a file's header names: a code key, the Swedish code ("externt_id") or
    a heading of the export in Swedish or English ("Externt id", "External id")."""
    key = " ".join(str(name).split()).lower()
    return HEADER_NAMES.get(key.replace(" ", "_").replace("-", "_")) or HEADINGS.column(key)


def _header_keys(header: list[str]) -> tuple[dict[str, str], str]:
    """{column: the file's own header}, and a file error ('' when fine)."""
    used: dict[str, str] = {}
    for name in header:
        column = _column_of(name)
        if column is None:
            continue
        if column in used:
            return used, _("The column %(a)s is given twice (also as %(b)s).") % {
                "a": name,
                "b": used[column],
            }
        used[column] = name
    missing = REQUIRED - set(used)
    if missing:
        return used, _("Columns missing: %(cols)s.") % {
            "cols": ", ".join(SWEDISH[c] for c in COLUMNS if c in missing)
        }
    return used, ""


def _typed_errors(index: int, row: dict, used: dict[str, str]) -> tuple[dict, list[RowError]]:
    """The row keyed by column, with cells no column may hold turned into row errors.

    A spreadsheet's TRUE/FALSE would become 1/0 or "True", and a formula saved without
    its result would be an empty cell: both are refused rather than guessed at.
    """
    values, errors = {}, []
    for column, name in used.items():
        value = row.get(name, "")
        if value is FORMULA_WITHOUT_VALUE:
            errors.append(
                RowError(
                    index,
                    column,
                    _(
                        "A formula without a saved result. Open the file in your spreadsheet "
                        "program and save it again, or paste the values."
                    ),
                )
            )
            value = ""
        elif isinstance(value, bool):
            errors.append(RowError(index, column, _("TRUE or FALSE is not a valid value here.")))
            value = ""
        values[column] = value.strip() if isinstance(value, str) else value
    return values, errors


def _count(value) -> int:
    """A whole number of at least 1 (1 when empty); ValueError for 2.7, TRUE or "2,0"."""
    if value in ("", None):
        return 1
    if isinstance(value, float):
        if not value.is_integer():
            raise ValueError(value)
        value = int(value)
    elif not isinstance(value, int):
        text = str(value)
        if not text.lstrip("+").isdigit():
            raise ValueError(value)
        value = int(text)
    if value < 1:
        raise ValueError(value)
    return value


def check_file(name: str, content: bytes) -> CheckResult:
    """Read and check a file (dry run); a file that cannot be read is one file error."""
    try:
        table = read_table(name, content, max_rows=settings.IMPORT_MAX_ROWS)
        del content  # the table holds what it still needs
        return check_rows(table)
    except ValidationError as error:
        return CheckResult(file_error=" ".join(error.messages))
    except csv.Error as error:
        # The csv module's own messages are English ("Could not determine delimiter").
        reason = (
            _("the separator between the columns could not be told; use comma or semicolon")
            if "delimiter" in str(error)
            else _("it is not valid CSV (a quote or a field out of place)")
        )
        return CheckResult(file_error=_("The CSV file could not be read: %(e)s") % {"e": reason})


def check_rows(raw: Table | list[dict]) -> CheckResult:
    """Validate every row; nothing is written.

    `raw` is a Table read as it goes (a file), or a list of dicts (line 2 onwards).
    A file over the row limit is refused as a whole, with what was found so far dropped.
    """
    result = CheckResult()
    header, rows = numbered(raw)
    used, result.file_error = _header_keys(header)
    if result.file_error:
        return result
    lookups = _Lookups()
    today = timezone.localdate()
    oldest = incident_oldest_date(today)
    # Looked up once: Django's per-call lookup of the current zone cost ~15 % of a check.
    zone = timezone.get_current_timezone()
    seen: dict[str, int] = {}
    try:
        for index, row in rows:
            values, errors = _typed_errors(index, row, used)
            data = _check_row(index, values, errors, lookups, seen, zone)
            bad = {e.column for e in errors}
            if not bad:
                errors += _row_errors(index, data, today, zone, oldest)
            if errors:
                result.add_errors(errors)
            else:
                result.rows.append((index, data))
    except TooManyRows as error:
        result = CheckResult(file_error=" ".join(error.messages))
        return result
    if not result.rows and not result.error_count:
        result.file_error = _("The file has no rows below the header.")
    for error in result.errors:
        error.column = used.get(error.column, error.column)
    return result


def _check_row(index, values, errors, lookups, seen, zone) -> dict:
    """Parse one row's cells into incident values; errors are appended to `errors`."""
    flagged = {e.column for e in errors}

    def cell(name):
        return values.get(name, "")

    def error(column, message):
        if column not in flagged:
            errors.append(RowError(index, column, message))

    data = {}
    ext = str(cell("external_id") or "")
    if not ext:
        error("external_id", _("Required."))
    elif ext in seen:
        error("external_id", _("Same id as line %(l)s.") % {"l": seen[ext]})
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
            error("date", _("Not a date (YYYY-MM-DD): %(v)s") % {"v": day})
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
                error("time", _("Not a time (HH:MM): %(v)s") % {"v": time})
        if parsed and "occurred_on" in data:
            # In UTC: a local time in the spring DST gap compares unequal to every
            # other datetime (PEP 495), so a re-import would see a change each time.
            try:
                data["occurred_at"] = local_instant(data["occurred_on"], parsed, zone)
            except ValidationError as gap:
                error("time", gap.messages[0])
    band = str(cell("time_of_day") or "").lower()
    if band and band not in BANDS:
        error("time_of_day", _("Use natt, morgon, dag or kväll."))
    data["time_band"] = BANDS.get(band, "")
    name = str(cell("category") or "")
    candidates = lookups.categories.get(name.lower(), [])
    data["category"] = candidates[0] if len(candidates) == 1 else None
    if not candidates:
        error("category", _("Unknown category: %(v)s") % {"v": name})
    elif len(candidates) > 1:
        error(
            "category",
            _("%(v)s exists under several main categories: write %(options)s.")
            % {
                "v": name,
                "options": " / ".join(f"“{category_label(c)}”" for c in candidates),
            },
        )
    area = lookups.areas.get(str(cell("area") or "").lower())
    if area is None:
        error("area", _("Unknown area: %(v)s") % {"v": cell("area")})
    data["area"] = area
    place_name = str(cell("place") or "").lower()
    data["place"] = None
    if place_name and area:
        data["place"] = lookups.places.get((area.pk, place_name))
        if data["place"] is None:
            error("place", _("Unknown place in %(a)s: %(v)s") % {"a": area, "v": cell("place")})
    for name in ("latitude", "longitude"):
        value = cell(name)
        try:
            data[name] = float(str(value).replace(",", ".")) if value not in ("", None) else None
        except ValueError:
            error(name, _("Not a number: %(v)s") % {"v": value})
            data[name] = None
    try:
        data["count"] = _count(cell("count"))
    except ValueError:
        error("count", _("A whole number of at least 1: %(v)s") % {"v": cell("count")})
    text = cell("assessment")
    data["assessment"] = "" if text in ("", None) else str(text)
    if len(data["assessment"]) > ASSESSMENT_LENGTH:
        error(
            "assessment",
            _("The assessment is %(n)s characters long; at most %(max)s are allowed.")
            % {"n": len(data["assessment"]), "max": ASSESSMENT_LENGTH},
        )
    if findings := find_personal_data(data["assessment"]):
        error("assessment", personal_data_message(findings))
    return data


# The incident's database constraints, checked here in Python so that a row breaking
# one is reported with its line instead of failing the whole file at the write.
MAX_COUNT = 2**31 - 1
EXTERNAL_ID_LENGTH = Incident._meta.get_field("external_id").max_length


def _row_errors(index: int, data: dict, today: dt.date, zone, oldest: dt.date) -> list[RowError]:
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
    # The place's point only for a row that gives no point at all: half a point given
    # beside a place is reported below, not silently replaced by the place's.
    if place is not None and data["latitude"] is None and data["longitude"] is None:
        data["latitude"], data["longitude"] = place.latitude, place.longitude
    try:
        validate_point(data["latitude"], data["longitude"])
    except ValidationError as error:
        by_column = error.message_dict if hasattr(error, "error_dict") else {}
        for column, messages in (by_column or {"latitude": error.messages}).items():
            errors += [RowError(index, column, m) for m in messages]
    if data["occurred_on"] > today:
        errors.append(RowError(index, "date", _("The date is in the future.")))
    elif data["occurred_on"] < oldest:
        errors.append(RowError(index, "date", too_old_message(oldest)))
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


# The advisory lock class of imports (the second key is the organisation).
IMPORT_LOCK = 7301
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
    new, changed = [], []
    now = timezone.now()
    common = {
        "organisation_id": organisation.pk,
        "reporter_id": getattr(user, "pk", None),
        "source": Source.IMPORT,
        "report_id": None,
        "client_key": None,  # the entry form's and API's idempotency key; imports have ids
        "created_at": now,
        "updated_at": now,
        "version": 1,
    }
    with transaction.atomic():
        # One import per organisation at a time: a second waits, then sees the first's
        # rows (as updates or unchanged) instead of inserting the same ids again.
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [IMPORT_LOCK, organisation.pk])
        existing = {row[1]: row for row in wanted.values_list("pk", "external_id", *COMPARED)}
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
                # An edit form open on this incident must not save over the import.
                incident.version = F("version") + 1
            Incident.objects.bulk_update(
                changed,
                [*COMPARED, "iso_year", "iso_week", "updated_at", "version"],
                batch_size=1000,
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
    """Dry run of an uploaded file; stores the errors (the first ones) and the checksum."""
    # No local name for the content: check_file lets go of it once it is being read.
    result = check_file(job.original_name, _job_content(job))
    _keep_errors(job, result)
    job.total_rows = len(result.rows) + result.rejected_rows
    job.save(update_fields=["total_rows", "errors", "error_count", "checksum"])
    return result


def _job_content(job: ImportJob) -> bytes:
    with job.file.open("rb") as handle:
        content = handle.read()
    job.checksum = hashlib.sha256(content).hexdigest()
    return content


def _keep_errors(job: ImportJob, result: CheckResult) -> None:
    job.errors = [e.__dict__ for e in result.errors] or (
        [{"line": 0, "column": "", "message": result.file_error}] if result.file_error else []
    )
    job.error_count = result.error_count or len(job.errors)


def start_import(*, job_id: int) -> None:
    """Small files now, large ones in a Celery task (the page shows progress)."""
    job = ImportJob.objects.get(pk=job_id)
    if job.total_rows > TASK_THRESHOLD_ROWS:
        from .tasks import run_import

        run_import.delay(job_id)
    else:
        run_job(job_id=job_id)


def _fail(job: ImportJob, message: str) -> ImportJob:
    job.status = ImportJob.Status.FAILED
    job.errors = [{"line": 0, "column": "", "message": message}]
    job.error_count = 1
    job.finished_at = timezone.now()
    job.save(update_fields=["status", "errors", "error_count", "finished_at"])
    return job


def _claim(job: ImportJob) -> bool:
    """Mark the job running; False when the same file of the organisation already runs."""
    try:
        with transaction.atomic():
            ImportJob.objects.filter(pk=job.pk).update(
                status=ImportJob.Status.RUNNING, heartbeat_at=timezone.now()
            )
    except IntegrityError:
        return False
    job.status = ImportJob.Status.RUNNING
    return True


def run_job(*, job_id: int) -> ImportJob:
    """Import a checked file: all rows or none (a failing file imports nothing).

    Ends in DONE or FAILED with a message, never left RUNNING: the same file already
    being imported, or a clash with rows saved meanwhile, fail the job with a message.
    """
    job = ImportJob.objects.select_related("organisation", "user").get(pk=job_id)
    if job.status not in (ImportJob.Status.PENDING, ImportJob.Status.RUNNING):
        return job  # done, or failed (a redelivered task of a job given up on)
    if not _claim(job):
        return _fail(
            job,
            _(
                "The same file is being imported right now. Nothing was saved by this "
                "import; when the other one is done, importing the file again changes nothing."
            ),
        )
    try:
        return _run_claimed(job)
    except DatabaseError:
        logger.exception("import job %s failed", job.pk)
        return _fail(
            job,
            _(
                "Some of the file's incidents were saved by someone else at the same time. "
                "Nothing was saved by this import; import the file again."
            ),
        )
    except Exception:
        _fail(job, _("The import failed; nothing was saved."))
        raise


def _run_claimed(job: ImportJob) -> ImportJob:
    check = check_file(job.original_name, _job_content(job))
    if not check.ok:
        job.status = ImportJob.Status.FAILED
        _keep_errors(job, check)
        job.finished_at = timezone.now()
        job.save()
        return job

    def progress(n):
        ImportJob.objects.filter(pk=job.pk).update(
            processed_rows=min(n, job.total_rows), heartbeat_at=timezone.now()
        )

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


def import_jobs_recover_stale(*, now=None, job_id: int | None = None) -> int:
    """Fail the jobs left running by a worker that died (no sign of life for
    IMPORT_STALE_AFTER_SECONDS). Their write was one transaction: nothing was saved."""
    now = now or timezone.now()
    stale = ImportJob.objects.filter(
        status=ImportJob.Status.RUNNING,
        heartbeat_at__lt=now - dt.timedelta(seconds=settings.IMPORT_STALE_AFTER_SECONDS),
    )
    if job_id is not None:
        stale = stale.filter(pk=job_id)
    message = _(
        "The import stopped before it was finished (the server doing it ended). Nothing "
        "was saved; import the file again."
    )
    return stale.update(
        status=ImportJob.Status.FAILED,
        errors=[{"line": 0, "column": "", "message": str(message)}],
        error_count=1,
        finished_at=now,
    )


def import_file(*, path: Path, user, dry_run: bool = False):
    """Check and (unless dry_run) import a file from disk; for scripts and benchmarks."""
    path = Path(path)
    if path.stat().st_size > settings.MAX_UPLOAD_SIZE:
        raise ValidationError(_("The file is larger than the upload limit."))
    check = check_file(path.name, path.read_bytes())
    if dry_run or not check.ok:
        return check
    return write_rows(rows=check.rows, organisation=user.organisation, user=user)


def _sample_rows(rows: int):
    areas = list(Area.objects.order_by("pk").values_list("name", flat=True)) or ["Centrum"]
    events = Category.objects.filter(parent__isnull=False).select_related("parent")
    events = [category_label(c) for c in events.order_by("pk")] or ["Skadegörelse › Klotter"]
    start = timezone.localdate() - dt.timedelta(days=365)
    for i in range(rows):
        day = start + dt.timedelta(days=i % 365)
        clock = dt.time((i * 7) % 24, (i * 13) % 60)
        try:
            local_instant(day, clock)
        except ValidationError:  # the spring gap: that time never happened that day
            clock = clock.replace(hour=3)
        yield [
            f"EX-{i + 1:07d}",
            day.isoformat(),
            clock.strftime("%H:%M") if i % 3 else "",
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
    """The downloadable template: the Swedish header and two example rows."""
    header = [SWEDISH[c] for c in COLUMNS]
    examples = [
        [
            "MIN-0001",
            "2023-02-14",
            "21:30",
            "",
            "Skadegörelse › Klotter",
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
        sheet.append(header)
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
    writer.writerow(header)
    writer.writerows(examples)
    return "handelser-mall.csv", "text/csv; charset=utf-8", ("\ufeff" + out.getvalue()).encode()


__all__ = ["TimeBand", "check_file", "check_rows", "import_file", "read_rows", "template_file"]
