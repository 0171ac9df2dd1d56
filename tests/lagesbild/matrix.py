"""Role matrix rows for lagesbild."""

from tests.matrix import Expect, Route, api, api_needs, needs, public


def _with(expect: Expect, **statuses: int) -> Expect:
    """`expect` with some roles' statuses changed (e.g. 404 for an object they cannot see)."""
    changed = Expect({**expect, **statuses})
    changed.capability = expect.capability
    return changed


_REGISTER = needs("incident.register")


def objects(users: dict) -> dict:
    from django.core.files.base import ContentFile

    from lagesbild.models import ImportJob
    from tests.factories import IncidentFactory, PlaceFactory

    place = PlaceFactory(name="Vasaparken")
    # An incident of the police's organisation: the Mimer reporter must not find it.
    incident = IncidentFactory(
        organisation=users["polis"].organisation, area=place.area, place=place, assessment="x"
    )
    job = ImportJob(
        organisation=users["polis"].organisation, user=users["polis"], original_name="a.csv"
    )
    job.file.save("a.csv", ContentFile(b"external_id\n"), save=False)
    job.save()
    return {"incident": incident, "place": place, "job": job}


_INCIDENT = lambda o: {"pk": o["incident"].pk}  # noqa: E731
# The reporter is of another organisation than the incident's: it does not exist for them.
_HIDDEN = _with(_REGISTER, rapportor=404)
_API_HIDDEN = _with(api_needs("incident.register"), rapportor=404)


def _this_week() -> str:
    from core.isoweek import Week

    return str(Week.last())


ROUTES: list = [
    Route("lagesbild:incident_entry", _REGISTER),
    Route("lagesbild:incident_entry", _REGISTER, query="same=1"),
    # "Inga händelser" for last week: a redirect back to the entry page either way.
    Route(
        "lagesbild:no_incidents",
        needs("incident.register", ok=302),
        method="post",
        data={"week": _this_week()},
    ),
    # The installable app: the browser fetches these without the session.
    Route("lagesbild:web_manifest", public()),
    Route("lagesbild:service_worker", public()),
    Route("lagesbild:incident_list", _REGISTER),
    Route("lagesbild:incident_list", _REGISTER, query="week=2023-W07&sort=occurred_on"),
    Route("lagesbild:incident_detail", _HIDDEN, kwargs=_INCIDENT),
    Route("lagesbild:incident_update", _HIDDEN, kwargs=_INCIDENT),
    Route("lagesbild:incident_export", _REGISTER, kwargs=lambda o: {"fmt": "csv"}),
    Route("lagesbild:import", _REGISTER),
    Route(
        "lagesbild:import_job",
        _with(_REGISTER, samordnare=404, rapportor=404),
        kwargs=lambda o: {"pk": o["job"].pk},
    ),
    Route("lagesbild:import_template", _REGISTER, kwargs=lambda o: {"fmt": "xlsx"}),
    Route("incident-list", api_needs("incident.register")),
    Route("incident-detail", _API_HIDDEN, kwargs=_INCIDENT),
    # GET on a POST-only action: allowed roles get 405.
    Route("incident-batch", api_needs("incident.register", ok=405)),
    # Reference data: every signed-in user.
    Route("area-list", api()),
    Route("area-detail", api(), kwargs=lambda o: {"pk": o["place"].area_id}),
    Route("place-list", api()),
    Route("place-detail", api(), kwargs=lambda o: {"pk": o["place"].pk}),
    Route("category-list", api()),
    Route("category-detail", api(), kwargs=lambda o: {"pk": o["incident"].category_id}),
]

# The weekly and annual lägesbild, hot spots and problembilder (lagesbild/pictures/urls.py).
_WEEK = {"week": "2023-W07"}

ROUTES += [
    Route("lagesbild:weekly_latest", needs("picture.read", ok=302)),
    Route("lagesbild:weekly", needs("picture.read"), kwargs=lambda o: _WEEK),
    Route("lagesbild:weekly_aggregate", needs("picture.read"), kwargs=lambda o: _WEEK),
    Route("lagesbild:weekly_map_data", needs("hotspot.read"), kwargs=lambda o: _WEEK),
    Route("lagesbild:hotspots", needs("hotspot.read")),
    Route("lagesbild:statistics", needs("picture.read")),
    Route("lagesbild:hotspot_map_data", needs("hotspot.read")),
    Route("lagesbild:annual_latest", needs("picture.read", ok=302)),
    Route("lagesbild:annual", needs("picture.read"), kwargs=lambda o: {"year": 2023}),
]

_incident_objects = objects


def objects(users: dict) -> dict:  # extends the incident objects above
    from lagesbild.models import AnnualPicture, Problem

    annual = AnnualPicture.objects.create(year=2023)
    problem = Problem.objects.create(
        annual_picture=annual, rank=1, title="Klotter i centrum", description="Klotter."
    )
    return {**_incident_objects(users), "problem": problem}


_POST_EDITOR = needs("picture.edit", ok=302)
_PROBLEM = lambda o: {"pk": o["problem"].pk}  # noqa: E731

ROUTES += [
    Route(
        "lagesbild:weekly_edit",
        _POST_EDITOR,
        kwargs=lambda o: _WEEK,
        method="post",
        data={"assessment": "Bedömning", "version": 0},  # no picture of the week yet
    ),
    Route("lagesbild:weekly_publish", _POST_EDITOR, kwargs=lambda o: _WEEK, method="post"),
    Route("lagesbild:annual_edit", needs("picture.edit"), kwargs=lambda o: {"year": 2023}),
    Route("lagesbild:annual_publish", _POST_EDITOR, kwargs=lambda o: {"year": 2023}, method="post"),
    Route("lagesbild:problem_create", needs("picture.edit"), kwargs=lambda o: {"year": 2023}),
    Route("lagesbild:problem_history", needs("picture.history"), kwargs=lambda o: {"year": 2023}),
    Route("lagesbild:problem_detail", needs("picture.read"), kwargs=_PROBLEM),
    Route("lagesbild:problem_update", needs("picture.edit"), kwargs=_PROBLEM),
    Route(
        "lagesbild:problem_move",
        _POST_EDITOR,
        kwargs=_PROBLEM,
        method="post",
        data={"direction": "down"},
    ),
]

# Reported crime, populations and NTU (lagesbild/crime).
ROUTES += [
    Route("lagesbild:crime_statistics", needs("picture.read")),
    Route("lagesbild:crime_statistics_import", needs("picture.edit")),
]
