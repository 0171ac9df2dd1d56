"""Reads of the goal pages: a goal, and the partner register with their measures."""

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404

from councils.models import Partner, PartnerContact

from ..models import Goal
from ..selectors import measures_visible


def goal(pk) -> Goal:
    """One goal with its council and agreement (404 when missing)."""
    return get_object_or_404(Goal.objects.select_related("council", "agreement"), pk=pk)


def goals_in_force_on(day):
    """The goals a document cut at `day` shows: the council's, and those of the
    agreements in force that day (with their council and agreement)."""
    return Goal.objects.in_force_on(day).select_related("council", "agreement")


def goal_or_new(pk=None) -> Goal:
    """The goal to edit (404 when missing), or a new unsaved one when `pk` is None."""
    return get_object_or_404(Goal, pk=pk) if pk is not None else Goal()


def partners_listed(user):
    """Listed partners with their contacts, and the measures they own or partner in
    that `user` may see (`owned`, `partnered`), newest first."""
    measures = measures_visible(user).order_by("-start_date")
    return (
        Partner.objects.filter(is_listed=True)
        .select_related("organisation")
        .prefetch_related(
            Prefetch("contacts", queryset=PartnerContact.objects.order_by("position")),
            Prefetch("organisation__measures_partnered", queryset=measures, to_attr="partnered"),
            Prefetch("organisation__measures_owned", queryset=measures, to_attr="owned"),
        )
    )


def municipality_survey(years: list[int], today=None) -> dict:
    """The trygghetsmätning for the whole municipality (rows without an area), per
    question and year: the respondent-weighted share who feel unsafe, for the annual
    lägesbild and report. Rows with too few respondents and rows published after `today`
    are left out."""
    from django.utils import timezone

    from ..models import SurveyResult

    today = today or timezone.localdate()
    rows = (
        SurveyResult.objects.published_by(today)
        .with_enough_respondents()
        .filter(area__isnull=True, year__in=years, share_unsafe__isnull=False)
        .order_by("question", "year")
    )
    shares: dict[str, dict[int, list]] = {}
    demo = False
    for row in rows:
        total = shares.setdefault(row.question, {}).setdefault(row.year, [0, 0])
        total[0] += row.share_unsafe * row.respondents
        total[1] += row.respondents
        demo = demo or row.is_demo
    questions = [
        {
            "question": question,
            "shares": [
                round(by_year[y][0] / by_year[y][1], 1) if y in by_year else None for y in years
            ],
        }
        for question, by_year in shares.items()
    ]
    return {"years": years, "questions": questions, "is_demo": demo}
