from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, PolymorphicProxySerializer, extend_schema
from rest_framework import generics, status
from rest_framework.parsers import MultiPartParser
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView

from accounts.models import Membership
from accounts.scopes import scope_of
from campaigns.selectors import campaigns_managed_by, campaigns_visible_to
from core.api.files import stream_jpeg
from core.api.idempotency import idempotent
from core.api.serializers import InputSerializer
from core.exceptions import PermissionDenied
from partners import services
from partners.api.filters import ActivityFilter, PartnerFilter
from partners.api.serializers import (
    ActivityDetailSerializer,
    ActivityPhotoSerializer,
    ActivitySerializer,
    ActivityUpdateSerializer,
    ActivityWriteSerializer,
    AgreementProgressSerializer,
    AgreementSerializer,
    AgreementUpdateSerializer,
    AgreementWriteSerializer,
    CampaignParticipationSerializer,
    InvitationAcceptSerializer,
    MemberAddSerializer,
    ParticipantsSerializer,
    ParticipationCreateSerializer,
    PartnerCreateSerializer,
    PartnerDirectorySerializer,
    PartnerInvitationSerializer,
    PartnerMemberSerializer,
    PartnerSerializer,
    PartnerUpdateSerializer,
    PhotoUploadSerializer,
    RejectSerializer,
    ReviewSerializer,
)
from partners.models import Agreement, CampaignParticipation
from partners.selectors import (
    activities_visible_to,
    activity_details_visible_to,
    agreement_progress,
    agreements_of,
    can_answer_invitation,
    can_edit_activity,
    can_manage_partner,
    can_review_activity,
    can_review_participation,
    can_review_partner,
    can_see_campaign_partners,
    members_of,
    participations_visible_to,
    partner_directory,
    partners_invitable_by,
    partners_visible_to,
    photos_visible_to,
)

IDEMPOTENCY_KEY = OpenApiParameter(
    "Idempotency-Key", str, OpenApiParameter.HEADER, description="Retries with the same key replay the first answer."
)


def _partner_context(request) -> dict:
    return {"own_partner_ids": scope_of(request.user).admin_partner_ids}


class PartnerScopedMixin:
    """Fetches the URL's partner through the caller's scope: out of scope answers 404."""

    def get_partner(self, *, manage: bool = False, review: bool = False):
        partner = get_object_or_404(partners_visible_to(self.request.user), pk=self.kwargs["partner_id"])
        if manage and not can_manage_partner(self.request.user, partner):
            raise PermissionDenied()
        if review and not can_review_partner(self.request.user, partner):
            raise PermissionDenied()
        return partner


class PartnerListView(generics.ListAPIView):
    """GET: partners in the caller's scope. POST: anyone registers an organization and its first admin."""

    serializer_class = PartnerSerializer
    filterset_class = PartnerFilter
    search_fields = ["name"]
    ordering_fields = ["created_at", "name"]
    ordering = ["-created_at"]
    throttle_scope = "signup"

    def get_permissions(self):
        return [AllowAny()] if self.request.method == "POST" else [IsAuthenticated()]

    def get_throttles(self):
        return [ScopedRateThrottle()] if self.request.method == "POST" else super().get_throttles()

    def get_queryset(self):
        return partners_visible_to(self.request.user)

    def get_serializer_context(self):
        return {**super().get_serializer_context(), **_partner_context(self.request)}

    @extend_schema(request=PartnerCreateSerializer, responses={201: PartnerSerializer})
    def post(self, request):
        payload = PartnerCreateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        partner = services.register_partner(request=request, **payload.validated_data)
        return Response(
            PartnerSerializer(partner, context={"own_partner_ids": {partner.pk}}).data, status=status.HTTP_201_CREATED
        )


class PartnerDirectoryView(generics.ListAPIView):
    """Approved partners' names, kinds and areas: public, for choosing an affiliation."""

    permission_classes = [AllowAny]
    serializer_class = PartnerDirectorySerializer
    filterset_class = PartnerFilter
    search_fields = ["name"]

    def get_queryset(self):
        return partner_directory()


