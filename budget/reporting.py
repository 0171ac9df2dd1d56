"""Budget status for composed documents (the council's meeting pack).

The texts are translated here, in the budget catalogue, so that the section module and
its template under trygghet/ need no strings of their own.
"""

import datetime

from django.db.models import Q
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


def status_for_year(year: int, *, as_of: datetime.date | None = None) -> list[dict]:
    """Per package of `year`: totals, per nämnd figures and a chart.

    With `as_of` (the meeting's day), as they stood on that day: a package decided after
    it is not shown, and spending dated after it and forecasts made after it are not
    counted.
    """
    packages = BudgetPackage.objects.filter(year=year)
    if as_of is not None:
        # A package decided after the day was not yet there (no date: taken as known).
        packages = packages.filter(Q(decided_on__isnull=True) | Q(decided_on__lte=as_of))
    result = []
    for package in packages.order_by("is_demo", "name"):
        rows = selectors.summary(package, by="committee", as_of=as_of)
        totals = selectors.totals(package, as_of=as_of)
        result.append(
            {
                "package": package,
                "rows": rows,
                "totals": totals,
                "overspent": selectors.allocations(package, as_of=as_of).filter(overspent=True),
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
