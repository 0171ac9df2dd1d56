"""The meeting pack's section from lagesbild: the latest published weekly lägesbild.

The pack's agenda says "Veckans EST-lägesbild": this is it, as published before the
meeting (the frozen snapshot, not live data). Readers without `figures.read_exact`
(council members; a pack generated for the council) get the aggregate view through the
disclosure gate: no places, counts below the threshold shown as "< 3".
"""

from django.utils.translation import gettext as _

from core.isoweek import Week
from lagesbild import selectors
from lagesbild.figures.disclosure import aggregate_view, reads_exact

from . import Period, Section

TOP_PLACES = 5


def meeting_pack_section(period: Period, *, user) -> Section:
    """The latest week published before the period's end (the meeting's day)."""
    picture = selectors.weekly_picture_latest_published(before=Week.of(period.end))
    context = {"picture": picture}
    if picture is not None:
        exact = user is not None and reads_exact(user)
        snapshot = picture.snapshot
        context.update(
            week=Week(picture.iso_year, picture.iso_week),
            exact=exact,
            figures=snapshot if exact else aggregate_view(snapshot),
            places=snapshot.get("top_places", [])[:TOP_PLACES] if exact else [],
        )
    return Section(
        key="lagesbild",
        title=_("This week's EST situation picture"),
        template="reports/sections/lagesbild.html",
        context=context,
        order=10,
    )
