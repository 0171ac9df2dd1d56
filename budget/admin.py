from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from . import services
from .models import (
    Activity,
    Allocation,
    BudgetPackage,
    Expenditure,
    Forecast,
    PlanFunding,
    Signatory,
    Theme,
)


class SignatoryInline(admin.TabularInline):
    model = Signatory
    extra = 0


class ThemeInline(admin.TabularInline):
    model = Theme
    extra = 0


@admin.register(BudgetPackage)
class BudgetPackageAdmin(admin.ModelAdmin):
    list_display = ["name", "year", "total", "decided_by", "is_demo"]
    list_filter = ["year", "is_demo", "decided_by"]
    search_fields = ["name", "description", "source_document"]
    inlines = [SignatoryInline, ThemeInline]


@admin.register(Signatory)
class SignatoryAdmin(admin.ModelAdmin):
    list_display = ["name", "party", "title", "package"]
    list_filter = ["package", "party"]
    search_fields = ["name", "title"]


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    list_display = ["title", "package", "order"]
    list_filter = ["package"]
    search_fields = ["title"]


class ActivityInline(admin.TabularInline):
    model = Activity
    extra = 0


class AllocationAdminForm(forms.ModelForm):
    class Meta:
        model = Allocation
        fields = ["theme", "committee", "amount", "label", "order"]

    def clean(self):
        data = super().clean()
        theme, amount = data.get("theme"), data.get("amount")
        if theme and amount:
            # Early, friendly check; the locking service makes the final one on save.
            services.allocation_check_total(
                package=theme.package, amount=amount, exclude_pk=self.instance.pk
            )
        return data


@admin.register(Allocation)
class AllocationAdmin(admin.ModelAdmin):
    form = AllocationAdminForm
    list_display = ["__str__", "committee", "theme", "amount"]
    list_filter = ["theme__package", "committee"]
    search_fields = ["label", "committee__name", "theme__title", "activities__text"]
    inlines = [ActivityInline]

    def save_model(self, request, obj, form, change):
        if change:
            # The admin form carries no version: it saves over the stored one.
            services.allocation_update(allocation=obj, amount=obj.amount, version=obj.version)
            obj.save()
        else:
            created = services.allocation_create(
                theme=obj.theme,
                committee=obj.committee,
                amount=obj.amount,
                label=obj.label,
                order=obj.order,
            )
            obj.pk = created.pk
            obj._state.adding = False


@admin.register(Activity)
class ActivityAdmin(admin.ModelAdmin):
    list_display = ["__str__", "allocation", "parent", "target_number", "target_unit"]
    list_filter = ["allocation__theme__package", "allocation__committee"]
    search_fields = ["text", "target_unit"]
    filter_horizontal = ["measures"]
    raw_id_fields = ["parent"]


@admin.register(PlanFunding)
class PlanFundingAdmin(admin.ModelAdmin):
    list_display = ["entry", "allocation", "activity", "amount", "is_demo"]
    list_filter = ["allocation__theme__package"]
    list_select_related = ["entry__plan", "entry__measure", "allocation", "activity"]
    raw_id_fields = ["entry", "activity"]
    search_fields = ["entry__measure__title", "entry__plan__title", "note"]


class ExpenditureAdminForm(forms.ModelForm):
    class Meta:
        model = Expenditure
        fields = ["allocation", "date", "month_only", "amount", "note", "corrects"]

    def clean(self):
        data = super().clean()
        amount = data.get("amount")
        if amount is not None and amount < 0 and not data.get("corrects"):
            raise ValidationError(_("A negative amount is only allowed in a correction."))
        return data


@admin.register(Expenditure)
class ExpenditureAdmin(admin.ModelAdmin):
    """Append-only: entries can be added (through the services) and viewed, never changed."""

    form = ExpenditureAdminForm
    list_display = ["date", "allocation", "amount", "corrects", "note", "created_by"]
    list_filter = ["allocation__theme__package", "allocation__committee", "month_only"]
    search_fields = ["note", "allocation__label", "allocation__committee__name"]
    date_hierarchy = "date"
    raw_id_fields = ["corrects"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        if obj.corrects_id:
            created = services.expenditure_correct(
                original=obj.corrects,
                amount=obj.amount,
                note=obj.note,
                date=obj.date,
                user=request.user,
            )
        else:
            created = services.expenditure_record(
                allocation=obj.allocation,
                date=obj.date,
                amount=obj.amount,
                note=obj.note,
                month_only=obj.month_only,
                user=request.user,
            )
        obj.pk = created.pk
        obj._state.adding = False


@admin.register(Forecast)
class ForecastAdmin(admin.ModelAdmin):
    list_display = ["allocation", "as_of", "amount", "note"]
    list_filter = ["allocation__theme__package", "allocation__committee"]
    search_fields = ["note", "allocation__label", "allocation__committee__name"]
    date_hierarchy = "as_of"
