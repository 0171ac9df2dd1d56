"""The audit trail for coordinators: who changed or exported what, filterable."""

import django_filters
from django.utils.translation import gettext_lazy as _
from django_filters.views import FilterView

from councils.permissions import CapabilityRequiredMixin

from . import selectors
from .models import AuditEvent


def _audited_types(request):
    return selectors.audited_types()


class AuditEventFilter(django_filters.FilterSet):
    actor_name = django_filters.CharFilter(label=_("User"), lookup_expr="icontains")
    action = django_filters.ChoiceFilter(label=_("Action"), choices=AuditEvent.Action.choices)
    content_type = django_filters.ModelChoiceFilter(
        label=_("Kind of object"), queryset=_audited_types
    )
    at_from = django_filters.DateFilter(
        label=_("From date"),
        field_name="at",
        lookup_expr="date__gte",
        widget=django_filters.widgets.forms.DateInput(attrs={"type": "date"}),
    )
    at_to = django_filters.DateFilter(
        label=_("To date"),
        field_name="at",
        lookup_expr="date__lte",
        widget=django_filters.widgets.forms.DateInput(attrs={"type": "date"}),
    )
    q = django_filters.CharFilter(
        label=_("Object"), field_name="object_repr", lookup_expr="icontains"
    )

    class Meta:
        model = AuditEvent
        fields = ["actor_name", "action", "content_type", "at_from", "at_to", "q"]


class AuditEventListView(CapabilityRequiredMixin, FilterView):
    """Every audited change and export, newest first (coordinators only)."""

    capability = "audit.read"
    filterset_class = AuditEventFilter
    template_name = "audit/event_list.html"
    paginate_by = 50

    def get_queryset(self):
        return selectors.audit_events()
