"""What happened: areas, places, categories and incidents (händelser).

Incidents are kept for the weekly and period analysis: `occurred_on` is the local
date, `iso_year`/`iso_week` are derived from it, and the indexes serve the week and
period questions per area and category.
"""

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.constraints import CheckConstraint, UniqueConstraint
from core.history import History
from core.isoweek import Week
from core.personal_data import validate_no_personal_data
from councils.permissions import can

# Västerås municipality, roughly (WGS84): a point outside is a typing mistake.
MUNICIPALITY_BOUNDS = {"lat": (59.45, 59.85), "lon": (16.10, 16.95)}


def _in_bounds_q(lat: str, lon: str) -> Q:
    (lat_min, lat_max), (lon_min, lon_max) = MUNICIPALITY_BOUNDS["lat"], MUNICIPALITY_BOUNDS["lon"]
    return Q(**{f"{lat}__isnull": True, f"{lon}__isnull": True}) | Q(
        **{
            f"{lat}__gte": lat_min,
            f"{lat}__lte": lat_max,
            f"{lon}__gte": lon_min,
            f"{lon}__lte": lon_max,
        }
    )


def validate_point(latitude, longitude) -> None:
    """Both or neither coordinate, and inside the municipality."""
    if (latitude is None) != (longitude is None):
        raise ValidationError(_("Give both latitude and longitude, or neither."))
    if latitude is None:
        return
    (lat_min, lat_max), (lon_min, lon_max) = MUNICIPALITY_BOUNDS["lat"], MUNICIPALITY_BOUNDS["lon"]
    if not (lat_min <= latitude <= lat_max and lon_min <= longitude <= lon_max):
        raise ValidationError(
            {"latitude": _("The point lies outside Västerås municipality.")}, code="bounds"
        )


def incident_oldest_date(today: dt.date | None = None) -> dt.date:
    """The oldest date an incident may have: INCIDENT_HORIZON_YEARS back from today."""
    today = today or timezone.localdate()
    try:
        return today.replace(year=today.year - settings.INCIDENT_HORIZON_YEARS)
    except ValueError:  # 29 February
        return today.replace(year=today.year - settings.INCIDENT_HORIZON_YEARS, day=28)


def too_old_message(oldest: dt.date) -> str:
    return _("The date is before %(date)s; older incidents are not registered.") % {
        "date": oldest.isoformat()
    }


POINT_OUTSIDE = _(
    "The point must lie in Västerås municipality (latitude 59.45–59.85, longitude 16.10–16.95)."
)


