"""Forms of the EST meeting."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from councils.models import Organisation
from lagesbild.models import WeeklyPicture

from ..models import EstAction, EstNote, Measure


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class EstMeetingForm(forms.Form):
    held_on = forms.DateField(label=_("Meeting date"), widget=DateInput())
    weekly_picture = forms.ModelChoiceField(
        label=_("The week's situation picture"),
        queryset=WeeklyPicture.objects.none(),
        required=False,
        help_text=_("The week the meeting looked at."),
    )
    organisations = forms.ModelMultipleChoiceField(
        label=_("Participating organisations"), queryset=Organisation.objects.none()
    )
    summary = forms.CharField(
        label=_("General notes"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("No names or personal data."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The last half year of weeks (a bounded list; a slice cannot be validated against).
        recent = WeeklyPicture.objects.order_by("-iso_year", "-iso_week").values("pk")[:26]
        self.fields["weekly_picture"].queryset = WeeklyPicture.objects.filter(pk__in=recent)
        self.fields["organisations"].queryset = Organisation.objects.filter(is_active=True)
        if not self.is_bound:
            self.initial.setdefault("held_on", timezone.localdate())
            self.initial.setdefault(
                "organisations",
                list(Organisation.objects.filter(is_reporting=True, is_active=True)),
            )
            latest = WeeklyPicture.objects.published().first()
            if latest:
                self.initial.setdefault("weekly_picture", latest.pk)


class EstNoteForm(forms.ModelForm):
    class Meta:
        model = EstNote
        fields = ["kind", "topic", "text"]
        widgets = {
            "text": forms.Textarea(attrs={"rows": 2}),
            "topic": forms.TextInput(attrs={"list": "topics"}),
        }


class EstActionForm(forms.ModelForm):
    class Meta:
        model = EstAction
        fields = ["responsible", "what", "due_on", "kind", "measure", "note"]
        widgets = {"due_on": DateInput()}

    def __init__(self, *args, meeting=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["responsible"].queryset = Organisation.objects.filter(is_active=True)
        self.fields["measure"].queryset = Measure.objects.active().order_by("title")
        self.fields["measure"].required = False
        self.fields["measure"].help_text = _("Only for a follow-up of an existing measure.")
        self.fields["note"].queryset = meeting.notes.all() if meeting else EstNote.objects.none()
        self.fields["note"].required = False
        self.instance.meeting = meeting

    def clean(self):
        data = super().clean()
        if data.get("kind") == EstAction.Kind.FOLLOW_UP and not data.get("measure"):
            self.add_error("measure", _("Choose the measure to follow up."))
        return data
