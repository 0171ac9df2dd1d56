"""Report pages, mounted at /rapporter/: the council's meeting pack first."""

from django.urls import path

from . import views

app_name = "reports"
urlpatterns = [
    path("motespaket/<int:pk>/", views.MeetingPackView.as_view(), name="meeting_pack"),
    path("motespaket/<int:pk>/pdf/", views.MeetingPackPdfView.as_view(), name="meeting_pack_pdf"),
]

# Generated reports (weekly, annual, meeting packs): trygghet/reports/report_views.py
from . import report_views  # noqa: E402

urlpatterns += [
    path("", report_views.ReportListView.as_view(), name="report_list"),
    path("ny/", report_views.ReportStartView.as_view(), name="report_start"),
    path("prenumeration/", report_views.ReportSubscribeView.as_view(), name="report_subscribe"),
    path("<int:pk>/", report_views.ReportDetailView.as_view(), name="report_detail"),
    path("<int:pk>/status/", report_views.ReportStatusView.as_view(), name="report_status"),
    path("<int:pk>/fil/", report_views.ReportDownloadView.as_view(), name="report_download"),
    path("<int:pk>/forsok-igen/", report_views.ReportRetryView.as_view(), name="report_retry"),
]