class PartnerDetailView(PartnerScopedMixin, APIView):
    @extend_schema(responses={200: PartnerSerializer})
    def get(self, request, partner_id: int):
        return Response(PartnerSerializer(self.get_partner(), context=_partner_context(request)).data)

    @extend_schema(request=PartnerUpdateSerializer, responses={200: PartnerSerializer})
    def patch(self, request, partner_id: int):
        partner = self.get_partner(manage=True)
        payload = PartnerUpdateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        partner = services.update_partner(partner=partner, **payload.validated_data)
        return Response(PartnerSerializer(partner, context=_partner_context(request)).data)


class PartnerApproveView(PartnerScopedMixin, APIView):
    """A coordinator covering the partner's area, or a district admin, approves a pending partner."""

    @extend_schema(request=ReviewSerializer, responses={200: PartnerSerializer})
    def post(self, request, partner_id: int):
        partner = self.get_partner(review=True)
        payload = ReviewSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        partner = services.approve_partner(
            partner=partner, reviewed_by=request.user, request=request, **payload.validated_data
        )
        return Response(PartnerSerializer(partner, context=_partner_context(request)).data)


class PartnerRejectView(PartnerScopedMixin, APIView):
    """Reject a pending partner with a reason."""

    @extend_schema(request=RejectSerializer, responses={200: PartnerSerializer})
    def post(self, request, partner_id: int):
        partner = self.get_partner(review=True)
        payload = RejectSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        partner = services.reject_partner(
            partner=partner, reviewed_by=request.user, request=request, **payload.validated_data
        )
        return Response(PartnerSerializer(partner, context=_partner_context(request)).data)


class MemberListView(PartnerScopedMixin, generics.ListAPIView):
    """GET: the partner's members. POST: enrol an existing account by its mobile number."""

    serializer_class = PartnerMemberSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation has no partner_id
            return Membership.objects.none()
        return members_of(self.get_partner(manage=True))

    @extend_schema(request=MemberAddSerializer, responses={201: PartnerMemberSerializer})
    def post(self, request, partner_id: int):
        partner = self.get_partner(manage=True)
        payload = MemberAddSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        membership = services.add_member(
            partner=partner, added_by=request.user, request=request, **payload.validated_data
        )
        return Response(PartnerMemberSerializer(membership).data, status=status.HTTP_201_CREATED)


class MemberDetailView(PartnerScopedMixin, APIView):
    @extend_schema(responses={204: OpenApiResponse(description="Removed.")})
    def delete(self, request, partner_id: int, membership_id: int):
        partner = self.get_partner(manage=True)
        membership = get_object_or_404(members_of(partner), pk=membership_id)
        services.remove_member(membership=membership, removed_by=request.user, request=request)
        return Response(status=status.HTTP_204_NO_CONTENT)


class MemberConfirmView(PartnerScopedMixin, APIView):
    """Confirm a volunteer who named this partner as their affiliation."""

    @extend_schema(request=None, responses={200: PartnerMemberSerializer})
    def post(self, request, partner_id: int, membership_id: int):
        partner = self.get_partner(manage=True)
        membership = get_object_or_404(members_of(partner), pk=membership_id)
        membership = services.confirm_member(membership=membership, confirmed_by=request.user, request=request)
        return Response(PartnerMemberSerializer(membership).data)


class AgreementListView(PartnerScopedMixin, generics.ListAPIView):
    """GET: the partner's co-building agreements. POST: record one with its commitments."""

    serializer_class = AgreementSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation has no partner_id
            return Agreement.objects.none()
        return agreements_of(self.get_partner())

    @extend_schema(request=AgreementWriteSerializer, responses={201: AgreementSerializer})
    def post(self, request, partner_id: int):
        partner = self.get_partner(manage=True)
        payload = AgreementWriteSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        agreement = services.create_agreement(partner=partner, **payload.validated_data)
        return Response(AgreementSerializer(agreements_of(partner).get(pk=agreement.pk)).data, status=201)


