from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class CouncilsConfig(AppConfig):
    """Who: organisations, committees, users and roles, the council and its agreements."""

    name = "councils"
    verbose_name = _("Council and organisations")

    # Model permissions each role's group gets (see councils.roles). Every app
    # declares its own in its AppConfig; councils collects them after migrate.
    role_permissions = {
        "samordnare": ["view_organisation", "view_committee", "view_user"],
        "polis": ["view_organisation", "view_committee"],
        "rapportor": ["view_organisation"],
        "ledamot": ["view_organisation", "view_committee"],
    }

    def ready(self):
        from . import roles

        post_migrate.connect(roles.sync_role_permissions, sender=self)
