"""Writes of the reports: ask for a report, generate it, retry it, notify subscribers.

`report_request` stores a queued `Report` and enqueues the task after the commit; the
task calls `report_generate`, which renders with the kind's exporter, writes the file
atomically and only then marks the report done (a worker killed midway leaves it
running, and the re-delivered task starts it again).
"""

import logging
import os
import tempfile
import time
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.mail import send_mail
from django.db import IntegrityError, InterfaceError, OperationalError, transaction
from django.db.models import Max
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from kombu.exceptions import OperationalError as BrokerError

from core.isoweek import Week
from councils.models import Meeting
from councils.permissions import users_who_can
from trygghet.models import Report, ReportSubscription, report_upload_to

from .exporters import EXPORTERS

logger = logging.getLogger(__name__)

# Errors worth trying again: the database or the broker had a hiccup.
TRANSIENT_ERRORS = (OperationalError, InterfaceError, BrokerError)
NOT_STARTED_MESSAGE = gettext_lazy(
    "The report could not be started: the job queue (Redis) does not answer. "
    "Try again in a while; if it persists, contact the system administrator."
)


def report_request(*, kind: str, key: str, fmt: str = "pdf", user=None) -> Report:
    """Ask for a report: a new queued version, enqueued once the transaction commits.

    While the same kind, key and format is already queued or running, that report is
    returned instead of a second one.
    """
    if kind not in EXPORTERS:
        raise ValidationError({"kind": _("Unknown kind of report.")})
    try:
        key = EXPORTERS[kind].validate_key(key)
    except ValueError as exc:
        raise ValidationError({"key": str(exc) or _("Not a valid period.")}) from exc
    for attempt in range(3):
        try:
            with transaction.atomic():
                return _create_version(kind=kind, key=key, fmt=fmt, user=user)
        except IntegrityError:
            # Two requests raced for the same version number: take the next one.
            if attempt == 2:
                raise
    raise AssertionError("unreachable")


def _create_version(*, kind: str, key: str, fmt: str, user) -> Report:
    versions = Report.objects.of(kind, key, fmt)
    in_flight = versions.in_flight().order_by("-version").first()
    if in_flight:
        return in_flight
    latest = versions.aggregate(n=Max("version"))["n"] or 0
    report = Report(
        kind=kind,
        key=key,
        format=fmt,
        version=latest + 1,
        created_by=user if user and user.is_authenticated else None,
        meeting_id=int(key.split("-")[1]) if kind == Report.Kind.MEETING_PACK else None,
    )
    report.full_clean()
    report.save()
    transaction.on_commit(lambda: report_enqueue(report_id=report.pk))
    return report


def report_enqueue(*, report_id: int) -> bool:
    """Hand the report to the queue; with the broker down, mark it not started."""
    from .tasks import generate_report

    try:
        generate_report.apply_async(args=[report_id])
    except BrokerError:
        logger.warning("report %s not enqueued: broker unavailable", report_id, exc_info=True)
        Report.objects.filter(pk=report_id, status=Report.Status.QUEUED).update(
            status=Report.Status.NOT_STARTED, error=str(NOT_STARTED_MESSAGE)
        )
        return False
    return True


def report_retry(*, report: Report, user=None) -> Report:
    """Queue a failed or not started report again (the same version)."""
    if not report.can_retry:
        raise ValidationError(_("Only a failed or not started report can be retried."))
    with transaction.atomic():
        updated = Report.objects.filter(
            pk=report.pk, status__in=[Report.Status.FAILED, Report.Status.NOT_STARTED]
        ).update(status=Report.Status.QUEUED, error="", progress=0, finished_at=None)
        if updated:
            transaction.on_commit(lambda: report_enqueue(report_id=report.pk))
    report.refresh_from_db()
    return report


def _progress(report: Report, percent: int) -> None:
    Report.objects.filter(pk=report.pk).update(progress=percent)


def report_generate(*, report_id: int) -> Report:
    """Render the report, store its file, mark it done and current; failures recorded.

    Transient errors (database, broker) are raised so that the task retries; any other
    error marks the report failed with the error text.
    """
    with transaction.atomic():
        report = Report.objects.select_for_update().get(pk=report_id)
        if report.status == Report.Status.DONE:
            return report  # a re-delivered task after success: nothing to do
        report.status = Report.Status.RUNNING
        report.started_at = timezone.now()
        report.attempts += 1
        report.progress = 10
        report.error = ""
        report.save()
    try:
        params = {"key": report.key, "format": report.format, "user_id": report.created_by_id}
        # A report is a shared document in the site's language (Swedish), whatever
        # language the worker thread or the requesting user happens to use.
        with translation.override(settings.LANGUAGE_CODE):
            filename, _mimetype, data = EXPORTERS[report.kind].render(params)
        _progress(report, 80)
        name = _write_atomically(report_upload_to(report, filename), data)
        _mark_done(report, name=name, size=len(data))
    except TRANSIENT_ERRORS:
        raise
    except Exception as exc:
        logger.exception("report %s failed", report_id)
        report_mark_failed(report_id=report_id, error=f"{type(exc).__name__}: {exc}")
        report.refresh_from_db()
        return report
    report.refresh_from_db()
    report_notify(report=report)
    return report


