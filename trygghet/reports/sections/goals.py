"""The meeting pack's (and annual report's) section from goals: each goal's verdict."""

import datetime

from django.utils import timezone
from django.utils.text import capfirst

from measures.goals import indicators
from measures.models import Goal

from . import Section


def _day(meeting) -> datetime.date:
    starts_at = meeting.starts_at
    if isinstance(starts_at, datetime.datetime):
        return (
            timezone.localtime(starts_at).date()
            if timezone.is_aware(starts_at)
            else starts_at.date()
        )
    return starts_at


def meeting_pack_section(meeting, *, user) -> Section | None:
    """Goals with their main indicator, the latest value and the verdict on the day."""
    statuses = indicators.goal_statuses(today=_day(meeting))
    return Section(
        key="goals",
        # From the measures catalogue ("Mål"), like the measures section's title.
        title=capfirst(Goal._meta.verbose_name_plural),
        template="reports/sections/goals.html",
        context={
            "statuses": statuses,
            "min_points": indicators.MIN_POINTS,
            "min_events": indicators.MIN_EVENTS,
        },
        order=45,
    )
