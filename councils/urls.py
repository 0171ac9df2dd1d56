"""Council pages and the user's own settings."""

from django.urls import path

from . import views

app_name = "councils"
urlpatterns = [
    path("konto/installningar/", views.ProfileView.as_view(), name="profile"),
    path("trygghetsradet/", views.CouncilView.as_view(), name="council"),
    path("sammantraden/", views.MeetingListView.as_view(), name="meeting_list"),
    path("sammantraden/ny/", views.MeetingCreateView.as_view(), name="meeting_create"),
    path("sammantraden/kalender.ics", views.MeetingCalendarView.as_view(), name="meeting_calendar"),
    path("sammantraden/<int:pk>/", views.MeetingDetailView.as_view(), name="meeting_detail"),
    path("sammantraden/<int:pk>/andra/", views.MeetingUpdateView.as_view(), name="meeting_update"),
    path(
        "sammantraden/<int:pk>/narvaro/",
        views.MeetingAttendanceView.as_view(),
        name="meeting_attendance",
    ),
    path(
        "sammantraden/<int:pk>/motespaket-klart/",
        views.MeetingPackPublishView.as_view(),
        name="meeting_pack_publish",
    ),
    path(
        "sammantraden/<int:meeting>/punkter/ny/",
        views.AgendaItemCreateView.as_view(),
        name="agenda_item_create",
    ),
    path(
        "sammantraden/<int:meeting>/beslut/ny/",
        views.DecisionCreateView.as_view(),
        name="decision_create",
    ),
    path(
        "sammantraden/punkter/<int:pk>/andra/",
        views.AgendaItemUpdateView.as_view(),
        name="agenda_item_update",
    ),
    path(
        "sammantraden/punkter/<int:item>/dokument/ny/",
        views.AgendaDocumentCreateView.as_view(),
        name="agenda_document_create",
    ),
    path(
        "sammantraden/dokument/<int:pk>/",
        views.AgendaDocumentDownloadView.as_view(),
        name="agenda_document",
    ),
    path("overenskommelser/", views.AgreementListView.as_view(), name="agreement_list"),
    path("overenskommelser/ny/", views.AgreementCreateView.as_view(), name="agreement_create"),
    path(
        "overenskommelser/<int:pk>/", views.AgreementDetailView.as_view(), name="agreement_detail"
    ),
    path(
        "overenskommelser/<int:pk>/andra/",
        views.AgreementUpdateView.as_view(),
        name="agreement_update",
    ),
    path(
        "overenskommelser/<int:pk>/sag-upp/",
        views.AgreementTerminateView.as_view(),
        name="agreement_terminate",
    ),
    path(
        "overenskommelser/<int:pk>/dokument/",
        views.AgreementDocumentView.as_view(),
        name="agreement_document",
    ),
]
