"""Reads of the council: members on a date, meetings, the agreement picture."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.db.models import Count, Prefetch
from django.utils import timezone

from core.versioned import figures_cached

from .models import (
    AgendaDocument,
    AgendaItem,
    CooperationAgreement,
    Council,
    Meeting,
    MeetingPackRead,
    Membership,
    Seat,
)
from .permissions import can


def council_main() -> Council | None:
    """The council (one per installation today)."""
    return Council.objects.order_by("pk").first()


def council_members_on(council: Council, day: date) -> list[Membership]:
    """Who sat on the council on `day`."""
    return list(Membership.objects.filter(seat__council=council).as_of(day))


def council_seats_as_of(council: Council, day: date):
    """The council's seats, each with `.members`: who held it on `day` (two queries)."""
    return Seat.objects.filter(council=council).prefetch_related(
        Prefetch(
            "memberships",
            queryset=Membership.objects.as_of(day),
            to_attr="members",
        ),
        "committee",
        "organisation",
    )


def meetings_for(user):
    """Meetings a user may see, with counts for lists."""
    return Meeting.objects.select_related("council").annotate(
        item_count=Count("agenda_items", distinct=True)
    )


def meetings():
    """Every meeting (for a single meeting looked up by its key)."""
    return Meeting.objects.all()


def meetings_with_agenda():
    """Meetings with what the meeting page shows: agenda, documents, decisions, attendance."""
    return Meeting.objects.select_related("council", "pack_published_by").prefetch_related(
        "agenda_items__documents", "agenda_items__presenter", "decisions", "attendances__person"
    )


def meeting_attendance_rows(meeting: Meeting) -> list[dict]:
    """The council's members on the meeting day, then anyone else recorded, each with
    their recorded attendance (None: not recorded yet)."""
    day = timezone.localtime(meeting.starts_at).date()
    recorded = {a.person_id: a for a in meeting.attendances.select_related("person")}
    rows, seen = [], set()
    for membership in council_members_on(meeting.council, day):
        if membership.person_id in seen:
            continue
        seen.add(membership.person_id)
        rows.append(
            {
                "person": membership.person,
                "seat": membership.seat,
                "attendance": recorded.get(membership.person_id),
            }
        )
    for person_id, attendance in recorded.items():
        if person_id not in seen:
            rows.append({"person": attendance.person, "seat": None, "attendance": attendance})
    return rows


def meetings_for_calendar():
    """The meetings the calendar feed lists: all but the cancelled ones."""
    return Meeting.objects.exclude(status=Meeting.Status.CANCELLED).select_related("council")


def meeting_next(now=None) -> Meeting | None:
    """The next meeting that has not yet started."""
    return Meeting.objects.upcoming(now).first()


def agenda_next_order(meeting: Meeting) -> int:
    """The order number a new agenda item of `meeting` gets: after the last one."""
    last = meeting.agenda_items.order_by("-order").first()
    return (last.order + 1) if last else 1


def agenda_documents():
    """Agenda documents with their item and meeting (for the pack's visibility)."""
    return AgendaDocument.objects.select_related("item__meeting")


def agreements():
    """Every cooperation agreement."""
    return CooperationAgreement.objects.all()


def agreements_with_parties():
    """Agreements with parties and signatories, for the agreement page."""
    return CooperationAgreement.objects.prefetch_related(
        "parties", "signatories__person", "signatories__organisation"
    )


def pack_visible_to(meeting: Meeting, user) -> bool:
    """Coordinators see a pack while preparing it; others once it is marked ready."""
    return can(user, "meeting_pack.read_unready") or meeting.pack_is_ready


def pack_reads(meeting: Meeting):
    """Who has opened the meeting pack, and when."""
    return MeetingPackRead.objects.filter(meeting=meeting).select_related("user")


@dataclass(frozen=True)
class TimelineBar:
    """One agreement on the timeline: offsets and widths in per cent of the span."""

    agreement: CooperationAgreement
    left: float
    width: float
    open_end: bool


@dataclass(frozen=True)
class AgreementPicture:
    current: CooperationAgreement | None
    days_left: int | None
    warning: bool
    bars: list[TimelineBar]
    span_start: date | None
    span_end: date | None
    years: list[tuple[int, float]]


def agreement_picture(today: date | None = None) -> AgreementPicture:
    """The current agreement, whether it nears its end, and the history as a timeline."""
    today = today or timezone.localdate()
    agreements = list(
        CooperationAgreement.objects.with_end()
        .prefetch_related("parties", "signatories__person")
        .order_by("valid_from")
    )
    current = next(
        (
            a
            for a in reversed(agreements)
            if a.valid_from <= today and (a.ends_on is None or a.ends_on >= today)
        ),
        None,
    )
    days_left = (current.ends_on - today).days if current and current.ends_on else None
    warning = days_left is not None and days_left <= settings.AGREEMENT_WARNING_DAYS
    if not agreements:
        return AgreementPicture(current, days_left, warning, [], None, None, [])
    start = date(agreements[0].valid_from.year, 1, 1)
    last = max([today, *(a.ends_on or today for a in agreements)])
    end = date(last.year + 1, 1, 1)
    total = (end - start).days

    def pct(day: date) -> float:
        return round(100 * (day - start).days / total, 2)

    bars = []
    for a in agreements:
        stop = (a.ends_on or end) + timedelta(days=1)
        bars.append(
            TimelineBar(
                a,
                pct(a.valid_from),
                max(pct(min(stop, end)) - pct(a.valid_from), 0.5),
                a.ends_on is None,
            )
        )
    years = [(y, pct(date(y, 1, 1))) for y in range(start.year, end.year)]
    return AgreementPicture(current, days_left, warning, bars, start, end, years)


def agreements_ending_soon(today: date | None = None):
    today = today or timezone.localdate()
    return CooperationAgreement.objects.ending_within(today, settings.AGREEMENT_WARNING_DAYS)


@figures_cached("councils", local=True)
def start_page_panel(*, with_agreements: bool) -> dict:
    """The next meeting and (for those warned) the agreements that end soon, cached
    under the councils' generation."""
    return {
        "next_meeting": meeting_next(),
        "ending": list(agreements_ending_soon()) if with_agreements else [],
    }


def agenda_items_editable_by(user):
    """Agenda items a user may edit: all for coordinators, their own for presenters."""
    if can(user, "council.edit"):
        return AgendaItem.objects.all()
    if can(user, "agenda.contribute"):
        return AgendaItem.objects.filter(presenter=user)
    return AgendaItem.objects.none()
