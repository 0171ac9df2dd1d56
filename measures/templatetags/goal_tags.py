"""Template tags of goals: the start page panel."""

from django import template

from lagesbild.figures.disclosure import reads_exact

from ..goals import indicators

register = template.Library()


@register.simple_tag(takes_context=True)
def goals_panel(context) -> list:
    """Every goal's status (a handful: the council's målformuleringar)."""
    return indicators.goal_statuses_of_all(exact=reads_exact(context["request"].user))


@register.simple_tag
def population_source():
    """Where the area populations (the denominator of rates) come from: whether any is
    approximate, and their sources as given."""
    from ..models import AreaPopulation

    rows = AreaPopulation.objects.values_list("is_approximate", "source").distinct()
    return {
        "approximate": any(approx for approx, _source in rows),
        "sources": sorted({source for _approx, source in rows if source}),
    }


@register.simple_tag
def municipality_survey(year) -> dict:
    """The trygghetsmätning of the whole municipality for the five years up to `year`."""
    from ..goals.selectors import municipality_survey as survey

    year = int(year)
    return survey(list(range(year - 4, year + 1)))
