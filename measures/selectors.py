"""Reads of measures: the board, the start-page panel, plans, promises, the meeting pack."""

import datetime as dt
from itertools import groupby
from urllib.parse import urlencode

from django.db.models import BooleanField, Case, Count, F, Max, Q, Value, When
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone

from core.isoweek import Week, day_end
from core.versioned import figures_cached
from councils.models import User
from lagesbild.models import Area, Category, Place, Problem

from .models import ActionPlan, ActionPlanEntry, CitizenPromise, FollowUp, Measure
from .models.measures import attention_filter


def measures_for_board(user, day: dt.date | None = None):
    """Measures the user may see, with the last follow-up and whether they stand out."""
    day = day or timezone.localdate()
    return (
        Measure.objects.visible_to(user)
        .select_related("owner", "contact_user")
        .prefetch_related("areas", "problems")
        .annotate(last_follow_up=Max("follow_ups__date"))
        .annotate(
            ended_unfollowed=Case(
                When(
                    Q(end_date__lt=day)
                    & ~Q(status=Measure.Status.CANCELLED)
                    & (Q(last_follow_up__isnull=True) | Q(last_follow_up__lt=F("end_date"))),
                    then=Value(True),
                ),
                default=Value(False),
                output_field=BooleanField(),
            ),
            overdue=Case(
                When(
                    Q(status__in=[Measure.Status.PLANNED, Measure.Status.ONGOING])
                    & Q(next_follow_up_due__lt=day),
                    then=Value(True),
                ),
                default=Value(False),
                output_field=BooleanField(),
            ),
        )
        .order_by("-ended_unfollowed", "-overdue", "status", "-start_date", "title")
    )


def status_counts(queryset=None) -> list[tuple[str, str, int]]:
    """(status, label, count) for every status, counted in SQL (of `queryset`: measures,
    or their versions from `measures_on`)."""
    queryset = Measure.objects.all() if queryset is None else queryset
    counts = dict(queryset.values_list("status").annotate(n=Count("pk")).order_by())
    return [(value, label, counts.get(value, 0)) for value, label in Measure.Status.choices]


def dashboard_panel(user, day: dt.date | None = None) -> dict:
    """Overdue follow-ups (all for coordinators, the own organisation's for others)."""
    day = day or timezone.localdate()
    visible = Measure.objects.visible_to(user)
    mine = Measure.objects.editable_by(user)
    return {
        "overdue": list(
            mine.follow_up_overdue(day).select_related("owner").order_by("next_follow_up_due")[:8]
        ),
        "overdue_count": mine.follow_up_overdue(day).count(),
        "ended_unfollowed_count": mine.ended_without_follow_up(day).count(),
        "active_count": visible.active().count(),
    }


@figures_cached("measures", "councils", local=True)
def dashboard_panel_of(user_id: int) -> dict:
    """dashboard_panel() of a user today, cached under the measures' and the councils'
    (users, roles, organisations) generations."""
    return dashboard_panel(User.objects.get(pk=user_id))


def follow_ups_recent(since: dt.date, until: dt.date, limit: int = 10):
    """Follow-ups dated in [since, until] and written by the end of `until`, newest first."""
    return (
        follow_ups_known_on(until)
        .filter(date__gte=since)
        .select_related("measure", "organisation")
        .order_by("-date", "-id")[:limit]
    )


def follow_ups_known_on(day: dt.date):
    """Follow-ups dated on or before `day` and written by its end (Europe/Stockholm)."""
    return FollowUp.objects.filter(date__lte=day, created_at__lt=day_end(day))


def measures_on(day: dt.date):
    """Every measure as it stood at the end of `day`: its last saved version by then.

    Rows of Measure.history (the measure's id is `id`): a measure created later is not
    there, and one whose status changed later has the status it had then.
    """
    return (
        Measure.history.filter(history_date__lt=day_end(day))
        .latest_of_each()
        .exclude(history_type="-")
    )


def needing_attention_count_on(day: dt.date) -> int:
    """How many measures needed attention on `day`, as they stood then (the rule of
    MeasureQuerySet.needing_attention, with the follow-ups known that day)."""
    rule = attention_filter(day, measure_ref="id", follow_ups=follow_ups_known_on(day))
    return measures_on(day).filter(rule).count()


def action_plan_groups(plan: ActionPlan) -> list[tuple[str, list]]:
    """The plan's actions grouped by prioritised problem, in priority order."""
    entries = (
        plan.entries.select_related("measure", "measure__owner", "responsible", "problem", "goal")
        .prefetch_related("measure__focus_areas", "problem__focus_areas")
        .order_by("priority", "problem__rank", "heading", "measure__title")
    )
    return [(label, list(items)) for label, items in groupby(entries, key=lambda e: e.group_label)]


def promises_public(day: dt.date | None = None) -> dict:
    """Published promises: current and upcoming first, then past; public reports only."""
    from django.db.models import Prefetch

    from .models import PromiseReport

    day = day or timezone.localdate()
    qs = CitizenPromise.objects.published().prefetch_related(
        "parties",
        Prefetch("reports", queryset=PromiseReport.objects.filter(is_public=True)),
    )
    return {
        "current": list(qs.filter(valid_to__gte=day).order_by("valid_from")),
        "past": list(qs.past(day).order_by("-valid_from")),
    }


