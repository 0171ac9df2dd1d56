"""Report pages, mounted at /rapporter/: the council's meeting pack first."""

from django.urls import path

from . import views

app_name = "reports"
urlpatterns = [
    path("motespaket/<int:pk>/", views.MeetingPackView.as_view(), name="meeting_pack"),
    path("motespaket/<int:pk>/pdf/", views.MeetingPackPdfView.as_view(), name="meeting_pack_pdf"),
]
