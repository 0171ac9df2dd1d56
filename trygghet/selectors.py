"""Reads of the project-level pages: the audit trail."""

from django.contrib.contenttypes.models import ContentType

from core.versioned import figures_cached

from .models import AuditEvent


def audit_events():
    """Every audited change and export with its kind of object, newest first."""
    return AuditEvent.objects.select_related("content_type")


def audited_types():
    """The kinds of object that appear in the audit trail, for its filter."""
    ids = AuditEvent.objects.exclude(content_type=None).values("content_type").distinct()
    return ContentType.objects.filter(pk__in=ids).order_by("app_label", "model")


@figures_cached("councils", "lagesbild", "measures", "budget", local=True)
def holds_demo_data() -> bool:
    """Whether this installation holds demo data: every page, PDF and export then
    carries a "Demo" mark.

    Asked on every page: it is kept in each process (FIGURES_CACHE_SECONDS at most) and
    looked up anew when any data it reads changes. Demo incidents come with the demo's
    other rows (`seed_vasteras --demo`), so incidents, whose changes are many, are not
    among its kinds."""
    from budget.models import BudgetPackage
    from councils.models import CooperationAgreement, Meeting, Organisation
    from lagesbild.models import AnnualPicture, Incident, Source, WeeklyPicture
    from measures.models import Goal, Measure, SurveyResult

    flagged = (
        Organisation, Meeting, CooperationAgreement, WeeklyPicture, AnnualPicture,
        Measure, Goal, SurveyResult, BudgetPackage,
    )  # fmt: skip
    # One round trip: a row from any of them.
    demo = Incident.objects.filter(source=Source.DEMO).values("pk")[:1]
    others = [model.objects.filter(is_demo=True).values("pk")[:1] for model in flagged]
    return demo.union(*others, all=True).exists()