class AgreementDetailView(PartnerScopedMixin, APIView):
    @extend_schema(responses={200: AgreementSerializer})
    def get(self, request, partner_id: int, agreement_id: int):
        agreement = get_object_or_404(agreements_of(self.get_partner()), pk=agreement_id)
        return Response(AgreementSerializer(agreement).data)

    @extend_schema(request=AgreementUpdateSerializer, responses={200: AgreementSerializer})
    def patch(self, request, partner_id: int, agreement_id: int):
        partner = self.get_partner(manage=True)
        agreement = get_object_or_404(agreements_of(partner), pk=agreement_id)
        payload = AgreementUpdateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        services.update_agreement(agreement=agreement, **payload.validated_data)
        return Response(AgreementSerializer(agreements_of(partner).get(pk=agreement_id)).data)


class AgreementProgressView(PartnerScopedMixin, APIView):
    """Pledged against delivered for each commitment of the agreement, within the agreement's term."""

    @extend_schema(responses={200: AgreementProgressSerializer})
    def get(self, request, partner_id: int, agreement_id: int):
        agreement = get_object_or_404(agreements_of(self.get_partner()), pk=agreement_id)
        progress = {
            "agreement": agreement.pk,
            "starts_on": agreement.starts_on,
            "ends_on": agreement.ends_on,
            "commitments": agreement_progress(agreement),
        }
        return Response(AgreementProgressSerializer(progress).data)


# Campaign participation ----------------------------------------------------------------------------


class CampaignPartnerListView(generics.ListAPIView):
    """GET: a campaign's partners (organizers; partner admins see their own). POST: a partner admin offers to join."""

    serializer_class = CampaignParticipationSerializer
    filterset_fields = ["status"]
    ordering = ["created_at", "id"]

    def get_campaign(self):
        return get_object_or_404(campaigns_visible_to(self.request.user), pk=self.kwargs["campaign_id"])

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation has no campaign_id
            return CampaignParticipation.objects.none()
        campaign = self.get_campaign()
        if not can_see_campaign_partners(self.request.user, campaign):
            raise PermissionDenied()
        return participations_visible_to(self.request.user).filter(campaign=campaign)

    @extend_schema(request=ParticipationCreateSerializer, responses={201: CampaignParticipationSerializer})
    def post(self, request, campaign_id: int):
        campaign = self.get_campaign()
        admin_partner_ids = scope_of(request.user).admin_partner_ids
        if not admin_partner_ids:
            raise PermissionDenied()
        payload = ParticipationCreateSerializer(data=request.data, admin_partner_ids=admin_partner_ids)
        payload.is_valid(raise_exception=True)
        participation = services.express_interest(campaign=campaign, created_by=request.user, **payload.validated_data)
        return Response(CampaignParticipationSerializer(participation).data, status=status.HTTP_201_CREATED)


class CampaignPartnerInvitationView(APIView):
    """The campaign's organizer invites an approved partner; its admins answer with what it commits to."""

    @extend_schema(request=PartnerInvitationSerializer, responses={201: CampaignParticipationSerializer})
    def post(self, request, campaign_id: int):
        campaign = get_object_or_404(campaigns_visible_to(request.user), pk=campaign_id)
        if not campaigns_managed_by(request.user).filter(pk=campaign.pk).exists():
            raise PermissionDenied()
        payload = PartnerInvitationSerializer(data=request.data, partners=partners_invitable_by(request.user))
        payload.is_valid(raise_exception=True)
        participation = services.invite_partner(
            campaign=campaign, invited_by=request.user, request=request, **payload.validated_data
        )
        return Response(
            CampaignParticipationSerializer(participations_visible_to(request.user).get(pk=participation.pk)).data,
            status=status.HTTP_201_CREATED,
        )


class ParticipationListView(generics.ListAPIView):
    """Partner admins: their partners' participations; coordinators: those in the campaigns they manage."""

    serializer_class = CampaignParticipationSerializer
    filterset_fields = ["status", "origin", "campaign", "partner"]
    ordering_fields = ["created_at", "reviewed_at"]
    ordering = ["-created_at", "-id"]

    def get_queryset(self):
        return participations_visible_to(self.request.user)


