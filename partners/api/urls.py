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
]
