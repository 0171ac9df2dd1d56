"""Schemathesis over the incident endpoints of /api/schema/: no input gives a 5xx."""

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


# The installed Hypothesis replaced `many.more()` with iteration; without this shim
# every schemathesis strategy fails. Remove when hypothesis-jsonschema catches up.
if not hasattr(cu.many, "more"):
    cu.many.more = _more


@pytest.fixture
def token(make_user):
    from lagesbild.models import Category
    from tests.factories import AreaFactory, OrganisationFactory

    AreaFactory(name="Centrum")
    Category.objects.create(name="Arrangemang")
    user = make_user("polis", organisation=OrganisationFactory(name="LPO"))
    return Token.objects.create(user=user).key


@pytest.fixture
def api_schema(token):
    raw = Client().get("/api/schema/?format=json", HTTP_AUTHORIZATION=f"Token {token}")
    assert raw.status_code == 200
    return schemathesis.from_dict(raw.json(), app=application).include(path_regex="incidents")


schema = schemathesis.from_pytest_fixture("api_schema")


@pytest.mark.django_db
@schema.parametrize()
@settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))
def test_incident_api_never_answers_5xx(case, token):
    # Sent through Django's test client: same process, same test transaction.
    kwargs = case.as_transport_kwargs(base_url="http://testserver")
    body = kwargs.get("json")
    response = Client().generic(
        case.method,
        case.formatted_path + ("?" + urlencode(case.query or {}, doseq=True) if case.query else ""),
        data=json.dumps(body) if body is not None else kwargs.get("data") or "",
        content_type="application/json",
        headers={**(kwargs.get("headers") or {}), "Authorization": f"Token {token}"},
    )
    assert response.status_code < 500, (case.method, case.formatted_path, body, case.query)