class _ParticipationAnswerView(APIView):
    """The side that did not begin a participation answers it: the campaign's organizer a partner's offer, the
    partner's admins an organizer's invitation. Others who can see it get 403."""

    answer_offer: staticmethod
    answer_invitation: staticmethod
    invitation_payload: type[InputSerializer]

    def post(self, request, participation_id: int):
        participation = get_object_or_404(participations_visible_to(request.user), pk=participation_id)
        if participation.origin == CampaignParticipation.Origin.INVITATION:
            if not can_answer_invitation(request.user, participation):
                raise PermissionDenied()
            payload = self.invitation_payload(data=request.data)
            payload.is_valid(raise_exception=True)
            type(self).answer_invitation(
                participation=participation, answered_by=request.user, request=request, **payload.validated_data
            )
        else:
            if not can_review_participation(request.user, participation):
                raise PermissionDenied()
            payload = ReviewSerializer(data=request.data)
            payload.is_valid(raise_exception=True)
            type(self).answer_offer(
                participation=participation, reviewed_by=request.user, request=request, **payload.validated_data
            )
        return Response(
            CampaignParticipationSerializer(participations_visible_to(request.user).get(pk=participation_id)).data
        )


class ParticipationAcceptView(_ParticipationAnswerView):
    """Accept: the organizer takes a partner's offer (an optional note), or a partner admin takes an invitation,
    saying what the partner commits to."""

    answer_offer = staticmethod(services.accept_participation)
    answer_invitation = staticmethod(services.accept_invitation)
    invitation_payload = InvitationAcceptSerializer

    @extend_schema(
        request=PolymorphicProxySerializer(
            component_name="ParticipationAccept",
            serializers=[ReviewSerializer, InvitationAcceptSerializer],
            resource_type_field_name=None,
        ),
        responses={200: CampaignParticipationSerializer},
    )
    def post(self, request, participation_id: int):
        return super().post(request, participation_id)


class ParticipationDeclineView(_ParticipationAnswerView):
    """Decline an offer (the organizer) or an invitation (a partner admin), optionally with a reason."""

    answer_offer = staticmethod(services.decline_participation)
    answer_invitation = staticmethod(services.decline_invitation)
    invitation_payload = ReviewSerializer

    @extend_schema(request=ReviewSerializer, responses={200: CampaignParticipationSerializer})
    def post(self, request, participation_id: int):
        return super().post(request, participation_id)


# Activity logs ------------------------------------------------------------------------------------


def get_activity(request, activity_id: int, *, edit: bool = False, review: bool = False):
    """The activity if the user may see it (else 404), and edit or review it when asked (else 403)."""
    activity = get_object_or_404(activities_visible_to(request.user), pk=activity_id)
    if (edit and not can_edit_activity(request.user, activity)) or (
        review and not can_review_activity(request.user, activity)
    ):
        raise PermissionDenied()
    return activity


def _activity_out(request, activity_id: int):
    return ActivityDetailSerializer(activity_details_visible_to(request.user).get(pk=activity_id)).data


class PartnerActivityCreateView(PartnerScopedMixin, APIView):
    """A partner admin drafts an activity log of the partner."""

    @extend_schema(request=ActivityWriteSerializer, responses={201: ActivityDetailSerializer})
    def post(self, request, partner_id: int):
        partner = self.get_partner()
        if partner.pk not in scope_of(request.user).admin_partner_ids:
            raise PermissionDenied()
        payload = ActivityWriteSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        activity = services.create_activity(partner=partner, created_by=request.user, **payload.validated_data)
        return Response(_activity_out(request, activity.pk), status=status.HTTP_201_CREATED)


class ActivityListView(generics.ListAPIView):
    """Activity logs: a partner's people see the partner's, coordinators those in their area, the office all."""

    serializer_class = ActivitySerializer
    filterset_class = ActivityFilter
    search_fields = ["title", "address"]
    ordering_fields = ["occurred_on", "submitted_at", "created_at"]
    ordering = ["-occurred_on", "-id"]

    def get_queryset(self):
        return activities_visible_to(self.request.user)


