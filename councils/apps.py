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
    "focusarea",
    "boardreport",
)
_COUNCIL_MODELS = (*_READ_MODELS, "meetingpackread", "agreementnotice")


class CouncilsConfig(AppConfig):
    """Who: organisations, committees, users and roles, the council and its agreements."""

    name = "councils"
    verbose_name = _("Council and organisations")

    # Admin model permissions per capability (councils/permissions.py): after every
    # migrate, each role holding the capability gets them (councils.roles).
    capability_permissions = {
        "organisation.read": ["view_organisation"],
        "council.read": ["view_committee", *(f"view_{model}" for model in _READ_MODELS)],
        "council.edit": [
            "view_user",
            *(
                f"{action}_{model}"
                for model in _COUNCIL_MODELS
                for action in ("view", "add", "change", "delete")
            ),
        ],
        "agenda.contribute": ["change_agendaitem", "add_agendadocument"],
    }

    def ready(self):
        from . import client_ip, roles  # noqa: F401 - client_ip counts failed logins

        # Every app's post_migrate (not only ours): the permissions of an app that
        # migrates after councils exist only once its own post_migrate has run.
        post_migrate.connect(roles.sync_role_permissions, dispatch_uid="role-permissions")

        from django.contrib.auth.models import Group

        from core import versioned

        # Cached figures that read councils (core.versioned); a pack being read is no change.
        versioned.watch_models(self, exclude=("meetingpackread",))
        # A role is a group: a group renamed or deleted changes users' roles (a deleted
        # group's memberships go without an m2m signal).
        versioned.watch_model(Group, kind=self.label)
        # A token deleted or made anew changes who the API lets in (councils.authentication).
        from rest_framework.authtoken.models import Token

        versioned.watch_model(Token, kind=self.label)
