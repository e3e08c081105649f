from django.urls import path

from volunteers.api import views

urlpatterns = [
    path("volunteers/", views.VolunteerListView.as_view(), name="volunteer-list"),
    path("volunteers/me/", views.OwnProfileView.as_view(), name="volunteer-me"),
    path("volunteers/me/export/", views.OwnDataExportView.as_view(), name="volunteer-me-export"),
    path("volunteers/<int:volunteer_id>/", views.VolunteerDetailView.as_view(), name="volunteer-detail"),
    path("skills/", views.SkillListView.as_view(), name="skill-list"),
]
