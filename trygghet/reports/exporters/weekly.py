"""The weekly report: the past ISO week's lägesbild for coordinators and police."""

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext as _

from core.isoweek import Week
from lagesbild import analysis

from . import hooks, render_document

TEMPLATE = "reports/weekly_report.html"


def weekly_assessment(week: Week):
    """The coordinator's published assessment of the week: {} when none, None when the
    weekly lägesbild (lagesbild.models.pictures) is not migrated."""
    if not hooks.table_ready("lagesbild.WeeklyPicture"):
        return None
    from lagesbild.models import WeeklyPicture

    picture = WeeklyPicture.objects.published().for_week(week.iso_year, week.iso_week).first()
    return {"text": picture.assessment, "published_at": picture.published_at} if picture else {}


def measures_status(day: dt.date):
    """Open measures and follow-ups that are due, from the measures app (None until then)."""
    if not hooks.table_ready("measures.Measure"):
        return None
    from measures.models import Measure

    measures = Measure.objects.select_related("owner")
    return {
        "open": list(measures.active().order_by("next_follow_up_due", "title")[:30]),
        "open_count": measures.active().count(),
        "due": list(measures.follow_up_overdue(day).order_by("next_follow_up_due")[:30]),
        "due_count": measures.follow_up_overdue(day).count(),
    }


def weekly_context(week: Week) -> dict:
    """Figures, charts, hot spots, trends, the assessment and measures of one week."""
    figures = analysis.weekly_figures(week)
    return {
        "week": week,
        "figures": figures,
        "charts": analysis.weekly_charts(figures),
        "assessment": hooks.guarded("assessment", weekly_assessment, week),
        "measures": hooks.guarded("measures", measures_status, week.sunday + dt.timedelta(1)),
        "generated_at": timezone.now(),
        "title": _("Weekly report, %(week)s") % {"week": week.label},
    }


class WeeklyExporter:
    kind = "weekly"

    def validate_key(self, key: str) -> str:
        """'2023-W07'; ValueError for a week that does not exist or has not ended."""
        week = Week.parse(key)
        if week > Week.last():
            raise ValueError(_("The week has not ended yet."))
        return str(week)

    def render(self, params: dict) -> tuple[str, str, bytes]:
        week = Week.parse(params["key"])
        context = weekly_context(week)
        return render_document(
            TEMPLATE, context, fmt=params.get("format", "pdf"), basename=f"veckorapport-{week}"
        )


EXPORTER = WeeklyExporter()
