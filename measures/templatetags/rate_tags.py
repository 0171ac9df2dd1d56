"""Template tags of area populations: incidents per 1 000 inhabitants on the lägesbild's
statistics page (filled into its slot, since populations belong to measures)."""

from django import template

from ..models import AreaPopulation

register = template.Library()


@register.simple_tag
def area_rates(figures: dict) -> list[dict]:
    """Per area row of the statistics page: its population (the latest year up to the
    period's end) and incidents per 1 000 inhabitants in the period. A count the
    disclosure gate hides gets no rate (the rate and the population would give it)."""
    year = figures["end"].year
    latest: dict[int, AreaPopulation] = {}
    for row in AreaPopulation.objects.filter(year__lte=year).order_by("area_id", "year"):
        latest[row.area_id] = row
    rows = []
    for r in figures["areas"]:
        population = latest.get(r["key"])
        count = r["count"]
        rate = (
            count * 1000 / population.population if population and isinstance(count, int) else None
        )
        rows.append(
            {
                "label": r["label"],
                "population": population.population if population else None,
                "year": population.year if population else None,
                "approximate": bool(population and population.is_approximate),
                "rate": rate,
            }
        )
    return rows
