"""The app's URLs, plus plain-Django baselines of the measured reads under /bench/raw/."""

from django.urls import path

from bench import views
from config.urls import handler404, handler500  # noqa: F401 (the root URLconf's error handlers)
from config.urls import urlpatterns as app_urlpatterns

urlpatterns = [
    path("bench/raw/events/", views.raw_events, name="bench-raw-events"),
    path("bench/raw/volunteers/", views.raw_volunteers, name="bench-raw-volunteers"),
    path("bench/raw/events/<int:event_id>/candidates/", views.raw_candidates, name="bench-raw-candidates"),
    path(
        "bench/raw/campaigns/<int:campaign_id>/partner-candidates/",
        views.raw_partner_candidates,
        name="bench-raw-partner-candidates",
    ),
    *app_urlpatterns,
]
