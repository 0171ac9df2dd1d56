from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrygghetConfig(AppConfig):
    """The top layer: reports that compose data from every app, and the audit trail."""

    name = "trygghet"
    verbose_name = _("Reports and audit")
    role_permissions = {"samordnare": ["view_auditevent"]}

    def ready(self):
        from simple_history.signals import post_create_historical_record

        from councils.audit import data_exported

        from . import audit

        post_create_historical_record.connect(audit.on_historical_record, dispatch_uid="audit")
        data_exported.connect(audit.on_export, dispatch_uid="audit-export")
