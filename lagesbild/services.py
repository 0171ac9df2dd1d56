"""Writes of lagesbild: registering and changing incidents, and gallring of free text."""

import datetime as dt
import re
from collections import Counter
from collections.abc import Iterable

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext as _

from core.locking import version_claim
from councils.permissions import can

from .models import Incident, IncidentReport, Source

# Fields a reporter may set; the rest (organisation, reporter, source, derived) is ours.
INCIDENT_FIELDS = (
    "category",
    "area",
    "place",
    "latitude",
    "longitude",
    "occurred_on",
    "occurred_at",
    "time_band",
    "count",
    "assessment",
    "external_id",
    "client_key",
)
# Set once, when the incident is made; an edit never changes it.
CREATE_ONLY_FIELDS = ("client_key",)
RELATED_FIELDS = ("category", "area", "place")
UNIQUE_EXTERNAL_ID = "incident_unique_external_id_per_organisation"


class ExternalIdTaken(ValidationError):
    """Another incident of the organisation got this external id first (a race)."""


class ClientKeyRace(Exception):
    """A concurrent request saved an incident with the same idempotency key first."""


def _is_client_key_violation(error: IntegrityError) -> bool:
    diag = getattr(error.__cause__, "diag", None)
    return "client_key" in (getattr(diag, "constraint_name", "") or "")


def incidents_by_key(user, keys) -> dict:
    """The incidents already made with these idempotency keys, by key; a key used by
    another organisation is refused (it cannot be a resend of this user's entry)."""
    keys = [k for k in keys if k]
    if not keys:
        return {}
    found = {i.client_key: i for i in Incident.objects.filter(client_key__in=keys)}
    if any(i.organisation_id != user.organisation_id for i in found.values()):
        raise ValidationError({"client_key": [_("This key belongs to another entry.")]})
    for incident in found.values():
        incident.was_resent = True
    return found


def _taken_message(external_id: str) -> str:
    return _("An incident with the external id %(id)s already exists.") % {"id": external_id}


def _save_all(incidents: list[Incident]) -> None:
    """Save in the caller's transaction; a unique external id lost to a concurrent
    request is ExternalIdTaken naming the id, not a database error."""
    try:
        with transaction.atomic():
            for incident in incidents:
                incident.save()
    except IntegrityError as error:
        if _is_client_key_violation(error):
            raise ClientKeyRace from error
        diag = getattr(error.__cause__, "diag", None)
        if getattr(diag, "constraint_name", "") != UNIQUE_EXTERNAL_ID:
            raise
        # "Key (organisation_id, external_id)=(3, X-1) already exists."
        match = re.search(r"=\(\d+, (.*)\) already exists", diag.message_detail or "")
        taken = match[1] if match else ", ".join(i.external_id for i in incidents)
        raise ExternalIdTaken({"external_id": [_taken_message(taken)]}, code="conflict") from error


def _check_may_register(user) -> None:
    if not can(user, "incident.register"):
        raise PermissionDenied
    if not user.organisation_id:
        raise ValidationError(_("Your account belongs to no organisation; ask an administrator."))


def incident_build(*, user, source: str, data: dict, organisation=None) -> Incident:
    """An unsaved, validated incident of the user's organisation."""
    values = {k: v for k, v in data.items() if k in INCIDENT_FIELDS}
    incident = Incident(
        organisation=organisation or user.organisation,
        reporter=user,
        source=source,
        **values,
    )
    # Related objects passed as instances were resolved (and so checked) by the form or
    # serializer; re-checking each costs a query per key on every registration.
    # The idempotency key's uniqueness is the callers' (incidents_by_key) and the
    # database's: no query for it here.
    exclude = {"organisation", "reporter", "client_key"} | {
        name for name in RELATED_FIELDS if isinstance(values.get(name), Model)
    }
    # The check constraints (count, point, ISO week) are mirrored by Incident.clean();
    # Django would test each with a query. The unique external id needs the database:
    # one query for it alone (a race past it is ExternalIdTaken from _save_all).
    incident.full_clean(exclude=exclude, validate_constraints=False)
    if incident.external_id and _external_id_taken(incident):
        raise ValidationError({"external_id": [_taken_message(incident.external_id)]})
    return incident


