"""Reads of incidents for the pages, the API and the exports (figures: lagesbild/figures/)."""

import datetime as dt
import math

from django.db.models import F, Max, Min, Q, Sum, Window
from django.db.models.functions import ExtractYear, Lag
from django.utils import timezone

from core.coverage import Coverage
from core.isoweek import Week
from core.versioned import figures_cached

from .models import (
    AnnualPicture,
    Area,
    Category,
    ImportJob,
    Incident,
    Place,
    Problem,
    Source,
    WeeklyPicture,
)

HISTORY_ROWS = 50
RANKING_CHANGES = 200
# A hot-spot cell is named after a place this close to its centre (metres), else after
# the area whose centre is nearest. 250 m: the cell size, so a place in the cell or
# just across its edge names it.
NAMING_RADIUS_M = 250
METRES_PER_DEGREE = 111_320


def incidents_visible_to(user):
    """The incidents `user` may see (all, their organisation's, or none)."""
    return Incident.objects.visible_to(user)


def incidents_for_list(user):
    """Visible incidents with what the list, detail page and exports show of each."""
    return incidents_visible_to(user).select_related(
        "category__parent", "area", "place", "organisation"
    )


@figures_cached("lagesbild", "councils", local=True)
def references() -> dict[str, dict]:
    """What an incident row names, by id: categories (with their main category), areas,
    places and organisations. A few hundred small rows, cached per their version and
    kept in the process (read only: every request shares them)."""
    from councils.models import Organisation

    return {
        "category": {c.pk: c for c in Category.objects.select_related("parent")},
        "area": {a.pk: a for a in Area.objects.only("name", "group")},
        "place": {p.pk: p for p in Place.objects.only("name", "area_id", "latitude", "longitude")},
        "organisation": {o.pk: o for o in Organisation.objects.only("name", "short_name")},
    }


def with_references(incidents: list[Incident]) -> list[Incident]:
    """`incidents` with their category, area, place and organisation set from
    references(), as select_related would, without joining them."""
    found = references()
    for incident in incidents:
        for field in ("category", "area", "place", "organisation"):
            pk = getattr(incident, f"{field}_id")
            if pk is not None and pk in found[field]:
                setattr(incident, field, found[field][pk])
    return incidents


def report_receipt(user, pk) -> list[Incident]:
    """The incidents of report `pk` if `user` sent it (the entry form's receipt), else none."""
    return list(incidents_for_list(user).filter(report_id=pk, report__reporter=user).order_by("pk"))


def incidents_editable_by(user):
    """The incidents `user` may change."""
    return Incident.objects.editable_by(user)


def incident_editable_by(incident: Incident, user) -> bool:
    """Whether `user` may change `incident`."""
    return incidents_editable_by(user).filter(pk=incident.pk).exists()


def incident_fresh(pk: int) -> Incident:
    """The incident as stored (not the copy a bound form has changed)."""
    return Incident.objects.get(pk=pk)


def incident_history(incident: Incident):
    """The latest changes of `incident`, newest first, with who made them."""
    return incident.history.select_related("history_user").order_by("-history_date")[:HISTORY_ROWS]


def areas_active():
    """Areas in use (reference data of the API)."""
    return Area.objects.filter(is_active=True)


def places_active():
    """Places in use (reference data of the API)."""
    return Place.objects.filter(is_active=True)


def categories_active():
    """EST categories in use (reference data of the API)."""
    return Category.objects.filter(is_active=True)


def place_points() -> list[dict]:
    """Active places as points for the entry map: pk, name, area, latitude, longitude."""
    return list(places_active().values("pk", "name", "area_id", "latitude", "longitude"))


def import_jobs_of(user):
    """The user's own import jobs."""
    return ImportJob.objects.filter(user=user)


def incident_coverage(today: dt.date | None = None) -> Coverage:
    """The days the incident data cover: from the earliest incident up to today.

    The one answer to "when did registration start": a period before it has no data
    (not zero incidents). Every incident counts, whoever may read it: a subset with
    nothing in a covered period has a real zero.
    """
    span = Incident.objects.aggregate(first=Min("occurred_on"), last=Max("occurred_on"))
    return Coverage(first=span["first"], last=span["last"], today=today or timezone.localdate())


