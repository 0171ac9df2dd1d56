"""The annual report: the övergripande gemensam lägesbild as lag (2023:196) asks for it.

Its headings follow the law: kartläggning av brottsligheten, omfattning och
konsekvenser, övrig relevant information, analys, åtgärder/åtgärdsplan, samordning.
Council members may read it, so incident figures are aggregates with small counts hidden.
"""

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from lagesbild import selectors as lagesbild_selectors
from lagesbild.crime.figures import reported_crime
from lagesbild.figures.annual import annual_charts, annual_figures
from lagesbild.figures.disclosure import annual_aggregate_view
from lagesbild.figures.maps import year_map

from ..sections import Period
from ..sections import budget as budget_section
from ..sections import councils as councils_section
from ..sections import goals as goals_section
from . import render_document, selectors

TEMPLATE = "reports/annual_report.html"


def _section_html(section) -> dict | None:
    if section is None:
        return None
    html = render_to_string(section.template, {**section.context, "section": section, "pdf": True})
    return {"title": section.title, "html": html}


def annual_context(year: int) -> dict:
    """Everything the annual report shows, by the law's headings.

    Any part that fails raises: the report is then marked failed, never issued short.
    """
    figures = annual_aggregate_view(annual_figures(year))
    period = Period.year(year)
    annual = selectors.annual_picture(year)
    return {
        "year": year,
        "figures": figures,
        "charts": annual_charts(figures),
        # Council members read it: outlines and the hot cells the disclosure gate allows.
        "map_svg": year_map(year, exact=False),
        "annual": annual,
        # Brå's and SCB's published aggregates (whole municipality and larger): exact.
        "crime": reported_crime(year),
        "victims": lagesbild_selectors.victim_consequences(annual["picture"]),
        "action_plans": selectors.action_plans(year),
        "outcomes": selectors.measure_outcomes(year),
        "budget": _section_html(budget_section.meeting_pack_section(period, user=None)),
        "agreement": _section_html(councils_section.meeting_pack_section(period, user=None)),
        "goals": _section_html(goals_section.meeting_pack_section(period, user=None)),
        "coordination": selectors.coordination(year),
        # Items 3–5 of issue #20: the plan as Brå describes it, the samordningsfunktion,
        # the year by focus area and by place.
        "plan_documents": [selectors.plan_document(p.pk) for p in selectors.plan_list(year)],
        "coordination_year": selectors.coordination_year(year),
        "by_focus_area": selectors.measures_by_focus_area(year),
        "by_place": selectors.measures_by_place(year),
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
