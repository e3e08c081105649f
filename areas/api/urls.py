from django.urls import path

from areas.api import views

urlpatterns = [
    path("areas/", views.AreaListView.as_view(), name="area-list"),
    path("areas/<int:area_id>/", views.AreaDetailView.as_view(), name="area-detail"),
    path("centers/", views.CenterListView.as_view(), name="center-list"),
    path("centers/<int:center_id>/", views.CenterDetailView.as_view(), name="center-detail"),
]
