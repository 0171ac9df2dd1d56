"""The meeting pack's section from councils: the cooperation agreement's status."""

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from councils.models import CooperationAgreement

from . import Section


def meeting_pack_section(meeting, *, user) -> Section | None:
    """The agreement in force on the meeting's day, and how long it still runs."""
    day = timezone.localtime(meeting.starts_at).date()
    current = (
        CooperationAgreement.objects.in_force_on(day)
        .prefetch_related("parties", "signatories__person")
        .order_by("-valid_from")
        .first()
    )
    following = (
        CooperationAgreement.objects.filter(valid_from__gt=day).order_by("valid_from").first()
    )
    days_left = (current.ends_on - day).days if current and current.ends_on else None
    return Section(
        key="agreement",
        title=_("Cooperation agreement"),
        template="reports/sections/agreement.html",
        context={
            "agreement": current,
            "following": following,
            "days_left": days_left,
            "ending_soon": days_left is not None and days_left <= settings.AGREEMENT_WARNING_DAYS,
            "day": day,
        },
        order=90,
    )
