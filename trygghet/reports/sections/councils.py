"""The meeting pack's section from councils: the cooperation agreement's status."""

from django.conf import settings
from django.utils.translation import gettext as _

from ..exporters import selectors
from . import Period, Section


def meeting_pack_section(period: Period, *, user) -> Section | None:
    """The agreement in force on the period's last day, and how long it still runs."""
    day = period.end
    current = selectors.agreement_in_force(day)
    days_left = (current.ends_on - day).days if current and current.ends_on else None
    return Section(
        key="agreement",
        title=_("Cooperation agreement"),
        template="reports/sections/agreement.html",
        context={
            "agreement": current,
            "following": selectors.agreement_following(day),
            "days_left": days_left,
            "ending_soon": days_left is not None and days_left <= settings.AGREEMENT_WARNING_DAYS,
            "day": day,
        },
        order=90,
    )
