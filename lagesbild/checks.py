"""System checks (registered in LagesbildConfig.ready): settings that must agree with
how data are already stored. Read-time settings (SMALL_COUNT_THRESHOLD, the trend and
significance levels, retention periods) need no check: changing them changes no stored
count.
"""

from django.conf import settings
from django.core.checks import Error


def hotspot_cell_size_matches_the_stored_cells(app_configs=None, **kwargs) -> list[Error]:
    """HOTSPOT_CELL_SIZE_M must be the size the incident counts' triggers store cells in."""
    from .incident_counts import CELL_SIZE

    try:
        configured = float(settings.HOTSPOT_CELL_SIZE_M)
    except (TypeError, ValueError):
        configured = None
    if configured == CELL_SIZE:
        return []
    return [
        Error(
            f"HOTSPOT_CELL_SIZE_M is {settings.HOTSPOT_CELL_SIZE_M!r}, but the incident counts "
            f"are stored in {CELL_SIZE:g} m grid cells (triggers of lagesbild migration 0006), "
            "so hot spots would be counted on two different grids.",
            hint=(
                f"Set HOTSPOT_CELL_SIZE_M={CELL_SIZE:g} (or leave it unset). Another cell size "
                "needs a new migration that changes the triggers and "
                "lagesbild.incident_counts.CELL_SIZE, followed by "
                "`python manage.py incident_counts --rebuild`."
            ),
            id="lagesbild.E001",
        )
    ]
