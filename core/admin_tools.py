"""Admin building blocks shared by the apps (councils is the bottom layer)."""

from django.contrib import admin


class ReadOnlyAdmin(admin.ModelAdmin):
    """A changelist to look at, never to edit: for records the system keeps itself."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
