"""Role matrix rows for councils (and the meeting pack under reports)."""

from datetime import date, timedelta

from django.utils import timezone

from tests.matrix import Expect, Route, api, needs, page

# The meeting pack pages live in trygghet/reports (rows kept here beside the meeting).
READERS = ("samordnare", "polis", "ledamot")


def _with(expect: Expect, **statuses: int) -> Expect:
    """`expect` with some roles' statuses changed (e.g. 404 for an object they cannot see)."""
    changed = Expect({**expect, **statuses})
    changed.capability = expect.capability
    return changed


def objects(users: dict) -> dict:
    from django.core.files.base import ContentFile

    from councils.models import (
        AgendaDocument,
        AgendaItem,
        CooperationAgreement,
        Council,
        Meeting,
        Organisation,
    )

    council = Council.objects.create(name="Trygghetsrådet")
    meeting = Meeting.objects.create(
        council=council,
        title="Sammanträde",
        starts_at=timezone.now() + timedelta(days=7),
        pack_published_at=timezone.now(),
    )
    item = AgendaItem.objects.create(meeting=meeting, title="Lägesbild", presenter=users["polis"])
    other = AgendaItem.objects.create(meeting=meeting, title="Budget", order=2)
    document = AgendaDocument(item=item, title="Underlag")
    document.file.save("underlag.pdf", ContentFile(b"%PDF-1.4 test"), save=True)
    agreement = CooperationAgreement.objects.create(
        title="Överenskommelse", parties_key="x", valid_from=date(2023, 6, 1)
    )
    agreement.document.save("avtal.pdf", ContentFile(b"%PDF-1.4 test"), save=True)
    Organisation.objects.get_or_create(name="Västerås stad")
    return {"meeting": meeting, "item": item, "other": other, "doc": document, "agr": agreement}


def _m(o):
    return {"pk": o["meeting"].pk}


ROUTES = [
    # Every signed-in user: their own settings and /me.
    Route("councils:profile", page()),
    Route("api-me", api()),
    Route("councils:council", needs("council.read")),
    Route("councils:meeting_list", needs("council.read")),
    Route("councils:meeting_calendar", needs("council.read")),
    Route("councils:meeting_create", needs("council.edit")),
    Route("councils:meeting_detail", needs("council.read"), kwargs=_m),
    Route("councils:meeting_update", needs("council.edit"), kwargs=_m),
    Route(
        "councils:meeting_pack_publish",
        needs("council.edit", ok=302),
        kwargs=_m,
        method="post",
        data={"ready": "1"},
    ),
    Route(
        "councils:agenda_item_create",
        needs("council.edit"),
        kwargs=lambda o: {"meeting": o["meeting"].pk},
    ),
    Route(
        "councils:meeting_attendance",
        needs("council.edit", ok=302),
        kwargs=_m,
        method="post",
    ),
    Route(
        "councils:decision_create",
        needs("council.edit"),
        kwargs=lambda o: {"meeting": o["meeting"].pk},
    ),
    # Police liaisons edit the items they present (the matrix's polis presents `item`)…
    Route(
        "councils:agenda_item_update",
        needs("agenda.contribute"),
        kwargs=lambda o: {"pk": o["item"].pk},
    ),
    # …and get 404 for an item someone else presents.
    Route(
        "councils:agenda_item_update",
        _with(needs("agenda.contribute"), polis=404),
        kwargs=lambda o: {"pk": o["other"].pk},
    ),
    Route(
        "councils:agenda_document_create",
        needs("agenda.contribute"),
        kwargs=lambda o: {"item": o["item"].pk},
    ),
    Route(
        "councils:agenda_document", needs("meeting_pack.read"), kwargs=lambda o: {"pk": o["doc"].pk}
    ),
    Route("councils:agreement_list", needs("agreement.read")),
    Route("councils:agreement_create", needs("agreement.edit")),
    Route(
        "councils:agreement_detail", needs("agreement.read"), kwargs=lambda o: {"pk": o["agr"].pk}
    ),
    Route(
        "councils:agreement_update", needs("agreement.edit"), kwargs=lambda o: {"pk": o["agr"].pk}
    ),
    Route(
        "councils:agreement_terminate",
        needs("agreement.edit"),
        kwargs=lambda o: {"pk": o["agr"].pk},
    ),
    Route(
        "councils:agreement_document", needs("agreement.read"), kwargs=lambda o: {"pk": o["agr"].pk}
    ),
    Route("reports:meeting_pack", needs("meeting_pack.read"), kwargs=_m),
    Route("reports:meeting_pack_pdf", needs("meeting_pack.read"), kwargs=_m),
]
