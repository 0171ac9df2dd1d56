"""Forms of lagesbild: the fast entry (one report, several incidents) and the import."""

from django import forms
from django.conf import settings
from django.db.models import F
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from core.locking import VersionField

from .models import Area, Category, Incident, Place, TimeBand, local_instant


def category_choices():
    """Events grouped under their main category (optgroups); a main without events is itself."""
    groups = []
    mains = Category.objects.filter(parent=None, is_active=True).prefetch_related("children")
    for main in mains:
        children = [c for c in main.children.all() if c.is_active]
        if children:
            groups.append((main.name, [(c.pk, c.name) for c in children]))
        else:
            groups.append((main.pk, main.name))
    return [("", "---------"), *groups]


class _GroupedIterator(forms.models.ModelChoiceIterator):
    """Choices in <optgroup>s, by the field's `group_of(obj)`, in the queryset's order."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        groups: dict[str, list] = {}
        for obj in self.queryset:
            groups.setdefault(self.field.group_of(obj), []).append(self.choice(obj))
        for label, choices in groups.items():
            if label:
                yield (label, choices)
            else:
                yield from choices


class _Grouped:
    iterator = _GroupedIterator

    def group_of(self, obj) -> str:
        raise NotImplementedError


def categories_in_order(queryset=None):
    """Categories main by main (each main first, then its events), as the entry form."""
    queryset = Category.objects.all() if queryset is None else queryset
    return queryset.select_related("parent").order_by(
        Coalesce("parent__position", "position"),
        Coalesce("parent__name", "name"),
        F("parent").asc(nulls_first=True),
        "position",
        "name",
    )


class _CategoryGroups(_Grouped):
    """Events under their main category; a main itself reads as the whole category."""

    def group_of(self, obj) -> str:
        return (obj.parent or obj).name

    def label_from_instance(self, obj) -> str:
        if obj.parent_id:
            return obj.name
        return _("%(main)s (the whole category)") % {"main": obj.name}


class CategoryChoiceField(_CategoryGroups, forms.ModelChoiceField):
    pass


class CategoryMultipleChoiceField(_CategoryGroups, forms.ModelMultipleChoiceField):
    pass


class _AreaGroups(_Grouped):
    """Areas under their group (västra stadsdelarna, centrum, …), by name."""

    def group_of(self, obj) -> str:
        return obj.group


def areas_in_order(queryset=None):
    """Areas group by group, by name within a group."""
    queryset = Area.objects.all() if queryset is None else queryset
    return queryset.order_by("group", "name")


class AreaChoiceField(_AreaGroups, forms.ModelChoiceField):
    pass


class AreaMultipleChoiceField(_AreaGroups, forms.ModelMultipleChoiceField):
    pass


def area_groups() -> list[tuple[str, str]]:
    """The area groups in use, as choices."""
    names = Area.objects.order_by("group").values_list("group", flat=True).distinct()
    return [(name, name) for name in names if name]


def _category_labels(ids) -> dict:
    return {c.pk: str(c) for c in Category.objects.filter(pk__in=ids).select_related("parent")}


def _favourites_first(choices: list, ids, labels_of) -> list:
    """`choices` with an optgroup "Your most used" of `ids` (in order) at the top."""
    if not ids:
        return choices
    labels = labels_of(ids)
    mine = [(pk, labels[pk]) for pk in ids if pk in labels]
    if not mine:
        return choices
    empty, rest = choices[0], choices[1:]
    return [empty, (_("Your most used"), mine), *rest]


class IncidentEntryForm(forms.ModelForm):
    """One incident in the fast entry form."""

    # Made in the browser for each row (lagesbild.js): a resent form makes nothing twice.
    client_key = forms.UUIDField(required=False, widget=forms.HiddenInput)
    time = forms.TimeField(
        label=_("Time"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}),
        help_text=_("If known; otherwise choose the time of day."),
    )

    class Meta:
        model = Incident
        fields = [
            "category",
            "area",
            "place",
            "occurred_on",
            "time",
            "time_band",
            "count",
            "latitude",
            "longitude",
            "assessment",
        ]
        widgets = {
            "occurred_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "assessment": forms.Textarea(attrs={"rows": 2}),
            "latitude": forms.NumberInput(attrs={"step": "0.000001", "data-map": "lat"}),
            "longitude": forms.NumberInput(attrs={"step": "0.000001", "data-map": "lon"}),
            "count": forms.NumberInput(attrs={"min": 1, "inputmode": "numeric"}),
        }

    def __init__(self, *args, favourites: dict | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        favourites = favourites or {}
        self.fields["category"].choices = _favourites_first(
            category_choices(), favourites.get("categories"), _category_labels
        )
        self.fields["area"].queryset = Area.objects.filter(is_active=True)
        self.fields["place"].queryset = Place.objects.filter(is_active=True).select_related("area")
        if favourites.get("places"):
            all_places = [(p.pk, str(p)) for p in self.fields["place"].queryset]
            self.fields["place"].choices = _favourites_first(
                [("", "---------"), (_("All places"), all_places)],
                favourites["places"],
                lambda ids: dict(all_places),
            )
        self.fields["place"].required = False
        self.fields["time_band"].choices = [("", _("Unknown")), *TimeBand.choices]
        self.fields["count"].min_value = 1

    def has_changed(self):
        # The key the browser puts in every row does not make an empty row filled in.
        return any(name != "client_key" for name in self.changed_data)

    def clean(self):
        data = super().clean()
        day, time = data.get("occurred_on"), data.get("time")
        if day and time:
            try:
                data["occurred_at"] = local_instant(day, time)
            except forms.ValidationError as gap:  # 02:30 on the morning clocks go forward
                self.add_error("time", gap)
                data["occurred_at"] = None
        else:
            data["occurred_at"] = None
        return data

    def _post_clean(self):
        self.instance.occurred_at = self.cleaned_data.get("occurred_at")
        super()._post_clean()

    def incident_data(self) -> dict:
        data = {k: v for k, v in self.cleaned_data.items() if k not in {"time", "DELETE"}}
        return data


class IncidentEditForm(IncidentEntryForm):
    """One incident changed; the version it showed travels along (optimistic lock)."""

    version = VersionField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["client_key"]
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version

    def incident_data(self) -> dict:
        data = super().incident_data()
        data.pop("version", None)
        return data


class BaseEntryFormSet(forms.BaseModelFormSet):
    def clean(self):
        super().clean()
        if any(self.errors):
            return
        if not any(f.has_changed() and not self._should_delete_form(f) for f in self.forms):
            raise forms.ValidationError(_("Fill in at least one incident."))


IncidentEntryFormSet = forms.modelformset_factory(
    Incident,
    form=IncidentEntryForm,
    formset=BaseEntryFormSet,
    extra=1,
    max_num=20,
    can_delete=False,
)


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("File (CSV or XLSX)"),
        help_text=_("Columns as in the template. Check the file first; nothing is saved then."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        limit = settings.MAX_UPLOAD_SIZE
        if upload.size > limit:
            raise forms.ValidationError(
                _(
                    "The file is %(size)s MB; the limit is %(limit)s MB. Split it into smaller "
                    "files."
                )
                % {"size": round(upload.size / 1e6, 1), "limit": round(limit / 1e6, 1)}
            )
        if not upload.name.lower().endswith((".csv", ".xlsx")):
            raise forms.ValidationError(_("Upload a .csv or .xlsx file."))
        return upload
