"""Stores audit events: every simple-history record and every export."""

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from .models import AuditEvent

_ACTIONS = {
    "+": AuditEvent.Action.CREATED,
    "~": AuditEvent.Action.CHANGED,
    "-": AuditEvent.Action.DELETED,
}


def _actor(user):
    if user is None or not getattr(user, "is_authenticated", False):
        return None, ""
    return user, user.get_username()


def on_historical_record(sender, instance, history_instance, history_user=None, **kwargs):
    """A model with history was created, changed or deleted: record who and what."""
    changed = []
    if history_instance.history_type == "~":
        previous = history_instance.prev_record
        if previous is not None:
            changed = sorted(history_instance.diff_against(previous).changed_fields)
    actor, name = _actor(history_user or getattr(history_instance, "history_user", None))
    AuditEvent.objects.create(
        at=history_instance.history_date,
        actor=actor,
        actor_name=name,
        action=_ACTIONS[history_instance.history_type],
        # `sender` is the historical model; the trail names the real one.
        content_type=ContentType.objects.get_for_model(instance._meta.model),
        object_id=str(instance.pk),
        object_repr=str(instance)[:200],
        changed_fields=changed,
    )


def on_export(sender, user, what, fmt, filters, rows, **kwargs):
    """Someone took data out of the system: record who, what, how much and filtered how."""
    actor, name = _actor(user)
    AuditEvent.objects.create(
        at=timezone.now(),
        actor=actor,
        actor_name=name,
        action=AuditEvent.Action.EXPORTED,
        object_repr=f"{what} ({fmt})"[:200],
        detail={"what": what, "format": fmt, "filters": filters, "rows": rows},
    )
