"""The annual report: the övergripande gemensam lägesbild as lag (2023:196) asks for it.

Its headings follow the law: kartläggning av brottsligheten, omfattning och
konsekvenser, övrig relevant information, analys, åtgärder/åtgärdsplan, samordning.
Council members may read it, so incident figures are aggregates with small counts hidden.
"""

import datetime as dt
import zoneinfo
from types import SimpleNamespace

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from councils import selectors as council_selectors
from councils.models import Meeting, Membership
from lagesbild import analysis

from ..sections import budget as budget_section
from ..sections import councils as councils_section
from ..sections import goals as goals_section
from . import hooks, render_document

TEMPLATE = "reports/annual_report.html"
STOCKHOLM = zoneinfo.ZoneInfo("Europe/Stockholm")


def _year_end(year: int) -> SimpleNamespace:
    """A stand-in 'meeting' on 31 December, so the apps' pack sections show the year's end."""
    return SimpleNamespace(starts_at=dt.datetime(year, 12, 31, 12, tzinfo=STOCKHOLM))


def _section_html(section) -> dict | None:
    if section is None:
        return None
    html = render_to_string(section.template, {**section.context, "section": section, "pdf": True})
    return {"title": section.title, "html": html}


def annual_picture(year: int):
    """The published annual lägesbild and its ranked problembilder (with the year's count).

    {"picture": None, "problems": []} when none is published; None before the models exist.
    """
    if not hooks.table_ready("lagesbild.Problem"):
        return None
    from django.db.models import Sum

    from lagesbild.models import AnnualPicture, PictureStatus, Problem

    picture = AnnualPicture.objects.filter(year=year, status=PictureStatus.PUBLISHED).first()
    problems = list(Problem.objects.filter(annual_picture=picture).ranked()) if picture else []
    for problem in problems:
        problem.year_count = (
            problem.incidents().filter(occurred_on__year=year).aggregate(n=Sum("count"))["n"] or 0
        )
    return {"picture": picture, "problems": problems}


def action_plan(year: int):
    """The åtgärdsplan(s) covering the year, grouped by prioritised problem."""
    if not hooks.table_ready("measures.ActionPlan"):
        return None
    from measures import selectors
    from measures.models import ActionPlan

    plans = ActionPlan.objects.filter(
        valid_from__lte=dt.date(year, 12, 31), valid_to__gte=dt.date(year, 1, 1)
    ).order_by("valid_from")
    return [{"plan": plan, "groups": selectors.action_plan_groups(plan)} for plan in plans]


def measure_outcomes(year: int):
    """Measures running during the year: counts per status and each measure's status."""
    if not hooks.table_ready("measures.Measure"):
        return None
    from django.db.models import Max, Q

    from measures import selectors
    from measures.models import Measure

    during = Measure.objects.filter(
        Q(end_date__isnull=True) | Q(end_date__gte=dt.date(year, 1, 1)),
        start_date__lte=dt.date(year, 12, 31),
    )
    return {
        "status_counts": selectors.status_counts(during),
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
        "members": list(Membership.objects.filter(seat__council=council).as_of(day))
        if council
        else [],
        "meetings": list(
            Meeting.objects.filter(starts_at__year=year)
            .order_by("starts_at")
            .only("title", "starts_at", "status", "date_is_approximate")
        ),
    }


def annual_context(year: int) -> dict:
    """Everything the annual report shows, by the law's headings."""
    figures = analysis.annual_aggregate_view(analysis.annual_figures(year))
    end = _year_end(year)
    return {
        "year": year,
        "figures": figures,
        "charts": analysis.annual_charts(figures),
        "annual": hooks.guarded("annual picture", annual_picture, year),
        "action_plans": hooks.guarded("action plan", action_plan, year),
        "outcomes": hooks.guarded("measure outcomes", measure_outcomes, year),
        "budget": _section_html(
            hooks.guarded("budget", budget_section.meeting_pack_section, end, user=None)
        ),
        "agreement": _section_html(
            hooks.guarded("agreement", councils_section.meeting_pack_section, end, user=None)
        ),
        "goals": _section_html(
            hooks.guarded("goals", goals_section.meeting_pack_section, end, user=None)
        ),
        "coordination": coordination(year),
        "generated_at": timezone.now(),
        "title": _("Annual report %(year)s") % {"year": year},
    }


class AnnualExporter:
    kind = "annual"

    def validate_key(self, key: str) -> str:
        """'2023': a year from 2000 up to the current one."""
        if not key.strip().isdigit():
            raise ValueError(_("Give the year as four digits, e.g. 2023."))
        year = int(key)
        if not 2000 <= year <= timezone.localdate().year:
            raise ValueError(_("The year must be between 2000 and this year."))
        return str(year)

    def render(self, params: dict) -> tuple[str, str, bytes]:
        year = int(params["key"])
        return render_document(
            TEMPLATE,
            annual_context(year),
            fmt=params.get("format", "pdf"),
            basename=f"arsrapport-{year}",
        )


EXPORTER = AnnualExporter()
