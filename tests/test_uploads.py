"""Uploads are limited in size and type on every path that takes a file.

Paths: the incident import (CSV/XLSX), agenda documents and agreement documents. A file
that is too big or of the wrong type gets a clear Swedish error and nothing is stored;
stored files are handed out as attachments that a browser will not sniff into HTML.
"""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from councils.models import AgendaDocument, CooperationAgreement
from lagesbild.models import ImportJob
from tests.factories import AgendaItemFactory, CooperationAgreementFactory, OrganisationFactory

LIMIT = 2000
BIG = b"x" * (LIMIT + 1)


@pytest.fixture
def small_limit(settings):
    settings.MAX_UPLOAD_SIZE = LIMIT


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def _errors(response) -> str:
    form = response.context["form"]
    return " ".join(str(e) for errors in form.errors.values() for e in errors)


@pytest.mark.django_db
@pytest.mark.usefixtures("small_limit")
class TestIncidentImport:
    url = staticmethod(lambda: reverse("lagesbild:import"))

    def test_too_big_is_refused(self, role_users):
        upload = SimpleUploadedFile("stor.csv", BIG, content_type="text/csv")
        response = _client(role_users["polis"]).post(self.url(), {"file": upload})
        assert response.status_code == 200
        assert "gränsen" in _errors(response) or "MB" in _errors(response)
        assert ImportJob.objects.count() == 0

    @pytest.mark.parametrize(
        ("name", "content"),
        [
            ("skript.html", b"<script>alert(1)</script>"),
            ("program.exe", b"MZ\x90\x00"),
            ("handelser.csv.php", b"<?php echo 1;"),
        ],
    )
    def test_wrong_type_is_refused(self, role_users, name, content):
        upload = SimpleUploadedFile(name, content)
        response = _client(role_users["polis"]).post(self.url(), {"file": upload})
        assert response.status_code == 200
        assert ".csv" in _errors(response)
        assert ImportJob.objects.count() == 0

    def test_a_small_csv_is_checked(self, role_users):
        upload = SimpleUploadedFile("ok.csv", b"external_id\n", content_type="text/csv")
        response = _client(role_users["polis"]).post(self.url(), {"file": upload})
        assert response.status_code == 200
        assert ImportJob.objects.count() == 1


@pytest.mark.django_db
@pytest.mark.usefixtures("small_limit")
class TestAgendaDocuments:
    def _post(self, user, item, name, content):
        url = reverse("councils:agenda_document_create", kwargs={"item": item.pk})
        upload = SimpleUploadedFile(name, content)
        return _client(user).post(url, {"title": "Underlag", "file": upload})

    def test_too_big_is_refused(self, role_users):
        item = AgendaItemFactory()
        response = self._post(role_users["samordnare"], item, "underlag.pdf", BIG)
        assert response.status_code == 200
        assert "högst" in _errors(response)
        assert AgendaDocument.objects.count() == 0

    @pytest.mark.parametrize("name", ["sida.html", "skript.js", "program.exe", "bild.svg"])
    def test_wrong_type_is_refused(self, role_users, name):
        item = AgendaItemFactory()
        response = self._post(role_users["samordnare"], item, name, b"<script>alert(1)</script>")
        assert response.status_code == 200
        assert "pdf" in _errors(response)
        assert AgendaDocument.objects.count() == 0

    def test_a_pdf_is_stored_and_served_as_an_attachment(self, role_users):
        item = AgendaItemFactory()
        response = self._post(role_users["samordnare"], item, "underlag.pdf", b"%PDF-1.4 x")
        assert response.status_code == 302
        document = AgendaDocument.objects.get()
        download = _client(role_users["samordnare"]).get(
            reverse("councils:agenda_document", kwargs={"pk": document.pk})
        )
        assert download["Content-Disposition"].startswith("attachment")
        assert download["X-Content-Type-Options"] == "nosniff"


@pytest.mark.django_db
@pytest.mark.usefixtures("small_limit")
class TestAgreementDocuments:
    def _post(self, user, name, content):
        parties = [OrganisationFactory(name="Västerås stad"), OrganisationFactory(name="Polisen")]
        agreement = CooperationAgreementFactory(
            parties=parties, valid_from=dt.date(2023, 6, 1), valid_to=dt.date(2027, 5, 31)
        )
        url = reverse("councils:agreement_update", kwargs={"pk": agreement.pk})
        data = {
            "title": agreement.title,
            "parties": [p.pk for p in parties],
            "valid_from": "2023-06-01",
            "valid_to": "2027-05-31",
            "document": SimpleUploadedFile(name, content),
        }
        return agreement, _client(user).post(url, data)

    def test_too_big_is_refused(self, role_users):
        agreement, response = self._post(role_users["samordnare"], "avtal.pdf", BIG)
        assert response.status_code == 200
        assert "högst" in _errors(response)
        agreement.refresh_from_db()
        assert not agreement.document

    @pytest.mark.parametrize("name", ["avtal.html", "avtal.exe"])
    def test_wrong_type_is_refused(self, role_users, name):
        agreement, response = self._post(role_users["samordnare"], name, b"<html>")
        assert response.status_code == 200
        assert "pdf" in _errors(response)
        agreement.refresh_from_db()
        assert not agreement.document

    def test_a_pdf_is_stored(self, role_users):
        agreement, response = self._post(role_users["samordnare"], "avtal.pdf", b"%PDF-1.4 x")
        assert response.status_code == 302, _errors(response)
        assert CooperationAgreement.objects.get(pk=agreement.pk).document


@pytest.mark.django_db
def test_request_bodies_are_bounded(settings):
    """Non-file form data is capped, and big files go to disk, not memory."""
    assert settings.DATA_UPLOAD_MAX_MEMORY_SIZE <= 10 * 1024 * 1024
    assert settings.FILE_UPLOAD_MAX_MEMORY_SIZE <= 10 * 1024 * 1024
    assert settings.MAX_UPLOAD_SIZE <= 50 * 1024 * 1024
