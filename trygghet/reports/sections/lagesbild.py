"""The meeting pack's section from lagesbild: the latest published weekly lägesbild.

The pack's agenda says "Veckans EST-lägesbild": this is it, as published before the
meeting (the frozen snapshot, not live data). Readers without `figures.read_exact`
(council members; a pack generated for the council) get the aggregate view through the
disclosure gate: no places or hot spots, counts below the threshold shown as "< 3".

The week's hot spots (Gi* cells) are named as people know the spot: the nearest place,
else the area, never the cell's coordinates; touching hot cells are one hot spot.
"""

from django.utils.translation import gettext as _

from core.isoweek import Week
from lagesbild import selectors
from lagesbild.figures.disclosure import aggregate_view, reads_exact
from lagesbild.figures.maps import week_map

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
            hotspots=_named_hotspots(snapshot) if exact else [],
            map_svg=week_map(Week(picture.iso_year, picture.iso_week), snapshot, exact=exact),
        )
    return Section(
        key="lagesbild",
        title=_("This week's EST situation picture"),
        template="reports/sections/lagesbild.html",
        context=context,
        order=10,
    )


def _named_hotspots(snapshot: dict) -> list[dict]:
    """The week's hot spots by name, strongest first.

    Gi* marks the cells around a busy cell too, so touching hot cells (sides or corners)
    are one hot spot: named after its cell with the most incidents, with the incidents
    of all its cells and the class label of its strongest cell.
    """
    cells = snapshot.get("hotspots", {}).get("hot_spots", [])  # strongest first
    spots: list[list[dict]] = []
    for cell in cells:
        touching = [
            spot
            for spot in spots
            if any(
                abs(cell["col"] - c["col"]) <= 1 and abs(cell["row"] - c["row"]) <= 1 for c in spot
            )
        ]
        merged = [cell]
        for spot in touching:
            merged += spot
            spots.remove(spot)
        # Keep the order of the strongest cell in each spot.
        spots.append(sorted(merged, key=cells.index))
    spots.sort(key=lambda spot: cells.index(spot[0]))
    shown = spots[:TOP_PLACES]
    busiest = [max(spot, key=lambda c: c["count"]) for spot in shown]  # first of equals
    names = selectors.name_points((c["lat"], c["lon"]) for c in busiest)
    return [
        {
            "kind": "place" if name["place"] else ("area" if name["area"] else ""),
            "name": name["place"] or name["area"],
            "count": round(sum(c["count"] for c in spot)),
            "label": spot[0]["label"],
        }
        for spot, name in zip(shown, names, strict=True)
    ]
