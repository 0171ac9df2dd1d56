"""core.history: a history record and its audit event in one statement, both or
neither, and nothing left behind on the connection when a save fails."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import DatabaseError, connection, transaction

from lagesbild.models import Incident
from tests.factories import IncidentFactory
from trygghet.models import AuditEvent

pytestmark = pytest.mark.django_db


def _events(incident):
    return list(
        AuditEvent.objects.filter(
            content_type=ContentType.objects.get_for_model(Incident), object_id=str(incident.pk)
        )
        .order_by("pk")
        .values_list("action", "changed_fields")
    )


def test_each_change_has_one_event_with_its_changed_fields(role_users):
    incident = IncidentFactory(count=1)
    incident.count = 4
    incident.assessment = "Sanerat samma dag."
    incident.save()
    pk = incident.pk
    incident.delete()
    assert _events(Incident(pk=pk)) == [
        ("created", []),
        ("changed", ["assessment", "count"]),
        ("deleted", []),
    ]
    history = Incident.history.filter(id=pk)
    assert history.count() == 3
    assert not connection.execute_wrappers


def test_a_failed_statement_writes_neither_row_and_leaves_no_wrapper(monkeypatch):
    incident = IncidentFactory()
    before_history = incident.history.count()
    before_events = len(_events(incident))

    from trygghet import audit

    def broken_insert(event, using):
        return "INSERT INTO trygghet_auditevent (no_such_column) VALUES (%s)", (1,)

    monkeypatch.setattr(audit, "_insert", broken_insert)
    incident.count = 9
    with pytest.raises(DatabaseError), transaction.atomic():
        incident.save()
    assert not connection.execute_wrappers
    monkeypatch.undo()
    incident.refresh_from_db()
    assert incident.history.count() == before_history
    assert len(_events(incident)) == before_events
    # The next change is recorded as usual: nothing from the failed one rides along.
    incident.count = 2
    incident.save()
    assert incident.history.count() == before_history + 1
    assert _events(incident)[-1] == ("changed", ["count"])
