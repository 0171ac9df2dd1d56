"""The year's samverkanshandbok cycle: lägesbild → orsaksanalys → åtgärdsplan →
genomförande → uppföljning, and EST's quarterly analyses.

Each step's state is derived from the records (a published annual lägesbild,
problembilder with their orsaksanalys, an adopted plan, measures under way, follow-ups
and the quarterly analyses), never ticked by hand. Due dates have defaults below; a
`CycleDeadline` row (admin) moves a step's date for one year.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.versioned import figures_cached
from lagesbild.models import AnnualPicture, PictureStatus, Problem
from measures.models import ActionPlan, FollowUp, Measure
from trygghet.models import CycleDeadline, CycleStep, QuarterlyAnalysis

DONE, DUE, LATE = "done", "due", "late"
STATE_LABELS = {
    DONE: gettext_lazy("Done"),
    DUE: gettext_lazy("Due"),
    LATE: gettext_lazy("Late"),
}
CAUSE_FIELDS = (
    "cause_place",
    "cause_offenders",
    "cause_targets",
    "cause_guardians",
    "cause_contributing",
)


def default_due(year: int, step: str) -> dt.date:
    """The default due date of a step: the picture by March, the analysis by April, the
    plan adopted by June, the work under way by September, followed up by the year's end;
    a quarter's analysis within three weeks of the quarter."""
    fixed = {
        CycleStep.LAGESBILD: dt.date(year, 3, 31),
        CycleStep.CAUSES: dt.date(year, 4, 30),
        CycleStep.PLAN: dt.date(year, 6, 30),
        CycleStep.IMPLEMENTATION: dt.date(year, 9, 30),
        CycleStep.FOLLOW_UP: dt.date(year, 12, 31),
        CycleStep.Q1: dt.date(year, 4, 21),
        CycleStep.Q2: dt.date(year, 7, 21),
        CycleStep.Q3: dt.date(year, 10, 21),
        CycleStep.Q4: dt.date(year + 1, 1, 21),
    }
    return fixed[CycleStep(step)]


@dataclass
class Step:
    key: str
    label: str
    due: dt.date
    done: bool
    detail: str
    progress: tuple[int, int] | None = None  # (done, of)
    links: list[tuple[str, str]] = field(default_factory=list)  # (label, url)
    quarterly: bool = False
    state: str = ""

    def judge(self, today: dt.date) -> "Step":
        self.state = DONE if self.done else (LATE if today > self.due else DUE)
        return self

    @property
    def state_label(self) -> str:
        return str(STATE_LABELS[self.state])


def _dues(year: int) -> dict[str, dt.date]:
    dues = {step: default_due(year, step) for step in CycleStep.values}
    dues.update(dict(CycleDeadline.objects.filter(year=year).values_list("step", "due")))
    return dues


