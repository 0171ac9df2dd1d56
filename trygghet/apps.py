from django.apps import AppConfig
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core import slots


class TrygghetConfig(AppConfig):
    """The top layer: reports that compose data from every app, and the audit trail."""

    name = "trygghet"
    verbose_name = _("Reports and audit")
    capability_permissions = {
        "audit.read": ["view_auditevent"],
        # The cycle's due dates per year, and the quarterly analyses (admin).
        "plan.edit": [f"{action}_cycledeadline" for action in ("view", "add", "change", "delete")],
        "picture.edit": [
            f"{action}_quarterlyanalysis" for action in ("view", "add", "change", "delete")
        ],
    }

    def ready(self):
        from django.db.models.signals import post_migrate
        from simple_history.signals import (
            post_create_historical_record,
            pre_create_historical_record,
        )

        from councils.audit import data_exported

        from . import audit, schedules

        pre_create_historical_record.connect(audit.before_historical_record, dispatch_uid="audit")
        post_create_historical_record.connect(audit.on_historical_record, dispatch_uid="audit")
        data_exported.connect(audit.on_export, dispatch_uid="audit-export")
        # Once per migrate (sender=self): the beat schedules follow trygghet/schedules.py.
        post_migrate.connect(schedules.sync_after_migrate, sender=self, dispatch_uid="schedules")
        from core import versioned

        # Cached figures that read trygghet's models (core.versioned); the audit log is
        # written on every request that changes something, and reads nothing cached.
        versioned.watch_models(self, exclude=("auditevent",))
        self.fill_slots()

    def fill_slots(self):
        """Council meeting pages link the meeting pack that the reports render."""
        slots.fill_url("councils.meeting_pack", meeting_pack_url)
        # The åtgärdsplan's page links the statutory document the reports render.
        slots.fill_url("measures.plan_document", plan_document_url)
        slots.fill_url("measures.est_minutes_pdf", est_minutes_pdf_url)


def est_minutes_pdf_url(meeting_pk: int) -> str:
    """The PDF of an EST meeting's minutes."""
    return reverse("reports:est_minutes_pdf", args=[meeting_pk])


def meeting_pack_url(meeting_pk: int) -> str:
    """The meeting pack page of a meeting."""
    return reverse("reports:meeting_pack", args=[meeting_pk])


def plan_document_url(plan_pk: int) -> str:
    """The åtgärdsplan as the statutory document (PDF)."""
    return reverse("reports:action_plan_document", args=[plan_pk])
