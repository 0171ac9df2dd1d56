"""Reads of the report exporters and sections: every query they make is here.

Named `exporters/selectors.py` (not `reports/selectors.py`) so that the reads of the
report pages and those of the generated documents stay apart.
"""

import datetime as dt

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.db.models import Max, Q
from django.utils import timezone

from core.isoweek import Week
from councils import selectors as council_selectors
from councils.models import CooperationAgreement, Meeting
from lagesbild.figures.disclosure import problem_view
from lagesbild.models import AnnualPicture, PictureStatus, Problem, WeeklyPicture
from lagesbild.selectors import problem_counts_per_year
from measures import selectors as measure_selectors
from measures.models import ActionPlan, Measure


def meeting_by_pk(pk: int) -> Meeting | None:
    """The meeting with that id, or None."""
    return Meeting.objects.filter(pk=pk).first()


def meeting_previous_day(meeting: Meeting) -> dt.date | None:
    """The day of the council's meeting before `meeting` (None for its first)."""
    previous = (
        Meeting.objects.filter(council=meeting.council_id, starts_at__lt=meeting.starts_at)
        .order_by("-starts_at")
        .values_list("starts_at", flat=True)
        .first()
    )
    return timezone.localtime(previous).date() if previous else None


def user_or_anonymous(user_id: int | None):
    """The user who asked for a report, or an anonymous one (beat asked, or deleted)."""
    user = get_user_model().objects.filter(pk=user_id).first() if user_id else None
    return user or AnonymousUser()


def weekly_assessment(week: Week) -> dict:
    """The coordinator's published assessment of the week ({} when none is published)."""
    picture = WeeklyPicture.objects.published().for_week(week.iso_year, week.iso_week).first()
    return {"text": picture.assessment, "published_at": picture.published_at} if picture else {}


def weekly_reporting_note(week: Week) -> dict | None:
    """Who had not reported the week when it was published (None: not published)."""
    from lagesbild.selectors import reporting_note

    picture = WeeklyPicture.objects.published().for_week(week.iso_year, week.iso_week).first()
    return reporting_note(picture.reporting) if picture else None


def measures_status(day: dt.date) -> dict:
    """Open measures and the follow-ups that are overdue on `day` (30 of each at most)."""
    measures = Measure.objects.select_related("owner")
    return {
        "open": list(measures.active().order_by("next_follow_up_due", "title")[:30]),
        "open_count": measures.active().count(),
        "due": list(measures.follow_up_overdue(day).order_by("next_follow_up_due")[:30]),
        "due_count": measures.follow_up_overdue(day).count(),
    }


def annual_picture(year: int) -> dict:
    """The published annual lägesbild and its ranked problembilder with the year's count.

    {"picture": None, "problems": []} when none is published.
    """
    picture = AnnualPicture.objects.filter(year=year, status=PictureStatus.PUBLISHED).first()
    problems = list(Problem.objects.filter(annual_picture=picture).ranked()) if picture else []
    for problem in problems:
        # Council members read the report: the year's count as the problem page shows it.
        counts = problem_view(problem_counts_per_year(problem), exact=False)
        problem.year_count = counts["by_year"].get(str(year), 0)
    return {"picture": picture, "problems": problems}


def action_plans(year: int) -> list[dict]:
    """The åtgärdsplan(s) covering the year, each with its actions grouped by problem."""
    plans = ActionPlan.objects.filter(
        valid_from__lte=dt.date(year, 12, 31), valid_to__gte=dt.date(year, 1, 1)
    ).order_by("valid_from")
    return [{"plan": plan, "groups": measure_selectors.action_plan_groups(plan)} for plan in plans]


def plan_list(year: int) -> list[ActionPlan]:
    """The åtgärdsplaner covering the year, earliest first."""
    return list(
        ActionPlan.objects.filter(
            valid_from__lte=dt.date(year, 12, 31), valid_to__gte=dt.date(year, 1, 1)
        ).order_by("valid_from")
    )


def measure_outcomes(year: int) -> dict:
    """Measures running during the year: counts per status and each measure's status."""
    during = Measure.objects.filter(
        Q(end_date__isnull=True) | Q(end_date__gte=dt.date(year, 1, 1)),
        start_date__lte=dt.date(year, 12, 31),
    )
    return {
        "status_counts": measure_selectors.status_counts(during),
        "measures": list(
            during.select_related("owner")
            .annotate(last_follow_up=Max("follow_ups__date"))
            .order_by("status", "title")[:60]
        ),
    }


def coordination(year: int) -> dict:
    """The council, its members at the year's end and its meetings during the year."""
    council = council_selectors.council_main()
    day = dt.date(year, 12, 31)
    return {
        "council": council,
        "members": council_selectors.council_members_on(council, day) if council else [],
        "meetings": list(
            Meeting.objects.filter(starts_at__year=year)
            .order_by("starts_at")
            .only("title", "starts_at", "status", "date_is_approximate")
        ),
    }


