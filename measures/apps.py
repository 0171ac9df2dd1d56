from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


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
