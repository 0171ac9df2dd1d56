from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import Committee, Organisation, User


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "kind", "is_active"]
    list_filter = ["kind", "is_active"]
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
            {"fields": ("organisation", "committees", "preferred_language")},
        ),
    )
    filter_horizontal = ("groups", "user_permissions", "committees")