def demo_incident_span() -> tuple[dt.date, dt.date] | None:
    """The first and last day with demo incidents (a partial index answers), or None."""
    span = Incident.objects.filter(source=Source.DEMO).aggregate(
        first=Min("occurred_on"), last=Max("occurred_on")
    )
    return (span["first"], span["last"]) if span["first"] else None


def incidents_all():
    """Every incident (for views whose capability admits every organisation's)."""
    return Incident.objects.all()


def incidents_in_week(week: Week):
    """The incidents of an ISO week."""
    return Incident.objects.in_week(week.iso_year, week.iso_week)


def weekly_picture(week: Week) -> WeeklyPicture | None:
    """The weekly picture of `week`, if one was started."""
    return WeeklyPicture.objects.for_week(week.iso_year, week.iso_week).first()


def weekly_picture_with_problems(week: Week) -> WeeklyPicture | None:
    """The weekly picture of `week` with its publisher and prioritised problems."""
    return (
        WeeklyPicture.objects.for_week(week.iso_year, week.iso_week)
        .select_related("published_by")
        .prefetch_related("problems__annual_picture")
        .first()
    )


def weekly_picture_latest_published(*, before: Week | None = None) -> WeeklyPicture | None:
    """The most recent published week (of those before the week `before`, if given)."""
    pictures = WeeklyPicture.objects.published()
    if before is not None:
        pictures = pictures.filter(
            Q(iso_year__lt=before.iso_year)
            | Q(iso_year=before.iso_year, iso_week__lt=before.iso_week)
        )
    return pictures.order_by("-iso_year", "-iso_week").first()


def annual_picture(year: int) -> AnnualPicture | None:
    """The annual picture of `year`, if one was written."""
    return AnnualPicture.objects.filter(year=year).first()


def victim_consequences(picture: AnnualPicture | None) -> list:
    """The victim perspective and consequences of an annual picture, kind by kind."""
    if picture is None or picture.pk is None:
        return []
    return list(picture.victim_consequences.select_related("organisation"))


def problems_of_year(year: int) -> list[Problem]:
    """The year's problembilder in ranking order, with their areas and categories."""
    return list(
        Problem.objects.filter(annual_picture__year=year)
        .prefetch_related("areas", "categories")
        .ranked()
    )


def problems_with_picture():
    """Problembilder with their annual picture."""
    return Problem.objects.select_related("annual_picture")


def problems_with_filters():
    """Problembilder with their annual picture and the areas and categories of their filter."""
    return problems_with_picture().prefetch_related("areas", "categories__parent")


def problem_counts_per_year(problem: Problem) -> list[tuple[str, int]]:
    """(year, incidents) of the problem's saved filter, oldest year first."""
    per_year = (
        problem.incidents()
        .annotate(year=ExtractYear("occurred_on"))
        .values("year")
        .annotate(n=Sum("count"))
        .order_by("year")
    )
    return [(str(r["year"]), r["n"]) for r in per_year]


def ranking_changes(year: int):
    """The latest changes of a year's ranking, each with the rank before it."""
    # LAG over each problem's history rows gives the rank before every change.
    return (
        Problem.history.filter(annual_picture__year=year)
        .annotate(
            previous_rank=Window(
                Lag("rank"),
                partition_by=[F("id")],
                order_by=[F("history_date").asc(), F("history_id").asc()],
            )
        )
        .filter(Q(history_type="+") | ~Q(previous_rank=F("rank")))
        .select_related("history_user")
        .order_by("-history_date", "-history_id")[:RANKING_CHANGES]
    )


