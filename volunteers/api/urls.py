from django.urls import path

from volunteers.api import views

urlpatterns = [
    path("volunteers/", views.VolunteerListView.as_view(), name="volunteer-list"),
    path("volunteers/me/", views.OwnProfileView.as_view(), name="volunteer-me"),
    path("volunteers/me/export/", views.OwnDataExportView.as_view(), name="volunteer-me-export"),
    path("volunteers/<int:volunteer_id>/", views.VolunteerDetailView.as_view(), name="volunteer-detail"),
    path("skills/", views.SkillListView.as_view(), name="skill-list"),
    path("volunteers/me/summary/", views.OwnServiceSummaryView.as_view(), name="volunteer-me-summary"),
    path("volunteers/me/service-records/", views.OwnServiceRecordListView.as_view(), name="volunteer-me-records"),
    path("volunteers/me/certificates/", views.OwnCertificateListView.as_view(), name="volunteer-me-certificates"),
    path(
        "volunteers/me/certificates/<int:certificate_id>/document/",
        views.OwnCertificateDocumentView.as_view(),
        name="volunteer-me-certificate-document",
    ),
    path("volunteers/me/calendar/", views.OwnCalendarLinkView.as_view(), name="volunteer-me-calendar"),
    path(
        "volunteers/<int:volunteer_id>/service-records/",
        views.VolunteerServiceRecordListView.as_view(),
        name="volunteer-service-records",
    ),
    path(
        "service-records/<int:record_id>/reverse/",
        views.ServiceRecordReverseView.as_view(),
        name="service-record-reverse",
    ),
    path("certificates/verify/", views.CertificateVerifyView.as_view(), name="certificate-verify"),
    path("calendar/<str:token>.ics", views.CalendarFeedView.as_view(), name="calendar-feed"),
    path("volunteer-teams/", views.TeamListView.as_view(), name="volunteer-team-list"),
    path("volunteer-teams/<int:team_id>/", views.TeamDetailView.as_view(), name="volunteer-team-detail"),
]
