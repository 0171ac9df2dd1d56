"""The four roles (Django groups) and the model permissions each one holds.

Apps declare `capability_permissions = {capability: [codename, ...]}` on their
AppConfig (the Django admin's model permissions that go with a capability); after every
migrate, `sync_role_permissions` grants them to each role holding the capability in
councils/permissions.py. Nothing here imports a
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
    """Create the role groups and grant the permissions the apps declare (additive).

    After migrate it runs once per app (`sender`), right after Django has created that
    app's permissions; called without a sender it grants every app's."""
    from django.apps import apps as global_apps
    from django.contrib.auth.models import Group, Permission

    from .permissions import roles_with

    for role in ALL_ROLES:
        Group.objects.using(using).get_or_create(name=role)
    configs = [sender] if sender is not None else global_apps.get_app_configs()
    for config in configs:
        declared = getattr(config, "capability_permissions", None) or {}
        for capability, codenames in declared.items():
            perms = Permission.objects.using(using).filter(
                content_type__app_label=config.label, codename__in=codenames
            )
            for role in roles_with(capability):
                Group.objects.using(using).get(name=role).permissions.add(*perms)