def report_mark_failed(*, report_id: int, error: str) -> None:
    """Record a failure (also when the task gives up after its retries)."""
    Report.objects.filter(pk=report_id).exclude(status=Report.Status.DONE).update(
        status=Report.Status.FAILED, error=error[:4000], finished_at=timezone.now()
    )


def _write_atomically(name: str, data: bytes) -> str:
    """Write to a temporary file next to the target and rename: never a half file."""
    try:
        path = default_storage.path(name)
    except NotImplementedError:
        return default_storage.save(name, ContentFile(data))
    os.makedirs(os.path.dirname(path), exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=os.path.dirname(path), prefix=".part-")
    try:
        with os.fdopen(fd, "wb") as handle:
            half = len(data) // 2
            handle.write(data[:half])
            if settings.REPORT_WRITE_DELAY_SECONDS:  # tests only: a worker dies here
                handle.flush()
                time.sleep(settings.REPORT_WRITE_DELAY_SECONDS)
            handle.write(data[half:])
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
    return name


def _mark_done(report: Report, *, name: str, size: int) -> None:
    with transaction.atomic():
        # Lock the versions of this kind, key and format: one current at a time.
        list(Report.objects.of(report.kind, report.key, report.format).select_for_update())
        Report.objects.of(report.kind, report.key, report.format).filter(is_current=True).update(
            is_current=False
        )
        Report.objects.filter(pk=report.pk).update(
            status=Report.Status.DONE,
            file=name,
            size=size,
            progress=100,
            finished_at=timezone.now(),
            is_current=True,
            error="",
        )


def report_recipients(report: Report):
    """Who is emailed when a report is done: subscribers who may read it, and for a
    pack marked ready, every council member."""
    users = get_user_model().objects.filter(is_active=True).exclude(email="")
    subscribed = users.filter(report_subscriptions__kind=report.kind)
    readable = [
        u for u in subscribed if Report.objects.readable_by(u).filter(pk=report.pk).exists()
    ]
    if report.kind == Report.Kind.MEETING_PACK and report.meeting and report.meeting.pack_is_ready:
        readable += list(users_who_can("meeting_pack.notified").exclude(email=""))
    return list({u.pk: u for u in readable}.values())


def report_notify(*, report: Report) -> int:
    """Email a link (never report content or incident text) to the recipients."""
    recipients = report_recipients(report)
    if not recipients:
        return 0
    link = settings.SITE_URL.rstrip("/") + reverse("reports:report_detail", args=[report.pk])
    subject = _("%(report)s is ready") % {"report": f"{report.get_kind_display()} {report.key}"}
    body = render_to_string("reports/email/report_ready.txt", {"report": report, "link": link})
    sent = 0
    for user in recipients:
        try:
            sent += send_mail(subject, body, None, [user.email])
        except Exception:  # a mail server hiccup must not fail the report
            logger.exception("report %s: mail to user %s failed", report.pk, user.pk)
    return sent


def report_subscription_toggle(*, user, kind: str) -> bool:
    """Subscribe or unsubscribe; returns True when subscribed afterwards."""
    deleted, _rows = ReportSubscription.objects.filter(user=user, kind=kind).delete()
    if deleted:
        return False
    subscription = ReportSubscription(user=user, kind=kind)
    subscription.full_clean()
    subscription.save()
    return True


# Scheduled (beat) ---------------------------------------------------------------------


def reports_weekly_scheduled() -> list[int]:
    """Monday morning: the weekly report of the week that just ended, as PDF and HTML."""
    key = str(Week.last())
    return [report_request(kind="weekly", key=key, fmt=fmt).pk for fmt in ("pdf", "html")]


def reports_annual_scheduled() -> int:
    """15 January: the annual report of the year before."""
    year = timezone.localdate().year - 1
    return report_request(kind="annual", key=str(year), fmt="pdf").pk


def meeting_packs_due(today=None) -> list[int]:
    """Packs for planned meetings within MEETING_PACK_DAYS_BEFORE days that have none yet."""
    today = today or timezone.localdate()
    until = today + timedelta(days=settings.MEETING_PACK_DAYS_BEFORE)
    meetings = (
        Meeting.objects.filter(status=Meeting.Status.PLANNED, starts_at__date__gte=today)
        .filter(starts_at__date__lte=until)
        .exclude(reports__kind=Report.Kind.MEETING_PACK)
    )
    return [
        report_request(kind="meeting_pack", key=f"meeting-{meeting.pk}", fmt="pdf").pk
        for meeting in meetings
    ]
