"""The meeting pack's (and annual report's) section from goals: each goal's verdict."""

from django.utils.text import capfirst

from lagesbild.figures.disclosure import reads_exact
from measures.goals import indicators
from measures.goals import selectors as goal_selectors
from measures.models import Goal

from . import Period, Section


def meeting_pack_section(period: Period, *, user) -> Section | None:
    """Goals with their main indicator, the latest value and the verdict on the last day.

    Only the council's goals and those of the agreements in force that day; survey
    values published after it are not used.
    """
    day = period.end
    # Council members read the pack and the annual report: counts through the gate.
    exact = user is not None and reads_exact(user)
    statuses = indicators.goal_statuses(
        goal_selectors.goals_in_force_on(day), today=day, exact=exact
    )
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
