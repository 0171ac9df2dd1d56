"""The budget's SVG pictures, built with the shared chart library."""

from django.utils.translation import gettext as _

from core.charts import Series, grouped_bar_chart


def figures_chart(rows, *, title: str):
    """Allocated vs spent vs forecast, one group per row (nämnd or theme)."""
    return grouped_bar_chart(
        [r.label for r in rows],
        [
            Series(_("Allocated"), [r.allocated for r in rows]),
            Series(_("Spent"), [r.spent for r in rows]),
            Series(_("Forecast"), [r.forecast for r in rows]),
        ],
        title=title,
        unit="kr",
    )
