"""Pages of the lagesbild app."""

from django.urls import path

from . import views
from .crime import views as crime_views
from .pictures.urls import urlpatterns as picture_urlpatterns

app_name = "lagesbild"
urlpatterns: list = [
    path("handelser/ny/", views.IncidentEntryView.as_view(), name="incident_entry"),
    path("handelser/", views.IncidentListView.as_view(), name="incident_list"),
    path("handelser/inga-handelser/", views.NoIncidentsView.as_view(), name="no_incidents"),
    path("handelser/app.webmanifest", views.WebManifestView.as_view(), name="web_manifest"),
    path("handelser/sw.js", views.ServiceWorkerView.as_view(), name="service_worker"),
    path("handelser/<int:pk>/", views.IncidentDetailView.as_view(), name="incident_detail"),
    path("handelser/<int:pk>/andra/", views.IncidentUpdateView.as_view(), name="incident_update"),
    path("handelser/export.<str:fmt>", views.IncidentExportView.as_view(), name="incident_export"),
    path("handelser/import/", views.ImportView.as_view(), name="import"),
    path("handelser/import/<int:pk>/", views.ImportJobView.as_view(), name="import_job"),
    path(
        "handelser/import/mall.<str:fmt>",
        views.ImportTemplateView.as_view(),
        name="import_template",
    ),
    path("lagesbild/anmalda-brott/", crime_views.StatisticsView.as_view(), name="crime_statistics"),
    path(
        "lagesbild/anmalda-brott/import/",
        crime_views.StatisticsImportView.as_view(),
        name="crime_statistics_import",
    ),
]

# The weekly and annual lägesbild, hot spots and problembilder: lagesbild/pictures/urls.py

urlpatterns += picture_urlpatterns
