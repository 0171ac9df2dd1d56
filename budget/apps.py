from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

_READ = [
    "view_budgetpackage",
    "view_signatory",
    "view_theme",
    "view_allocation",
    "view_activity",
    "view_expenditure",
    "view_forecast",
    "view_planfunding",
]


class BudgetConfig(AppConfig):
    """What it costs: budget packages, allocations, activities and spending."""

    name = "budget"
    verbose_name = _("Budget")
    # Spending is append-only: nobody gets change_ or delete_expenditure.
    capability_permissions: dict[str, list[str]] = {
        "budget.read": _READ,
        "budget.edit": [
            "add_theme",
            "change_theme",
            "add_allocation",
            "change_allocation",
            "add_activity",
            "change_activity",
            "add_expenditure",
            "add_forecast",
            "add_planfunding",
            "change_planfunding",
            "delete_planfunding",
        ],
    }

    def ready(self):
        from core import slots, versioned

        versioned.watch_models(self)  # cached figures that read the budget (core.versioned)

        # The kronor behind an action, on the åtgärdsplan's page (measures sits below).
        slots.fill("measures.plan_entry_funding", "budget/_plan_entry_funding.html")
