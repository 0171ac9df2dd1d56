"""Role matrix rows for councils."""

from tests.matrix import Route, api, page


def objects(users: dict) -> dict:
    return {}


ROUTES = [
    Route("councils:profile", page()),
    Route("api-me", api()),
]
