"""The weekly report: the past ISO week's lägesbild for coordinators and police."""

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext as _

from core.isoweek import Week
from lagesbild.figures.maps import week_map
from lagesbild.figures.weekly import weekly_charts, weekly_figures
from lagesbild.selectors import reporting_status

from . import render_document, selectors

TEMPLATE = "reports/weekly_report.html"


def weekly_context(week: Week) -> dict:
    """Figures, charts, hot spots, trends, the assessment and measures of one week."""
    figures = weekly_figures(week)
    return {
        "week": week,
        "figures": figures,
        "charts": weekly_charts(figures),
        # Coordinators and police read it: the week's incidents as dots too.
        "map_svg": week_map(week, figures, exact=True),
        "assessment": selectors.weekly_assessment(week),
        "reporting": reporting_status(week),
        "reporting_note": selectors.weekly_reporting_note(week),
        # Overdue as seen on the Monday after the week.
        "measures": selectors.measures_status(week.sunday + dt.timedelta(1)),
        "generated_at": timezone.now(),
        "title": _("Weekly report, %(week)s") % {"week": week.label},
    }


class WeeklyExporter:
    kind = "weekly"

    def validate_key(self, key: str) -> str:
        """'2023-W07'; ValueError for a week that does not exist or has not ended."""
        try:
            week = Week.parse(key)
        except ValueError:
            raise ValueError(
                _("“%(input)s” is not a week. Give year and week number as 2023-W07.")
                % {"input": key.strip()}
            ) from None
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
