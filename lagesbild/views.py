"""Incident pages: fast entry, list (keyset pages), detail with history, edit, import, export."""

import datetime as dt

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.contrib.staticfiles import finders
from django.core.exceptions import BadRequest, ValidationError
from django.db import transaction
from django.db.models import Q
from django.http import Http404, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.shortcuts import redirect
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.generic import DetailView, FormView, TemplateView, UpdateView, View

from core.isoweek import Week
from core.locking import EditConflict
from core.versioned import fragment_key, rendered_each
from councils.audit import record_export
from councils.permissions import CapabilityRequiredMixin

from . import exports, imports, selectors
from .filters import IncidentFilter
from .forms import ImportForm, IncidentEditForm, IncidentEntryFormSet
from .models import ImportJob, Incident
from .services import incident_update, no_incidents_confirm, report_register

LAST_AREA_KEY = "lagesbild_last_area"
PAGE_SIZE = 50
SORTS = {
    "-occurred_on": ("-occurred_on", "-id"),
    "occurred_on": ("occurred_on", "id"),
}


class IncidentEntryView(CapabilityRequiredMixin, TemplateView):
    """One report with one or more incidents, defaults filled in, mobile first.

    `?same=1` ("Samma som förra") fills the first row from the user's last incident with
    today's date and the time now; the user's most used categories and places come
    first in their lists. The page is an installable web app (manifest, service worker)
    whose script queues entries made offline and sends them with their idempotency keys.
    """

    capability = "incident.register"
    template_name = "lagesbild/incident_entry.html"

    def get_formset(self, data=None):
        try:
            rows = min(max(int(self.request.GET.get("rows", 1) or 1), 1), 20)
        except ValueError as error:
            raise BadRequest("rows") from error
        initial = {"occurred_on": timezone.localdate(), "count": 1}
        if area := self.request.session.get(LAST_AREA_KEY):
            initial["area"] = area
        first = dict(initial)
        self.same_as_last = None
        if data is None and self.request.GET.get("same") == "1":
            self.same_as_last = selectors.last_incident_of(self.request.user)
            if self.same_as_last:
                first.update(selectors.repeat_initial(self.same_as_last))
        formset_class = type("EntryFormSet", (IncidentEntryFormSet,), {"extra": rows})
        favourites = selectors.entry_favourites(self.request.user)
        return formset_class(
            data,
            queryset=Incident.objects.none(),
            initial=[first] + [initial] * (rows - 1),
            form_kwargs={"favourites": favourites},
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("formset", self.get_formset())
        context["same_as_last"] = getattr(self, "same_as_last", None)
        context["has_last"] = context["same_as_last"] is not None or (
            selectors.last_incident_of(self.request.user) is not None
        )
        organisation = self.request.user.organisation
        if organisation is not None and organisation.is_reporting:
            context["reporting_weeks"] = selectors.reporting_weeks_of(
                self.request.user.organisation_id, weeks=2
            )
        context["places"] = selectors.place_points()
        context["area_outlines"] = selectors.map_base()["areas"]
        if (report := self.request.GET.get("report", "")).isdigit():
            context["receipt"] = selectors.report_receipt(self.request.user, int(report))
        context["MAP_TILE_URL"] = settings.MAP_TILE_URL
        context["MAP_TILE_ATTRIBUTION"] = settings.MAP_TILE_ATTRIBUTION
        return context

    def post(self, request, *args, **kwargs):
        formset = self.get_formset(request.POST)
        if formset.is_valid():
            rows = [f.incident_data() for f in formset.forms if f.has_changed()]
            try:
                report = report_register(user=request.user, incidents=rows)
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                request.session[LAST_AREA_KEY] = rows[-1]["area"].pk
                messages.success(
                    request,
                    _("Thank you! %(n)s incidents were registered.") % {"n": len(rows)}
                    if len(rows) != 1
                    else _("Thank you! The incident was registered."),
                )
                return redirect(reverse("lagesbild:incident_entry") + f"?report={report.pk}")
        return self.render_to_response(self.get_context_data(formset=formset))


class NoIncidentsView(CapabilityRequiredMixin, View):
    """POST: confirm "inga händelser" for the user's organisation and a week."""

    capability = "incident.register"

    def post(self, request):
        try:
            week = Week.parse(request.POST.get("week", ""))
        except ValueError as error:
            raise BadRequest("week") from error
        try:
            no_incidents_confirm(user=request.user, week=week)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("Thank you! %(week)s is recorded as without incidents for %(org)s.")
                % {"week": week.label, "org": request.user.organisation},
            )
        return redirect("lagesbild:incident_entry")


