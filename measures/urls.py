"""Pages of the measures app."""

from django.urls import path

from . import views
from .est import views as est_views
from .goals import views as goal_views

app_name = "measures"
urlpatterns = [
    path("insatser/", views.MeasureBoardView.as_view(), name="board"),
    path("insatser/ny/", views.MeasureCreateView.as_view(), name="measure_create"),
    path("insatser/<int:pk>/", views.MeasureDetailView.as_view(), name="measure_detail"),
    path("insatser/<int:pk>/andra/", views.MeasureUpdateView.as_view(), name="measure_update"),
    path(
        "insatser/<int:pk>/uppfoljning/ny/",
        views.FollowUpCreateView.as_view(),
        name="follow_up_create",
    ),
    path("insatser/<int:pk>/effekt/", views.MeasureEffectView.as_view(), name="measure_effect"),
    path("est-moten/", est_views.EstMeetingListView.as_view(), name="est_meetings"),
    path("est-moten/nytt/", est_views.EstMeetingCreateView.as_view(), name="est_meeting_create"),
    path(
        "est-moten/<int:pk>/", est_views.EstMeetingDetailView.as_view(), name="est_meeting_detail"
    ),
    path("est-moten/<int:pk>/notering/", est_views.EstNoteAddView.as_view(), name="est_note_add"),
    path("est-moten/<int:pk>/atgard/", est_views.EstActionAddView.as_view(), name="est_action_add"),
    path(
        "est-moten/<int:pk>/skicka/",
        est_views.EstMinutesSendView.as_view(),
        name="est_minutes_send",
    ),
    path("aterkoppling/", est_views.FeedbackView.as_view(), name="feedback"),
    path("atgardsplaner/", views.ActionPlanListView.as_view(), name="plan_list"),
    path("atgardsplaner/ny/", views.ActionPlanFormView.as_view(), name="plan_create"),
    path("atgardsplaner/<int:pk>/", views.ActionPlanDetailView.as_view(), name="plan_detail"),
    path("atgardsplaner/<int:pk>/andra/", views.ActionPlanFormView.as_view(), name="plan_update"),
    path(
        "atgardsplaner/<int:pk>/atgard/<int:entry_pk>/",
        views.ActionPlanEntryFormView.as_view(),
        name="plan_entry_update",
    ),
    path("medborgarloften/", views.PromisePublicView.as_view(), name="promises"),
    path("medborgarloften/hantera/", views.PromiseManageView.as_view(), name="promise_manage"),
    path("medborgarloften/ny/", views.PromiseFormView.as_view(), name="promise_create"),
    path("medborgarloften/<int:pk>/andra/", views.PromiseFormView.as_view(), name="promise_update"),
    path(
        "medborgarloften/<int:pk>/aterrapport/",
        views.PromiseReportCreateView.as_view(),
        name="promise_report_create",
    ),
]

# Goals, the trygghetsmätning and the partner register: measures/goals/views.py

urlpatterns += [
    path("mal/", goal_views.GoalListView.as_view(), name="goal_list"),
    path("mal/nytt/", goal_views.GoalFormView.as_view(), name="goal_create"),
    path("mal/<int:pk>/", goal_views.GoalDetailView.as_view(), name="goal_detail"),
    path("mal/<int:pk>/andra/", goal_views.GoalFormView.as_view(), name="goal_update"),
    path("trygghetsmatning/", goal_views.SurveyCompareView.as_view(), name="survey_compare"),
    path("trygghetsmatning/import/", goal_views.SurveyImportView.as_view(), name="survey_import"),
    path(
        "trygghetsmatning/mall.<str:fmt>",
        goal_views.SurveyTemplateView.as_view(),
        name="survey_template",
    ),
    path("samarbetspartner/", goal_views.PartnerListView.as_view(), name="partner_list"),
]
