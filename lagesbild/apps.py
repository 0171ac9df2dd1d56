from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LagesbildConfig(AppConfig):
    """What happened: areas, places, categories, incidents and the lägesbild."""

    name = "lagesbild"
    verbose_name = _("Situation picture")
    role_permissions: dict[str, list[str]] = {}
