"""Forms of measures: measure, follow-up, action plan and its actions, citizen promise."""

import django_filters
from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.locking import VersionField
from councils.models import FocusArea, Organisation
from councils.permissions import can
from lagesbild.filters import AreaFilter, CategoryFilter
from lagesbild.forms import (
    AreaChoiceField,
    AreaMultipleChoiceField,
    CategoryMultipleChoiceField,
    areas_in_order,
    categories_in_order,
)
from lagesbild.models import Area, Problem

from .models import ActionPlan, ActionPlanEntry, CitizenPromise, FollowUp, Measure, PromiseReport


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class MeasureForm(forms.ModelForm):
    """A measure; `version` travels with the form for the optimistic lock."""

    version = VersionField()

    class Meta:
        model = Measure
        fields = [
            "title",
            "kind",
            "type",
            "description",
            "target_group",
            "focus_areas",
            "problems",
            "areas",
            "categories",
            "owner",
            "contact_user",
            "contact_role",
            "partners",
            "start_date",
            "end_date",
            "status",
            "progress",
            "expected_effect",
            "indicator",
            "next_follow_up_due",
            "comparison_area",
        ]
        widgets = {
            "start_date": DateInput(),
            "end_date": DateInput(),
            "next_follow_up_due": DateInput(),
            "problems": forms.SelectMultiple(attrs={"size": 5}),
            "areas": forms.SelectMultiple(attrs={"size": 8}),
            "categories": forms.SelectMultiple(attrs={"size": 8}),
            "partners": forms.SelectMultiple(attrs={"size": 6}),
            "description": forms.Textarea(attrs={"rows": 4}),
            "expected_effect": forms.Textarea(attrs={"rows": 3}),
            "indicator": forms.Textarea(attrs={"rows": 2}),
            "focus_areas": forms.CheckboxSelectMultiple,
            "progress": forms.NumberInput(attrs={"min": 0, "max": 100, "step": 5}),
        }
        field_classes = {
            "areas": AreaMultipleChoiceField,
            "categories": CategoryMultipleChoiceField,
            "comparison_area": AreaChoiceField,
        }

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["problems"].queryset = Problem.objects.select_related(
            "annual_picture"
        ).order_by("-annual_picture__year", "rank")
        active_areas = areas_in_order(Area.objects.filter(is_active=True))
        self.fields["areas"].queryset = active_areas
        self.fields["comparison_area"].queryset = active_areas
        self.fields["categories"].queryset = categories_in_order().filter(is_active=True)
        self.fields["focus_areas"].queryset = FocusArea.objects.select_related("council")
        self.fields["kind"].required = False
        active = Organisation.objects.filter(is_active=True)
        self.fields["owner"].queryset = active
        self.fields["partners"].queryset = active
        contacts = get_user_model().objects.filter(is_active=True).order_by("username")
        if user is None or not can(user, "measure.edit_all"):
            # Only coordinators choose among every account; the others see their own
            # organisation's people (and the contact already chosen), never the directory.
            contacts = contacts.filter(
                Q(organisation_id=getattr(user, "organisation_id", None))
                | Q(pk=self.instance.contact_user_id)
            )
        self.fields["contact_user"].queryset = contacts
        self.fields["contact_user"].help_text = _(
            "Or give a role below; never a private person's details."
        )
        self.fields["version"].initial = self.instance.version if self.instance.pk else 1
        if user is not None and not can(user, "measure.edit_all"):
            # Police and reporters plan for their own organisation only.
            self.fields["owner"].queryset = active.filter(pk=user.organisation_id)
            self.fields["owner"].initial = user.organisation_id
            self.fields["owner"].disabled = True

    def clean(self):
        data = super().clean()
        # Forms that leave the kind out (older clients, prefilled links) mean place-based.
        data["kind"] = data.get("kind") or Measure.Kind.PLACE
        if data.get("kind") == Measure.Kind.SOCIAL and not (data.get("target_group") or "").strip():
            self.add_error("target_group", _("A social-prevention measure needs its target group."))
        return data

    def clean_progress(self):
        value = self.cleaned_data.get("progress")
        if value is not None and not 0 <= value <= 100:
            raise forms.ValidationError(_("Progress is a percentage from 0 to 100."))
        return value


class MeasureOriginForm(forms.Form):
    """What started a new measure (hidden on the form): the kind (hot cell, area, place or
    category trend), the week or period it was seen in, its key and a readable label.

    The lägesbild's "Starta en insats" links name them in the query string (`from`,
    `start`, `end`, `key`, `label`); the form carries them as hidden fields to the save.
    """

    MAX_PERIOD_DAYS = 3 * 366

    origin = forms.ChoiceField(choices=[c for c in Measure.Origin.choices if c[0]], required=False)
    origin_start = forms.DateField(required=False)
    origin_end = forms.DateField(required=False)
    origin_key = forms.RegexField(regex=r"^-?\d{1,9}(,-?\d{1,9})?$", max_length=40, required=False)
    origin_label = forms.CharField(max_length=200, required=False)

    @classmethod
    def from_query(cls, query) -> "MeasureOriginForm":
        """The form bound to a "Starta en insats" link's query string."""
        names = {"from": "origin", "start": "origin_start", "end": "origin_end"}
        names |= {"key": "origin_key", "label": "origin_label"}
        return cls({field: query.get(param, "") for param, field in names.items()})

    def clean(self):
        data = super().clean()
        start, end = data.get("origin_start"), data.get("origin_end")
        if (start is None) != (end is None):
            raise forms.ValidationError(_("The period of the origin needs both dates."))
        if start and end and not 0 <= (end - start).days <= self.MAX_PERIOD_DAYS:
            raise forms.ValidationError(
                _("The period of the origin must run forwards and be at most three years.")
            )
        if not data.get("origin"):
            # No kind: nothing started the measure, whatever else the link said.
            return {"origin": "", "origin_start": None, "origin_end": None}
        return data

    def origin_fields(self) -> dict:
        """The Measure fields of a valid form; none (entered directly) otherwise."""
        if not self.is_valid():
            return {"origin": ""}
        data = self.cleaned_data
        return {
            "origin": data["origin"],
            "origin_start": data.get("origin_start"),
            "origin_end": data.get("origin_end"),
            "origin_key": data.get("origin_key", ""),
            "origin_label": data.get("origin_label", ""),
        }


