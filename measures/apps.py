from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from core import slots


class MeasuresConfig(AppConfig):
    """What we do about it: measures, action plans, citizen promises, follow-up."""

    name = "measures"
    verbose_name = _("Measures")
    # Object-level rules (own organisation) are in MeasureQuerySet.editable_by.
    role_permissions: dict[str, list[str]] = {
        "samordnare": [
            f"{action}_{model}"
            for model in (
                "measure",
                "followup",
                "actionplan",
                "actionplanentry",
                "citizenpromise",
                "promisereport",
                "goal",
                "indicator",
                "surveyresult",
                "areapopulation",
            )
            for action in ("view", "add", "change", "delete")
        ],
        "polis": [
            "view_measure",
            "change_measure",
            "add_measure",
            "view_followup",
            "add_followup",
            "view_goal",
            "view_surveyresult",
        ],
        "rapportor": [
            "view_measure",
            "change_measure",
            "add_measure",
            "view_followup",
            "add_followup",
        ],
        "ledamot": [
            "view_measure",
            "view_followup",
            "view_actionplan",
            "view_citizenpromise",
            "view_goal",
            "view_surveyresult",
        ],
    }

    def ready(self):
        self.fill_slots()

    def fill_slots(self):
        """The lägesbild trends and hot spots offer a measure prefilled from them."""
        slots.fill("lagesbild.trend_actions", "measures/_start_from_lagesbild.html")
        slots.fill("lagesbild.hotspot_actions", "measures/_start_from_lagesbild.html")
