"""The meeting pack's section from budget: the trygghetspaket of the period's year."""

from budget import reporting

from . import Period, Section


def meeting_pack_section(period: Period, *, user) -> Section | None:
    """Allocated, spent and forecast per nämnd for the package(s) of the period's year."""
    year = period.end.year
    labels = reporting.labels()
    return Section(
        key="budget",
        title=labels["title"],
        template="reports/sections/budget.html",
        context={"year": year, "packages": reporting.status_for_year(year), "labels": labels},
        order=70,
    )
