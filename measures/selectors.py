"""Reads of measures: the board, the start-page panel, plans, promises, the meeting pack."""

import datetime as dt
from itertools import groupby

from django.db.models import BooleanField, Case, Count, F, Max, Q, Value, When
from django.utils import timezone

from .models import ActionPlan, CitizenPromise, FollowUp, Measure


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
    """(status, label, count) for every status, counted in SQL."""
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


def follow_ups_recent(since: dt.date, until: dt.date, limit: int = 10):
    """Follow-ups dated in [since, until], newest first."""
    return (
        FollowUp.objects.filter(date__gte=since, date__lte=until)
        .select_related("measure", "organisation")
        .order_by("-date", "-id")[:limit]
    )


def action_plan_groups(plan: ActionPlan) -> list[tuple[str, list]]:
    """The plan's actions grouped by prioritised problem, in priority order."""
    entries = plan.entries.select_related(
        "measure", "measure__owner", "responsible", "problem"
    ).order_by("priority", "problem__rank", "heading", "measure__title")
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
