"""The daily check of stored free text for personal data, and the coordinators' clearing.

New text is refused at entry, import and API (core/personal_data.py); this finds what
was stored before the guard, or came in another way, in every free-text field the guard
covers, lists it to the coordinators (`personal_data.review`) and lets them clear the
matched pieces. The e-mail of the daily task holds a link and a number, never the text.
"""

from dataclasses import dataclass

from django.conf import settings
from django.core.mail import send_mail
from django.db.models import Q
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from core.personal_data import Finding, find_personal_data
from councils.models import Meeting
from councils.permissions import users_who_can
from lagesbild.models import AnnualPicture, Incident, Problem, WeeklyPicture
from measures.models import FollowUp

#: source key → (model, the free-text fields the guard covers)
SOURCES = {
    "incident": (Incident, ("assessment",)),
    "weekly": (WeeklyPicture, ("assessment",)),
    "annual": (
        AnnualPicture,
        ("summary", "staff_dialogues", "citizen_dialogues", "statistics"),
    ),
    "problem": (
        Problem,
        (
            "description",
            "cause_place",
            "cause_offenders",
            "cause_targets",
            "cause_guardians",
            "cause_contributing",
            "cause_sources",
        ),
    ),
    "follow_up": (FollowUp, ("done", "result", "next_step")),
    "meeting": (Meeting, ("minutes",)),
}

# A cheap filter in SQL before the exact check in Python: text with six digits in a row
# (with a separator), an @, seven digits of a phone number or three capitals and digits.
_CANDIDATE = r"[0-9]{6}|[0-9]{3}[ -][0-9]|@|[A-Z]{3} ?[0-9]{2}"

REDACTED = "[…]"


@dataclass(frozen=True)
class StoredFinding:
    source: str
    pk: int
    field: str
    label: str  # the object as its model prints it
    findings: tuple[Finding, ...]


def personal_data_findings() -> list[StoredFinding]:
    """Every stored free text the guard would refuse now, per object and field."""
    out = []
    for source, (model, fields) in SOURCES.items():
        condition = Q()
        for name in fields:
            condition |= Q(**{f"{name}__regex": _CANDIDATE})
        for obj in model.objects.filter(condition).order_by("pk").iterator():
            for name in fields:
                found = find_personal_data(getattr(obj, name))
                if found:
                    out.append(StoredFinding(source, obj.pk, name, str(obj), tuple(found)))
    return out


def personal_data_clear(*, source: str, pk: int, field: str, user) -> str:
    """Replace the matched pieces of one field with "[…]"; the change enters the history.

    Returns the cleared text. Raises LookupError for an unknown source or field and
    ObjectDoesNotExist for a missing object.
    """
    model, fields = SOURCES[source]
    if field not in fields:
        raise LookupError(field)
    obj = model.objects.get(pk=pk)
    text = getattr(obj, field)
    for finding in find_personal_data(text):
        text = text.replace(finding.text, REDACTED)
    setattr(obj, field, text)
    obj._history_user = user
    obj.save(update_fields=[field])
    return text


def personal_data_notify() -> int:
    """E-mail the coordinators a link when stored text holds personal data; returns mails."""
    found = personal_data_findings()
    if not found:
        return 0
    to = [u.email for u in users_who_can("personal_data.review") if u.email]
    if not to:
        return 0
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Personal data in %(n)s stored texts") % {"n": len(found)}
        body = _(
            "The daily check found what looks like personal data in %(n)s stored texts. "
            "Review and clear them here: %(url)s"
        ) % {"n": len(found), "url": settings.SITE_URL + reverse("personal_data")}
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, to)
    return 1
