"""Forms of the weekly and annual lägesbild and the hot-spot filter."""

import datetime as dt

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.isoweek import Week
from core.locking import VersionField
from core.personal_data import validate_no_personal_data

from ..forms import (
    AreaChoiceField,
    AreaMultipleChoiceField,
    CategoryChoiceField,
    CategoryMultipleChoiceField,
    areas_in_order,
    categories_in_order,
)
from ..models import AnnualPicture, Problem, VictimConsequence

MAX_PERIOD_DAYS = 3 * 366


class HotspotFilterForm(forms.Form):
    """Period (both dates inclusive), category and area for the Gi* hot spots."""

    start = forms.DateField(
        label=_("From"), widget=forms.DateInput(attrs={"type": "date"}), required=False
    )
    end = forms.DateField(
        label=_("To"), widget=forms.DateInput(attrs={"type": "date"}), required=False
    )
    category = CategoryChoiceField(
        label=_("Category"),
        queryset=categories_in_order(),
        required=False,
        empty_label=_("All categories"),
        help_text=_("A main category includes its events."),
    )
    area = AreaChoiceField(
        label=_("Area"), queryset=areas_in_order(), required=False, empty_label=_("All areas")
    )

    @staticmethod
    def default_period(today: dt.date | None = None) -> tuple[dt.date, dt.date]:
        """The 12 whole weeks up to last Sunday."""
        today = today or timezone.localdate()
        end = Week.last(today).sunday
        return end - dt.timedelta(weeks=12) + dt.timedelta(days=1), end

    def clean(self):
        data = super().clean()
        start, end = self.default_period()
        data["start"] = data.get("start") or start
        data["end"] = data.get("end") or end
        if data["start"] > data["end"]:
            raise ValidationError(_("The start date must be on or before the end date."))
        if (data["end"] - data["start"]).days > MAX_PERIOD_DAYS:
            raise ValidationError(_("Choose a period of at most three years."))
        return data

    def whole_weeks(self) -> tuple[dt.date, dt.date] | None:
        """(Monday, Sunday) when the filter is whole weeks of every incident, else None."""
        data = self.cleaned_data
        if data.get("category") or data.get("area"):
            return None
        if data["start"].isoweekday() != 1 or data["end"].isoweekday() != 7:
            return None
        return data["start"], data["end"]

    def incidents(self, queryset):
        """The incidents the filter selects (call after is_valid())."""
        data = self.cleaned_data
        queryset = queryset.in_period(data["start"], data["end"])
        if data.get("category"):
            queryset = queryset.in_category(data["category"])
        if data.get("area"):
            queryset = queryset.in_area(data["area"])
        return queryset


class WeeklyPictureForm(forms.Form):
    """The coordinator's assessment of the week and the problems it prioritises."""

    assessment = forms.CharField(
        label=_("Assessment (analysis)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=10_000,
        validators=[validate_no_personal_data],
        help_text=_(
            "What changed, why, and what should be done. Published to council members "
            "too: no names or personal data."
        ),
    )
    problems = forms.ModelMultipleChoiceField(
        label=_("Prioritised problems this week"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    # The version the editor saw (0: no picture yet); optimistic lock.
    version = VersionField()

    def __init__(self, *args, week, **kwargs):
        super().__init__(*args, **kwargs)
        # This year's and last year's problembilder (the annual picture may lag).
        self.fields["problems"].queryset = (
            Problem.objects.filter(annual_picture__year__in=[week.iso_year, week.iso_year - 1])
            .select_related("annual_picture")
            .order_by("-annual_picture__year", "rank")
        )
        self.fields["problems"].label_from_instance = lambda p: (
            f"{p.annual_picture.year}: {p.rank}. {p.title}"
        )


class AnnualPictureForm(forms.Form):
    """Title, joint analysis and the inputs of the annual picture."""

    title = forms.CharField(label=_("Title"), max_length=200, required=False)
    summary = forms.CharField(
        label=_("Analysis"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        validators=[validate_no_personal_data],
    )
    staff_dialogues = forms.CharField(
        label=_("Staff dialogues (medarbetardialoger)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        validators=[validate_no_personal_data],
    )
    citizen_dialogues = forms.CharField(
        label=_("Citizen dialogues (medborgardialoger)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        validators=[validate_no_personal_data],
    )
    statistics = forms.CharField(
        label=_("Statistics used"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        validators=[validate_no_personal_data],
    )
    # The version the editor saw (0: no picture yet); optimistic lock.
    version = VersionField()


class VictimConsequenceForm(forms.ModelForm):
    """One row of the victim perspective or of the consequences of crime."""

    class Meta:
        model = VictimConsequence
        fields = [
            "kind",
            "subject",
            "description",
            "organisation",
            "figure",
            "figure_unit",
            "period_start",
            "period_end",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 2}),
            "period_start": forms.DateInput(attrs={"type": "date"}),
            "period_end": forms.DateInput(attrs={"type": "date"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from councils.models import Organisation

        self.fields["organisation"].queryset = Organisation.objects.filter(is_active=True)


VictimConsequenceFormSet = forms.inlineformset_factory(
    AnnualPicture,
    VictimConsequence,
    form=VictimConsequenceForm,
    extra=2,
    max_num=30,
    validate_max=True,
    can_delete=True,
)


class ProblemForm(forms.ModelForm):
    """A problembild: description, the incidents behind it and the orsaksanalys."""

    # The version the editor saw travels with the form (optimistic lock).
    version = VersionField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
        self.fields["areas"].queryset = areas_in_order()
        self.fields["categories"].queryset = categories_in_order()

    class Meta:
        model = Problem
        field_classes = {
            "areas": AreaMultipleChoiceField,
            "categories": CategoryMultipleChoiceField,
        }
        fields = [
            "title",
            "description",
            "focus_areas",
            "areas",
            "categories",
            "period_start",
            "period_end",
            "cause_place",
            "cause_offenders",
            "cause_targets",
            "cause_guardians",
            "cause_contributing",
            "cause_sources",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "focus_areas": forms.CheckboxSelectMultiple,
            "areas": forms.CheckboxSelectMultiple,
            "categories": forms.SelectMultiple(attrs={"size": 8}),
            "period_start": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "period_end": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            **{
                name: forms.Textarea(attrs={"rows": 3})
                for name in (
                    "cause_place",
                    "cause_offenders",
                    "cause_targets",
                    "cause_guardians",
                    "cause_contributing",
                    "cause_sources",
                )
            },
        }