def _external_id_taken(incident: Incident) -> bool:
    """The organisation already has an incident with this external id (one query)."""
    constraint = next(c for c in Incident._meta.constraints if c.name == UNIQUE_EXTERNAL_ID)
    try:
        constraint.validate(Incident, incident)
    except ValidationError:
        return True
    return False


def incident_register(*, user, source: str = Source.API, data: dict) -> Incident:
    """Register one incident for the user's organisation.

    With an idempotency key (`client_key`) already used, the incident made then is
    returned (its `was_resent` is True) and nothing new is saved.
    """
    _check_may_register(user)
    key = data.get("client_key")
    if key and (found := incidents_by_key(user, [key])):
        return found[key]
    incident = incident_build(user=user, source=source, data=data)
    # The incident, its history row and its audit event: together or not at all (and
    # one commit instead of three).
    try:
        _save_all([incident])
    except ClientKeyRace:
        return incidents_by_key(user, [key])[key]
    incident.was_resent = False
    return incident


def report_register(*, user, incidents: Iterable[dict], source: str = Source.WEB) -> IncidentReport:
    """One report holding several incidents, all or none.

    Rows whose idempotency key (`client_key`) was used before are not saved again: a
    report sent twice (a lost answer, a resend from the offline queue) is the first
    report again.
    """
    _check_may_register(user)
    rows = list(incidents)
    if not rows:
        raise ValidationError(_("A report needs at least one incident."))
    for _attempt in range(2):
        found = incidents_by_key(user, [row.get("client_key") for row in rows])
        new_rows = [row for row in rows if row.get("client_key") not in found]
        if not new_rows:
            earlier = next(iter(found.values()))
            if earlier.report is None:  # made through the API, outside a report
                raise ValidationError(_("These incidents were already registered."))
            return earlier.report
        try:
            with transaction.atomic():
                report = IncidentReport(organisation=user.organisation, reporter=user)
                report.full_clean()
                report.save()
                made = []
                for data in new_rows:
                    incident = incident_build(user=user, source=source, data=data)
                    incident.report = report
                    made.append(incident)
                _save_all(made)
            return report
        except ClientKeyRace:
            continue  # the same rows came in twice at once: read what the other made
    raise ValidationError(_("The report was sent twice at once; reload the page."))


def incidents_register_batch(*, user, rows: list[dict], source: str = Source.API) -> list[Incident]:
    """Register several incidents at once (API batch), all or none."""
    _check_may_register(user)
    counted = Counter(row.get("external_id") for row in rows if row.get("external_id"))
    if twice := sorted(i for i, n in counted.items() if n > 1):
        raise ValidationError(
            {
                "external_id": [
                    _("The same external id more than once in one batch: %(ids)s.")
                    % {"ids": ", ".join(twice)}
                ]
            }
        )
    found = incidents_by_key(user, [row.get("client_key") for row in rows])
    with transaction.atomic():
        made = [
            found.get(row.get("client_key")) or incident_build(user=user, source=source, data=row)
            for row in rows
        ]
        try:
            _save_all([i for i in made if not getattr(i, "was_resent", False)])
        except ClientKeyRace as error:
            raise ValidationError(
                {"client_key": [_("The same entry was sent twice at once; send it again.")]}
            ) from error
    return made


def incident_update(*, user, incident: Incident, data: dict, version: int | None) -> Incident:
    """Change an incident the user may edit (own organisation, or any for coordinators).

    `version` is the one the editor saw; EditConflict if it is missing or someone (or an
    import) saved since.
    """
    if not Incident.objects.editable_by(user).filter(pk=incident.pk).exists():
        raise PermissionDenied
    for name, value in data.items():
        if name in INCIDENT_FIELDS and name not in CREATE_ONLY_FIELDS:
            setattr(incident, name, value)
    incident.full_clean(exclude=["version"])
    with transaction.atomic():
        version_claim(incident, version=version)
        _save_all([incident])
    return incident


def assessment_retention_cutoff(today: dt.date | None = None) -> dt.date:
    """Incidents before this date lose their free text."""
    today = today or timezone.localdate()
    return today - relativedelta(months=settings.INCIDENT_TEXT_RETENTION_MONTHS)


