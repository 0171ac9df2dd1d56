"""Reads of the report pages: the reports a user may read, the meetings to choose from,
subscriptions, and the meeting a pack belongs to."""

import datetime as dt

from django.db.models import Q
from django.shortcuts import get_object_or_404

from councils.models import Meeting
from trygghet.models import Report, ReportSubscription


def reports_readable(user, kind: str = ""):
    """Reports the user may read (by capability), optionally of one kind, newest first."""
    queryset = Report.objects.readable_by(user).select_related("created_by", "meeting")
    return queryset.filter(kind=kind) if kind else queryset


def report_versions(user, report: Report):
    """Every readable version of the report's kind and key, by format then newest first."""
    return reports_readable(user, report.kind).filter(key=report.key).order_by("format", "-version")


def report(pk) -> Report:
    """Any report by id (404 when missing); for coordinators' actions."""
    return get_object_or_404(Report, pk=pk)


def meetings_to_choose(day: dt.date, limit: int = 20):
    """Meetings a pack may be generated for: upcoming, and those since last year began."""
    return Meeting.objects.filter(
        Q(starts_at__date__gte=day) | Q(starts_at__year__gte=day.year - 1)
    ).order_by("-starts_at")[:limit]


def subscribed_kinds(user) -> set[str]:
    """The kinds of report the user is e-mailed about."""
    return set(ReportSubscription.objects.filter(user=user).values_list("kind", flat=True))


def meeting(pk) -> Meeting:
    """The meeting a pack belongs to (404 when missing)."""
    return get_object_or_404(Meeting, pk=pk)
