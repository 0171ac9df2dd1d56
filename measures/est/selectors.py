"""Reads of the EST meetings and of the feedback to reporting organisations."""

from django.db.models import Count, Prefetch, Q
from django.db.models.functions import Coalesce

from core.isoweek import Week
from lagesbild.figures.disclosure import aggregate_view
from lagesbild.models import Incident, WeeklyPicture
from lagesbild.selectors import reporting_status

from ..models import EstAction, EstMeeting, Measure

PAGE_SIZE = 25


def est_meetings_visible_to(user):
    return EstMeeting.objects.visible_to(user).select_related("weekly_picture")


def est_meeting_for_minutes(user, pk: int) -> EstMeeting:
    """One meeting with everything its minutes show (404 via DoesNotExist if hidden)."""
    return (
        est_meetings_visible_to(user)
        .prefetch_related(
            "organisations",
            "notes",
            Prefetch(
                "actions",
                queryset=EstAction.objects.select_related(
                    "responsible", "measure", "follow_up", "note"
                ),
            ),
            "dispatches",
        )
        .get(pk=pk)
    )


def topic_suggestions(picture: WeeklyPicture | None) -> list[str]:
    """The trends and hot spots of the meeting's week, as topics to write notes on."""
    if not picture or not picture.snapshot:
        return []
    snapshot = picture.snapshot
    names = [t.get("label") for t in snapshot.get("trends") or []]
    hotspots = (snapshot.get("hotspots") or {}).get("hot_spots") or []
    names += [h.get("place") or h.get("area") for h in hotspots]
    names += [p.get("label") for p in snapshot.get("top_places") or []]
    return list(dict.fromkeys(n for n in names if n))[:30]


def followable_measures(user=None):
    """Active measures an action may follow up."""
    return Measure.objects.active().select_related("owner").order_by("title")


def feedback(organisation, week: Week) -> dict:
    """The published week as one reporting organisation sees it: the aggregate figures
    (through the disclosure gate), its own incidents per main category marked beside
    them, its reporting status, and the actions and measures assigned to it."""
    picture = WeeklyPicture.objects.published().for_week(week.iso_year, week.iso_week).first()
    own_rows = (
        Incident.objects.in_week(week.iso_year, week.iso_week)
        .filter(organisation=organisation)
        .annotate(main=Coalesce("category__parent_id", "category_id"))
        .values("main")
        .annotate(n=Count("id"))
        .values_list("main", "n")
    )
    own = dict(own_rows)
    figures = aggregate_view(picture.snapshot) if picture else None
    categories = []
    if figures:
        for row in figures["categories"]:
            categories.append({**row, "own": own.get(row["key"], 0)})
    status = next(
        (r for r in reporting_status(week) if r["organisation_id"] == organisation.pk), None
    )
    actions = list(
        EstAction.objects.filter(responsible=organisation)
        .filter(Q(meeting__weekly_picture=picture) if picture else Q(pk__in=[]))
        .select_related("meeting", "measure", "follow_up")
        .order_by("due_on")
    )
    open_actions = list(
        EstAction.objects.filter(
            responsible=organisation, measure__status__in=["planerad", "pagaende"]
        )
        .exclude(pk__in=[a.pk for a in actions])
        .select_related("meeting", "measure")
        .order_by("due_on")[:20]
    )
    return {
        "picture": picture,
        "figures": figures,
        "categories": categories,
        "own_total": sum(own.values()),
        "status": status,
        "actions": actions,
        "open_actions": open_actions,
    }
