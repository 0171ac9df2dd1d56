"""The personal-data guard (core/personal_data.py): what it finds, what it leaves alone,
and that the form, the import and the API refuse such text with a message that points
at it."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from core.personal_data import find_personal_data, luhn_ok
from lagesbild.models import Incident
from tests.lagesbild.test_exports_api import api, body
from tests.lagesbild.test_imports import HEADER, _on_commit, upload  # noqa: F401 (autouse)
from tests.lagesbild.test_views import entry_post

TODAY = dt.date(2024, 3, 1)

#: Text that holds personal data, and the kind the guard must name first.
HITS = [
    ("Kalle Svensson 811218-9876 greps", "personnummer"),
    ("pnr 19811218-9876", "personnummer"),
    ("pnr 198112189876", "personnummer"),
    ("8112189876 anträffad", "personnummer"),
    ("född 121212+1212, över hundra år", "personnummer"),
    ("samordningsnummer 811278-9873", "samordningsnummer"),
    ("tel 070-123 45 67", "phone"),
    ("ring 0701234567", "phone"),
    ("mobil +46 70 123 45 67", "phone"),
    ("växel 08-123 456 78", "phone"),
    ("021-39 00 00 (Västerås stad)", "phone"),
    ("mejl kalle.svensson@example.se", "email"),
    ("reg ABC123 stod kvar", "plate"),
    ("bil med reg MLB 12D", "plate"),
    ("Kalle Svensson 850101-1234, reg ABC123, tel 070-123 45 67", "plate"),
]

#: Text the guard must let through: dates, case numbers, amounts, times, near misses.
MISSES = [
    "Klotter på skolans fasad natten till 2023-01-15.",
    "Ärende 5000-K123456-23 hos polisen.",
    "Kostnad 1 500 000 kr, varav 150 000 till belysning.",
    "Mellan kl 22:30 och 01:00, vecka 7 2023.",
    "850101-1235 är inget giltigt nummer (fel kontrollsiffra).",
    "Lag (2023:196) och SFS 2023:196.",
    "Buss 123 mot centrum, linje 4.",
    "Brand i container, 3 st, räddningstjänsten på plats 21.05.",
    "Ca 40 ungdomar, 15-17 år, vid Stora torget.",
    "Budget 2023: 15 mnkr, 2 500 000 kr till trygghetsvandringar.",
    "Postnummer 722 15 Västerås.",
    "Kvarter 12, fastighet Ottar 1:234.",
    "Inventarienummer 0021-123456.",
    "Värde 0,5 procent högre än 2022.",
    "Telefonen ringde 3 gånger.",
]


def test_luhn_check_digit():
    assert luhn_ok("8112189876") and not luhn_ok("8112189875")


@pytest.mark.parametrize(("text", "kind"), HITS)
def test_finds_personal_data(text, kind):
    found = find_personal_data(text, today=TODAY)
    assert found and found[0].kind == kind


@pytest.mark.parametrize("text", MISSES)
def test_leaves_dates_case_numbers_and_amounts_alone(text):
    assert find_personal_data(text, today=TODAY) == []


def test_corpus_counts():
    """The numbers for the report: hits found and false positives on the corpus."""
    hits = sum(1 for text, _kind in HITS if find_personal_data(text, today=TODAY))
    false = sum(1 for text in MISSES if find_personal_data(text, today=TODAY))
    print(f"\nGUARD corpus: {hits}/{len(HITS)} found, {false}/{len(MISSES)} false positives")
    assert (hits, false) == (len(HITS), 0)


# ------------------------------------------------------- entry, import and API


OFFICER = "Kalle Svensson 811218-9876, reg ABC123, tel 070-123 45 67"


@time_machine.travel(dt.datetime(2023, 2, 15, 20, 0, tzinfo=dt.UTC), tick=False)
@pytest.mark.django_db
def test_entry_form_stops_with_a_swedish_message_pointing_at_the_text(client, role_users, ref):
    client.force_login(role_users["polis"])
    row = {
        "category": ref["klotter"].pk,
        "area": ref["centrum"].pk,
        "place": "",
        "occurred_on": "2023-02-15",
        "time": "21:10",
        "count": "1",
        "time_band": "",
        "assessment": OFFICER,
    }
    response = client.post(reverse("lagesbild:incident_entry"), entry_post([row]))
    html = response.content.decode()
    assert response.status_code in (200, 400)
    assert "personuppgifter" in html and "811218-9876" in html
    assert not Incident.objects.exists()
    row["assessment"] = "Klotter på fasaden, ärende 5000-K123456-23."
    client.post(reverse("lagesbild:incident_entry"), entry_post([row]))
    assert Incident.objects.count() == 1


@pytest.mark.django_db
def test_import_reports_the_row_and_column(client, role_users, ref):
    client.force_login(role_users["polis"])
    content = HEADER + (
        "A1,2023-02-14,21:30,,Klotter,Centrum,,,,1,Skadegörelse på busskur\n"
        "A2,2023-02-14,21:30,,Klotter,Centrum,,,,1,Anmälare kalle@example.se\n"
    )
    response = upload(client, content.encode(), action="check")
    errors = [(e.line, e.column) for e in response.context["check"].errors]
    assert errors == [(3, "assessment")]
    assert "kalle@example.se" in response.content.decode()
    upload(client, content.encode())
    assert not Incident.objects.exists()


@pytest.mark.django_db
def test_api_answers_400_with_the_field(role_users, ref):
    client = api(role_users["rapportor"])
    response = client.post(
        "/api/v1/incidents/", body(ref, assessment="Bil ABC123 på platsen"), format="json"
    )
    assert response.status_code == 400
    assert "assessment" in response.json()
    assert not Incident.objects.exists()
    fine = client.post("/api/v1/incidents/", body(ref, assessment="Bil i brand"), format="json")
    assert fine.status_code == 201


# ------------------------------------------------------- stored text: the daily check


@pytest.mark.django_db
def test_daily_check_lists_stored_text_to_coordinators_who_clear_it(
    client, role_users, ref, mailoutbox
):
    from tests.factories import IncidentFactory
    from trygghet.personal_data import personal_data_findings
    from trygghet.tasks import scan_personal_data

    # Stored before the guard (the model's validators do not run on a plain save).
    leaked = IncidentFactory(
        category=ref["klotter"], area=ref["centrum"], assessment="Ring 070-123 45 67 om bilen"
    )
    IncidentFactory(category=ref["klotter"], area=ref["centrum"], assessment="Belopp 150 000 kr")
    found = personal_data_findings()
    assert [(f.source, f.pk, f.field) for f in found] == [("incident", leaked.pk, "assessment")]
    assert scan_personal_data() == 1
    assert mailoutbox[-1].to and "070-123" not in mailoutbox[-1].body
    assert "/personuppgifter/" in mailoutbox[-1].body

    for role in ("polis", "rapportor", "ledamot"):
        client.force_login(role_users[role])
        assert client.get(reverse("personal_data")).status_code == 403
    client.force_login(role_users["samordnare"])
    page = client.get(reverse("personal_data")).content.decode()
    assert "070-123 45 67" in page
    client.post(
        reverse("personal_data_clear"),
        {"source": "incident", "pk": leaked.pk, "field": "assessment"},
    )
    leaked.refresh_from_db()
    assert leaked.assessment == "Ring […] om bilen"
    assert personal_data_findings() == []
    assert leaked.history.first().history_user == role_users["samordnare"]
    assert scan_personal_data() == 0
