from django.urls import path

from campaigns.api import matching_views, views

urlpatterns = [
    path("campaigns/", views.CampaignListView.as_view(), name="campaign-list"),
    path("campaigns/<int:campaign_id>/", views.CampaignDetailView.as_view(), name="campaign-detail"),
    path("campaigns/<int:campaign_id>/publish/", views.CampaignPublishView.as_view(), name="campaign-publish"),
    path("campaigns/<int:campaign_id>/close/", views.CampaignCloseView.as_view(), name="campaign-close"),
    path("campaigns/<int:campaign_id>/cancel/", views.CampaignCancelView.as_view(), name="campaign-cancel"),
    path("campaigns/<int:campaign_id>/events/", views.CampaignEventListView.as_view(), name="campaign-event-list"),
    path(
        "campaigns/<int:campaign_id>/events/recurring/",
        views.RecurringEventsView.as_view(),
        name="campaign-event-recurring",
    ),
    path("events/", views.EventListView.as_view(), name="event-list"),
    path("events/<int:event_id>/", views.EventDetailView.as_view(), name="event-detail"),
    path("events/<int:event_id>/cancel/", views.EventCancelView.as_view(), name="event-cancel"),
    path(
        "events/<int:event_id>/registrations/",
        views.EventRegistrationListView.as_view(),
        name="event-registration-list",
    ),
    path("events/<int:event_id>/reservations/", views.EventReservationView.as_view(), name="event-reservation"),
    path("registrations/", views.RegistrationListView.as_view(), name="registration-list"),
    path("registrations/<int:registration_id>/", views.RegistrationDetailView.as_view(), name="registration-detail"),
    path(
        "registrations/<int:registration_id>/cancel/",
        views.RegistrationCancelView.as_view(),
        name="registration-cancel",
    ),
    path("reservations/", views.ReservationListView.as_view(), name="reservation-list"),
    path("reservations/<int:reservation_id>/assign/", views.ReservationAssignView.as_view(), name="reservation-assign"),
    path(
        "reservations/<int:reservation_id>/release/",
        views.ReservationReleaseView.as_view(),
        name="reservation-release",
    ),
    path("campaigns/<int:campaign_id>/calendar.ics", views.CampaignCalendarView.as_view(), name="campaign-calendar"),
    path("events/<int:event_id>/check-in-code/", views.CheckInCodeView.as_view(), name="event-check-in-code"),
    path("events/<int:event_id>/check-in/", views.EventCheckInView.as_view(), name="event-check-in"),
    path("events/<int:event_id>/check-out/", views.EventCheckOutView.as_view(), name="event-check-out"),
    path(
        "registrations/<int:registration_id>/check-in/",
        views.RegistrationCheckInView.as_view(),
        name="registration-check-in",
    ),
    path(
        "registrations/<int:registration_id>/check-out/",
        views.RegistrationCheckOutView.as_view(),
        name="registration-check-out",
    ),
    path(
        "registrations/<int:registration_id>/excuse/",
        views.RegistrationExcuseView.as_view(),
        name="registration-excuse",
    ),
    path("events/<int:event_id>/candidates/", matching_views.EventCandidatesView.as_view(), name="event-candidates"),
    path("events/<int:event_id>/invitations/", matching_views.EventInvitationsView.as_view(), name="event-invitations"),
    path("invitations/", matching_views.InvitationListView.as_view(), name="invitation-list"),
    path(
        "invitations/<int:invitation_id>/accept/",
        matching_views.InvitationAcceptView.as_view(),
        name="invitation-accept",
    ),
    path(
        "invitations/<int:invitation_id>/decline/",
        matching_views.InvitationDeclineView.as_view(),
        name="invitation-decline",
    ),
    path(
        "campaigns/<int:campaign_id>/partner-candidates/",
        matching_views.PartnerCandidatesView.as_view(),
        name="campaign-partner-candidates",
    ),
    path(
        "campaigns/<int:campaign_id>/assignment-plan/",
        matching_views.AssignmentPlanView.as_view(),
        name="campaign-assignment-plan",
    ),
    path(
        "campaigns/<int:campaign_id>/assignment-plan/apply/",
        matching_views.AssignmentPlanApplyView.as_view(),
        name="campaign-assignment-plan-apply",
    ),
]
