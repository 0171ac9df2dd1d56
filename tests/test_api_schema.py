"""Schemathesis over the WHOLE API (every path of /api/schema/): no input gives a 5xx.

Run with the token of a coordinator (who may do everything) and of a partner reporter
(who sees only their own organisation's incidents), so both the allowed and the scoped
code paths get fuzzed. tests/lagesbild/test_schema.py fuzzes the incident paths harder.
"""

import json
from urllib.parse import urlencode

import pytest
import schemathesis
from django.test import Client
from hypothesis import HealthCheck, settings
from hypothesis.internal.conjecture import utils as cu
from rest_framework.authtoken.models import Token

from trygghet.wsgi import application


def _more(self) -> bool:
    """`many.more()` as hypothesis-jsonschema 0.23 calls it (newer Hypothesis dropped it)."""
    if self._depth is None:
        self.__enter__()
        self._steps = iter(self)
    try:
        next(self._steps)
    except StopIteration:
        self._closed = True
        return False
    return True


if not hasattr(cu.many, "more"):
    cu.many.more = _more


def _reference_data():
    from lagesbild.models import Category
    from tests.factories import AreaFactory, IncidentFactory, PlaceFactory

    area = AreaFactory(name="Centrum")
    PlaceFactory(name="Vasaparken", area=area)
    main = Category.objects.create(name="Skadegörelse")
    Category.objects.create(name="Klotter", parent=main)
    IncidentFactory(area=area, category=main, assessment="Fönster krossat")


def _schema_for(role, make_user):
    from tests.factories import OrganisationFactory

    _reference_data()
    user = make_user(role, organisation=OrganisationFactory(name=f"Org {role}"))
    token = Token.objects.create(user=user).key
    raw = Client().get("/api/schema/?format=json", HTTP_AUTHORIZATION=f"Token {token}")
    assert raw.status_code == 200
    schema = schemathesis.from_dict(raw.json(), app=application)
    schema.token = token
    return schema


@pytest.fixture
def coordinator_schema(make_user):
    return _schema_for("samordnare", make_user)


@pytest.fixture
def reporter_schema(make_user):
    return _schema_for("rapportor", make_user)


def _call(case, token):
    # Through Django's test client: same process, same test transaction.
    kwargs = case.as_transport_kwargs(base_url="http://testserver")
    body = kwargs.get("json")
    query = "?" + urlencode(case.query or {}, doseq=True) if case.query else ""
    return Client().generic(
        case.method,
        case.formatted_path + query,
        data=json.dumps(body) if body is not None else kwargs.get("data") or "",
        content_type="application/json",
        headers={**(kwargs.get("headers") or {}), "Authorization": f"Token {token}"},
    )


def _api_routes():
    """Every URL pattern under api/v1/, as the schema writes paths ({id} for a pk)."""
    import re

    from django.urls import get_resolver

    def walk(patterns, prefix=""):
        for p in patterns:
            if hasattr(p, "url_patterns"):
                yield from walk(p.url_patterns, prefix + str(p.pattern))
            else:
                yield prefix + str(p.pattern)

    for route in walk(get_resolver().url_patterns):
        if route.startswith("api/v1/"):
            route = route.replace("^", "").replace("$", "")
            yield "/" + re.sub(r"\(\?P<(\w+)>[^)]*\)", "{id}", route)


@pytest.mark.django_db
def test_the_schema_lists_every_api_route(coordinator_schema):
    """So the fuzzing below reaches every endpoint, a new one included."""
    paths = set(coordinator_schema.raw_schema["paths"])
    routes = set(_api_routes())
    assert len(routes) >= 10
    assert routes <= paths, routes - paths


coordinator = schemathesis.from_pytest_fixture("coordinator_schema")
reporter = schemathesis.from_pytest_fixture("reporter_schema")
FUZZ = settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))


@pytest.mark.django_db
@coordinator.parametrize()
@FUZZ
def test_no_5xx_for_a_coordinator(case, coordinator_schema):
    response = _call(case, coordinator_schema.token)
    assert response.status_code < 500, (case.method, case.formatted_path, case.body, case.query)


@pytest.mark.django_db
@reporter.parametrize()
@FUZZ
def test_no_5xx_for_a_partner_reporter(case, reporter_schema):
    response = _call(case, reporter_schema.token)
    assert response.status_code < 500, (case.method, case.formatted_path, case.body, case.query)