# --- the measure pages ---------------------------------------------------------------


def measures_visible(user):
    """Measures the user may see (measure.read_all, else their organisation's)."""
    return Measure.objects.visible_to(user)


def measure_editable(user, measure: Measure) -> bool:
    """True when the user may change `measure` (measure.edit_all, else their own)."""
    return Measure.objects.editable_by(user).filter(pk=measure.pk).exists()


def measure_fresh(measure: Measure) -> Measure:
    """The measure as stored now (a save compares against the version read here)."""
    return Measure.objects.get(pk=measure.pk)


def measure_origin(measure: Measure) -> dict | None:
    """What started the measure and a link back to the lägesbild page that showed it: the
    hot-spot page over the same period for a hot cell, the week's picture for a trend.
    None for a measure entered directly."""
    if not measure.origin:
        return None
    start, end = measure.origin_start, measure.origin_end
    url = ""
    if start and end:
        if measure.origin == Measure.Origin.HOTSPOT:
            query = urlencode({"start": start.isoformat(), "end": end.isoformat()})
            url = f"{reverse('lagesbild:hotspots')}?{query}"
        else:
            url = reverse("lagesbild:weekly", kwargs={"week": Week.of(end)})
    return {
        "kind": measure.get_origin_display(),
        "label": measure.origin_label,
        "start": start,
        "end": end,
        "url": url,
    }


def measure_detail(measure: Measure) -> dict:
    """A measure's follow-ups, last ten changes, plan entries, citizen promises and
    what started it."""
    return {
        "origin": measure_origin(measure),
        "follow_ups": measure.follow_ups.select_related("organisation", "author"),
        "history": measure.history.select_related("history_user")[:10],
        "plans": measure.plan_entries.select_related("plan", "responsible"),
        "promises": measure.citizen_promises.all(),
    }


def _by_id(model, raw: str):
    return model.objects.filter(pk=raw).first() if raw.isdigit() else None


def measure_prefill(
    *, area: str = "", category: str = "", problem: str = "", place: str = ""
) -> dict:
    """The area, category, place and problembild a link names (ids as given; unknown →
    None), and the problembild's own areas and categories. A place brings its area."""
    found = {
        "area": _by_id(Area, area),
        "category": _by_id(Category, category),
        "problem": _by_id(Problem, problem),
        "place": _by_id(Place, place),
    }
    if found["place"] and not found["area"]:
        found["area"] = found["place"].area
    chosen = found["problem"]
    found["problem_areas"] = list(chosen.areas.all()) if chosen else []
    found["problem_categories"] = list(chosen.categories.all()) if chosen else []
    return found


def effect_areas(measure: Measure, chosen: str = "") -> dict:
    """The comparison area asked for (an id, or none) and the active areas the measure
    does not cover, to choose from."""
    return {
        "chosen": _by_id(Area, chosen),
        "areas": Area.objects.filter(is_active=True).exclude(pk__in=measure.areas.values("pk")),
    }


def action_plans():
    """Every åtgärdsplan with its number of actions, newest first."""
    return ActionPlan.objects.annotate(n_entries=Count("entries")).order_by("-valid_from")


def action_plan(pk) -> ActionPlan:
    """One plan (404 when missing), or a new unsaved one when `pk` is None."""
    return get_object_or_404(ActionPlan, pk=pk) if pk else ActionPlan()


def action_plan_entry(plan_pk, pk) -> ActionPlanEntry:
    """One action of a plan (404 when missing or in another plan)."""
    return get_object_or_404(
        ActionPlanEntry.objects.select_related("plan", "measure", "problem", "goal", "responsible"),
        plan_id=plan_pk,
        pk=pk,
    )


def action_plan_by_focus_area(plan: ActionPlan) -> list[tuple[str, list]]:
    """The plan's actions under each focus area of their measure or problembild (an
    action in two focus areas is listed under both); those without one last."""
    entries = plan.entries.select_related("measure", "responsible", "problem").prefetch_related(
        "measure__focus_areas", "problem__focus_areas"
    )
    groups: dict = {}
    for entry in entries.order_by("priority", "measure__title"):
        areas = {*entry.measure.focus_areas.all()}
        if entry.problem_id:
            areas |= {*entry.problem.focus_areas.all()}
        for area in sorted(areas, key=lambda a: (a.order, a.name)) or [None]:
            groups.setdefault(area, []).append(entry)
    ordered = sorted(groups.items(), key=lambda kv: (kv[0] is None, kv[0] and kv[0].order))
    return [(str(area) if area else "", items) for area, items in ordered]


def promises_all():
    """Every citizen promise, published or not, with its reports and measures."""
    return CitizenPromise.objects.prefetch_related("reports", "measures")


def promise(pk) -> CitizenPromise:
    """One citizen promise (404 when missing)."""
    return get_object_or_404(CitizenPromise, pk=pk)
