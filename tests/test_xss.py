"""XSS: script payloads in every free-text field come back escaped, on every page and in PDFs.

Every text column users can fill (incident assessment, place and area names, measure
title and description, follow-ups, problembild and orsaksanalys, weekly assessment,
agenda items, decisions, agreements, budget labels and notes, people's names…) is set
to a payload, straight in the database as an attacker's earlier input would be; then
every page of the role matrix is rendered for every role and the meeting pack and the
weekly report are rendered as PDF.
"""

import io

import pytest
from django.apps import apps
from django.db import models
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from tests.matrix import WHO
from tests.pages import matrix_objects, rendered_pages, scan
from tests.test_accessibility import seed_pages

SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'
APPS = ("councils", "lagesbild", "measures", "budget")
# Not free text: logins, keys the code looks things up by, and password hashes.
SKIP = {"password", "username", "parties_key", "external_id", "key", "code", "slug"}


def text_fields():
    """(model, field) for every free-text column of the apps (history tables aside)."""
    for label in APPS:
        for model in apps.get_app_config(label).get_models():
            if model.__name__.startswith("Historical") or model._meta.proxy:
                continue
            for field in model._meta.concrete_fields:
                if (
                    isinstance(field, models.CharField | models.TextField)
                    and not isinstance(
                        field, models.EmailField | models.URLField | models.SlugField
                    )
                    and not field.choices
                    and field.name not in SKIP
                    and not field.name.endswith("_key")
                ):
                    yield model, field


def poison() -> int:
    """Put a payload into every free-text column; returns how many rows were changed."""
    changed = 0
    for n, (model, field) in enumerate(text_fields()):
        payload = (SCRIPT if n % 2 else IMG) + str(n)
        if field.max_length and len(payload) > field.max_length:
            payload = (SCRIPT + str(n))[: field.max_length]
        for pk in model._default_manager.values_list("pk", flat=True):
            # The row's id keeps values unique where a constraint wants them so.
            suffix = f" {pk}"
            value = payload[: field.max_length - len(suffix)] if field.max_length else payload
            changed += model._default_manager.filter(pk=pk).update(**{field.name: value + suffix})
    return changed


def assert_escaped(html: str, where: str) -> None:
    assert "<script>alert" not in html, where
    assert "<img src=x onerror" not in html, where
    found = scan(html)
    assert not [h for h in found.handlers if "alert" in h], where
    # Scripts are data only (CSP forbids inline code, tests/test_csp.py): a payload may sit
    # in their JSON as a string, but never with a raw "<" or quote that could end it.
    assert not [s for s in found.script_texts if "alert(1)" in s and ("<" in s or '"><' in s)], (
        where
    )


@pytest.fixture
def poisoned(role_users):
    objects = matrix_objects(role_users)
    seed_pages(objects, role_users)
    _pdf_objects(role_users)
    assert poison() > 50
    return objects


def _pdf_objects(users):
    """A published weekly picture with an assessment, for the weekly report."""
    from core.isoweek import Week
    from lagesbild.pictures.services import weekly_picture_publish, weekly_picture_save

    week = Week(2023, 7)
    weekly_picture_save(
        week=week, assessment="Bedömning", problems=[], user=users["samordnare"], version=0
    )
    weekly_picture_publish(week=week, user=users["samordnare"])


def test_every_kind_of_free_text_is_covered():
    names = {f"{m.__name__}.{f.name}" for m, f in text_fields()}
    for expected in (
        "Incident.assessment",
        "Place.name",
        "Area.name",
        "Measure.title",
        "Measure.description",
        "FollowUp.done",
        "Problem.title",
        "Problem.cause_place",
        "WeeklyPicture.assessment",
        "AgendaItem.title",
        "Decision.text",
        "Allocation.label",
        "Expenditure.note",
        "CooperationAgreement.summary",
        "User.first_name",
    ):
        assert expected in names, expected


@pytest.mark.django_db
@pytest.mark.parametrize("who", WHO)
def test_payloads_come_back_escaped_on_every_page(who, role_users, poisoned):
    checked = 0
    shown = 0
    for name, url, response in rendered_pages(who, role_users, poisoned):
        html = response.content.decode()
        assert_escaped(html, f"{who} {name} {url}")
        checked += 1
        shown += "&lt;script&gt;alert(1)" in html or "onerror=alert(1)&gt;" in html
    # The payloads really were on the pages (escaped), not just absent.
    assert shown >= (0 if who == "anon" else 5), (who, shown, checked)


def _pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


@pytest.mark.django_db
def test_payloads_are_plain_text_in_the_meeting_pack_and_weekly_report(role_users, poisoned):
    from trygghet.reports.exporters import EXPORTERS

    meeting = poisoned["tests.councils.matrix"]["meeting"]
    client = Client()
    client.force_login(role_users["samordnare"])
    response = client.get(reverse("reports:meeting_pack", kwargs={"pk": meeting.pk}))
    assert_escaped(response.content.decode(), "meeting pack page")
    response = client.get(reverse("reports:meeting_pack_pdf", kwargs={"pk": meeting.pk}))
    assert response.status_code == 200
    text = _pdf_text(response.content)
    # Shown as the characters typed, not interpreted as markup.
    assert "<script>alert(1)</script>" in text.replace("\n", "") or IMG in text, text[:500]

    _name, _mime, data = EXPORTERS["weekly"].render({"key": "2023-W07", "format": "pdf"})
    text = _pdf_text(data)
    assert "alert(1)" in text, text[:500]
    _name, _mime, html = EXPORTERS["weekly"].render({"key": "2023-W07", "format": "html"})
    assert_escaped(html.decode(), "weekly report html")
