"""The project's URLs: each app under its own prefix and namespace."""

from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from . import audit_views, twofactor, views

urlpatterns = [
    # The API first: a registration is the most frequent request, and Django tries the
    # patterns in order (after the apps' ~100 pages it took a tenth of a millisecond).
    path("api/v1/", include("trygghet.api_urls")),
    path("", views.DashboardView.as_view(), name="dashboard"),
    path("healthz", views.healthz, name="healthz"),
    path(
        "konto/logga-in/",
        twofactor.TwoFactorLoginView.as_view(),
        name="login",
    ),
    path("konto/logga-ut/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "konto/losenord/",
        auth_views.PasswordChangeView.as_view(),
        name="password_change",
    ),
    path(
        "konto/losenord/klart/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("konto/tvastegsverifiering/", twofactor.two_factor, name="two_factor"),
    path("sprak/", login_not_required(set_language), name="set_language"),
    path("", include("councils.urls")),
    path("", include("lagesbild.urls")),
    path("", include("measures.urls")),
    path("", include("budget.urls")),
    path("rapporter/", include("trygghet.reports.urls")),
    path("granskning/", audit_views.AuditEventListView.as_view(), name="audit_log"),
    path("personuppgifter/", audit_views.PersonalDataListView.as_view(), name="personal_data"),
    path(
        "personuppgifter/rensa/",
        audit_views.PersonalDataClearView.as_view(),
        name="personal_data_clear",
    ),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    path(settings.ADMIN_URL, admin.site.urls),
]

handler400 = "trygghet.views.handler400"
handler403 = "trygghet.views.handler403"
handler404 = "trygghet.views.handler404"
handler500 = "trygghet.views.handler500"
