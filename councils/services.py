"""Writes of the council: meetings, packs, decisions and cooperation agreements."""

from collections.abc import Iterable
from datetime import date

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core.locking import version_claim

from .models import (
    AgreementNotice,
    AgreementSignatory,
    Attendance,
    CooperationAgreement,
    Decision,
    Meeting,
    MeetingPackRead,
    Organisation,
    Person,
    parties_key_of,
)
from .permissions import users_who_can


@transaction.atomic
def meeting_save(*, meeting: Meeting, version: int | None = None) -> Meeting:
    """Validate and save a meeting (new or changed).

    A change needs the `version` the editor saw (minutes and attendance are edited by
    several people): EditConflict if it is missing or someone saved since.
    """
    meeting.full_clean(exclude=["version"])
    if meeting.pk:
        version_claim(meeting, version=version)
    meeting.save()
    return meeting


def meeting_pack_publish(*, meeting: Meeting, user, ready: bool = True) -> Meeting:
    """Mark the meeting pack as ready for members (or withdraw it)."""
    meeting.pack_published_at = timezone.now() if ready else None
    meeting.pack_published_by = user if ready else None
    meeting.full_clean()
    meeting.save(update_fields=["pack_published_at", "pack_published_by"])
    return meeting


def meeting_pack_record_open(*, meeting: Meeting, user) -> MeetingPackRead:
    """Record that `user` opened the pack: first time once, then count and time."""
    now = timezone.now()
    updated = MeetingPackRead.objects.filter(meeting=meeting, user=user).update(
        last_opened_at=now, times_opened=F("times_opened") + 1
    )
    if not updated:
        try:
            with transaction.atomic():
                return MeetingPackRead.objects.create(
                    meeting=meeting, user=user, first_opened_at=now, last_opened_at=now
                )
        except IntegrityError:
            # Two tabs opened the pack at once; the other request created the row.
            MeetingPackRead.objects.filter(meeting=meeting, user=user).update(
                last_opened_at=now, times_opened=F("times_opened") + 1
            )
    return MeetingPackRead.objects.get(meeting=meeting, user=user)


@transaction.atomic
def meeting_record_attendance(*, meeting: Meeting, attendance: dict[int, tuple[bool, str]]):
    """Record who was present (and a note) for each person given; others are kept."""
    for person_id, (present, note) in attendance.items():
        row = Attendance.objects.filter(meeting=meeting, person_id=person_id).first()
        row = row or Attendance(meeting=meeting, person_id=person_id)
        row.present, row.note = present, note
        row.full_clean()
        row.save()


def decision_save(*, decision: Decision) -> Decision:
    """Validate and save a decision; a new one gets the next number of its meeting."""
    if decision.pk is None and not decision.number:
        last = decision.meeting.decisions.order_by("-number").values_list("number", flat=True)
        decision.number = (last.first() or 0) + 1
    decision.full_clean()
    decision.save()
    return decision


@transaction.atomic
def agreement_save(
    *,
    agreement: CooperationAgreement,
    parties: Iterable[Organisation],
    signatories: Iterable[tuple[Person, Organisation | None, str]] | None = None,
) -> CooperationAgreement:
    """Validate and save an agreement with its parties (and signatories when given).

    The same-parties overlap is checked in clean() with a clear message, and refused by
    the exclusion constraint on PostgreSQL should two saves race.
    """
    parties = list(parties)
    agreement.parties_key = parties_key_of(parties)
    agreement.full_clean()
    agreement.save()
    agreement.parties.set(parties)
    if signatories is not None:
        keep = []
        for person, organisation, title in signatories:
            signatory, _created = AgreementSignatory.objects.update_or_create(
                agreement=agreement,
                person=person,
                defaults={"organisation": organisation, "title_at_signing": title},
            )
            keep.append(signatory.pk)
        agreement.signatories.exclude(pk__in=keep).delete()
    return agreement


def agreement_terminate(*, agreement: CooperationAgreement, on: date) -> CooperationAgreement:
    """End an agreement early: `on` is the last day it applies."""
    agreement.terminated_on = on
    agreement.full_clean()
    agreement.save(update_fields=["terminated_on"])
    return agreement


def reminder_thresholds() -> list[int]:
    """Days before the end at which coordinators are reminded (largest first)."""
    first = settings.AGREEMENT_WARNING_DAYS
    return sorted({first, *(d for d in (30, 7) if d < first)}, reverse=True)


def agreements_notify_ending(*, today: date | None = None) -> int:
    """E-mail coordinators about agreements nearing their end; returns notices sent.

    Each agreement is reminded once per threshold (90, 30 and 7 days by default), so
    the daily task sends nothing on the days in between.
    """
    today = today or timezone.localdate()
    thresholds = reminder_thresholds()
    recipients = list(
        users_who_can("agreement.reminded")
        .exclude(email="")
        .values_list("email", flat=True)
        .distinct()
    )
    sent = 0
    ending = CooperationAgreement.objects.ending_within(today, thresholds[0]).prefetch_related(
        "parties"
    )
    for agreement in ending:
        days_left = (agreement.ends_on - today).days
        crossed = [t for t in thresholds if days_left <= t]
        threshold = min(crossed)
        already = set(
            agreement.notices.filter(ends_on=agreement.ends_on).values_list(
                "days_before", flat=True
            )
        )
        if threshold in already:
            continue
        with transaction.atomic():
            for t in crossed:
                AgreementNotice.objects.get_or_create(
                    agreement=agreement,
                    ends_on=agreement.ends_on,
                    days_before=t,
                    defaults={"sent_at": timezone.now(), "recipients": len(recipients)},
                )
            if recipients:
                _send_ending_mail(agreement, days_left, recipients)
        sent += 1
    return sent


def _send_ending_mail(agreement: CooperationAgreement, days_left: int, recipients: list[str]):
    url = settings.SITE_URL.rstrip("/") + reverse("councils:agreement_detail", args=[agreement.pk])
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("The agreement “%(title)s” ends in %(days)d days") % {
            "title": agreement.title,
            "days": days_left,
        }
        body = render_to_string(
            "councils/email/agreement_ending.txt",
            {"agreement": agreement, "days_left": days_left, "url": url},
        )
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients)
