from django.urls import path

from partners.api import views

urlpatterns = [
    path("partners/", views.PartnerListView.as_view(), name="partner-list"),
    path("partner-directory/", views.PartnerDirectoryView.as_view(), name="partner-directory"),
    path("partners/<int:partner_id>/", views.PartnerDetailView.as_view(), name="partner-detail"),
    path("partners/<int:partner_id>/approve/", views.PartnerApproveView.as_view(), name="partner-approve"),
    path("partners/<int:partner_id>/reject/", views.PartnerRejectView.as_view(), name="partner-reject"),
    path("partners/<int:partner_id>/members/", views.MemberListView.as_view(), name="partner-member-list"),
    path(
        "partners/<int:partner_id>/members/<int:membership_id>/",
        views.MemberDetailView.as_view(),
        name="partner-member-detail",
    ),
    path(
        "partners/<int:partner_id>/members/<int:membership_id>/confirm/",
        views.MemberConfirmView.as_view(),
        name="partner-member-confirm",
    ),
    path("partners/<int:partner_id>/agreements/", views.AgreementListView.as_view(), name="partner-agreement-list"),
    path(
        "partners/<int:partner_id>/agreements/<int:agreement_id>/",
        views.AgreementDetailView.as_view(),
        name="partner-agreement-detail",
    ),
    path(
        "partners/<int:partner_id>/agreements/<int:agreement_id>/progress/",
        views.AgreementProgressView.as_view(),
        name="partner-agreement-progress",
    ),
    path(
        "partners/<int:partner_id>/activities/",
        views.PartnerActivityCreateView.as_view(),
        name="partner-activity-create",
    ),
    path(
        "campaigns/<int:campaign_id>/partners/", views.CampaignPartnerListView.as_view(), name="campaign-partner-list"
    ),
    path(
        "campaigns/<int:campaign_id>/partner-invitations/",
        views.CampaignPartnerInvitationView.as_view(),
        name="campaign-partner-invitations",
    ),
    path("campaign-participations/", views.ParticipationListView.as_view(), name="campaign-participation-list"),
    path(
        "campaign-participations/<int:participation_id>/accept/",
        views.ParticipationAcceptView.as_view(),
        name="campaign-participation-accept",
    ),
    path(
        "campaign-participations/<int:participation_id>/decline/",
        views.ParticipationDeclineView.as_view(),
        name="campaign-participation-decline",
    ),
    path("activities/", views.ActivityListView.as_view(), name="activity-list"),
    path("activities/<int:activity_id>/", views.ActivityDetailView.as_view(), name="activity-detail"),
    path(
        "activities/<int:activity_id>/participants/",
        views.ActivityParticipantsView.as_view(),
        name="activity-participants",
    ),
    path("activities/<int:activity_id>/photos/", views.ActivityPhotoUploadView.as_view(), name="activity-photo-upload"),
    path("activities/<int:activity_id>/submit/", views.ActivitySubmitView.as_view(), name="activity-submit"),
    path("activities/<int:activity_id>/verify/", views.ActivityVerifyView.as_view(), name="activity-verify"),
    path("activities/<int:activity_id>/reject/", views.ActivityRejectView.as_view(), name="activity-reject"),
    path("activity-photos/<int:photo_id>/", views.ActivityPhotoView.as_view(), name="activity-photo"),
    path(
        "activity-photos/<int:photo_id>/thumbnail/",
        views.ActivityPhotoThumbnailView.as_view(),
        name="activity-photo-thumbnail",
    ),
]
