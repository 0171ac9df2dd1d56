"""Hostile and clumsy input (issue: bounded imports, honest exports, no 500 under races).

Each test is what a careless partner or an attacker did, and what they get now.
"""

import datetime as dt
import json

import pytest
from django.core.cache import cache
from django.test import Client, override_settings
from django.urls import reverse
from rest_framework.test import APIClient

from lagesbild import services
from lagesbild.models import Incident, WeeklyPicture
from tests.factories import TEST_PASSWORD, IncidentFactory, MeetingFactory

pytestmark = pytest.mark.django_db
CONFLICT = "Någon annan har ändrat"


def _client(user):
    client = Client()
    client.force_login(user)
    return client


# --- Honest exports and lists -------------------------------------------------------------


@pytest.mark.parametrize("query", ["week=2026-W54", "date_from=yesterday", "area=999999"])
def test_an_invalid_filter_exports_nothing_and_says_why(role_users, ref, query):
    IncidentFactory(area=ref["centrum"], category=ref["klotter"])
    client = _client(role_users["samordnare"])
    for fmt in ("csv", "xlsx", "geojson"):
        url = reverse("lagesbild:incident_export", args=[fmt]) + "?" + query
        response = client.get(url)
        assert response.status_code == 400, (fmt, query)
        assert query.split("=")[0] in response.content.decode()
    # The list shows the same filter as a form error, and no incidents.
    page = client.get(reverse("lagesbild:incident_list") + "?" + query)
    assert page.status_code == 200
    assert page.context["filter"].errors
    assert page.context["incidents"] == []


@pytest.mark.parametrize(
    "url",
    [
        "/handelser/?q=%00",
        "/trygghetsmatning/?survey=%00",
        "/handelser/export.csv?area_group=a%00b",
    ],
)
def test_a_nul_byte_in_a_query_answers_400(role_users, url):
    assert _client(role_users["samordnare"]).get(url).status_code == 400


def test_a_nul_byte_in_a_form_or_json_answers_400(role_users, ref):
    user = role_users["polis"]
    response = _client(user).post(
        reverse("lagesbild:incident_entry"), {"form-0-assessment": "a\x00b"}
    )
    assert response.status_code == 400
    api = APIClient()
    api.force_authenticate(user)
    body = json.dumps(
        {
            "category": ref["klotter"].pk,
            "area": ref["centrum"].pk,
            "occurred_on": "2023-02-14",
            "assessment": "a\x00",
        }
    )
    assert "\\u0000" in body
    response = api.post(reverse("incident-list"), body, content_type="application/json")
    assert response.status_code == 400
    assert not Incident.objects.exists()


def test_a_number_beyond_the_database_answers_400_not_500(role_users):
    client = _client(role_users["samordnare"])
    response = client.get("/handelser/99999999999999999999/")
    assert response.status_code in (400, 404)


# --- Dates and weeks with bounds ------------------------------------------------------------


@pytest.mark.parametrize("week", ["0001-W01", "1999-W52", "9999-W01"])
def test_weeks_outside_a_sane_range_are_404(role_users, week):
    client = _client(role_users["samordnare"])
    assert client.get(f"/lagesbild/vecka/{week}/").status_code == 404


@pytest.mark.parametrize("year", [1, 1999, 32768, 99999])
def test_years_outside_a_sane_range_are_404(role_users, year):
    client = _client(role_users["samordnare"])
    assert client.get(f"/lagesbild/ar/{year}/").status_code == 404
    assert client.post(f"/lagesbild/ar/{year}/publicera/").status_code == 404


def test_malformed_query_parameters_answer_400(role_users):
    client = _client(role_users["polis"])
    assert client.get(reverse("lagesbild:incident_entry") + "?rows=abc").status_code == 400


def test_the_api_refuses_an_incident_older_than_the_horizon(role_users, ref):
    api = APIClient()
    api.force_authenticate(role_users["polis"])
    data = {"category": ref["klotter"].pk, "area": ref["centrum"].pk, "occurred_on": "0001-01-01"}
    response = api.post(reverse("incident-list"), data, format="json")
    assert response.status_code == 400
    assert "occurred_on" in response.json()
    data["occurred_on"] = (dt.date.today() - dt.timedelta(days=30)).isoformat()
    assert api.post(reverse("incident-list"), data, format="json").status_code == 201


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("category", 999999, "finns inte"),
        ("category", "abc", "Felaktig typ"),
        ("category", True, "Felaktig typ"),
        ("area", [1], "Felaktig typ"),
        ("area", None, "null"),
        ("place", {"id": 1}, "Felaktig typ"),
        ("place", 999999, "finns inte"),
    ],
)
def test_the_api_names_a_reference_it_cannot_read(role_users, ref, field, value, message):
    api = APIClient()
    api.force_authenticate(role_users["polis"])
    data = {"category": ref["klotter"].pk, "area": ref["centrum"].pk, "occurred_on": "2023-02-14"}
    response = api.post(reverse("incident-list"), data | {field: value}, format="json")
    assert response.status_code == 400
    assert list(response.json()) == [field]
    assert message in response.json()[field][0]
    assert not Incident.objects.exists()


