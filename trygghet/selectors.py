"""Reads of the project-level pages: the audit trail."""

from django.contrib.contenttypes.models import ContentType

from .models import AuditEvent


def audit_events():
    """Every audited change and export with its kind of object, newest first."""
    return AuditEvent.objects.select_related("content_type")


def audited_types():
    """The kinds of object that appear in the audit trail, for its filter."""
    ids = AuditEvent.objects.exclude(content_type=None).values("content_type").distinct()
    return ContentType.objects.filter(pk__in=ids).order_by("app_label", "model")


DEMO_CACHE_KEY = "trygghet:holds-demo-data"


def holds_demo_data() -> bool:
    """Whether this installation holds demo data (cached for five minutes): every page,
    PDF and export then carries a "Demo" mark."""
    from django.core.cache import cache

    from budget.models import BudgetPackage
    from councils.models import CooperationAgreement, Meeting, Organisation
    from lagesbild.models import AnnualPicture, Incident, Source, WeeklyPicture
    from measures.models import Goal, Measure, SurveyResult

    def look() -> bool:
        flagged = (
            Organisation, Meeting, CooperationAgreement, WeeklyPicture, AnnualPicture,
            Measure, Goal, SurveyResult, BudgetPackage,
        )  # fmt: skip
        return Incident.objects.filter(source=Source.DEMO).exists() or any(
            model.objects.filter(is_demo=True).exists() for model in flagged
        )

    return cache.get_or_set(DEMO_CACHE_KEY, look, 300)
