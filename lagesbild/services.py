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
)
RELATED_FIELDS = ("category", "area", "place")
UNIQUE_EXTERNAL_ID = "incident_unique_external_id_per_organisation"


class ExternalIdTaken(ValidationError):
    """Another incident of the organisation got this external id first (a race)."""


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
    exclude = {"organisation", "reporter"} | {
        name for name in RELATED_FIELDS if isinstance(values.get(name), Model)
    }
    # The check constraints (count, point, ISO week) are mirrored by Incident.clean();
    # Django would test each with a query. The unique external id needs the database.
    incident.full_clean(exclude=exclude, validate_constraints=False)
    if incident.external_id:
        try:
            incident.validate_constraints()
        except ValidationError as error:
            taken = [_taken_message(incident.external_id)]
            raise ValidationError({"external_id": taken}) from error
    return incident


def incident_register(*, user, source: str = Source.API, data: dict) -> Incident:
    """Register one incident for the user's organisation."""
    _check_may_register(user)
    incident = incident_build(user=user, source=source, data=data)
    # The incident, its history row and its audit event: together or not at all (and
    # one commit instead of three).
    _save_all([incident])
    return incident


def report_register(*, user, incidents: Iterable[dict], source: str = Source.WEB) -> IncidentReport:
    """One report holding several incidents, all or none."""
    _check_may_register(user)
    rows = list(incidents)
    if not rows:
        raise ValidationError(_("A report needs at least one incident."))
    with transaction.atomic():
        report = IncidentReport(organisation=user.organisation, reporter=user)
        report.full_clean()
        report.save()
        for data in rows:
            incident = incident_build(user=user, source=source, data=data)
            incident.report = report
            incident.save()
    return report


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
    with transaction.atomic():
        made = [incident_build(user=user, source=source, data=row) for row in rows]
        _save_all(made)
    return made


def incident_update(*, user, incident: Incident, data: dict, version: int | None) -> Incident:
    """Change an incident the user may edit (own organisation, or any for coordinators).

    `version` is the one the editor saw; EditConflict if it is missing or someone (or an
    import) saved since.
    """
    if not Incident.objects.editable_by(user).filter(pk=incident.pk).exists():
        raise PermissionDenied
    for name, value in data.items():
        if name in INCIDENT_FIELDS:
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
