"""The audit trail: exports and model changes recorded, visible to coordinators only."""

import pytest
from django.urls import reverse

from councils.audit import record_export
from trygghet.models import AuditEvent


@pytest.mark.django_db
def test_an_export_is_recorded_with_who_what_and_filters(role_users):
    user = role_users["polis"]
    record_export(user=user, what="incidents", fmt="csv", filters={"week": "2023-W07"}, rows=42)
    event = AuditEvent.objects.get()
    assert (event.actor, event.actor_name, event.action) == (user, user.username, "exported")
    assert event.detail == {
        "what": "incidents",
        "format": "csv",
        "filters": {"week": "2023-W07"},
        "rows": 42,
    }


@pytest.mark.django_db
def test_coordinators_filter_the_audit_log(client, role_users):
    record_export(user=role_users["polis"], what="incidents", fmt="xlsx", rows=3)
    record_export(user=role_users["rapportor"], what="incidents", fmt="csv", rows=1)
    client.force_login(role_users["samordnare"])
    html = client.get(reverse("audit_log"), {"actor_name": role_users["polis"].username}).content
    html = html.decode()
    assert "Händelser (xlsx)" in html
    assert "Händelser (csv)" not in html
    assert "Exporterade" in html or "Exporterad" in html


@pytest.mark.django_db
def test_audit_log_has_an_empty_state(client, role_users):
    client.force_login(role_users["samordnare"])
    assert "Inga händelser i granskningsloggen" in client.get(reverse("audit_log")).content.decode()


@pytest.mark.django_db
def test_the_pager_keeps_the_filter(client, role_users):
    for _ in range(51):
        record_export(user=role_users["polis"], what="incidents", fmt="csv", rows=1)
    client.force_login(role_users["samordnare"])
    html = client.get(reverse("audit_log"), {"action": "exported"}).content.decode()
    assert "Sida 1 av 2" in html
    assert 'href="?action=exported&amp;page=2"' in html
