"""Coordinators' forms: allocations, spending, corrections and forecasts."""

import datetime
from decimal import Decimal

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from core.locking import VersionField
from councils.models import Committee
from measures.models import Measure

from .models import MONEY, Activity, Allocation, Theme


class MoneyField(forms.DecimalField):
    """Kronor as people type them: `250 000`, `250\u00a0000`, `1 500 000,50`."""

    def to_python(self, value):
        if isinstance(value, str):
            value = "".join(value.split()).replace("\u202f", "").replace(",", ".")
            value = value.removesuffix("kr")
        return super().to_python(value)


def money_field(label, **kwargs) -> forms.DecimalField:
    return MoneyField(
        label=label,
        max_digits=MONEY["max_digits"],
        decimal_places=MONEY["decimal_places"],
        **kwargs,
    )


class _Form(forms.Form):
    submit_label = _("Save")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", self.submit_label))


class AllocationForm(_Form):
    theme = forms.ModelChoiceField(label=_("Theme"), queryset=Theme.objects.none())
    committee = forms.ModelChoiceField(label=_("Committee"), queryset=Committee.objects.all())
    amount = money_field(
        _("Amount (kr)"), min_value=Decimal("1"), help_text=_("For example 250 000.")
    )
    label = forms.CharField(
        label=_("Label"),
        max_length=200,
        required=False,
        help_text=_("As the decision writes it, e.g. “Kulturnämnden, 2 miljoner kronor”."),
    )
    activities = forms.CharField(
        label=_("Activities"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One activity per line."),
    )

    def __init__(self, *args, package, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["theme"].queryset = package.themes.all()


class AllocationUpdateForm(_Form):
    """An allocation's amount and label; `version` travels along (optimistic lock)."""

    amount = money_field(
        _("Amount (kr)"), min_value=Decimal("1"), help_text=_("For example 250 000.")
    )
    label = forms.CharField(
        label=_("Label"),
        max_length=200,
        required=False,
        help_text=_("As the decision writes it, e.g. “Kulturnämnden, 2 miljoner kronor”."),
    )
    version = VersionField()

    def __init__(self, *args, package, **kwargs):
        super().__init__(*args, **kwargs)


class ExpenditureForm(_Form):
    allocation = forms.ModelChoiceField(label=_("Allocation"), queryset=Allocation.objects.none())
    date = forms.DateField(
        label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}), initial=datetime.date.today
    )
    month_only = forms.BooleanField(
        label=_("Whole month"),
        required=False,
        help_text=_("Tick when the outcome is known per month only."),
    )
    amount = money_field(_("Amount (kr)"), min_value=Decimal("0.01"))
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args, package, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["allocation"].queryset = Allocation.objects.of_package(package).select_related(
            "committee", "theme"
        )


class CorrectionForm(_Form):
    submit_label = _("Register correction")
    date = forms.DateField(
        label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}), initial=datetime.date.today
    )
    amount = money_field(
        _("Change (kr)"),
        help_text=_("Negative to reduce the entry, e.g. -25 000; positive to add to it."),
    )
    note = forms.CharField(label=_("Reason"), max_length=300)


class ForecastForm(_Form):
    allocation = forms.ModelChoiceField(label=_("Allocation"), queryset=Allocation.objects.none())
    as_of = forms.DateField(
        label=_("As of"),
        widget=forms.DateInput(attrs={"type": "date"}),
        initial=datetime.date.today,
    )
    amount = money_field(_("Expected cost for the year (kr)"), min_value=Decimal("0"))
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args, package, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["allocation"].queryset = Allocation.objects.of_package(package).select_related(
            "committee", "theme"
        )


class ActivityMeasuresForm(_Form):
    """Which measures carry out an activity (the trail from kronor to effect)."""

    measures = forms.ModelMultipleChoiceField(
        label=_("Measures"),
        queryset=Measure.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Tick the measures that this activity's money pays for."),
    )

    def __init__(self, *args, package, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["measures"].queryset = Measure.objects.select_related("owner").order_by("title")


class PlanFundingForm(_Form):
    """Kronor of an allocation (or one of its activities) for an action of a plan."""

    submit_label = _("Add the funding")

    allocation = forms.ModelChoiceField(
        label=_("Allocation"),
        queryset=Allocation.objects.none(),
        help_text=_("The package's line the money comes from."),
    )
    activity = forms.ModelChoiceField(
        label=_("Activity"),
        queryset=Activity.objects.none(),
        required=False,
        help_text=_("Empty: the allocation as a whole."),
    )
    amount = money_field(
        _("Amount (kr)"), min_value=Decimal("1"), help_text=_("For example 250 000.")
    )
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["allocation"].queryset = Allocation.objects.select_related(
            "committee", "theme__package"
        ).order_by("-theme__package__year", "theme__order", "order")
        self.fields["allocation"].label_from_instance = lambda a: f"{a.theme.package.year} · {a}"
        self.fields["activity"].queryset = Activity.objects.select_related(
            "allocation__theme__package"
        ).order_by("-allocation__theme__package__year", "allocation__order", "order")
        self.fields["activity"].label_from_instance = lambda a: (
            f"{a.allocation.theme.package.year} · {a.allocation.committee} · {a}"
        )

    def clean(self):
        data = super().clean()
        activity, allocation = data.get("activity"), data.get("allocation")
        if activity and allocation and activity.allocation_id != allocation.pk:
            self.add_error("activity", _("The activity belongs to another allocation."))
        return data
