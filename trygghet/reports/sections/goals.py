"""The meeting pack's (and annual report's) section from goals: each goal's verdict."""

from django.utils.text import capfirst

from measures.goals import indicators
from measures.models import Goal

from . import Period, Section


def meeting_pack_section(period: Period, *, user) -> Section | None:
    """Goals with their main indicator, the latest value and the verdict on the last day."""
    statuses = indicators.goal_statuses(today=period.end)
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