# --- Duplicate external ids in the API ------------------------------------------------------


def test_duplicate_external_ids_in_one_batch_are_400_naming_the_id(role_users, ref):
    api = APIClient()
    api.force_authenticate(role_users["polis"])
    row = {"category": ref["klotter"].pk, "area": ref["centrum"].pk, "occurred_on": "2023-02-14"}
    rows = [
        row | {"external_id": "P-1"},
        row | {"external_id": "P-2"},
        row | {"external_id": "P-1"},
    ]
    response = api.post(reverse("incident-batch"), rows, format="json")
    assert response.status_code == 400
    assert "P-1" in str(response.json()) and "P-2" not in str(response.json())
    assert not Incident.objects.exists()


def test_an_external_id_taken_by_a_concurrent_request_is_409_with_the_id(
    role_users, ref, monkeypatch
):
    """The race: both requests pass the unique check before either saves. Reproduced by
    letting the check pass while the id is already stored (as the other request did)."""
    user = role_users["polis"]
    IncidentFactory(organisation=user.organisation, external_id="P-7", category=ref["klotter"])
    monkeypatch.setattr(services, "_external_id_taken", lambda incident: False)
    api = APIClient()
    api.force_authenticate(user)
    row = {"category": ref["klotter"].pk, "area": ref["centrum"].pk, "occurred_on": "2023-02-14"}
    single = api.post(reverse("incident-list"), row | {"external_id": "P-7"}, format="json")
    assert single.status_code == 409
    assert "P-7" in str(single.json())
    batch = api.post(
        reverse("incident-batch"),
        [row | {"external_id": "P-8"}, row | {"external_id": "P-7"}],
        format="json",
    )
    assert batch.status_code == 409
    assert "P-7" in str(batch.json())
    assert Incident.objects.count() == 1


def test_a_sequential_duplicate_external_id_is_400_with_the_id(role_users, ref):
    user = role_users["polis"]
    IncidentFactory(organisation=user.organisation, external_id="P-9", category=ref["klotter"])
    api = APIClient()
    api.force_authenticate(user)
    row = {"category": ref["klotter"].pk, "area": ref["centrum"].pk, "occurred_on": "2023-02-14"}
    response = api.post(reverse("incident-list"), row | {"external_id": "P-9"}, format="json")
    assert response.status_code == 400
    assert "P-9" in str(response.json())


# --- Locks the server enforces --------------------------------------------------------------


def _form_data(form, **changes):
    data = {}
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        if isinstance(value, list | tuple):
            data[name] = [getattr(v, "pk", v) for v in value]
        elif isinstance(value, dt.datetime):
            data[name] = value.strftime("%Y-%m-%dT%H:%M")
        elif value is not None:
            data[name] = getattr(value, "pk", value)
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


@pytest.mark.parametrize("version", ["", "0", "abc"])
def test_a_missing_or_impossible_version_is_a_conflict_not_an_overwrite(role_users, ref, version):
    user = role_users["samordnare"]
    incident = IncidentFactory(area=ref["centrum"], category=ref["klotter"], assessment="Före")
    url = reverse("lagesbild:incident_update", args=[incident.pk])
    client = _client(user)
    data = _form_data(client.get(url).context["form"], assessment="Min text", version=version)
    response = client.post(url, data)
    assert response.status_code == 200
    assert CONFLICT in response.content.decode()
    assert "Min text" in response.content.decode()
    incident.refresh_from_db()
    assert incident.assessment == "Före"


def test_two_incident_edits_the_second_is_refused_and_keeps_its_text(role_users, make_user, ref):
    incident = IncidentFactory(area=ref["centrum"], category=ref["klotter"], assessment="Före")
    url = reverse("lagesbild:incident_update", args=[incident.pk])
    a = _client(role_users["samordnare"])
    b = _client(make_user("samordnare", username="anna.samordnare"))
    form_a, form_b = a.get(url).context["form"], b.get(url).context["form"]
    assert a.post(url, _form_data(form_a, assessment="Första")).status_code == 302
    response = b.post(url, _form_data(form_b, assessment="Andra"))
    assert response.status_code == 200
    assert CONFLICT in response.content.decode() and "Andra" in response.content.decode()
    incident.refresh_from_db()
    assert (incident.assessment, incident.version) == ("Första", 2)


def test_an_import_changing_the_incident_makes_an_open_edit_a_conflict(role_users, ref, tmp_path):
    from lagesbild import imports

    user = role_users["polis"]
    header = ",".join(imports.COLUMNS)
    path = tmp_path / "a.csv"
    path.write_text(header + "\nI1,2023-02-14,,natt,Klotter,Centrum,,,,1,\n")
    imports.import_file(path=path, user=user)
    incident = Incident.objects.get(external_id="I1")
    url = reverse("lagesbild:incident_update", args=[incident.pk])
    client = _client(user)
    form = client.get(url).context["form"]
    path.write_text(header + "\nI1,2023-02-14,,natt,Klotter,Centrum,,,,4,\n")
    assert imports.import_file(path=path, user=user).updated == 1
    response = client.post(url, _form_data(form, assessment="Mitt tillägg"))
    assert CONFLICT in response.content.decode()
    incident.refresh_from_db()
    assert (incident.count, incident.assessment) == (4, "")


