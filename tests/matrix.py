"""The role matrix: for every URL of the project, the status each role gets.

Each app keeps its rows in `tests/<app>/matrix.py`: a list `ROUTES` of `Route`s and a
function `objects(users)` that creates, given the users per role, what the URLs'
arguments point at. The test in `tests/test_role_matrix.py` checks that every named URL
pattern has a row (a new view without one fails) and requests each URL as anonymous and
as each role.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

ANON = "anon"
ROLES = ("samordnare", "polis", "rapportor", "ledamot")
WHO = (ANON, *ROLES)


@dataclass(frozen=True)
class Route:
    name: str
    expect: dict[str, int]
    kwargs: Callable[[dict], dict] | None = None
    method: str = "get"
    data: dict = field(default_factory=dict)
    query: str = ""


class Expect(dict):
    """Expected status per role, derived from the capability a view needs."""

    capability: str = ""


def needs(capability: str, ok=200, denied=403, anon=302) -> Expect:
    """A login-protected page whose view needs `capability`: the roles that hold it (in
    councils/permissions.py) get `ok`, the others `denied`, anonymous users `anon`."""
    from councils.permissions import roles_with

    allowed = roles_with(capability)
    expect = Expect({ANON: anon, **{role: ok if role in allowed else denied for role in ROLES}})
    expect.capability = capability
    return expect


def api_needs(capability: str, ok=200, denied=403) -> Expect:
    """An API endpoint needing `capability`: anonymous → 401."""
    return needs(capability, ok=ok, denied=denied, anon=401)


def page(allowed=ROLES, ok=200, denied=403) -> dict[str, int]:
    """A login-protected page: anonymous → login redirect, other roles → 403."""
    return {ANON: 302, **{role: ok if role in allowed else denied for role in ROLES}}


def public(ok=200) -> dict[str, int]:
    """A page anyone may see, signed in or not."""
    return dict.fromkeys(WHO, ok)


def api(allowed=ROLES, ok=200, denied=403) -> dict[str, int]:
    """An API endpoint: anonymous → 401, roles without access → 403 (or 404 when hidden)."""
    return {ANON: 401, **{role: ok if role in allowed else denied for role in ROLES}}
