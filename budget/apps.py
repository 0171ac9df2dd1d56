from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BudgetConfig(AppConfig):
    """What it costs: budget packages, allocations, activities and spending."""

    name = "budget"
    verbose_name = _("Budget")
    role_permissions: dict[str, list[str]] = {}
