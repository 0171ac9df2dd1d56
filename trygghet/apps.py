from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrygghetConfig(AppConfig):
    """The top layer: reports that compose data from every app, and the audit trail."""

    name = "trygghet"
    verbose_name = _("Reports and audit")
    role_permissions = {"samordnare": ["view_auditevent"]}

    def ready(self):
        from django.db.models.signals import post_migrate
        from simple_history.signals import post_create_historical_record

        from councils.audit import data_exported

        from . import audit, schedules

        post_create_historical_record.connect(audit.on_historical_record, dispatch_uid="audit")
        data_exported.connect(audit.on_export, dispatch_uid="audit-export")
        # Once per migrate (sender=self): the beat schedules follow trygghet/schedules.py.
        post_migrate.connect(schedules.sync_after_migrate, sender=self, dispatch_uid="schedules")
