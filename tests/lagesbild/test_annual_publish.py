"""The annual picture is published from its page: button, confirmation, audit event;
the annual report then lists the ranked problembilder with their orsaksanalys."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from lagesbild.models import AnnualPicture, PictureStatus, Problem
from trygghet.models import AuditEvent
from trygghet.reports.exporters import EXPORTERS

pytestmark = pytest.mark.django_db
YEAR = 2025


@pytest.fixture
def picture():
    picture = AnnualPicture.objects.create(year=YEAR, title="Övergripande lägesbild 2025")
    Problem.objects.create(
        annual_picture=picture,
        rank=2,
        title="Klotter i centrum",
        description="Återkommande klotter.",
    )
    Problem.objects.create(
        annual_picture=picture,
        rank=1,
        title="Otrygga samlingar vid Bäckby centrum",
        description="Kvällar och helger.",
        cause_place="Dålig belysning och ingen vuxen närvaro efter 20.",
    )
    return picture


def test_the_coordinator_publishes_the_annual_picture_from_its_page(client, make_user, picture):
    coordinator = make_user("samordnare")
    client.force_login(coordinator)
    page = client.get(reverse("lagesbild:annual", kwargs={"year": YEAR})).content.decode()
    url = reverse("lagesbild:annual_publish", kwargs={"year": YEAR})
    assert f'action="{url}"' in page and "data-confirm=" in page

    response = client.post(url, follow=True)
    assert "Årslägesbilden publicerades." in response.content.decode()
    picture.refresh_from_db()
    assert picture.status == PictureStatus.PUBLISHED
    assert picture.published_at and picture.snapshot["years"]  # who: the audit trail
    event = AuditEvent.objects.filter(
        content_type=ContentType.objects.get_for_model(AnnualPicture), object_id=str(picture.pk)
    ).latest("at")
    assert event.actor == coordinator and "status" in event.changed_fields

    page = client.get(reverse("lagesbild:annual", kwargs={"year": YEAR})).content.decode()
    assert "Publicera på nytt" in page  # publishing again refreshes the figures


def test_readers_see_no_publish_button_and_cannot_publish(client, make_user, picture):
    client.force_login(make_user("polis"))
    page = client.get(reverse("lagesbild:annual", kwargs={"year": YEAR})).content.decode()
    assert "annual-publish" not in page
    url = reverse("lagesbild:annual_publish", kwargs={"year": YEAR})
    assert client.post(url).status_code == 403
    picture.refresh_from_db()
    assert picture.status != PictureStatus.PUBLISHED


def test_a_year_without_a_written_picture_is_not_published(client, make_user):
    client.force_login(make_user("samordnare"))
    url = reverse("lagesbild:annual_publish", kwargs={"year": YEAR})
    response = client.post(url, follow=True)
    assert "Skriv årslägesbilden innan du publicerar den." in response.content.decode()
    assert not AnnualPicture.objects.exists()


def test_the_annual_report_lists_the_ranked_problems_once_published(client, make_user, picture):
    render = EXPORTERS["annual"].render
    _name, _type, before = render({"key": str(YEAR), "format": "html"})
    assert "Otrygga samlingar vid Bäckby centrum" not in before.decode()

    client.force_login(make_user("samordnare"))
    client.post(reverse("lagesbild:annual_publish", kwargs={"year": YEAR}))
    _name, _type, after = render({"key": str(YEAR), "format": "html"})
    html = after.decode()
    first, second = (
        html.index("Otrygga samlingar vid Bäckby centrum"),
        html.index("Klotter i centrum"),
    )
    assert first < second  # ranked: number 1 first
    assert "Dålig belysning och ingen vuxen närvaro efter 20." in html  # its orsaksanalys