def test_two_meeting_edits_the_second_keeps_its_minutes(role_users, make_user):
    meeting = MeetingFactory(minutes="")
    url = reverse("councils:meeting_update", args=[meeting.pk])
    a = _client(role_users["samordnare"])
    b = _client(make_user("samordnare", username="anna.samordnare"))
    form_a, form_b = a.get(url).context["form"], b.get(url).context["form"]
    assert a.post(url, _form_data(form_a, minutes="Protokoll A")).status_code == 302
    response = b.post(url, _form_data(form_b, minutes="Protokoll B"))
    assert response.status_code == 200
    assert CONFLICT in response.content.decode() and "Protokoll B" in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.minutes == "Protokoll A"


def test_two_annual_picture_edits_the_second_is_refused(role_users, make_user):
    url = reverse("lagesbild:annual_edit", args=[2023])
    a = _client(role_users["samordnare"])
    b = _client(make_user("samordnare", username="anna.samordnare"))
    form_a, form_b = a.get(url).context["form"], b.get(url).context["form"]
    assert a.post(url, _form_data(form_a, summary="Analys A")).status_code == 302
    response = b.post(url, _form_data(form_b, summary="Analys B"))
    assert response.status_code == 200
    assert CONFLICT in response.content.decode() and "Analys B" in response.content.decode()


def test_two_weekly_assessments_the_second_is_refused_and_keeps_its_text(role_users, make_user):
    week = "2023-W07"
    page = reverse("lagesbild:weekly", kwargs={"week": week})
    url = reverse("lagesbild:weekly_edit", kwargs={"week": week})
    a = _client(role_users["samordnare"])
    b = _client(make_user("samordnare", username="anna.samordnare"))
    version_a = a.get(page).context["form"].initial["version"]
    version_b = b.get(page).context["form"].initial["version"]
    assert version_a == version_b == 0
    assert a.post(url, {"assessment": "Lugn vecka.", "version": version_a}).status_code == 302
    response = b.post(url, {"assessment": "Oroligt i Bäckby.", "version": version_b})
    assert response.status_code == 409
    assert CONFLICT in response.content.decode()
    assert "Oroligt i Bäckby." in response.content.decode()
    assert WeeklyPicture.objects.get().assessment == "Lugn vecka."


# --- Throttling that fits the deployment ----------------------------------------------------


def _login(client, username, password, forwarded):
    return client.post(
        reverse("login"),
        {"username": username, "password": password},
        REMOTE_ADDR="10.0.0.5",
        HTTP_X_FORWARDED_FOR=forwarded,
    )


@override_settings(TRUSTED_PROXIES=["10.0.0.0/24"])
def test_behind_the_proxy_one_clients_mistakes_do_not_lock_out_the_user(make_user):
    cache.clear()
    user = make_user("polis", username="lars.polis")
    attacker = Client()
    for _ in range(6):
        _login(attacker, user.username, "fel-lösenord", "198.51.100.7")
    # The real user, at another address through the same proxy, still gets in.
    assert _login(Client(), user.username, TEST_PASSWORD, "203.0.113.9").status_code == 302
    # The attacker is locked out, even with the right password.
    locked = _login(attacker, user.username, TEST_PASSWORD, "198.51.100.7")
    assert locked.status_code != 302


def test_a_forwarded_header_from_outside_the_proxies_is_not_believed(rf, settings):
    from councils.client_ip import client_ip

    settings.TRUSTED_PROXIES = ["10.0.0.0/24"]
    request = rf.get("/", REMOTE_ADDR="198.51.100.7", HTTP_X_FORWARDED_FOR="203.0.113.9")
    assert client_ip(request) == "198.51.100.7"
    # Through the proxy: the right-most address the proxy did not write itself.
    request = rf.get("/", REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.9")
    assert client_ip(request) == "203.0.113.9"


@override_settings(TRUSTED_PROXIES=["10.0.0.0/24"], LOGIN_CLIENT_FAILURE_LIMIT=4)
def test_password_spraying_across_usernames_is_limited_per_client(make_user):
    cache.clear()
    target = make_user("polis", username="maria.polis")
    sprayer = Client()
    for n in range(4):
        _login(sprayer, f"gissning{n}", "Sommar2026!", "198.51.100.7")
    refused = _login(sprayer, target.username, TEST_PASSWORD, "198.51.100.7")
    assert refused.status_code != 302
    assert "Too many failed login attempts" in refused.content.decode() or (
        "För många misslyckade inloggningsförsök" in refused.content.decode()
    )
    assert _login(Client(), target.username, TEST_PASSWORD, "203.0.113.9").status_code == 302
