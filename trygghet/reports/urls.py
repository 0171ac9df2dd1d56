"""Report pages, mounted at /rapporter/: the council's meeting pack first."""

from django.urls import path

from . import views

app_name = "reports"
urlpatterns = [
    path("motespaket/<int:pk>/", views.MeetingPackView.as_view(), name="meeting_pack"),
    path("motespaket/<int:pk>/pdf/", views.MeetingPackPdfView.as_view(), name="meeting_pack_pdf"),
    path("est-protokoll/<int:pk>/pdf/", views.EstMinutesPdfView.as_view(), name="est_minutes_pdf"),
]

# Generated reports (weekly, annual, meeting packs).

urlpatterns += [
    path("", views.ReportListView.as_view(), name="report_list"),
    path("ny/", views.ReportStartView.as_view(), name="report_start"),
    path("prenumeration/", views.ReportSubscribeView.as_view(), name="report_subscribe"),
    path("<int:pk>/", views.ReportDetailView.as_view(), name="report_detail"),
    path("<int:pk>/status/", views.ReportStatusView.as_view(), name="report_status"),
    path("<int:pk>/fil/", views.ReportDownloadView.as_view(), name="report_download"),
    path("<int:pk>/forsok-igen/", views.ReportRetryView.as_view(), name="report_retry"),
]