class Area(models.Model):
    """A stadsdel or locality of Västerås, in a group (västra stadsdelarna, centrum, …)."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    group = models.CharField(
        _("group"), max_length=100, help_text=_("E.g. västra stadsdelarna, centrum, Skultuna.")
    )
    latitude = models.FloatField(_("latitude"), help_text=_("Centre point, WGS84."))
    longitude = models.FloatField(_("longitude"), help_text=_("Centre point, WGS84."))
    boundary = models.JSONField(
        _("boundary"), null=True, blank=True, help_text=_("Optional GeoJSON geometry.")
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("area")
        verbose_name_plural = _("areas")
        constraints = [
            CheckConstraint(
                condition=_in_bounds_q("latitude", "longitude"),
                name="area_point_in_municipality",
                field="latitude",
                violation_error_message=POINT_OUTSIDE,
            )
        ]

    def __str__(self):
        return self.name

    def clean(self):
        validate_point(self.latitude, self.longitude)


class Place(models.Model):
    """A named place (Vasaparken, Stora torget, …) with a point, inside an area."""

    name = models.CharField(_("name"), max_length=100)
    area = models.ForeignKey(
        Area, on_delete=models.PROTECT, related_name="places", verbose_name=_("area")
    )
    latitude = models.FloatField(_("latitude"))
    longitude = models.FloatField(_("longitude"))
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("place")
        verbose_name_plural = _("places")
        constraints = [
            UniqueConstraint(
                fields=["area", "name"],
                name="place_unique_name_per_area",
                field="name",
                violation_error_message=_("The area already has a place with this name."),
            ),
            CheckConstraint(
                condition=_in_bounds_q("latitude", "longitude"),
                name="place_point_in_municipality",
                field="latitude",
                violation_error_message=POINT_OUTSIDE,
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        validate_point(self.latitude, self.longitude)


class Category(models.Model):
    """An EST category in two levels: a main category and its events (klotter, brand, …)."""

    name = models.CharField(_("name"), max_length=100)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("main category"),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        constraints = [
            UniqueConstraint(
                fields=["parent", "name"],
                name="category_unique_name_per_parent",
                field="name",
                violation_error_message=_("The main category already has an event with this name."),
            ),
            UniqueConstraint(
                fields=["name"],
                condition=Q(parent=None),
                name="category_unique_main_name",
                field="name",
                violation_error_message=_("There is already a main category with this name."),
            ),
        ]

    def __str__(self):
        return f"{self.parent.name} – {self.name}" if self.parent_id else self.name

    def clean(self):
        if self.parent_id and self.parent.parent_id:
            raise ValidationError({"parent": _("Categories have two levels only.")})

    @property
    def main(self) -> "Category":
        return self.parent if self.parent_id else self


class TimeBand(models.TextChoices):
    NIGHT = "natt", _("Night (00–06)")
    MORNING = "morgon", _("Morning (06–10)")
    DAY = "dag", _("Day (10–18)")
    EVENING = "kvall", _("Evening (18–24)")


def time_band_of(local_time: dt.time) -> str:
    """The band an hour of local time falls in."""
    hour = local_time.hour
    if hour < 6:
        return TimeBand.NIGHT
    if hour < 10:
        return TimeBand.MORNING
    if hour < 18:
        return TimeBand.DAY
    return TimeBand.EVENING


def local_instant(day: dt.date, time: dt.time, zone: dt.tzinfo | None = None) -> dt.datetime:
    """The instant (UTC) of a wall-clock time on `day` in Europe/Stockholm.

    A time in the spring gap (02:00–03:00 on the last Sunday of March) never happened:
    ValidationError, as the form, the API and the import all answer. In the autumn fold
    (02:00–03:00 on the last Sunday of October, twice) the first, summer-time one counts.
    """
    zone = zone or timezone.get_current_timezone()
    local = dt.datetime.combine(day, time)
    instant = local.replace(tzinfo=zone).astimezone(dt.UTC)
    if instant.astimezone(zone).replace(tzinfo=None) != local:
        raise ValidationError(dst_gap_message(local))
    return instant


def dst_gap_message(local: dt.datetime) -> str:
    """The message for a local time that never happened (the spring change to summer time)."""
    return _(
        "%(time)s does not exist on %(date)s: the clocks were put forward from 02:00 to 03:00. "
        "Give the time as the clock showed it."
    ) % {"time": local.strftime("%H:%M"), "date": local.date().isoformat()}


class Source(models.TextChoices):
    WEB = "web", _("Web form")
    API = "api", _("API")
    IMPORT = "import", _("Import")
    DEMO = "demo", _("Synthetic (demo)")


class IncidentReport(models.Model):
    """One submission of the fast entry form, holding one or more incidents."""

    organisation = models.ForeignKey(
        "councils.Organisation",
        on_delete=models.PROTECT,
        related_name="incident_reports",
        verbose_name=_("organisation"),
    )
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="incident_reports",
        verbose_name=_("reported by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("incident report")
        verbose_name_plural = _("incident reports")

    def __str__(self):
        return f"{self.organisation} {timezone.localtime(self.created_at):%Y-%m-%d %H:%M}"


class IncidentQuerySet(models.QuerySet):
    def in_week(self, iso_year: int, iso_week: int):
        """Incidents of one ISO week (served by the occurred_on indexes)."""
        week = Week(iso_year, iso_week)
        return self.in_period(week.monday, week.sunday)

    def in_period(self, start: dt.date | None, end: dt.date | None):
        """Incidents from `start` to `end`, both inclusive; None leaves a side open."""
        qs = self
        if start:
            qs = qs.filter(occurred_on__gte=start)
        if end:
            qs = qs.filter(occurred_on__lte=end)
        return qs

    def in_area(self, area):
        return self.filter(area=area)

    def in_category(self, category):
        """A main category includes its events."""
        return self.filter(Q(category=category) | Q(category__parent=category))

    def visible_to(self, user):
        """What a user may see: coordinators and police all, reporters their own organisation."""
        if can(user, "incident.read_all"):
            return self
        if can(user, "incident.read_own") and user.organisation_id:
            return self.filter(organisation_id=user.organisation_id)
        return self.none()

    def editable_by(self, user):
        """Coordinators edit every incident, others those of their own organisation."""
        if can(user, "incident.edit_all"):
            return self
        if can(user, "incident.edit_own") and user.organisation_id:
            return self.filter(organisation_id=user.organisation_id)
        return self.none()

    def assessment_expired(self, before: dt.date):
        return self.filter(occurred_on__lt=before).exclude(assessment="")


class Incident(models.Model):
    """A händelse: what, where and when, reported by an organisation. No personal data."""

    report = models.ForeignKey(
        IncidentReport,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="incidents",
        verbose_name=_("report"),
        db_index=False,  # a partial index below: most incidents (API, import) have none
    )
    # No single-column indexes on category, area, organisation: the (…, occurred_on)
    # indexes below serve those lookups too, and fewer indexes keep bulk loads fast.
    category = models.ForeignKey(
        Category,
        on_delete=models.PROTECT,
        related_name="incidents",
        verbose_name=_("category"),
        db_index=False,
    )
    area = models.ForeignKey(
        Area,
        on_delete=models.PROTECT,
        related_name="incidents",
        verbose_name=_("area"),
        db_index=False,
    )
    place = models.ForeignKey(
        Place,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="incidents",
        verbose_name=_("place"),
        db_index=False,  # a partial index below
    )
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    occurred_on = models.DateField(_("date"))
    occurred_at = models.DateTimeField(
        _("exact time"),
        null=True,
        blank=True,
        help_text=_("Leave empty if only the band is known."),
    )
    time_band = models.CharField(
        _("time of day"), max_length=6, choices=TimeBand.choices, blank=True
    )
    iso_year = models.PositiveSmallIntegerField(_("ISO year"), editable=False)
    iso_week = models.PositiveSmallIntegerField(_("week"), editable=False)
    count = models.PositiveIntegerField(
        _("number of occurrences"),
        default=1,
        help_text=_("E.g. 5 for five smashed windows seen together."),
    )
    assessment = models.TextField(
        _("assessment"),
        max_length=2000,
        blank=True,
        help_text=_("Your short assessment of the situation. No names or personal data."),
        validators=[validate_no_personal_data],
    )
    organisation = models.ForeignKey(
        "councils.Organisation",
        on_delete=models.PROTECT,
        related_name="incidents",
        verbose_name=_("organisation"),
        db_index=False,
    )
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="incidents",
        verbose_name=_("reported by"),
    )
    source = models.CharField(_("source"), max_length=8, choices=Source.choices, default=Source.WEB)
    external_id = models.CharField(
        _("external id"),
        max_length=100,
        blank=True,
        help_text=_("The id in the reporting organisation's own system (for import)."),
    )
    # Made in the browser (a UUID) for each entry: a resend after a lost answer or an
    # offline queue finds the incident it already made instead of making another.
    client_key = models.UUIDField(
        _("idempotency key"), null=True, blank=True, editable=False, unique=True
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    # Optimistic lock (core.locking): the edit form carries the version it showed. The
    # database default serves bulk loads (COPY, raw INSERT) that leave the column out.
    version = models.PositiveIntegerField(_("version"), default=1, db_default=1, editable=False)

    history = History(excluded_fields=["version"])
    objects = IncidentQuerySet.as_manager()

    class Meta:
        ordering = ["-occurred_on", "-id"]
        verbose_name = _("incident")
        verbose_name_plural = _("incidents")
        constraints = [
            CheckConstraint(
                condition=Q(count__gte=1),
                name="incident_count_positive",
                field="count",
                violation_error_message=_("The number of incidents is at least 1."),
            ),
            CheckConstraint(
                condition=_in_bounds_q("latitude", "longitude"),
                name="incident_point_in_municipality",
                field="latitude",
                violation_error_message=POINT_OUTSIDE,
            ),
            CheckConstraint(
                condition=Q(iso_week__gte=1, iso_week__lte=53),
                name="incident_iso_week_valid",
                violation_error_message=_("The week number must be from 1 to 53."),
            ),
            UniqueConstraint(
                fields=["organisation", "external_id"],
                condition=~Q(external_id=""),
                name="incident_unique_external_id_per_organisation",
                field="external_id",
                violation_error_message=_(
                    "Your organisation already has an incident with this id."
                ),
            ),
        ]
        indexes = [
            # The list's keyset order, and the week/period questions per area and category.
            models.Index(fields=["-occurred_on", "-id"], name="incident_list_order"),
            models.Index(fields=["area", "occurred_on"], name="incident_area_date"),
            models.Index(fields=["category", "occurred_on"], name="incident_category_date"),
            models.Index(fields=["organisation", "occurred_on"], name="incident_org_date"),
            # Foreign keys that are often empty: only the rows that have one are indexed,
            # so an insert without a report or place skips the index (imports ~5 % faster).
            models.Index(
                fields=["report"], condition=Q(report__isnull=False), name="incident_report"
            ),
            models.Index(fields=["place"], condition=Q(place__isnull=False), name="incident_place"),
            # The demo's rows only (none in production): "which days hold demo data".
            models.Index(
                fields=["occurred_on"], condition=Q(source="demo"), name="incident_demo_day"
            ),
            # No index for the weekly lägesbild: it reads IncidentCount. (An occurred_on
            # covering index for it, and one on iso_year/iso_week, were never scanned once
            # the counts came, and cost every insert; migration 0008 dropped them.)
        ]

    def __str__(self):
        return f"{self.category} · {self.area} · {self.occurred_on:%Y-%m-%d}"

    def save(self, *args, **kwargs):
        self.derive()
        super().save(*args, **kwargs)

    def derive(self) -> None:
        """Fill what follows from the time: local date, time band and ISO week."""
        if self.occurred_at:
            local = timezone.localtime(self.occurred_at)
            self.occurred_on = local.date()
            self.time_band = time_band_of(local.time())
        if self.occurred_on:
            self.iso_year, self.iso_week, _weekday = self.occurred_on.isocalendar()
        if (
            self.place_id
            and self.latitude is None
            and self.longitude is None
            and self.place is not None
        ):
            self.latitude, self.longitude = self.place.latitude, self.place.longitude

    def clean(self):
        self.derive()
        validate_point(self.latitude, self.longitude)
        # The database's incident_count_positive, checked here without a query.
        if self.count is not None:
            try:
                MinValueValidator(1)(self.count)
            except ValidationError as error:
                raise ValidationError({"count": error.messages}) from error
        if self.place_id and self.area_id and self.place.area_id != self.area_id:
            raise ValidationError({"place": _("The place is not in the chosen area.")})
        if self.occurred_on and self.occurred_on > timezone.localdate():
            raise ValidationError({"occurred_on": _("The date is in the future.")})
        if self.occurred_on and self.occurred_on < (oldest := incident_oldest_date()):
            raise ValidationError({"occurred_on": too_old_message(oldest)})

    def assessment_visible_to(self, user) -> bool:
        """Free text: coordinators and police, and reporters of the same organisation."""
        if not can(user, "incident.read_text"):
            return False
        if can(user, "incident.read_all"):
            return True
        return can(user, "incident.read_own") and user.organisation_id == self.organisation_id


class IncidentCount(models.Model):
    """Incidents per period and dimension: the lägesbild and the goals read these.

    Per ISO week (`period` is its Monday) by category, area, place, weekday × time of
    day, hour and grid cell for the weekly lägesbild; per month (`period` is the 1st)
    by category, by area and by category × area, for the annual lägesbild and the goals'
    yearly and quarterly indicators.

    Kept by statement-level triggers on the incident table (PostgreSQL, migration 0006):
    every INSERT, UPDATE, DELETE or COPY adds one row per (period, dimension, key) it
    changes, with the difference in incidents (`n`, negative for removals), and a
    TRUNCATE empties the table. A figure is the SUM of its rows, so it is right
    whatever path changed the incidents, and no busy row is ever locked: rows are only
    added. `incident_counts.compact()` (hourly) folds each changed period's rows into
    one per key.
    """

    class Dimension(models.IntegerChoices):
        CATEGORY = 1, _("category")  # key: category id (the event level)
        AREA = 2, _("area")  # key: area id
        PLACE = 3, _("place")  # key: place id
        WEEKDAY_BAND = 4, _("weekday and time of day")  # key: ISO weekday; key2: BANDS index
        HOUR = 5, _("hour")  # key: local hour, incidents with an exact time only
        CELL = 6, _("grid cell")  # key, key2: SWEREF 99 TM column and row of 250 m cells
        MONTH_CATEGORY_AREA = 7, _("month, category and area")  # key: category; key2: area
        MONTH_CATEGORY = 8, _("month and category")  # key: category
        MONTH_AREA = 9, _("month and area")  # key: area

    period = models.DateField(_("period"), help_text=_("Monday of the week, or 1st of the month."))
    dimension = models.PositiveSmallIntegerField(_("dimension"), choices=Dimension.choices)
    key = models.IntegerField(_("key"))
    key2 = models.IntegerField(_("second key"), default=0)
    n = models.IntegerField(_("incidents"))
    compacted = models.BooleanField(_("compacted"), default=False)

    class Meta:
        verbose_name = _("incident count")
        verbose_name_plural = _("incident counts")
        indexes = [
            # The lägesbild reads 10 weeks' rows, the goals a span of months: index-only.
            models.Index(
                fields=["dimension", "period"],
                include=["key", "key2", "n"],
                name="incidentcount_read",
            ),
            # A goal for some areas reads their months only.
            models.Index(
                fields=["key2", "period"],
                include=["key", "n"],
                condition=Q(dimension=7),
                name="incidentcount_month_area",
            ),
            models.Index(
                fields=["period"], condition=Q(compacted=False), name="incidentcount_uncompacted"
            ),
        ]

    def __str__(self):
        return f"{self.period} {self.get_dimension_display()} {self.key}/{self.key2}: {self.n}"


class ImportJob(models.Model):
    """One uploaded file: checked (dry run), then imported, possibly in a Celery task."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    organisation = models.ForeignKey(
        "councils.Organisation",
        on_delete=models.PROTECT,
        related_name="import_jobs",
        verbose_name=_("organisation"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="import_jobs",
        verbose_name=_("user"),
    )
    file = models.FileField(_("file"), upload_to="imports/%Y/%m/")
    original_name = models.CharField(_("file name"), max_length=255)
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.PENDING
    )
    total_rows = models.PositiveIntegerField(_("rows"), default=0)
    processed_rows = models.PositiveIntegerField(_("processed rows"), default=0)
    created_count = models.PositiveIntegerField(_("created"), default=0)
    updated_count = models.PositiveIntegerField(_("updated"), default=0)
    unchanged_count = models.PositiveIntegerField(_("unchanged"), default=0)
    errors = models.JSONField(_("errors"), default=list, blank=True)
    # `errors` keeps the first IMPORT_MAX_ERRORS_SHOWN; this counts them all.
    error_count = models.PositiveIntegerField(_("errors found"), default=0)
    checksum = models.CharField(
        _("checksum"), max_length=64, blank=True, help_text=_("SHA-256 of the file.")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    # Set when the job starts running and at each progress step: a running job whose
    # heartbeat stopped lost its worker (imports.import_jobs_recover_stale).
    heartbeat_at = models.DateTimeField(_("last sign of life"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("import job")
        verbose_name_plural = _("import jobs")
        constraints = [
            CheckConstraint(
                condition=Q(processed_rows__lte=models.F("total_rows")) | Q(total_rows=0),
                name="importjob_progress_within_total",
                violation_error_message=_(
                    "An import cannot have processed more rows than the file has."
                ),
            ),
            # The same file imported twice at once: one job runs, the other is refused.
            models.UniqueConstraint(
                fields=["organisation", "checksum"],
                condition=Q(status="running") & ~Q(checksum=""),
                name="importjob_one_running_per_file",
                violation_error_message=_("The same file is being imported right now."),
            ),
        ]

    def __str__(self):
        return self.original_name

    @property
    def progress_percent(self) -> int:
        if self.status == self.Status.DONE:
            return 100
        return int(100 * self.processed_rows / self.total_rows) if self.total_rows else 0
