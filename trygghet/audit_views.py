"""The audit trail for coordinators: who changed or exported what, filterable."""

import django_filters
from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist
from django.http import HttpResponseBadRequest
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import TemplateView
from django_filters.views import FilterView

from councils.permissions import CapabilityRequiredMixin

from . import selectors
from .models import AuditEvent
from .personal_data import personal_data_clear, personal_data_findings


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


class PersonalDataListView(CapabilityRequiredMixin, TemplateView):
    """Stored free text that looks like personal data, for the coordinators to clear."""

    capability = "personal_data.review"
    template_name = "audit/personal_data.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(findings=personal_data_findings(), **kwargs)


class PersonalDataClearView(CapabilityRequiredMixin, View):
    """Clear the matched pieces of one field (POST source, pk, field)."""

    capability = "personal_data.review"

    def post(self, request):
        try:
            personal_data_clear(
                source=request.POST.get("source", ""),
                pk=int(request.POST.get("pk", "")),
                field=request.POST.get("field", ""),
                user=request.user,
            )
        except (KeyError, LookupError, ValueError, ObjectDoesNotExist):
            return HttpResponseBadRequest()
        messages.success(request, _("The personal data was removed from the text."))
        return redirect("personal_data")
