"""Role matrix rows for the project-level URLs."""

from tests.matrix import ANON, ROLES, Route, api, page, public


def objects(users: dict) -> dict:
    return {}


ROUTES = [
    Route("dashboard", page()),
    Route("healthz", public()),
    # Signed-in users are sent on from the login page.
    Route("login", {ANON: 200, **dict.fromkeys(ROLES, 302)}),
    Route("logout", public(302), method="post"),
    Route("password_change", page()),
    Route("password_change_done", page()),
    # Staff only: none of the role users is staff.
    Route("two_factor", page(allowed=())),
    Route("set_language", public(302), method="post", data={"language": "en"}),
    Route("audit_log", page(allowed=("samordnare",))),
    Route("api-schema", api()),
    Route("api-docs", api()),
]
