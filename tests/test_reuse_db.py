"""A flush does not poison `--reuse-db`: what migrate made is back after every flush.

A transactional test (`transaction=True`, `live_server`, the browser) ends with a flush
that empties every table. The role groups with their permissions and the beat schedules
come from post_migrate handlers, which the flush runs again; with `--reuse-db` the next
run starts from that flushed database, so it must hold what a fresh one does.

pytest-django runs the plain database tests first and the transactional ones after, in
the order of the module: the first test sees the database as migrate (or the last
run's final flush) left it, the last one sees it after the flush of the middle one.
"""

import pytest
from django.apps import apps
from django.contrib.auth.models import Group
from django.db import connection
from django_celery_beat.models import PeriodicTask

from councils.permissions import roles_with
from councils.roles import ALL_ROLES
from tests.factories import IncidentFactory, UserFactory
from trygghet.schedules import SCHEDULES

# The state the plain test saw, for the transactional test after the flush.
_seen = {}


def migrated_state() -> dict:
    """What the database holds without any test data, by natural keys (a flush keeps
    the sequences, so ids differ)."""
    with connection.cursor() as cursor:
        rows = {}
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f'SELECT count(*) FROM "{table}"')  # noqa: S608 - our table names
            if count := cursor.fetchone()[0]:
                rows[table] = count
    return {
        "rows": rows,
        "groups": {
            group.name: sorted(group.permissions.values_list("content_type__app_label", "codename"))
            for group in Group.objects.all()
        },
        "schedules": {
            task.name: (task.task, task.enabled, str(task.crontab))
            for task in PeriodicTask.objects.select_related("crontab")
        },
    }


def declared_state() -> dict:
    """The groups with their permissions and the schedules, as the code declares them."""
    groups = {role: set() for role in ALL_ROLES}
    for config in apps.get_app_configs():
        for capability, codenames in getattr(config, "capability_permissions", {}).items():
            for role in roles_with(capability):
                groups[role].update((config.label, codename) for codename in codenames)
    return {
        "groups": {role: sorted(perms) for role, perms in groups.items()},
        "schedules": {s.name for s in SCHEDULES},
    }


def assert_as_declared(state: dict) -> None:
    declared = declared_state()
    assert state["groups"] == declared["groups"]
    assert set(state["schedules"]) == declared["schedules"]
    assert all(enabled for _task, enabled, _crontab in state["schedules"].values())


@pytest.mark.django_db
def test_the_database_starts_with_the_roles_and_schedules_migrate_made():
    """Fresh or reused, the first tests find every role with its permissions and every
    beat schedule, and no rows a test left behind."""
    state = migrated_state()
    assert_as_declared(state)
    assert "lagesbild_incident" not in state["rows"] and "councils_user" not in state["rows"]
    _seen["before"] = state


@pytest.mark.django_db(transaction=True)
def test_a_transactional_test_commits_data_and_is_flushed_after():
    """Commits incidents, a user in a role and an admin's switched-off schedule; the
    flush after the test removes them all."""
    IncidentFactory.create_batch(3)
    UserFactory(role="polis")
    Group.objects.get(name="ledamot").permissions.clear()
    PeriodicTask.objects.filter(task="trygghet.tasks.purge_personal_data").update(enabled=False)
    assert migrated_state()["rows"]["lagesbild_incident"] == 3


@pytest.mark.django_db(transaction=True)
def test_after_a_flush_the_database_holds_what_a_fresh_one_does():
    """After the flush: the same tables with the same number of rows, the roles with
    the same permissions and the schedules as declared, switched on again."""
    state = migrated_state()
    assert_as_declared(state)
    assert "lagesbild_incident" not in state["rows"]
    if "before" in _seen:  # the module ran as a whole (not this test alone)
        assert state == _seen["before"]