def cycle(year: int, *, today: dt.date) -> dict:
    """Every step of the year with its state on `today` (done, due, late)."""
    dues = _dues(year)
    picture = AnnualPicture.objects.filter(year=year).first()
    published = picture is not None and picture.status == PictureStatus.PUBLISHED
    steps = []

    links = [(_("Annual lägesbild"), reverse("lagesbild:annual", args=[year]))]
    steps.append(
        Step(
            CycleStep.LAGESBILD,
            CycleStep.LAGESBILD.label,
            dues[CycleStep.LAGESBILD],
            published,
            _("Published %(day)s.") % {"day": picture.published_at.date().isoformat()}
            if published
            else (_("Drafted, not published.") if picture else _("Not started.")),
            links=links,
        )
    )

    problems = list(Problem.objects.filter(annual_picture=picture).ranked()) if picture else []
    analysed = [p for p in problems if any(getattr(p, name).strip() for name in CAUSE_FIELDS)]
    steps.append(
        Step(
            CycleStep.CAUSES,
            CycleStep.CAUSES.label,
            dues[CycleStep.CAUSES],
            bool(problems) and len(analysed) == len(problems),
            _("%(done)s of %(total)s problembilder have their cause analysis.")
            % {"done": len(analysed), "total": len(problems)}
            if problems
            else _("No problembilder ranked for the year."),
            progress=(len(analysed), len(problems)) if problems else None,
            links=[
                (str(p), reverse("lagesbild:problem_detail", args=[p.pk]))
                for p in problems
                if p not in analysed
            ][:5],
        )
    )

    plans = list(
        ActionPlan.objects.filter(
            valid_from__lte=dt.date(year, 12, 31), valid_to__gte=dt.date(year, 1, 1)
        ).order_by("valid_from")
    )
    adopted = [p for p in plans if p.is_adopted and p.adopted_on.year <= year]
    if adopted:
        plan_detail = _("Adopted %(day)s by %(body)s.") % {
            "day": adopted[0].adopted_on.isoformat(),
            "body": adopted[0].adopted_by,
        }
    elif plans:
        plan_detail = _("A plan covers the year but it is not adopted.")
    else:
        plan_detail = _("No action plan covers the year.")
    steps.append(
        Step(
            CycleStep.PLAN,
            CycleStep.PLAN.label,
            dues[CycleStep.PLAN],
            bool(adopted),
            plan_detail,
            links=[(p.title, reverse("measures:plan_detail", args=[p.pk])) for p in plans],
        )
    )

    # The plan's measures, else every measure running in the year.
    in_year = Q(end_date__isnull=True) | Q(end_date__gte=dt.date(year, 1, 1))
    measures = Measure.objects.filter(in_year, start_date__lte=dt.date(year, 12, 31))
    if plans:
        measures = measures.filter(action_plans__in=plans).distinct()
    measure_list = list(measures.only("pk", "status", "progress", "start_date"))
    started = [m for m in measure_list if m.status != Measure.Status.PLANNED or m.progress > 0]
    steps.append(
        Step(
            CycleStep.IMPLEMENTATION,
            CycleStep.IMPLEMENTATION.label,
            dues[CycleStep.IMPLEMENTATION],
            bool(measure_list) and len(started) == len(measure_list),
            _("%(done)s of %(total)s measures are under way or completed.")
            % {"done": len(started), "total": len(measure_list)}
            if measure_list
            else _("No measures for the year."),
            progress=(len(started), len(measure_list)) if measure_list else None,
            links=[(_("Measures"), reverse("measures:board"))],
        )
    )

    followed = set(
        FollowUp.objects.filter(measure__in=[m.pk for m in measure_list], date__year=year)
        .values_list("measure_id", flat=True)
        .distinct()
    )
    steps.append(
        Step(
            CycleStep.FOLLOW_UP,
            CycleStep.FOLLOW_UP.label,
            dues[CycleStep.FOLLOW_UP],
            bool(measure_list) and len(followed) == len(measure_list),
            _("%(done)s of %(total)s measures followed up during the year.")
            % {"done": len(followed), "total": len(measure_list)}
            if measure_list
            else _("No measures to follow up."),
            progress=(len(followed), len(measure_list)) if measure_list else None,
            links=[(_("Goals"), reverse("measures:goal_list"))],
        )
    )

    analyses = {a.quarter: a for a in QuarterlyAnalysis.objects.filter(year=year)}
    quarters = []
    for quarter, step in enumerate((CycleStep.Q1, CycleStep.Q2, CycleStep.Q3, CycleStep.Q4), 1):
        analysis = analyses.get(quarter)
        quarters.append(
            Step(
                step,
                step.label,
                dues[step],
                analysis is not None,
                _("Concluded %(day)s.") % {"day": analysis.concluded_on.isoformat()}
                if analysis
                else _("Not written yet."),
                links=[
                    (
                        _("Weekly lägesbild of the quarter"),
                        reverse("lagesbild:weekly_latest"),
                    )
                ],
                quarterly=True,
            )
        )
    for step in [*steps, *quarters]:
        step.judge(today)
    return {
        "year": year,
        "steps": steps,
        "quarters": quarters,
        "analyses": analyses,
        "late": sum(1 for s in [*steps, *quarters] if s.state == LATE),
        "done": sum(1 for s in [*steps, *quarters] if s.state == DONE),
        "total": len(steps) + len(quarters),
    }


@figures_cached("lagesbild", "measures", "budget", "councils", "trygghet", local=True)
def cycle_this_year() -> dict:
    """cycle() of this year today (the start page), cached under what its steps read."""
    today = timezone.localdate()
    return cycle(today.year, today=today)
