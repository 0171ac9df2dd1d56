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

        from core import versioned

        from .incident_counts import counts_version

        # Figures cached under core.versioned: the incidents' version is the weekly
        # counts' sequence (every counted write advances it, by any path); the rest of
        # the app (areas, places, categories, pictures, confirmations) is "lagesbild".
        versioned.register_version("incidents", counts_version)
        versioned.watch_models(
            self,
            exclude=(
                "incident",
                "historicalincident",
                "incidentcount",
                "incidentreport",
                "importjob",
                "reportingreminder",
            ),
        )
