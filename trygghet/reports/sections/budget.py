"""The meeting pack's section from budget: the trygghetspaket of the meeting's year."""

import datetime

from django.utils import timezone

from budget import reporting

from . import Section


def _meeting_day(meeting) -> datetime.date:
    starts_at = meeting.starts_at
    if isinstance(starts_at, datetime.datetime):
        return (
            timezone.localtime(starts_at).date()
            if timezone.is_aware(starts_at)
            else starts_at.date()
        )
    return starts_at


def meeting_pack_section(meeting, *, user) -> Section | None:
    """Allocated, spent and forecast per nämnd for the package(s) of the meeting's year."""
    year = _meeting_day(meeting).year
    labels = reporting.labels()
    return Section(
        key="budget",
        title=labels["title"],
        template="reports/sections/budget.html",
        context={"year": year, "packages": reporting.status_for_year(year), "labels": labels},
        order=70,
    )
