"""The åtgärdsplan as the statutory document, the samordningsfunktion's year with its
"Rapport till kommunstyrelsen", and the year's samverkanshandbok cycle."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from councils.audit import record_export
from councils.models import BoardReport
from councils.permissions import CapabilityRequiredMixin, can
from trygghet.models import QuarterlyAnalysis

from . import cycle as cycle_module
from . import plan_services
from .exporters import render_document
from .exporters import selectors as doc_selectors

FORMATS = ("pdf", "html")


def _year(kwargs) -> int:
    """The year of the URL (this year without one); 404 outside 2000 – next year."""
    today = timezone.localdate()
    year = kwargs.get("year") or today.year
    if not 2000 <= year <= today.year + 1:
        raise Http404
    return year


def _format(request) -> str:
    fmt = request.GET.get("format", "pdf")
    if fmt not in FORMATS:
        raise Http404
    return fmt


def _download(request, *, template, context, fmt, basename, what, filters) -> HttpResponse:
    filename, mimetype, data = render_document(template, context, fmt=fmt, basename=basename)
    record_export(user=request.user, what=what, fmt=fmt, filters=filters, rows=1)
    response = HttpResponse(data, content_type=mimetype)
    disposition = "attachment" if fmt == "pdf" else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response


# --- the åtgärdsplan -----------------------------------------------------------------


class ActionPlanDocumentView(CapabilityRequiredMixin, View):
    """The åtgärdsplan as the document the law asks for (PDF, or HTML with ?format=html)."""

    capability = "plan.read"

    def get(self, request, pk):
        fmt = _format(request)
        context = {
            **doc_selectors.plan_document(pk),
            "generated_at": timezone.now(),
        }
        context["title"] = context["plan"].title
        return _download(
            request,
            template="reports/action_plan_document.html",
            context=context,
            fmt=fmt,
            basename=f"atgardsplan-{slugify(context['plan'].title)[:50]}",
            what="report:action_plan",
            filters={"plan": pk},
        )


# --- the samordningsfunktion -----------------------------------------------------------


class BoardReportForm(forms.ModelForm):
    class Meta:
        model = BoardReport
        fields = ["date", "title", "reference", "summary"]
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "summary": forms.Textarea(attrs={"rows": 3}),
        }


def coordination_context(year: int) -> dict:
    from councils.models import Committee

    from .sections import Period
    from .sections import budget as budget_section

    coordination = doc_selectors.coordination_year(year)
    return {
        **coordination,
        "coordination_data": coordination,
        "by_focus_area": doc_selectors.measures_by_focus_area(year),
        "outcomes": doc_selectors.measure_outcomes(year),
        "plans": doc_selectors.action_plans(year),
        "cycle": cycle_module.cycle(year, today=timezone.localdate()),
        "budget": _section(budget_section.meeting_pack_section(Period.year(year), user=None)),
        "ks": Committee.objects.filter(short_name="KS").first(),
    }


def _section(section):
    if section is None:
        return None
    from django.template.loader import render_to_string

    html = render_to_string(section.template, {**section.context, "section": section, "pdf": True})
    return {"title": section.title, "html": html}


class CoordinationView(CapabilityRequiredMixin, TemplateView):
    """The samordningsfunktion: who, its five tasks, what it did in the year."""

    capability = "council.read"
    template_name = "reports/coordination.html"

    def get_context_data(self, **kwargs):
        year = _year(self.kwargs)
        context = super().get_context_data(**kwargs)
        context.update(doc_selectors.coordination_year(year))
        context.update(
            form=kwargs.get("form") or BoardReportForm(initial={"date": timezone.localdate()}),
            can_edit=can(self.request.user, "council.edit"),
            can_report=can(self.request.user, "report.read_annual"),
            years=range(timezone.localdate().year, 2020, -1),
        )
        return context


class BoardReportCreateView(CapabilityRequiredMixin, View):
    """Register a report to kommunstyrelsen (the coordinator)."""

    capability = "council.edit"

    def post(self, request, year):
        year = _year({"year": year})
        form = BoardReportForm(request.POST)
        if form.is_valid():
            try:
                plan_services.board_report_add(**form.cleaned_data)
            except ValidationError as error:
                for message in error.messages:
                    form.add_error(None, message)
            else:
                messages.success(request, _("The report to kommunstyrelsen was registered."))
                return redirect("reports:coordination_year", year=form.cleaned_data["date"].year)
        view = CoordinationView(request=request, kwargs={"year": year}, args=())
        return view.render_to_response(view.get_context_data(form=form), status=400)


class BoardReportDocumentView(CapabilityRequiredMixin, View):
    """Rapport till kommunstyrelsen: the year of the samordningsfunktion (PDF or HTML)."""

    capability = "report.read_annual"

    def get(self, request, year):
        year = _year({"year": year})
        fmt = _format(request)
        context = {
            **coordination_context(year),
            "generated_at": timezone.now(),
            "title": _("Report to kommunstyrelsen %(year)s") % {"year": year},
        }
        return _download(
            request,
            template="reports/board_report.html",
            context=context,
            fmt=fmt,
            basename=f"rapport-till-kommunstyrelsen-{year}",
            what="report:board_report",
            filters={"key": str(year)},
        )


# --- the cycle -----------------------------------------------------------------------------


class QuarterlyAnalysisForm(forms.ModelForm):
    class Meta:
        model = QuarterlyAnalysis
        fields = ["quarter", "concluded_on", "analysis"]
        widgets = {
            "quarter": forms.Select(choices=[(q, f"Q{q}") for q in range(1, 5)]),
            "concluded_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "analysis": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "analysis": gettext_lazy(
                "What the quarter's weekly lägesbilder show together: trends, new places, "
                "what to change. No names or personal data."
            )
        }


class CycleView(CapabilityRequiredMixin, TemplateView):
    """The year's cycle: each step done, due or late, with its documents."""

    capability = "plan.read"
    template_name = "reports/cycle.html"

    def get_context_data(self, **kwargs):
        year = _year(self.kwargs)
        context = super().get_context_data(**kwargs)
        context.update(cycle_module.cycle(year, today=timezone.localdate()))
        context.update(
            form=kwargs.get("form")
            or QuarterlyAnalysisForm(initial={"concluded_on": timezone.localdate()}),
            can_write_quarter=can(self.request.user, "picture.edit"),
            years=range(timezone.localdate().year, 2020, -1),
            today=timezone.localdate(),
        )
        return context


class QuarterlyAnalysisCreateView(CapabilityRequiredMixin, View):
    """Write the quarter's analysis (the coordinator)."""

    capability = "picture.edit"

    def post(self, request, year):
        year = _year({"year": year})
        form = QuarterlyAnalysisForm(request.POST)
        if form.is_valid():
            try:
                plan_services.quarterly_analysis_add(
                    year=year, author=request.user, **form.cleaned_data
                )
            except ValidationError as error:
                if hasattr(error, "error_dict"):
                    for name, errors in error.message_dict.items():
                        for message in errors:
                            form.add_error(name if name in form.fields else None, message)
                else:
                    form.add_error(None, error)
            else:
                messages.success(request, _("The quarterly analysis was saved."))
                return redirect("reports:cycle_year", year=year)
        view = CycleView(request=request, kwargs={"year": year}, args=())
        return view.render_to_response(view.get_context_data(form=form), status=400)
