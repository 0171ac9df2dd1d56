"""The project's URLs plus the bare view: the floor any Django page pays on this machine.

The bare view renders a small template with no queries of its own. It runs through the
same middleware as every page (session, the signed-in user, CSP, language), so a page's
time divided by the bare view's is the page's own work.
"""

from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.template import engines
from django.urls import include, path

BARE = engines["django"].from_string(
    '<!doctype html><html lang="sv"><title>{{ title }}</title>'
    "<main><h1>{{ title }}</h1>{% for line in lines %}<p>{{ line }}</p>{% endfor %}</main>"
)


@login_not_required
def bare(request):
    return HttpResponse(BARE.render({"title": "Trygghet", "lines": ["Golvet", "för en sida"]}))


urlpatterns = [path("bench/bare/", bare, name="bench_bare"), path("", include("trygghet.urls"))]
