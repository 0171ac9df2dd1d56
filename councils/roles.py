"""The four roles (Django groups) and the model permissions each one holds.

Apps declare `role_permissions = {role: [codename, ...]}` on their AppConfig; after
every migrate, `sync_role_permissions` grants what is declared. Nothing here imports a
higher app: the declarations are discovered through the app registry.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    SAMORDNARE = "samordnare", _("Coordinator")
    POLIS = "polis", _("Police liaison")
    RAPPORTOR = "rapportor", _("Partner reporter")
    LEDAMOT = "ledamot", _("Council member")


ALL_ROLES = tuple(Role.values)


def sync_role_permissions(sender=None, apps=None, using="default", **kwargs):
    """Create the role groups and grant every permission the apps declare (additive)."""
    from django.apps import apps as global_apps
    from django.contrib.auth.models import Group, Permission

    for role in ALL_ROLES:
        Group.objects.using(using).get_or_create(name=role)
    for config in global_apps.get_app_configs():
        declared = getattr(config, "role_permissions", None) or {}
        for role, codenames in declared.items():
            group = Group.objects.using(using).get(name=role)
            perms = Permission.objects.using(using).filter(
                content_type__app_label=config.label, codename__in=codenames
            )
            group.permissions.add(*perms)
