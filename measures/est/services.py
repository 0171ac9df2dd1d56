"""Writes of the weekly EST meeting: the meeting, its notes and actions, the minutes."""

import datetime as dt

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from councils.permissions import can, users_who_can

from ..models import EstAction, EstMeeting, EstNote, FollowUp, Measure, MinutesDispatch


def _check_may_edit(user) -> None:
    if not can(user, "est_meeting.edit"):
        raise PermissionDenied


@transaction.atomic
def est_meeting_create(
    *, user, held_on: dt.date, organisations, weekly_picture=None, summary: str = ""
) -> EstMeeting:
    """Record a meeting: its date, the participating organisations, the week's picture."""
    _check_may_edit(user)
    meeting = EstMeeting(
        held_on=held_on, weekly_picture=weekly_picture, summary=summary.strip(), created_by=user
    )
    meeting.full_clean()
    meeting.save()
    meeting.organisations.set(organisations)
    return meeting


def est_note_add(*, user, meeting: EstMeeting, kind: str, topic: str, text: str) -> EstNote:
    """What the meeting said about one trend, hot spot or other topic."""
    _check_may_edit(user)
    note = EstNote(meeting=meeting, kind=kind, topic=topic.strip(), text=text.strip())
    note.full_clean()
    note.save()
    return note


@transaction.atomic
def est_action_add(
    *,
    user,
    meeting: EstMeeting,
    responsible,
    what: str,
    due_on: dt.date,
    kind: str = EstAction.Kind.MEASURE,
    measure: Measure | None = None,
    note: EstNote | None = None,
) -> EstAction:
    """An agreed action: a new measure owned by the responsible organisation, or a
    follow-up on an existing measure (whose next follow-up becomes the due date)."""
    _check_may_edit(user)
    action = EstAction(
        meeting=meeting,
        note=note,
        responsible=responsible,
        what=what.strip(),
        due_on=due_on,
        kind=kind,
        measure=measure if kind == EstAction.Kind.FOLLOW_UP else None,
    )
    action.full_clean()
    origin = _("Decided at the EST meeting on %(date)s.") % {"date": meeting.held_on.isoformat()}
    if kind == EstAction.Kind.MEASURE:
        made = Measure(
            title=action.what[:200],
            description=origin,
            owner=responsible,
            start_date=meeting.held_on,
            end_date=due_on,
            next_follow_up_due=due_on,
            status=Measure.Status.PLANNED,
            origin=Measure.Origin.EST_MEETING,
            created_by=user,
        )
        made.full_clean()
        made.save()
        if meeting.weekly_picture_id:
            made.problems.set(meeting.weekly_picture.problems.all())
        action.measure = made
    else:
        if measure is None:
            raise ValidationError({"measure": _("Choose the measure to follow up.")})
        follow_up = FollowUp(
            measure=measure,
            date=meeting.held_on,
            done=origin,
            next_step=_("%(what)s (by %(date)s, %(org)s)")
            % {"what": action.what, "date": due_on.isoformat(), "org": responsible},
            organisation=responsible,
            author=user,
        )
        follow_up.full_clean()
        follow_up.save()
        # Saved with history: the measure's trail says the meeting moved its due date.
        measure.next_follow_up_due = due_on
        measure._history_user = user
        measure.save(update_fields=["next_follow_up_due", "updated_at"])
        action.follow_up = follow_up
    action.save()
    return action


def est_minutes_send(*, user, meeting: EstMeeting) -> MinutesDispatch:
    """Log a request to e-mail the minutes to the partners; a Celery task sends them
    once this transaction commits."""
    _check_may_edit(user)
    from ..tasks import send_est_minutes

    with transaction.atomic():
        dispatch = MinutesDispatch.objects.create(meeting=meeting, requested_by=user)
        transaction.on_commit(lambda: send_est_minutes.delay(dispatch.pk))
    return dispatch


def minutes_recipients(meeting: EstMeeting) -> list[str]:
    """The addresses of the users of the participating organisations (and those with
    an action) who receive minutes."""
    organisations = {o.pk for o in meeting.organisations.all()}
    organisations |= set(meeting.actions.values_list("responsible_id", flat=True))
    return sorted(
        set(
            users_who_can("est_minutes.received")
            .filter(organisation_id__in=organisations)
            .exclude(email="")
            .values_list("email", flat=True)
        )
    )


def est_minutes_deliver(*, dispatch_id: int) -> int:
    """Send a logged minutes dispatch (once: a sent one is left alone); returns recipients."""
    with transaction.atomic():
        dispatch = (
            MinutesDispatch.objects.select_for_update(of=("self",))
            .select_related("meeting__weekly_picture")
            .get(pk=dispatch_id)
        )
        if dispatch.sent_at:
            return 0
        meeting = dispatch.meeting
        recipients = minutes_recipients(meeting)
        if recipients:
            url = settings.SITE_URL.rstrip("/") + reverse(
                "measures:est_meeting_detail", args=[meeting.pk]
            )
            with translation.override(settings.LANGUAGE_CODE):
                context = {
                    "meeting": meeting,
                    "organisations": list(meeting.organisations.all()),
                    "notes": list(meeting.notes.all()),
                    "actions": list(meeting.actions.select_related("responsible", "measure")),
                    "url": url,
                }
                subject = _("Minutes of the EST meeting on %(date)s") % {
                    "date": meeting.held_on.isoformat()
                }
                body = render_to_string("measures/email/est_minutes.txt", context)
            send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients)
        dispatch.sent_at = timezone.now()
        dispatch.recipients = len(recipients)
        dispatch.save(update_fields=["sent_at", "recipients"])
    return len(recipients)