def agreement_in_force(day: dt.date) -> CooperationAgreement | None:
    """The cooperation agreement in force on `day` (the latest starting, if several)."""
    return (
        CooperationAgreement.objects.in_force_on(day)
        .prefetch_related("parties", "signatories__person")
        .order_by("-valid_from")
        .first()
    )


def agreement_following(day: dt.date) -> CooperationAgreement | None:
    """The first agreement that starts after `day`."""
    return CooperationAgreement.objects.filter(valid_from__gt=day).order_by("valid_from").first()


def meeting_with_agenda(pk: int) -> Meeting:
    """A meeting with its council, agenda items, their documents and presenters."""
    return (
        Meeting.objects.select_related("council")
        .prefetch_related("agenda_items__documents", "agenda_items__presenter")
        .get(pk=pk)
    )


# --- the åtgärdsplan as a document, the samordningsfunktion, the year's cycle ----------


def plan_document(pk: int) -> dict:
    """An åtgärdsplan with its actions (grouped by problembild and by focus area) and the
    kronor of the budget linked to each action (404 when the plan is missing)."""
    from django.shortcuts import get_object_or_404

    from budget.models import PlanFunding

    plan = get_object_or_404(
        ActionPlan.objects.select_related("annual_picture", "agreement"), pk=pk
    )
    groups = measure_selectors.action_plan_groups(plan)
    fundings: dict[int, list] = {}
    for funding in PlanFunding.objects.filter(entry__plan=plan).select_related(
        "allocation__committee", "allocation__theme__package", "activity"
    ):
        fundings.setdefault(funding.entry_id, []).append(funding)
    for _label, entries in groups:
        for entry in entries:
            entry.funding_lines = fundings.get(entry.pk, [])
            entry.funding_total = sum(f.amount for f in entry.funding_lines)
    return {
        "plan": plan,
        "groups": groups,
        "by_focus_area": measure_selectors.action_plan_by_focus_area(plan),
        "funding_total": sum(f.amount for lines in fundings.values() for f in lines),
        "entry_count": sum(len(entries) for _label, entries in groups),
    }


def coordination_year(year: int) -> dict:
    """The samordningsfunktion's year: who it is, its tasks, the council's meetings held
    against its 3–4 a year, and the reports to kommunstyrelsen."""
    from councils.models import BoardReport

    council = council_selectors.council_main()
    meetings = list(
        Meeting.objects.filter(starts_at__year=year)
        .order_by("starts_at")
        .only("title", "starts_at", "status", "date_is_approximate")
    )
    held = [m for m in meetings if m.status == Meeting.Status.HELD]
    planned = [m for m in meetings if m.status == Meeting.Status.PLANNED]
    reports = (
        list(
            BoardReport.objects.filter(council=council, date__year=year).select_related("committee")
        )
        if council
        else []
    )
    low = council.meetings_per_year_min if council else 0
    high = council.meetings_per_year_max if council else 0
    return {
        "year": year,
        "council": council,
        "tasks": council.coordinator_task_list if council else [],
        "focus_areas": list(council.focus_areas.all()) if council else [],
        "meetings": meetings,
        "held_count": len(held),
        "planned_count": len(planned),
        "rhythm_low": low,
        "rhythm_high": high,
        "rhythm_met": low <= len(held) <= high if council else False,
        "rhythm_reachable": len(held) + len(planned) >= low if council else False,
        "board_reports": reports,
    }


def measures_by_focus_area(year: int) -> list[dict]:
    """Measures running during the year per focus area of the council (with how many are
    social prevention), then those without a focus area."""
    from councils.models import FocusArea

    during = Measure.objects.filter(
        Q(end_date__isnull=True) | Q(end_date__gte=dt.date(year, 1, 1)),
        start_date__lte=dt.date(year, 12, 31),
    )
    rows = []
    for area in FocusArea.objects.order_by("council", "order", "name"):
        measures = list(during.filter(focus_areas=area).select_related("owner").order_by("title"))
        rows.append(
            {
                "area": area,
                "measures": measures,
                "social": sum(1 for m in measures if m.is_social),
                "problems": list(
                    Problem.objects.filter(focus_areas=area, annual_picture__year=year).ranked()
                ),
                "goals": list(area.goals.all()),
            }
        )
    untagged = list(
        during.filter(focus_areas__isnull=True).select_related("owner").order_by("title")
    )
    if untagged:
        social = sum(1 for m in untagged if m.is_social)
        rows.append(
            {"area": None, "measures": untagged, "social": social, "problems": [], "goals": []}
        )
    return rows


def measures_by_place(year: int) -> list[dict]:
    """Measures running during the year per target area; social-prevention measures
    without an area under their own heading."""
    from lagesbild.models import Area

    during = Measure.objects.filter(
        Q(end_date__isnull=True) | Q(end_date__gte=dt.date(year, 1, 1)),
        start_date__lte=dt.date(year, 12, 31),
    )
    rows = []
    for area in Area.objects.filter(measures__in=during).distinct().order_by("name"):
        rows.append({"area": area, "measures": list(during.filter(areas=area).order_by("title"))})
    placeless = list(during.filter(areas__isnull=True).order_by("title"))
    if placeless:
        rows.append({"area": None, "measures": placeless})
    return rows
