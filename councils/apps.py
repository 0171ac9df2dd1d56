from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _

# What council members and police liaisons read; coordinators also edit these.
_READ_MODELS = (
    "council",
    "person",
    "seat",
    "membership",
    "meeting",
    "agendaitem",
    "agendadocument",
    "decision",
    "attendance",
    "cooperationagreement",
    "agreementsignatory",
)
_COUNCIL_MODELS = (*_READ_MODELS, "meetingpackread", "agreementnotice")


class CouncilsConfig(AppConfig):
    """Who: organisations, committees, users and roles, the council and its agreements."""

    name = "councils"
    verbose_name = _("Council and organisations")

    # Model permissions each role's group gets (see councils.roles). Every app
    # declares its own in its AppConfig; councils collects them after migrate.
    role_permissions = {
        "samordnare": [
            "view_organisation",
            "view_committee",
            "view_user",
            *(
                f"{action}_{model}"
                for model in _COUNCIL_MODELS
                for action in ("view", "add", "change", "delete")
            ),
        ],
        "polis": [
            "view_organisation",
            "view_committee",
            *(f"view_{model}" for model in _READ_MODELS),
            "change_agendaitem",
            "add_agendadocument",
        ],
        "rapportor": ["view_organisation"],
        "ledamot": [
            "view_organisation",
            "view_committee",
            *(f"view_{model}" for model in _READ_MODELS),
        ],
    }

    def ready(self):
        from . import roles

        post_migrate.connect(roles.sync_role_permissions, sender=self)
