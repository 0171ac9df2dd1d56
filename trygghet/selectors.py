"""Reads of the project-level pages: the audit trail."""

from django.contrib.contenttypes.models import ContentType

from .models import AuditEvent


def audit_events():
    """Every audited change and export with its kind of object, newest first."""
    return AuditEvent.objects.select_related("content_type")


def audited_types():
    """The kinds of object that appear in the audit trail, for its filter."""
    ids = AuditEvent.objects.exclude(content_type=None).values("content_type").distinct()
    return ContentType.objects.filter(pk__in=ids).order_by("app_label", "model")
