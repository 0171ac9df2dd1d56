"""Role matrix rows for lagesbild."""

from tests.matrix import ANON, Route, api, page

_REGISTER = ("samordnare", "polis", "rapportor")


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
_HIDDEN = {**page(_REGISTER), "rapportor": 404}
_API_HIDDEN = {**api(_REGISTER), "rapportor": 404}

ROUTES: list = [
    Route("lagesbild:incident_entry", page(_REGISTER)),
    Route("lagesbild:incident_list", page(_REGISTER)),
    Route("lagesbild:incident_list", page(_REGISTER), query="week=2023-W07&sort=occurred_on"),
    Route("lagesbild:incident_detail", _HIDDEN, kwargs=_INCIDENT),
    Route("lagesbild:incident_update", _HIDDEN, kwargs=_INCIDENT),
    Route("lagesbild:incident_export", page(_REGISTER), kwargs=lambda o: {"fmt": "csv"}),
    Route("lagesbild:import", page(_REGISTER)),
    Route(
        "lagesbild:import_job",
        {**page(_REGISTER), "samordnare": 404, "rapportor": 404},
        kwargs=lambda o: {"pk": o["job"].pk},
    ),
    Route("lagesbild:import_template", page(_REGISTER), kwargs=lambda o: {"fmt": "xlsx"}),
    Route("incident-list", api(_REGISTER)),
    Route("incident-detail", _API_HIDDEN, kwargs=_INCIDENT),
    Route("incident-batch", {ANON: 401, **dict.fromkeys(_REGISTER, 405), "ledamot": 403}),
    Route("area-list", api()),
    Route("area-detail", api(), kwargs=lambda o: {"pk": o["place"].area_id}),
    Route("place-list", api()),
    Route("place-detail", api(), kwargs=lambda o: {"pk": o["place"].pk}),
    Route("category-list", api()),
    Route("category-detail", api(), kwargs=lambda o: {"pk": o["incident"].category_id}),
]


# The weekly and annual lägesbild, hot spots and problembilder (lagesbild/pictures/urls.py).
from tests.matrix import page as _page  # noqa: E402

_WEEK = {"week": "2023-W07"}
_FULL = ("samordnare", "polis")

ROUTES += [
    Route("lagesbild:weekly_latest", dict.fromkeys(_page(), 302)),
    Route("lagesbild:weekly", _page(), kwargs=lambda o: _WEEK),
    Route("lagesbild:weekly_aggregate", _page(), kwargs=lambda o: _WEEK),
    Route("lagesbild:weekly_map_data", _page(_FULL), kwargs=lambda o: _WEEK),
    Route("lagesbild:hotspots", _page(_FULL)),
    Route("lagesbild:hotspot_map_data", _page(_FULL)),
    Route("lagesbild:annual_latest", dict.fromkeys(_page(), 302)),
    Route("lagesbild:annual", _page(), kwargs=lambda o: {"year": 2023}),
]

_incident_objects = objects


def objects(users: dict) -> dict:  # extends the incident objects above
    from lagesbild.models import AnnualPicture, Problem

    annual = AnnualPicture.objects.create(year=2023)
    problem = Problem.objects.create(
        annual_picture=annual, rank=1, title="Klotter i centrum", description="Klotter."
    )
    return {**_incident_objects(users), "problem": problem}


_EDITOR = ("samordnare",)
_POST_EDITOR = {"anon": 302, "samordnare": 302, "polis": 403, "rapportor": 403, "ledamot": 403}
_PROBLEM = lambda o: {"pk": o["problem"].pk}  # noqa: E731

ROUTES += [
    Route(
        "lagesbild:weekly_edit",
        _POST_EDITOR,
        kwargs=lambda o: _WEEK,
        method="post",
        data={"assessment": "Bedömning"},
    ),
    Route("lagesbild:weekly_publish", _POST_EDITOR, kwargs=lambda o: _WEEK, method="post"),
    Route("lagesbild:annual_edit", _page(_EDITOR), kwargs=lambda o: {"year": 2023}),
    Route("lagesbild:problem_create", _page(_EDITOR), kwargs=lambda o: {"year": 2023}),
    Route("lagesbild:problem_history", _page(_FULL), kwargs=lambda o: {"year": 2023}),
    Route("lagesbild:problem_detail", _page(), kwargs=_PROBLEM),
    Route("lagesbild:problem_update", _page(_EDITOR), kwargs=_PROBLEM),
    Route(
        "lagesbild:problem_move",
        _POST_EDITOR,
        kwargs=_PROBLEM,
        method="post",
        data={"direction": "down"},
    ),
]