class ActivityDetailView(APIView):
    @extend_schema(responses={200: ActivityDetailSerializer})
    def get(self, request, activity_id: int):
        return Response(
            ActivityDetailSerializer(get_object_or_404(activity_details_visible_to(request.user), pk=activity_id)).data
        )

    @extend_schema(request=ActivityUpdateSerializer, responses={200: ActivityDetailSerializer})
    def patch(self, request, activity_id: int):
        activity = get_activity(request, activity_id, edit=True)
        payload = ActivityUpdateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        services.update_activity(activity=activity, **payload.validated_data)
        return Response(_activity_out(request, activity_id))


class ActivityParticipantsView(APIView):
    """Replace the log's participants (active volunteer members of the partner) and their hours."""

    @extend_schema(request=ParticipantsSerializer, responses={200: ActivityDetailSerializer})
    def put(self, request, activity_id: int):
        activity = get_activity(request, activity_id, edit=True)
        payload = ParticipantsSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        services.set_activity_participants(activity=activity, **payload.validated_data)
        return Response(_activity_out(request, activity_id))


class ActivityPhotoUploadView(APIView):
    """Upload a photo (multipart, field `image`): JPEG, PNG or WebP, stored without its metadata."""

    parser_classes = [MultiPartParser]

    @extend_schema(request={"multipart/form-data": PhotoUploadSerializer}, responses={201: ActivityPhotoSerializer})
    def post(self, request, activity_id: int):
        activity = get_activity(request, activity_id, edit=True)
        payload = PhotoUploadSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        photo = services.add_activity_photo(
            activity=activity, upload=payload.validated_data["image"], uploaded_by=request.user
        )
        return Response(ActivityPhotoSerializer(photo).data, status=status.HTTP_201_CREATED)


def _stream(photo, file, suffix: str = ""):
    return stream_jpeg(file, filename=f"activity-photo-{photo.pk}{suffix}.jpg")


class ActivityPhotoView(APIView):
    """GET: the photo, to those who may see its activity log. DELETE: remove it from a draft or rejected log."""

    @extend_schema(responses={(200, "image/jpeg"): OpenApiTypes.BINARY})
    def get(self, request, photo_id: int):
        photo = get_object_or_404(photos_visible_to(request.user), pk=photo_id)
        return _stream(photo, photo.image)

    @extend_schema(responses={204: OpenApiResponse(description="Removed.")})
    def delete(self, request, photo_id: int):
        photo = get_object_or_404(photos_visible_to(request.user), pk=photo_id)
        if not can_edit_activity(request.user, photo.activity):
            raise PermissionDenied()
        services.delete_activity_photo(photo=photo)
        return Response(status=status.HTTP_204_NO_CONTENT)


class ActivityPhotoThumbnailView(APIView):
    """The photo's thumbnail (longest edge 480 px)."""

    @extend_schema(responses={(200, "image/jpeg"): OpenApiTypes.BINARY})
    def get(self, request, photo_id: int):
        photo = get_object_or_404(photos_visible_to(request.user), pk=photo_id)
        return _stream(photo, photo.thumbnail, "-thumbnail")


class ActivitySubmitView(APIView):
    """Send the log for verification (at least one participant and one photo)."""

    @extend_schema(request=None, responses={200: ActivityDetailSerializer}, parameters=[IDEMPOTENCY_KEY])
    @idempotent
    def post(self, request, activity_id: int):
        services.submit_activity(activity=get_activity(request, activity_id, edit=True))
        return Response(_activity_out(request, activity_id))


class ActivityVerifyView(APIView):
    """A coordinator covering the activity's area verifies it; the participants' hours are credited."""

    @extend_schema(request=None, responses={200: ActivityDetailSerializer})
    def post(self, request, activity_id: int):
        activity = get_activity(request, activity_id, review=True)
        services.verify_activity(activity=activity, reviewed_by=request.user, request=request)
        return Response(_activity_out(request, activity_id))


class ActivityRejectView(APIView):
    """Send a submitted log back to the partner with a reason."""

    @extend_schema(request=RejectSerializer, responses={200: ActivityDetailSerializer})
    def post(self, request, activity_id: int):
        activity = get_activity(request, activity_id, review=True)
        payload = RejectSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        services.reject_activity(activity=activity, reviewed_by=request.user, request=request, **payload.validated_data)
        return Response(_activity_out(request, activity_id))