def assessments_purge(*, today: dt.date | None = None) -> int:
    """Gallring: clear old assessment texts, also in the history; counts stay whole."""
    cutoff = assessment_retention_cutoff(today)
    with transaction.atomic():
        cleared = Incident.objects.assessment_expired(cutoff).update(
            assessment="", updated_at=timezone.now()
        )
        Incident.history.filter(occurred_on__lt=cutoff).exclude(assessment="").update(assessment="")
    return cleared


# ---------------------------------------------------------------------------
# The weekly rhythm: "inga händelser" and the reminders
# ---------------------------------------------------------------------------

#: How far back a reporter may still confirm a week as without incidents.
CONFIRM_WEEKS_BACK = 8


def no_incidents_confirm(*, user, week):
    """Record the user's "inga händelser" for their organisation and `week`.

    Refused for a week that has not begun, one more than CONFIRM_WEEKS_BACK weeks back,
    and one the organisation has registered incidents in. Confirming twice is harmless.
    """
    from core.isoweek import Week

    from .models import NoIncidentsConfirmation

    _check_may_register(user)
    current = Week.of(timezone.localdate())
    if week > current:
        raise ValidationError(_("That week has not begun yet."))
    if week < current.shift(-CONFIRM_WEEKS_BACK):
        raise ValidationError(
            _("Only the last %(n)s weeks can be confirmed.") % {"n": CONFIRM_WEEKS_BACK}
        )
    if (
        Incident.objects.in_week(week.iso_year, week.iso_week)
        .filter(organisation_id=user.organisation_id)
        .exists()
    ):
        raise ValidationError(
            _("Your organisation has registered incidents in %(week)s.") % {"week": week.label}
        )
    confirmation, _created = NoIncidentsConfirmation.objects.get_or_create(
        organisation_id=user.organisation_id,
        iso_year=week.iso_year,
        iso_week=week.iso_week,
        defaults={"confirmed_by": user},
    )
    return confirmation


def reporting_deadline(week) -> dt.datetime:
    """When `week`'s reports are due: settings.REPORTING_DEADLINE ("1 09:00": ISO weekday
    of the following week and local time) after the week."""
    from core.isoweek import STOCKHOLM

    weekday, time = settings.REPORTING_DEADLINE
    day = week.sunday + dt.timedelta(days=weekday)
    return dt.datetime.combine(day, time, tzinfo=STOCKHOLM)


def reporting_remind(*, now: dt.datetime | None = None) -> int:
    """E-mail the reporters of each reporting organisation that has not reported the
    past week once its deadline has passed; one reminder per organisation and week
    (ReportingReminder), users who opted out left out. Returns the reminders logged."""
    from django.core.mail import send_mail
    from django.template.loader import render_to_string
    from django.urls import reverse
    from django.utils import translation

    from core.isoweek import Week
    from councils.permissions import users_who_can

    from . import selectors
    from .models import ReportingReminder

    now = now or timezone.now()
    week = Week.last(timezone.localtime(now).date())
    if now < reporting_deadline(week):
        return 0
    url = settings.SITE_URL.rstrip("/") + reverse("lagesbild:incident_entry")
    sent = 0
    for row in selectors.reporting_status(week):
        if row["status"] != selectors.MISSING:
            continue
        recipients = sorted(
            users_who_can("incident.register")
            .filter(organisation_id=row["organisation_id"], reporting_reminders=True)
            .exclude(email="")
            .values_list("email", flat=True)
        )
        with transaction.atomic():
            _reminder, created = ReportingReminder.objects.get_or_create(
                organisation_id=row["organisation_id"],
                iso_year=week.iso_year,
                iso_week=week.iso_week,
                defaults={"sent_at": now, "recipients": len(recipients)},
            )
            if not created:
                continue
            if recipients:
                with translation.override(settings.LANGUAGE_CODE):
                    context = {"organisation": row["organisation"], "week": week, "url": url}
                    subject = _("%(organisation)s has not reported %(week)s") % {
                        "organisation": row["organisation"],
                        "week": week.label,
                    }
                    body = render_to_string("lagesbild/email/reporting_reminder.txt", context)
                # In the transaction: a failed send leaves no log row, and the next run
                # tries again.
                send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients)
            sent += 1
    return sent
