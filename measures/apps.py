from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from core import slots


def _crud(*models: str) -> list[str]:
    return [
        f"{action}_{model}" for model in models for action in ("view", "add", "change", "delete")
    ]


class MeasuresConfig(AppConfig):
    """What we do about it: measures, action plans, citizen promises, follow-up."""

    name = "measures"
    verbose_name = _("Measures")
    # Object-level rules (own organisation) are in MeasureQuerySet.editable_by.
    capability_permissions: dict[str, list[str]] = {
        "measure.read": ["view_measure", "view_followup", "view_citizenpromise"],
        "measure.edit_own": ["add_measure", "change_measure", "add_followup"],
        "measure.edit_all": _crud("measure", "followup"),
        "plan.read": ["view_actionplan"],
        "plan.edit": _crud("actionplan", "actionplanentry"),
        "promise.manage": _crud("citizenpromise", "promisereport"),
        "est_meeting.read_all": ["view_estmeeting", "view_estnote", "view_estaction"],
        "est_meeting.edit": [
            *_crud("estmeeting", "estnote", "estaction"),
            "view_minutesdispatch",
        ],
        "goal.read": ["view_goal", "view_surveyresult"],
        "goal.edit": _crud("goal", "indicator", "surveyresult", "areapopulation"),
    }

    def ready(self):
        from core import versioned

        versioned.watch_models(self)  # cached figures that read measures (core.versioned)
        self.fill_slots()

    def fill_slots(self):
        """The lägesbild trends and hot spots offer a measure prefilled from them."""
        slots.fill("lagesbild.trend_actions", "measures/_start_from_lagesbild.html")
        slots.fill("lagesbild.hotspot_actions", "measures/_start_from_lagesbild.html")
        slots.fill("lagesbild.statistics_rates", "measures/_statistics_rates.html")
        # The annual lägesbild's perceived safety: the trygghetsmätning beside Brå's NTU.
        slots.fill("lagesbild.annual_safety", "measures/_annual_survey.html")