def _distance_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Metres between two points on a plane through them (east scaled by cos(latitude)):
    over the few kilometres of a city the error is well under 1 %."""
    east = METRES_PER_DEGREE * math.cos(math.radians((lat1 + lat2) / 2))
    return math.hypot((lon2 - lon1) * east, (lat2 - lat1) * METRES_PER_DEGREE)


def name_points(points) -> list[dict]:
    """What to call points (hot-spot cell centres) instead of their coordinates.

    Per (latitude, longitude): {"place_id", "place", "area_id", "area"}: the nearest
    active place within NAMING_RADIUS_M and its area, else the active area with the
    nearest centre (place empty). Two queries for any number of points.
    """
    points = list(points)
    if not points:
        return []
    places = list(places_active().values_list("pk", "name", "area_id", "latitude", "longitude"))
    areas = list(areas_active().values_list("pk", "name", "latitude", "longitude"))
    area_names = {pk: name for pk, name, _lat, _lon in areas}
    named = []
    for lat, lon in points:
        place = min(places, key=lambda p: _distance_m(lat, lon, p[3], p[4]), default=None)
        if place and _distance_m(lat, lon, place[3], place[4]) <= NAMING_RADIUS_M:
            pk, name, area_id = place[:3]
            named.append(
                {
                    "place_id": pk,
                    "place": name,
                    "area_id": area_id,
                    "area": area_names.get(area_id, ""),
                }
            )
            continue
        area = min(areas, key=lambda a: _distance_m(lat, lon, a[2], a[3]), default=None)
        named.append(
            {
                "place_id": None,
                "place": "",
                "area_id": area[0] if area else None,
                "area": area[1] if area else "",
            }
        )
    return named


@figures_cached("lagesbild")
def map_base() -> dict:
    """What every map draws before (and without) tiles: the areas' outlines (their centre
    when no boundary is known) and the named places, as GeoJSON."""

    def feature(geometry: dict, **properties) -> dict:
        return {"type": "Feature", "geometry": geometry, "properties": properties}

    def point(lat: float, lon: float) -> dict:
        return {"type": "Point", "coordinates": [lon, lat]}

    areas = [
        feature(a.boundary or point(a.latitude, a.longitude), name=a.name, id=a.pk)
        for a in areas_active().only("name", "boundary", "latitude", "longitude")
    ]
    places = [
        feature(point(p.latitude, p.longitude), name=p.name, area=p.area.name, id=p.pk)
        for p in places_active().select_related("area")
    ]
    return {
        "areas": {"type": "FeatureCollection", "features": areas},
        "places": {"type": "FeatureCollection", "features": places},
    }


def point_name(latitude: float, longitude: float) -> tuple[str, str]:
    """("place", name), ("area", name) or ("", "") for one point (see name_points)."""
    named = name_points([(latitude, longitude)])[0]
    if named["place"]:
        return "place", named["place"]
    return ("area", named["area"]) if named["area"] else ("", "")


# ---------------------------------------------------------------------------
# The weekly rhythm: which reporting organisations reported a week
# ---------------------------------------------------------------------------

REPORTED, NONE, MISSING = "reported", "none", "missing"


@figures_cached("incidents", "lagesbild", "councils")
def reporting_status(week: Week) -> list[dict]:
    """Each active reporting organisation's week: incidents registered, "inga händelser"
    confirmed, or not reported. One query, whatever the number of incidents (a
    subquery per organisation on the (organisation, occurred_on) index).

    Rows: {"organisation_id", "organisation", "status", "incidents", "confirmed_at"};
    "reported" wins over a confirmation made before incidents came.
    """
    from django.db.models import Count, IntegerField, OuterRef, Subquery, Value
    from django.db.models.functions import Coalesce

    from councils.models import Organisation

    from .models import NoIncidentsConfirmation

    registered = (
        Incident.objects.filter(
            organisation_id=OuterRef("pk"),
            occurred_on__gte=week.monday,
            occurred_on__lte=week.sunday,
        )
        .order_by()
        .values("organisation_id")
        # COUNT(*), not COUNT(id): the (organisation, occurred_on) index then answers
        # alone, without reading the rows (132 ms → 1 ms at 10 000 000 incidents).
        .annotate(n=Count("*"))
        .values("n")
    )
    confirmed = NoIncidentsConfirmation.objects.filter(
        organisation_id=OuterRef("pk"), iso_year=week.iso_year, iso_week=week.iso_week
    ).values("confirmed_at")[:1]
    organisations = (
        Organisation.objects.filter(is_reporting=True, is_active=True)
        .annotate(
            n=Coalesce(Subquery(registered, output_field=IntegerField()), Value(0)),
            confirmed_at=Subquery(confirmed),
        )
        .order_by("name")
        .values_list("pk", "name", "n", "confirmed_at")
    )
    rows = []
    for pk, name, n, confirmed_at in organisations:
        status = REPORTED if n else NONE if confirmed_at else MISSING
        rows.append(
            {
                "organisation_id": pk,
                "organisation": name,
                "status": status,
                "incidents": n,
                "confirmed_at": confirmed_at,
            }
        )
    return rows


def reporting_missing(rows: list[dict]) -> list[str]:
    """The names of the organisations that had not reported, from reporting_status()."""
    return [row["organisation"] for row in rows if row["status"] == MISSING]


def reporting_weeks_of(organisation_id: int, weeks: int = 4, today=None) -> list[dict]:
    """The organisation's status for the last `weeks` ended weeks and the current one
    (newest first), for the entry page's "inga händelser" buttons."""
    from django.db.models import Count

    from .models import NoIncidentsConfirmation

    current = Week.of(today or timezone.localdate())
    span = [current.shift(-i) for i in range(weeks + 1)]
    counts = {
        (y, w): n
        for y, w, n in Incident.objects.filter(
            organisation_id=organisation_id,
            occurred_on__gte=span[-1].monday,
            occurred_on__lte=span[0].sunday,
        )
        .values("iso_year", "iso_week")
        .annotate(n=Count("id"))
        .values_list("iso_year", "iso_week", "n")
    }
    confirmed = set(
        NoIncidentsConfirmation.objects.filter(
            organisation_id=organisation_id,
            iso_year__in={w.iso_year for w in span},
        ).values_list("iso_year", "iso_week")
    )
    rows = []
    for week in span:
        n = counts.get((week.iso_year, week.iso_week), 0)
        key = (week.iso_year, week.iso_week)
        status = REPORTED if n else NONE if key in confirmed else MISSING
        rows.append({"week": week, "incidents": n, "status": status, "current": week == current})
    return rows


