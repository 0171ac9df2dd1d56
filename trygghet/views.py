"""Project-level pages: the start page, /healthz and the error pages."""

from django.contrib.auth.decorators import login_not_required
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.generic import TemplateView

from councils.permissions import capabilities_of

from . import health


class DashboardView(TemplateView):
    """The start page: each app adds its panel through `<app>/_dashboard.html`."""

    template_name = "dashboard.html"

    def get_context_data(self, **kwargs):
        # An account without a role holds no capability: the page tells them whom to ask.
        return super().get_context_data(
            has_access=bool(capabilities_of(self.request.user)), **kwargs
        )


@login_not_required
@never_cache
def healthz(request):
    """200 when the database answers (with Redis and Celery state), else 503."""
    state = health.report()
    return JsonResponse(state, status=200 if state["database"] == "ok" else 503)


def _error_page(template: str, status: int):
    @login_not_required
    def view(request, exception=None):
        return render(request, template, status=status)

    return view


handler400 = _error_page("400.html", 400)
handler403 = _error_page("403.html", 403)
handler404 = _error_page("404.html", 404)


@login_not_required
def handler500(request):
    # No context processors: the database may be what failed.
    from django.http import HttpResponseServerError
    from django.template import loader

    return HttpResponseServerError(loader.get_template("500.html").render())
