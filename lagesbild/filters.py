"""The incident filters, shared by the list, the export and the API."""

import re

import django_filters
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.isoweek import Week
from councils.models import Organisation

from .forms import (
    AreaChoiceField,
    CategoryChoiceField,
    area_groups,
    areas_in_order,
    categories_in_order,
)
from .models import Incident, Source

WEEK_RE = re.compile(r"^(\d{4})-W(\d{1,2})$")


def parse_week(value: str) -> tuple[int, int]:
    """'2023-W07' → (2023, 7); a clear error otherwise."""
    match = WEEK_RE.match((value or "").strip())
    if match:
        try:
            week = Week(int(match[1]), int(match[2]))
            return week.iso_year, week.iso_week
        except ValueError:
            pass
    raise ValidationError(_("Give the week as 2023-W07."))


class WeekField(django_filters.fields.forms.CharField):
    def clean(self, value):
        value = super().clean(value)
        if value:
            parse_week(value)
        return value


class WeekFilter(django_filters.CharFilter):
    field_class = WeekField

    def filter(self, qs, value):
        if not value:
            return qs
        return qs.in_week(*parse_week(value))


class CategoryFilter(django_filters.ModelChoiceFilter):
    """A category, events grouped under their main category."""

    field_class = CategoryChoiceField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("queryset", lambda request: categories_in_order())
        super().__init__(*args, **kwargs)


class AreaFilter(django_filters.ModelChoiceFilter):
    """An area, grouped by area group."""

    field_class = AreaChoiceField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("queryset", lambda request: areas_in_order())
        super().__init__(*args, **kwargs)


class DateInput(django_filters.fields.forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class IncidentFilter(django_filters.FilterSet):
    week = WeekFilter(label=_("Week"), help_text=_("E.g. 2023-W07."))
    date_from = django_filters.DateFilter(
        field_name="occurred_on", lookup_expr="gte", label=_("From"), widget=DateInput()
    )
    date_to = django_filters.DateFilter(
        field_name="occurred_on", lookup_expr="lte", label=_("To"), widget=DateInput()
    )
    area = AreaFilter(label=_("Area"))
    area_group = django_filters.ChoiceFilter(
        field_name="area__group", label=_("Area group"), choices=area_groups
    )
    category = CategoryFilter(method="filter_category", label=_("Category"))
    organisation = django_filters.ModelChoiceFilter(
        queryset=Organisation.objects.all(), label=_("Organisation")
    )
    source = django_filters.ChoiceFilter(choices=Source.choices, label=_("Source"))
    q = django_filters.CharFilter(method="filter_text", label=_("Search"))

    class Meta:
        model = Incident
        fields = ["week", "date_from", "date_to", "area", "category", "organisation", "source"]

    def filter_category(self, qs, name, value):
        return qs.in_category(value) if value else qs

    def filter_text(self, qs, name, value):
        # Searches what the list shows; the free text only for roles that may read it.
        words = Q(area__name__icontains=value) | Q(place__name__icontains=value)
        words |= Q(category__name__icontains=value) | Q(external_id=value)
        user = getattr(self.request, "user", None)
        if user is not None and _reads_free_text(user):
            words |= Q(assessment__icontains=value)
        return qs.filter(words)


def _reads_free_text(user) -> bool:
    from councils.permissions import can

    return can(user, "incident.read_text")