@method_decorator(login_not_required, name="dispatch")
class WebManifestView(View):
    """The entry form as an installable web app (public: the browser fetches it
    without the session; it holds no data)."""

    def get(self, request):
        manifest = {
            "name": _("Trygghet – register incidents"),
            "short_name": _("Incidents"),
            "start_url": reverse("lagesbild:incident_entry"),
            "scope": reverse("lagesbild:incident_list"),
            "display": "standalone",
            "background_color": "#ffffff",
            "theme_color": "#0d6efd",
            "lang": "sv",
            "icons": [
                {
                    "src": static("favicon.svg"),
                    "sizes": "any",
                    "type": "image/svg+xml",
                    "purpose": "any",
                }
            ],
        }
        return JsonResponse(manifest, content_type="application/manifest+json")


@method_decorator(login_not_required, name="dispatch")
class ServiceWorkerView(View):
    """The service worker, served under /handelser/ so that its scope covers the entry
    page (a script under /static/ could only control /static/)."""

    def get(self, request):
        path = finders.find("js/entry-sw.js")
        with open(path, encoding="utf-8") as handle:
            script = handle.read()
        script = script.replace("__VERSION__", _asset_version()).replace(
            "__ENTRY_URL__", reverse("lagesbild:incident_entry")
        )
        response = HttpResponse(script, content_type="text/javascript; charset=utf-8")
        response["Cache-Control"] = "no-cache"
        return response


def _asset_version() -> str:
    """Changes when the entry page's scripts change, so the worker caches them anew."""
    import hashlib

    digest = hashlib.sha256()
    for name in ("js/entry-sw.js", "js/lagesbild.js", "js/entry-offline.js"):
        if found := finders.find(name):
            with open(found, "rb") as handle:
                digest.update(handle.read())
    return digest.hexdigest()[:12]


class IncidentQuerysetMixin(CapabilityRequiredMixin):
    capability = "incident.register"

    def incidents(self):
        return selectors.incidents_for_list(self.request.user)


class IncidentListView(IncidentQuerysetMixin, TemplateView):
    """Filtered list; pages follow a keyset (`after=date.id`), never a full COUNT."""

    template_name = "lagesbild/incident_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        filterset = IncidentFilter(
            self.request.GET or None, queryset=self.incidents(), request=self.request
        )
        sort = self.request.GET.get("sort", "-occurred_on")
        order = SORTS.get(sort, SORTS["-occurred_on"])
        qs = filterset.qs if filterset.is_bound and filterset.is_valid() else self.incidents()
        if filterset.is_bound and not filterset.is_valid():
            qs = Incident.objects.none()
        context["filter_cache_key"] = fragment_key(
            self.request.GET.urlencode(), kinds=("lagesbild", "councils")
        )
        context["filter_cache_seconds"] = settings.FIGURES_CACHE_SECONDS
        after = self.request.GET.get("after", "")
        if after:
            try:
                day_text, pk_text = after.split(".")
                day, pk = dt.date.fromisoformat(day_text), int(pk_text)
            except ValueError as error:
                raise Http404 from error
            # (date, id) beyond the key; the plain date bound lets PostgreSQL start the
            # index scan at the key instead of filtering every newer row (EXPLAIN: a
            # page 98 % deep went from 1.2 s to a few ms at 1 M incidents).
            qs = (
                qs.filter(
                    Q(occurred_on__lt=day) | Q(occurred_on=day, id__lt=pk), occurred_on__lte=day
                )
                if order[0].startswith("-")
                else qs.filter(
                    Q(occurred_on__gt=day) | Q(occurred_on=day, id__gt=pk), occurred_on__gte=day
                )
            )
        # The incidents alone (one index scan, no joins to plan); what a row names comes
        # from the cached reference rows.
        rows = selectors.with_references(
            list(qs.select_related(None).order_by(*order)[: PAGE_SIZE + 1])
        )
        has_next = len(rows) > PAGE_SIZE
        rows = rows[:PAGE_SIZE]
        query = self.request.GET.copy()
        query.pop("after", None)
        if has_next:
            last = rows[-1]
            query["after"] = f"{last.occurred_on.isoformat()}.{last.pk}"
        context.update(
            filter=filterset,
            incidents=rows,
            # A row changes only when its incident is saved (updated_at) or what it names
            # (a category, an area, an organisation) is renamed: most come from the cache.
            incident_rows=rendered_each(
                rows,
                "lagesbild/_incident_row.html",
                name="i",
                stamp=lambda incident: (incident.pk, incident.updated_at),
                kinds=("lagesbild", "councils"),
            ),
            next_query=query.urlencode() if has_next else "",
            first_query=self._without_after(),
            sort=sort,
            export_query=self._without_after(),
            is_later_page=bool(after),
        )
        return context

    def _without_after(self) -> str:
        query = self.request.GET.copy()
        query.pop("after", None)
        return query.urlencode()


