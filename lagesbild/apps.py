from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LagesbildConfig(AppConfig):
    """What happened: areas, places, categories, incidents and the lägesbild."""

    name = "lagesbild"
    verbose_name = _("Situation picture")

    def ready(self):
        from django.core import checks

        from .checks import hotspot_cell_size_matches_the_stored_cells

        checks.register(hotspot_cell_size_matches_the_stored_cells)
