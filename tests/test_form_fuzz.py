"""Every POST endpoint of the pages, fuzzed: random field values, for each role, never a 500.

The endpoints are the role matrix's (tests/*/matrix.py) whose view takes POST, outside
the API (the schemathesis run in tests/test_api_schema.py covers that). For each, the
fields are read from the forms its page shows each role (or, for a POST-only endpoint,
the names its matrix row posts), and hypothesis fills them with blanks, near-valid
values, garbage, huge numbers, impossible dates, long and hostile text, and files.

The endpoints covered are the test ids: `pytest --collect-only -q tests/test_form_fuzz.py`.
"""

import importlib
from html.parser import HTMLParser

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.matrix import ANON, ROLES
from tests.test_role_matrix import MATRIX_MODULES

MODULES = {name: importlib.import_module(name) for name in MATRIX_MODULES}
FUZZ = settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
HOSTILE = [
    "0",
    "-1",
    "1.5",
    "99999999999999999999",
    "2023-02-30",
    "0001-01-01",
    "9999-12-31",
    "2023-W54",
    "1e309",
    "NaN",
    "abc",
    "<script>alert(1)</script>",
    '=HYPERLINK("http://x")',
    "x" * 3000,
    "ä" * 300,
]


def _views(patterns=None, namespace=None, prefix=""):
    """{url name: (view class or function, route prefix)} of every named URL pattern."""
    found = {}
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            ns = pattern.namespace
            full = f"{namespace}:{ns}" if namespace and ns else (ns or namespace)
            found |= _views(pattern.url_patterns, full, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern) and pattern.name:
            name = f"{namespace}:{pattern.name}" if namespace else pattern.name
            view = getattr(pattern.callback, "view_class", None) or pattern.callback
            found.setdefault(name, (view, prefix + str(pattern.pattern)))
    return found


def _post_routes():
    views = _views()
    seen, routes = set(), []
    for module, mod in MODULES.items():
        for route in mod.ROUTES:
            view, path = views[route.name]
            if route.name in seen or path.startswith(("api/", "^api/")):
                continue
            if route.method == "post" or callable(getattr(view, "post", None)):
                seen.add(route.name)
                routes.append((module, route))
    return routes


ROUTES = _post_routes()


class _Forms(HTMLParser):
    """Names, options and initial values of the fields of a page's POST forms."""

    def __init__(self):
        super().__init__()
        self.fields: dict[str, dict] = {}
        self._in_post = False
        self._select = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self._in_post = (attrs.get("method") or "").lower() == "post"
        if not self._in_post:
            return
        name = attrs.get("name")
        if tag in ("input", "textarea", "select") and name and name != "csrfmiddlewaretoken":
            field = self.fields.setdefault(
                name, {"type": attrs.get("type", tag), "options": [], "value": attrs.get("value")}
            )
            if tag == "select":
                self._select = field
        elif tag == "option" and self._select is not None:
            self._select["options"].append(attrs.get("value", ""))

    def handle_endtag(self, tag):
        if tag == "form":
            self._in_post = False
        if tag == "select":
            self._select = None


def _fields(client, url, route) -> dict[str, dict]:
    parser = _Forms()
    response = client.get(url)
    if response.status_code == 200 and "html" in response.get("Content-Type", ""):
        parser.feed(response.content.decode())
    for name, value in route.data.items():
        parser.fields.setdefault(name, {"type": "text", "options": [], "value": str(value)})
    return parser.fields


def _value(field):
    choices = [st.just(""), st.text(max_size=40), st.sampled_from(HOSTILE)]
    choices.append(st.integers(min_value=-(10**6), max_value=10**6).map(str))
    if field["options"]:
        choices.append(st.sampled_from(field["options"]))
    if field["value"] is not None:
        choices.append(st.just(field["value"]))
    if field["type"] == "file":
        return st.tuples(
            st.sampled_from(["a.csv", "a.xlsx", "a.pdf", "a"]), st.binary(max_size=400)
        ).map(lambda f: SimpleUploadedFile(f[0], f[1]))
    return st.one_of(choices)


@pytest.mark.django_db
@pytest.mark.parametrize(("module", "route"), ROUTES, ids=[r.name for _, r in ROUTES])
@FUZZ
@given(data=st.data())
def test_no_post_endpoint_answers_500(role_users, module, route, data):
    objects = _objects(module, role_users)
    url = reverse(route.name, kwargs=route.kwargs(objects) if route.kwargs else None)
    who = data.draw(st.sampled_from((ANON, *ROLES)), label="who")
    client = Client()
    if who != ANON:
        client.force_login(role_users[who])
    # Read once per role and endpoint: the fields (and options) a page shows change as
    # examples save things, and hypothesis needs the same draws for the same choices.
    key = (route.name, who, objects_key(role_users))
    if key not in _FIELDS:
        _FIELDS[key] = _fields(client, url, route)
    fields = _FIELDS[key]
    body = {}
    for name, field in sorted(fields.items()):
        if data.draw(st.booleans(), label=f"send {name}") or name in route.data:
            body[name] = data.draw(_value(field), label=name)
    response = client.post(url, body)
    assert response.status_code < 500, (who, body)


_OBJECTS: dict = {}
_FIELDS: dict = {}


def objects_key(role_users) -> tuple:
    return tuple(sorted(u.pk for u in role_users.values()))


def _objects(module, role_users):
    # Once per test (hypothesis runs many examples in one test's transaction).
    key = (module, objects_key(role_users))
    if key not in _OBJECTS:
        _OBJECTS.clear()
        _OBJECTS[key] = MODULES[module].objects(role_users)
    return _OBJECTS[key]
