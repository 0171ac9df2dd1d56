"""Report pages, mounted at /rapporter/: the council's meeting pack first."""

from django.urls import path

from . import plan_views, views

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

# The åtgärdsplan as a document, the samordningsfunktion and the year's cycle.

urlpatterns += [
    path(
        "atgardsplan/<int:pk>/dokument/",
        plan_views.ActionPlanDocumentView.as_view(),
        name="action_plan_document",
    ),
    path("samordning/", plan_views.CoordinationView.as_view(), name="coordination"),
    path("samordning/<int:year>/", plan_views.CoordinationView.as_view(), name="coordination_year"),
    path(
        "samordning/<int:year>/rapport/ny/",
        plan_views.BoardReportCreateView.as_view(),
        name="board_report_create",
    ),
    path(
        "samordning/<int:year>/rapport-till-kommunstyrelsen/",
        plan_views.BoardReportDocumentView.as_view(),
        name="board_report_document",
    ),
    path("cykel/", plan_views.CycleView.as_view(), name="cycle"),
    path("cykel/<int:year>/", plan_views.CycleView.as_view(), name="cycle_year"),
    path(
        "cykel/<int:year>/kvartalsanalys/ny/",
        plan_views.QuarterlyAnalysisCreateView.as_view(),
        name="quarterly_analysis_create",
    ),
]
