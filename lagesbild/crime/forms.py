"""The upload form of the statistics import."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..forms import ImportForm
from .imports import FORMATS


class StatisticsImportForm(ImportForm):
    kind = forms.ChoiceField(
        label=_("Kind of file"),
        choices=[(key, fmt.label) for key, fmt in FORMATS.items()],
    )
    field_order = ["kind", "file"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _(
            "Columns as listed above. Check the file first; nothing is saved then."
        )