class IncidentDetailView(IncidentQuerysetMixin, DetailView):
    template_name = "lagesbild/incident_detail.html"
    context_object_name = "incident"

    def get_queryset(self):
        return self.incidents()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        incident = self.object
        context["show_assessment"] = incident.assessment_visible_to(self.request.user)
        context["may_edit"] = selectors.incident_editable_by(incident, self.request.user)
        context["history"] = selectors.incident_history(incident)
        return context


class IncidentUpdateView(IncidentQuerysetMixin, UpdateView):
    template_name = "lagesbild/incident_form.html"
    form_class = IncidentEditForm
    context_object_name = "incident"

    def get_queryset(self):
        return selectors.incidents_editable_by(self.request.user)

    def get_initial(self):
        initial = super().get_initial()
        if self.object.occurred_at:
            from django.utils import timezone

            initial["time"] = timezone.localtime(self.object.occurred_at).time()
        return initial

    def form_valid(self, form):
        data = form.incident_data()
        try:
            incident_update(
                user=self.request.user,
                incident=selectors.incident_fresh(self.object.pk),
                data=data,
                version=form.cleaned_data.get("version"),
            )
        except EditConflict as error:
            # Nothing was saved; the user's input stays in the form.
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(self.request, _("The incident was saved."))
        return redirect("lagesbild:incident_detail", pk=self.object.pk)


class IncidentExportView(IncidentQuerysetMixin, View):
    """The filtered list as CSV, XLSX or GeoJSON, with only the fields the role may see."""

    def get(self, request, fmt):
        filterset = IncidentFilter(request.GET or None, queryset=self.incidents(), request=request)
        if filterset.is_bound and not filterset.is_valid():
            # Never "everything" for a filter that could not be read: say what is wrong.
            problems = [
                f"{name}: {' '.join(messages)}" for name, messages in filterset.errors.items()
            ]
            return HttpResponseBadRequest(
                "\n".join(problems), content_type="text/plain; charset=utf-8"
            )
        qs = filterset.qs if filterset.is_bound else self.incidents()
        try:
            name, mimetype, data = exports.render(
                qs.order_by("-occurred_on", "-id"), fmt, request.user
            )
        except KeyError as error:
            raise Http404 from error
        counted = qs.filter(latitude__isnull=False) if fmt == "geojson" else qs
        record_export(
            user=request.user,
            what="incidents",
            fmt=fmt,
            filters={k: v for k, v in request.GET.items() if v},
            rows=counted.count(),
        )
        response = HttpResponse(data, content_type=mimetype)
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response


class ImportView(CapabilityRequiredMixin, FormView):
    """Upload, check (dry run: every failing row listed), then import."""

    capability = "incident.register"
    template_name = "lagesbild/import.html"
    form_class = ImportForm
    extra_context = {"max_rows": settings.IMPORT_MAX_ROWS}

    def form_valid(self, form):
        upload = form.cleaned_data["file"]
        job = ImportJob(
            organisation=self.request.user.organisation,
            user=self.request.user,
            original_name=upload.name[:255],
        )
        if job.organisation is None:
            form.add_error(
                None, _("Your account belongs to no organisation; ask an administrator.")
            )
            return self.form_invalid(form)
        job.file.save(upload.name, upload, save=False)
        job.save()
        check = imports.check_job(job=job)
        if "import" in self.request.POST and check.ok:
            with transaction.atomic():
                transaction.on_commit(lambda: imports.start_import(job_id=job.pk))
            return redirect("lagesbild:import_job", pk=job.pk)
        return self.render_to_response(self.get_context_data(form=form, check=check, job=job))


class ImportJobView(CapabilityRequiredMixin, DetailView):
    """The progress of one import; the page polls itself (htmx) until it is done."""

    capability = "incident.register"
    context_object_name = "job"

    def get_queryset(self):
        return selectors.import_jobs_of(self.request.user)

    def get_object(self, queryset=None):
        job = super().get_object(queryset)
        # A job whose worker died shows as failed, not as running forever.
        if job.status == ImportJob.Status.RUNNING and imports.import_jobs_recover_stale(
            job_id=job.pk
        ):
            job.refresh_from_db()
        return job

    def get_template_names(self):
        if self.request.headers.get("HX-Request"):
            return ["lagesbild/_import_progress.html"]
        return ["lagesbild/import_job.html"]


class ImportTemplateView(CapabilityRequiredMixin, View):
    capability = "incident.register"

    def get(self, request, fmt):
        if fmt not in {"csv", "xlsx"}:
            raise Http404
        name, mimetype, data = imports.template_file(fmt)
        response = HttpResponse(data, content_type=mimetype)
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
