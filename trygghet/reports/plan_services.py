"""Writes behind the samordningsfunktion's and the cycle's pages."""

import datetime as dt

from django.db import transaction

from councils.models import BoardReport, Committee
from councils.selectors import council_main
from trygghet.models import QuarterlyAnalysis


@transaction.atomic
def board_report_add(*, date: dt.date, title: str, reference: str = "", summary: str = ""):
    """Register a report of the samordningsfunktion to kommunstyrelsen."""
    from django.core.exceptions import ValidationError
    from django.utils.translation import gettext as _

    council = council_main()
    committee = Committee.objects.filter(short_name="KS").first()
    if council is None or committee is None:
        raise ValidationError(_("The council or kommunstyrelsen is not registered."))
    report = BoardReport(
        council=council,
        committee=committee,
        date=date,
        title=title,
        reference=reference,
        summary=summary,
    )
    report.full_clean()
    report.save()
    return report


@transaction.atomic
def quarterly_analysis_add(*, year: int, quarter: int, concluded_on, analysis: str, author=None):
    """Record the quarter's analysis (kvartalsanalys) of the lägesbild."""
    item = QuarterlyAnalysis(
        year=year, quarter=quarter, concluded_on=concluded_on, analysis=analysis, author=author
    )
    item.full_clean()
    item.save()
    return item