def reporting_note(rows: list[dict] | None) -> dict | None:
    """{"missing": names, "none": names} of a week's reporting rows (e.g. as published)."""
    if not rows:
        return None
    return {
        "missing": sorted(r["organisation"] for r in rows if r["status"] == MISSING),
        "none": sorted(r["organisation"] for r in rows if r["status"] == NONE),
    }


# ---------------------------------------------------------------------------
# Faster entry: "Samma som förra" and the user's most used categories and places
# ---------------------------------------------------------------------------

#: The user's last this many incidents decide their most used categories and places.
FAVOURITES_FROM = 200
FAVOURITES_SHOWN = 5


def last_incident_of(user) -> Incident | None:
    """The incident the user registered last (for "Samma som förra")."""
    if not user.is_authenticated:
        return None
    return (
        Incident.objects.filter(reporter=user, organisation_id=user.organisation_id)
        .order_by("-created_at", "-id")
        .first()
    )


def repeat_initial(incident: Incident) -> dict:
    """The entry form's first row as `incident`, with today's date and the time now.

    What, where and how many are repeated; never the free-text assessment, which
    belongs to the earlier situation.
    """
    now = timezone.localtime()
    return {
        "category": incident.category_id,
        "area": incident.area_id,
        "place": incident.place_id,
        "count": incident.count,
        "latitude": incident.latitude,
        "longitude": incident.longitude,
        "occurred_on": now.date(),
        "time": now.time().replace(second=0, microsecond=0),
    }


def entry_favourites(user) -> dict:
    """{"categories": [ids], "places": [ids]}: the user's most used of each, most used
    first, counted over their last FAVOURITES_FROM incidents (two bounded queries)."""
    from django.db.models import Count

    if not user.is_authenticated:
        return {"categories": [], "places": []}
    recent = Incident.objects.filter(reporter=user).order_by("-id").values("pk")[:FAVOURITES_FROM]
    base = Incident.objects.filter(pk__in=recent)

    def top(field):
        return list(
            base.exclude(**{f"{field}__isnull": True})
            .values(field)
            .annotate(n=Count("id"))
            .order_by("-n", field)
            .values_list(field, flat=True)[:FAVOURITES_SHOWN]
        )

    return {"categories": top("category_id"), "places": top("place_id")}


@figures_cached("incidents")
def week_total(week: Week) -> int:
    """The incidents of an ISO week (their counts summed): an indexed sum, cached under
    the incidents' version."""
    return (
        Incident.objects.in_week(week.iso_year, week.iso_week).aggregate(n=Sum("count"))["n"] or 0
    )
