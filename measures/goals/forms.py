"""Forms of goals: the goal and its indicators (an inline formset), survey filters."""

from django import forms
from django.forms import inlineformset_factory
from django.utils.translation import gettext_lazy as _

from lagesbild.forms import (
    AreaMultipleChoiceField,
    CategoryMultipleChoiceField,
    areas_in_order,
    categories_in_order,
)
from lagesbild.models import Area

from ..models import Goal, Indicator


class GoalForm(forms.ModelForm):
    class Meta:
        model = Goal
        fields = [
            "title",
            "text",
            "council",
            "agreement",
            "direction",
            "baseline_year",
            "baseline_value",
            "target_value",
            "target_date",
            "position",
            "focus_areas",
        ]
        widgets = {
            "text": forms.Textarea(attrs={"rows": 3}),
            "focus_areas": forms.CheckboxSelectMultiple,
            "target_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }
        # Swedish users type decimal commas (3,5).
        localized_fields = ["baseline_value", "target_value"]
        help_texts = {
            "council": _("Either the council or an agreement period."),
        }


class IndicatorForm(forms.ModelForm):
    class Meta:
        model = Indicator
        fields = [
            "name",
            "kind",
            "granularity",
            "areas",
            "categories",
            "survey_name",
            "survey_question",
            "position",
        ]
        widgets = {
            "areas": forms.SelectMultiple(attrs={"size": 6}),
            "categories": forms.SelectMultiple(attrs={"size": 6}),
        }
        field_classes = {
            "areas": AreaMultipleChoiceField,
            "categories": CategoryMultipleChoiceField,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["areas"].queryset = areas_in_order(Area.objects.filter(is_active=True))
        self.fields["categories"].queryset = categories_in_order().filter(is_active=True)

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        if kind in Indicator.SURVEY_KINDS:
            if not data.get("survey_question"):
                self.add_error("survey_question", _("A survey indicator needs a question."))
            data["granularity"] = Indicator.Granularity.YEAR
        return data


IndicatorFormSet = inlineformset_factory(
    Goal,
    Indicator,
    form=IndicatorForm,
    extra=1,
    can_delete=True,
    min_num=1,
    validate_min=True,
)
