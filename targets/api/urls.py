from django.urls import path

from targets.api import views

urlpatterns = [
    path("surveys/", views.SurveyListView.as_view(), name="survey-list"),
    path("surveys/<int:survey_id>/", views.SurveyDetailView.as_view(), name="survey-detail"),
    path("surveys/<int:survey_id>/open/", views.SurveyOpenView.as_view(), name="survey-open"),
    path("surveys/<int:survey_id>/close/", views.SurveyCloseView.as_view(), name="survey-close"),
    path("surveys/<int:survey_id>/responses/", views.SurveyResponseView.as_view(), name="survey-responses"),
    path("surveys/<int:survey_id>/poster/", views.SurveyPosterView.as_view(), name="survey-poster"),
    path("surveys/<int:survey_id>/results/", views.SurveyResultsView.as_view(), name="survey-results"),
    path("targets/", views.TargetListView.as_view(), name="target-list"),
    path("targets/<int:target_id>/", views.TargetDetailView.as_view(), name="target-detail"),
    path("dashboard/", views.DashboardView.as_view(), name="dashboard"),
    path("campaigns/<int:campaign_id>/dashboard/", views.CampaignDashboardView.as_view(), name="campaign-dashboard"),
    path("reports/", views.ReportListView.as_view(), name="report-list"),
    path("reports/<int:report_id>/", views.ReportDetailView.as_view(), name="report-detail"),
    path("reports/<int:report_id>/download/", views.ReportDownloadView.as_view(), name="report-download"),
    path("campaigns/<int:campaign_id>/archive/", views.CampaignArchiveView.as_view(), name="campaign-archive"),
    path("archives/<int:archive_id>/", views.ArchiveDetailView.as_view(), name="archive-detail"),
    path("archives/<int:archive_id>/download/", views.ArchiveDownloadView.as_view(), name="archive-download"),
]
