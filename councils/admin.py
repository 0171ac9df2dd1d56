from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from core.locking import CONFLICT_MESSAGE, VersionField, version_claim

from .models import (
    AgendaDocument,
    AgendaItem,
    AgreementNotice,
    AgreementSignatory,
    Attendance,
    BoardReport,
    Committee,
    CooperationAgreement,
    Council,
    Decision,
    FocusArea,
    Meeting,
    MeetingPackRead,
    Membership,
    Organisation,
    Person,
    Seat,
    User,
    parties_key_of,
)


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "kind", "is_active", "is_reporting"]
    list_filter = ["kind", "is_active", "is_reporting"]
    list_editable = ["is_reporting"]
    search_fields = ["name", "short_name"]


@admin.register(Committee)
class CommitteeAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "organisation"]
    list_filter = ["organisation"]
    search_fields = ["name", "short_name"]


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ["username", "email", "organisation", "is_staff", "is_active"]
    list_filter = ["groups", "organisation", "is_staff", "is_active"]
    list_select_related = ["organisation"]
    fieldsets = (
        *DjangoUserAdmin.fieldsets,
        (
            _("Organisation and language"),
            {
                "fields": (
                    "organisation",
                    "committees",
                    "preferred_language",
                    "reporting_reminders",
                )
            },
        ),
    )
    filter_horizontal = ("groups", "user_permissions", "committees")


class SeatInline(admin.TabularInline):
    model = Seat
    extra = 0


class FocusAreaInline(admin.TabularInline):
    model = FocusArea
    extra = 0


@admin.register(Council)
class CouncilAdmin(admin.ModelAdmin):
    list_display = ["name", "decided_on", "first_meeting_on", "coordinated_by"]
    search_fields = ["name", "purpose"]
    list_filter = ["decided_by"]
    inlines = [FocusAreaInline, SeatInline]


@admin.register(FocusArea)
class FocusAreaAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "council", "order"]
    search_fields = ["name", "short_name", "description"]


@admin.register(BoardReport)
class BoardReportAdmin(admin.ModelAdmin):
    list_display = ["date", "title", "committee", "reference"]
    list_filter = ["committee"]
    search_fields = ["title", "reference"]


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["name", "title", "party", "organisation"]
    list_filter = ["organisation", "party"]
    search_fields = ["name", "title"]


@admin.register(Seat)
class SeatAdmin(admin.ModelAdmin):
    list_display = ["label", "council", "committee", "organisation", "order"]
    list_filter = ["council", "committee", "organisation"]
    search_fields = ["label"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["person", "seat", "role", "valid_from", "valid_to"]
    list_filter = ["role", "seat__council", "seat"]
    list_select_related = ["person", "seat"]
    search_fields = ["person__name", "seat__label", "title"]
    date_hierarchy = "valid_from"


class AgendaDocumentInline(admin.TabularInline):
    model = AgendaDocument
    extra = 0


class AgendaItemInline(admin.TabularInline):
    model = AgendaItem
    extra = 0
    fields = ["order", "title", "presenter", "presenter_name", "duration_minutes", "link_url"]


class DecisionInline(admin.TabularInline):
    model = Decision
    extra = 0


class AttendanceInline(admin.TabularInline):
    model = Attendance
    extra = 0


class MeetingAdminForm(forms.ModelForm):
    """The meeting with its minutes and attendance (inlines), under the optimistic lock."""

    version = VersionField()

    class Meta:
        model = Meeting
        exclude: list[str] = []  # every editable field, as the admin's default form

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version

    def clean(self):
        data = super().clean()
        if self.instance.pk:
            # Locked until the admin's transaction ends: the save below cannot lose a race.
            current = Meeting.objects.select_for_update().filter(
                pk=self.instance.pk, version=data.get("version") or 0
            )
            if not current.exists():
                raise forms.ValidationError(
                    CONFLICT_MESSAGE % {"what": Meeting._meta.verbose_name}, code="conflict"
                )
        return data


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    form = MeetingAdminForm
    list_display = ["title", "starts_at", "status", "place", "pack_published_at"]
    list_filter = ["status", "council", "date_is_approximate"]
    search_fields = ["title", "place", "minutes"]
    date_hierarchy = "starts_at"
    inlines = [AgendaItemInline, DecisionInline, AttendanceInline]

    def save_model(self, request, obj, form, change):
        if change:
            version_claim(obj, version=form.cleaned_data.get("version"))
        super().save_model(request, obj, form, change)


@admin.register(AgendaItem)
class AgendaItemAdmin(admin.ModelAdmin):
    list_display = ["title", "meeting", "order", "presenter_name", "duration_minutes"]
    list_filter = ["meeting"]
    search_fields = ["title", "presenter_name", "description"]
    inlines = [AgendaDocumentInline]


@admin.register(AgendaDocument)
class AgendaDocumentAdmin(admin.ModelAdmin):
    list_display = ["title", "item", "uploaded_at"]
    list_filter = ["item__meeting"]
    search_fields = ["title", "item__title"]


@admin.register(Decision)
class DecisionAdmin(admin.ModelAdmin):
    list_display = ["__str__", "meeting", "number"]
    list_filter = ["meeting"]
    search_fields = ["text"]


@admin.register(Attendance)
class AttendanceAdmin(admin.ModelAdmin):
    list_display = ["person", "meeting", "present"]
    list_filter = ["present", "meeting"]
    search_fields = ["person__name", "meeting__title"]


@admin.register(MeetingPackRead)
class MeetingPackReadAdmin(admin.ModelAdmin):
    list_display = ["meeting", "user", "first_opened_at", "last_opened_at", "times_opened"]
    list_filter = ["meeting"]
    search_fields = ["user__username", "meeting__title"]


class AgreementSignatoryInline(admin.TabularInline):
    model = AgreementSignatory
    extra = 0


@admin.register(CooperationAgreement)
class CooperationAgreementAdmin(admin.ModelAdmin):
    list_display = ["title", "valid_from", "valid_to", "terminated_on", "signed_on"]
    list_filter = ["parties"]
    search_fields = ["title", "summary", "focus_areas"]
    date_hierarchy = "valid_from"
    inlines = [AgreementSignatoryInline]

    def save_related(self, request, form, formsets, change):
        # Keep the normalised parties key in step with the parties chosen here.
        super().save_related(request, form, formsets, change)
        key = parties_key_of(form.instance.parties.all())
        if key != form.instance.parties_key:
            form.instance.parties_key = key
            form.instance.save(update_fields=["parties_key"])


@admin.register(AgreementSignatory)
class AgreementSignatoryAdmin(admin.ModelAdmin):
    list_display = ["person", "agreement", "title_at_signing", "organisation"]
    list_filter = ["agreement"]
    search_fields = ["person__name", "title_at_signing"]


@admin.register(AgreementNotice)
class AgreementNoticeAdmin(admin.ModelAdmin):
    list_display = ["agreement", "days_before", "ends_on", "sent_at", "recipients"]
    list_filter = ["days_before"]
    search_fields = ["agreement__title"]
