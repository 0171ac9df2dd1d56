"""The versioned REST API, /api/v1/: each app contributes a router in its `api.py`."""

from django.urls import include, path

urlpatterns = [
    path("", include("councils.api_urls")),
    path("", include("lagesbild.api_urls")),
]
