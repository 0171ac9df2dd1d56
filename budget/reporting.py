"""Budget status for composed documents (the council's meeting pack).

The texts are translated here, in the budget catalogue, so that the section module and
its template under trygghet/ need no strings of their own.
"""

from django.utils.translation import gettext as _

from core.formatting import sek

from . import selectors
from .charts import figures_chart
from .models import BudgetPackage


def labels() -> dict[str, str]:
    """The column and heading texts of the status table."""
    return {
        "title": _("Trygghetspaket: budget status"),
        "committee": _("Committee"),
        "allocated": _("Allocated"),
        "spent": _("Spent"),
        "forecast": _("Forecast"),
        "total": _("Total"),
        "overspent": _("Overspent"),
        "overspent_allocations": _("Spending beyond the allocation:"),
        "demo": _("Demo data: synthetic, not a decision."),
        "none": _("No trygghetspaket for this year."),
    }


def status_for_year(year: int) -> list[dict]:
    """Per package of `year`: totals, per nämnd figures and a chart."""
    result = []
    for package in BudgetPackage.objects.filter(year=year).order_by("is_demo", "name"):
        rows = selectors.summary(package, by="committee")
        totals = selectors.totals(package)
        result.append(
            {
                "package": package,
                "rows": rows,
                "totals": totals,
                "overspent": selectors.allocations(package).filter(overspent=True),
                "chart": figures_chart(rows, title=_("Per committee")),
                "summary": _(
                    "%(total)s in all; %(allocated)s allocated, %(spent)s spent (%(share)s %%)."
                )
                % {
                    "total": sek(package.total),
                    "allocated": sek(totals.allocated),
                    "spent": sek(totals.spent),
                    "share": totals.spent_share,
                },
            }
        )
    return result
