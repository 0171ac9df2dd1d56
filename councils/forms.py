from django import forms
from django.utils.translation import gettext_lazy as _

from core.locking import VersionField

from .models import (
    AgendaDocument,
    AgendaItem,
    CooperationAgreement,
    Decision,
    Meeting,
    Organisation,
    User,
    parties_key_of,
)
from .permissions import users_who_can


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["first_name", "last_name", "email", "preferred_language", "reporting_reminders"]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class MeetingForm(forms.ModelForm):
    # The version the editor saw travels with the form (optimistic lock).
    version = VersionField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version

    class Meta:
        model = Meeting
        fields = [
            "council",
            "title",
            "starts_at",
            "ends_at",
            "date_is_approximate",
            "place",
            "status",
            "note",
            "minutes",
        ]
        widgets = {
            "starts_at": DateTimeInput(),
            "ends_at": DateTimeInput(),
            "note": forms.Textarea(attrs={"rows": 2}),
            "minutes": forms.Textarea(attrs={"rows": 6}),
        }


class AttendanceForm(forms.Form):
    """Who was present at a meeting: one tick and a short note per member."""

    def __init__(self, *args, rows: list[dict], **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = rows
        for row in rows:
            person, attendance = row["person"], row["attendance"]
            self.fields[f"present_{person.pk}"] = forms.BooleanField(
                label=str(person), required=False, initial=bool(attendance and attendance.present)
            )
            self.fields[f"note_{person.pk}"] = forms.CharField(
                label=_("Note on %(person)s") % {"person": person.name},
                max_length=200,
                required=False,
                initial=attendance.note if attendance else "",
            )

    def table(self) -> list[dict]:
        """The rows with their bound fields, for the template."""
        return [
            {
                **row,
                "present": self[f"present_{row['person'].pk}"],
                "note": self[f"note_{row['person'].pk}"],
            }
            for row in self.rows
        ]

    def attendance(self) -> dict[int, tuple[bool, str]]:
        """person id → (present, note), after is_valid()."""
        data = self.cleaned_data
        return {
            row["person"].pk: (
                data[f"present_{row['person'].pk}"],
                data[f"note_{row['person'].pk}"],
            )
            for row in self.rows
        }


class AgendaItemForm(forms.ModelForm):
    link_url = forms.URLField(
        label=_("Link"),
        required=False,
        assume_scheme="https",
        help_text=_("A page the item is about, e.g. a lägesbild, a measure or a budget line."),
    )

    class Meta:
        model = AgendaItem
        fields = [
            "order",
            "title",
            "description",
            "presenter",
            "presenter_name",
            "duration_minutes",
            "link_url",
            "link_label",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, can_assign_presenter: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["presenter"].queryset = users_who_can("agenda.contribute")
        if not can_assign_presenter:
            # A presenter edits the content of their item, not who presents it.
            del self.fields["presenter"]
            del self.fields["order"]


class AgendaDocumentForm(forms.ModelForm):
    class Meta:
        model = AgendaDocument
        fields = ["title", "file"]


class DecisionForm(forms.ModelForm):
    class Meta:
        model = Decision
        fields = ["agenda_item", "text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, meeting: Meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.meeting = meeting
        self.fields["agenda_item"].queryset = meeting.agenda_items.all()


class CooperationAgreementForm(forms.ModelForm):
    parties = forms.ModelMultipleChoiceField(
        label=_("Parties"),
        queryset=Organisation.objects.filter(is_active=True),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The organisations that are party to the agreement (at least two)."),
    )

    class Meta:
        model = CooperationAgreement
        fields = [
            "title",
            "parties",
            "signed_on",
            "valid_from",
            "valid_to",
            "goal",
            "summary",
            "focus_areas",
            "document",
            "note",
        ]
        widgets = {
            "signed_on": DateInput(),
            "valid_from": DateInput(),
            "valid_to": DateInput(),
            "goal": forms.Textarea(attrs={"rows": 2}),
            "summary": forms.Textarea(attrs={"rows": 5}),
            "focus_areas": forms.Textarea(attrs={"rows": 4}),
            "note": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial.setdefault("parties", list(self.instance.parties.all()))

    def clean_parties(self):
        parties = self.cleaned_data["parties"]
        if len(parties) < 2:
            raise forms.ValidationError(_("Choose at least two parties."))
        return parties

    def clean(self):
        cleaned = super().clean()
        # The model's clean() compares periods of agreements between the same parties;
        # give it the key before ModelForm runs it.
        if cleaned.get("parties"):
            self.instance.parties_key = parties_key_of(cleaned["parties"])
        return cleaned


class AgreementTerminateForm(forms.Form):
    terminated_on = forms.DateField(
        label=_("Last day the agreement applies"),
        widget=DateInput(),
        help_text=_("Either party may terminate the agreement early."),
    )
