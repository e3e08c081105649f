from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, status
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView

from accounts.models import Membership
from accounts.scopes import scope_of
from core.exceptions import PermissionDenied
from partners import services
from partners.api.filters import PartnerFilter
from partners.api.serializers import (
    AgreementSerializer,
    AgreementUpdateSerializer,
    AgreementWriteSerializer,
    MemberAddSerializer,
    PartnerCreateSerializer,
    PartnerDirectorySerializer,
    PartnerMemberSerializer,
    PartnerSerializer,
    PartnerUpdateSerializer,
    RejectSerializer,
    ReviewSerializer,
)
from partners.models import Agreement
from partners.selectors import (
    agreements_of,
    can_manage_partner,
    can_review_partner,
    members_of,
    partner_directory,
    partners_visible_to,
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
