"""Every URL of the project, requested as anonymous and as each role."""

import importlib

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse

from tests.matrix import ANON, ROLES, WHO

MATRIX_MODULES = [
    "tests.trygghet.matrix",
    "tests.councils.matrix",
    "tests.lagesbild.matrix",
    "tests.measures.matrix",
    "tests.budget.matrix",
]
MODULES = {name: importlib.import_module(name) for name in MATRIX_MODULES}
ROUTES = [(module, route) for module, mod in MODULES.items() for route in mod.ROUTES]
# Django admin has its own staff check, tested in test_admin.py.
EXCLUDED_NAMESPACES = {"admin"}


def _named_patterns(patterns, namespace=None):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            ns = pattern.namespace
            if ns in EXCLUDED_NAMESPACES:
                continue
            full = f"{namespace}:{ns}" if namespace and ns else (ns or namespace)
            yield from _named_patterns(pattern.url_patterns, full)
        elif isinstance(pattern, URLPattern):
            name = pattern.name
            if name is None:
                yield f"<unnamed {pattern.pattern}>"
            else:
                yield f"{namespace}:{name}" if namespace else name


def test_every_url_pattern_has_a_row_in_the_matrix():
    patterns = set(_named_patterns(get_resolver().url_patterns))
    rows = {route.name for _, route in ROUTES}
    assert sorted(patterns - rows) == [], "URL patterns without a row in the role matrix"
    assert sorted(rows - patterns) == [], "matrix rows for URLs that do not exist"


@pytest.mark.django_db
@pytest.mark.parametrize(("module", "route"), ROUTES, ids=[r.name for _, r in ROUTES])
def test_role_matrix(client, role_users, module, route):
    objects = MODULES[module].objects(role_users)
    url = reverse(route.name, kwargs=route.kwargs(objects) if route.kwargs else None)
    if route.query:
        url = f"{url}?{route.query}"
    got = {}
    for who in WHO:
        client.logout()
        if who != ANON:
            client.force_login(role_users[who])
        response = getattr(client, route.method)(url, route.data)
        got[who] = response.status_code
        protected = route.expect[ANON] == 302 and any(route.expect[r] != 302 for r in ROLES)
        if who == ANON and protected and response.status_code == 302:
            assert response.url.startswith(reverse("login")), response.url
    assert got == route.expect
    capability = getattr(route.expect, "capability", None)
    if capability:
        # The row's capability is the one the view asks for (councils/permissions.py).
        match = resolve(url.split("?")[0])
        view = getattr(match.func, "view_class", None) or getattr(match.func, "cls", None)
        view = view or match.func
        assert getattr(view, "capability", None) == capability, route.name