class FollowUpForm(forms.ModelForm):
    next_due = forms.DateField(
        label=_("Next follow-up due"),
        required=False,
        widget=DateInput(),
        help_text=_("Empty: no further follow-up planned."),
    )
    progress = forms.IntegerField(
        label=_("Progress (%)"), min_value=0, max_value=100, required=False
    )

    class Meta:
        model = FollowUp
        fields = ["date", "done", "result", "next_step"]
        widgets = {
            "date": DateInput(),
            "done": forms.Textarea(attrs={"rows": 3}),
            "result": forms.Textarea(attrs={"rows": 3}),
            "next_step": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {
            "done": _("Places, times and situations — no names or personal data."),
        }


class ActionPlanForm(forms.ModelForm):
    class Meta:
        model = ActionPlan
        fields = [
            "title",
            "year",
            "agreement",
            "valid_from",
            "valid_to",
            "annual_picture",
            "adopted_on",
            "adopted_by",
            "decision_reference",
            "summary",
        ]
        widgets = {
            "valid_from": DateInput(),
            "valid_to": DateInput(),
            "adopted_on": DateInput(),
            "summary": forms.Textarea(attrs={"rows": 3}),
        }


class ActionPlanEntryForm(forms.ModelForm):
    class Meta:
        model = ActionPlanEntry
        fields = ["measure", "problem", "heading", "priority", "responsible"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["responsible"].required = False


class ActionPlanEntryDetailForm(forms.ModelForm):
    """One action as Brå's guidance describes it: goal, effects, activities, timetable,
    resources, indicator and follow-up."""

    class Meta:
        model = ActionPlanEntry
        fields = [
            "goal",
            "goal_text",
            "effect_short",
            "effect_long",
            "activities",
            "milestones",
            "resources",
            "indicator",
            "follow_up_method",
        ]
        widgets = {
            name: forms.Textarea(attrs={"rows": 3})
            for name in (
                "goal_text",
                "effect_short",
                "effect_long",
                "activities",
                "milestones",
                "resources",
                "indicator",
                "follow_up_method",
            )
        }


EntryFormSet = forms.inlineformset_factory(
    ActionPlan, ActionPlanEntry, form=ActionPlanEntryForm, extra=1, can_delete=True
)


class CitizenPromiseForm(forms.ModelForm):
    class Meta:
        model = CitizenPromise
        fields = [
            "title",
            "text",
            "actions",
            "valid_from",
            "valid_to",
            "period_is_approximate",
            "report_due",
            "parties",
            "measures",
            "is_published",
            "source",
        ]
        widgets = {
            "valid_from": DateInput(),
            "valid_to": DateInput(),
            "report_due": DateInput(),
            "text": forms.Textarea(attrs={"rows": 3}),
            "actions": forms.Textarea(attrs={"rows": 4}),
        }


class PromiseReportForm(forms.ModelForm):
    class Meta:
        model = PromiseReport
        fields = ["date", "text", "is_public"]
        widgets = {"date": DateInput(), "text": forms.Textarea(attrs={"rows": 4})}


class MeasureFilter(django_filters.FilterSet):
    """The board's filters: status, owner, type, area, category and free text."""

    q = django_filters.CharFilter(method="search", label=_("Search"))
    status = django_filters.MultipleChoiceFilter(
        choices=Measure.Status.choices, widget=forms.CheckboxSelectMultiple, label=_("Status")
    )
    owner = django_filters.ModelChoiceFilter(
        queryset=Organisation.objects.all(), label=_("Owner organisation")
    )
    type = django_filters.ChoiceFilter(choices=Measure.Type.choices, label=_("Type"))
    kind = django_filters.ChoiceFilter(choices=Measure.Kind.choices, label=_("Kind of prevention"))
    focus_areas = django_filters.ModelChoiceFilter(
        queryset=FocusArea.objects.all(), label=_("Focus area")
    )
    areas = AreaFilter(label=_("Area"))
    categories = CategoryFilter(label=_("Category"))
    problems = django_filters.ModelChoiceFilter(
        queryset=Problem.objects.order_by("-annual_picture__year", "rank"), label=_("Problembild")
    )
    attention = django_filters.BooleanFilter(
        method="needs_attention",
        label=_("Needs follow-up"),
        widget=forms.CheckboxInput,
    )

    class Meta:
        model = Measure
        fields = [
            "q",
            "status",
            "owner",
            "problems",
            "kind",
            "focus_areas",
            "type",
            "areas",
            "categories",
            "attention",
        ]

    def search(self, queryset, name, value):
        return queryset.filter(title__icontains=value) if value else queryset

    def needs_attention(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(pk__in=Measure.objects.needing_attention().values("pk"))
