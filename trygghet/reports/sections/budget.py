"""The meeting pack's section from budget: the trygghetspaket of the period's year."""

from budget import reporting

from . import Period, Section


def meeting_pack_section(period: Period, *, user) -> Section | None:
    """Allocated, spent and forecast per nämnd for the package(s) of the period's year,
    as they stood on its last day (spending dated after it is not counted)."""
    year = period.end.year
    labels = reporting.labels()
    return Section(
        key="budget",
        title=labels["title"],
        template="reports/sections/budget.html",
        context={
            "year": year,
            "packages": reporting.status_for_year(year, as_of=period.end),
            "labels": labels,
        },
        order=70,
    )
