"""One English word, two Swedish meanings: each meaning has its own gettext context, so
no app's translation overrides another's (or Django admin's)."""

import pytest
from django.utils import translation
from django.utils.translation import gettext, pgettext

from councils.models import Meeting
from lagesbild.models import PictureStatus
from measures.models import Measure


@pytest.fixture
def swedish():
    with translation.override("sv"):
        yield


@pytest.mark.usefixtures("swedish")
def test_change_is_a_verb_in_the_admin_and_a_difference_in_the_figures():
    assert gettext("Change") == "Ändra"
    assert pgettext("difference between periods", "Change") == "Förändring"


@pytest.mark.usefixtures("swedish")
def test_reports_start_and_published_by_their_meaning():
    assert gettext("Reports") == "Rapporter"
    assert pgettext("report-backs on a citizen promise", "Reports") == "Återrapporter"
    assert pgettext("start generating a report", "Start") == "Starta"
    assert pgettext("start page", "Start") == "Start"
    assert pgettext("citizen promise", "Published") == "Publicerat"
    assert str(PictureStatus.PUBLISHED.label) == "Publicerad"


@pytest.mark.usefixtures("swedish")
def test_status_words_agree_with_their_noun():
    # en insats: planerad, inställd; ett sammanträde: planerat, inställt
    assert str(Measure.Status.PLANNED.label) == "Planerad"
    assert str(Measure.Status.CANCELLED.label) == "Inställd"
    assert str(Meeting.Status.PLANNED.label) == "Planerat"
    assert str(Meeting.Status.CANCELLED.label) == "Inställt"


@pytest.mark.django_db
def test_the_admin_change_links_say_andra(admin_client):
    response = admin_client.get("/admin/", HTTP_ACCEPT_LANGUAGE="sv")
    page = response.content.decode()
    assert "Förändring" not in page
    assert "Ändra" in page
