"""Role matrix rows for lagesbild."""

from tests.matrix import Route


def objects(users: dict) -> dict:
    return {}


ROUTES: list = []


# The weekly and annual lägesbild, hot spots and problembilder (lagesbild/picture_urls.py).
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
