"""Stores audit events: every simple-history record and every export."""

from django.contrib.contenttypes.models import ContentType
from django.db import router
from django.db.models.sql import InsertQuery
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


def _event(instance, history_instance, history_user=None) -> AuditEvent:
    """The (unsaved) audit event of a history record: who did what to which object."""
    changed = []
    if history_instance.history_type == "~":
        previous = history_instance.prev_record
        if previous is not None:
            changed = sorted(history_instance.diff_against(previous).changed_fields)
    actor, name = _actor(history_user or getattr(history_instance, "history_user", None))
    return AuditEvent(
        at=history_instance.history_date,
        actor=actor,
        actor_name=name,
        action=_ACTIONS[history_instance.history_type],
        # The history model sends the signal; the trail names the real one.
        content_type=ContentType.objects.get_for_model(instance._meta.model),
        object_id=str(instance.pk),
        object_repr=str(instance)[:200],
        changed_fields=changed,
    )


def _insert(event: AuditEvent, using: str) -> tuple[str, tuple]:
    """The INSERT of one audit event, as SQL and parameters (nothing returned)."""
    fields = [f for f in AuditEvent._meta.local_concrete_fields if f is not AuditEvent._meta.pk]
    query = InsertQuery(AuditEvent)
    query.insert_values(fields, [event])
    [(sql, params)] = query.get_compiler(using=using).as_sql()
    return sql, tuple(params)


def before_historical_record(sender, instance, history_instance, history_user=None, **kwargs):
    """A history record is about to be saved: its audit event rides in the same INSERT
    statement (core.history), one round trip for both, and both or neither."""
    using = kwargs.get("using") or router.db_for_write(sender)
    history_instance.companion_insert = _insert(
        _event(instance, history_instance, history_user), using
    )


def on_historical_record(sender, instance, history_instance, history_user=None, **kwargs):
    """A model with history was created, changed or deleted: its audit event went in with
    the history record; a history model not made by core.history gets it written now."""
    if not getattr(history_instance, "companion_written", False):
        _event(instance, history_instance, history_user).save()


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
