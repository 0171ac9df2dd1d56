from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeasuresConfig(AppConfig):
    """What we do about it: measures, action plans, citizen promises, follow-up."""

    name = "measures"
    verbose_name = _("Measures")
    role_permissions: dict[str, list[str]] = {}
