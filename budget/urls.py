"""Pages of the budget app."""

from django.urls import path

from . import views

app_name = "budget"
urlpatterns = [
    path("budget/", views.PackageListView.as_view(), name="package_list"),
    path("budget/<int:pk>/", views.PackageDetailView.as_view(), name="package_detail"),
    path(
        "budget/<int:pk>/namnd/<int:committee_pk>/",
        views.CommitteeDetailView.as_view(),
        name="committee_detail",
    ),
    path("budget/<int:pk>/utfall/", views.SpendingView.as_view(), name="spending"),
    path("budget/<int:pk>/sparet/", views.TrailView.as_view(), name="trail"),
    path("budget/<int:pk>/export.xlsx", views.ExportView.as_view(), name="export"),
    path(
        "budget/<int:pk>/fordelning/ny/",
        views.AllocationCreateView.as_view(),
        name="allocation_create",
    ),
    path(
        "budget/<int:pk>/fordelning/<int:allocation_pk>/andra/",
        views.AllocationUpdateView.as_view(),
        name="allocation_update",
    ),
    path(
        "budget/<int:pk>/utfall/nytt/",
        views.ExpenditureCreateView.as_view(),
        name="expenditure_create",
    ),
    path(
        "budget/<int:pk>/aktivitet/<int:activity_pk>/insatser/",
        views.ActivityMeasuresView.as_view(),
        name="activity_measures",
    ),
    path("budget/<int:pk>/prognos/ny/", views.ForecastCreateView.as_view(), name="forecast_create"),
    path(
        "budget/atgard/<int:entry_pk>/finansiering/",
        views.PlanFundingView.as_view(),
        name="plan_funding",
    ),
    path(
        "budget/utfall/<int:pk>/korrigera/",
        views.ExpenditureCorrectView.as_view(),
        name="expenditure_correct",
    ),
]
