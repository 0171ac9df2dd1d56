"""Celery tasks of councils: thin wrappers around one service call each."""

from celery import shared_task

from . import roles


@shared_task
def sync_roles() -> dict[str, int]:
    """Grant every role the permissions the apps declare; returns permissions per role."""
    roles.sync_role_permissions()
    from django.contrib.auth.models import Group

    return {g.name: g.permissions.count() for g in Group.objects.filter(name__in=roles.ALL_ROLES)}


@shared_task
def notify_ending_agreements() -> int:
    """Daily (beat): remind coordinators of agreements nearing their end."""
    from .services import agreements_notify_ending

    return agreements_notify_ending()
