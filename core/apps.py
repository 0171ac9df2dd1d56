from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """What every app shares; no models (formatting, ISO weeks, charts, tabular files…)."""

    name = "core"
    verbose_name = _("Shared")
