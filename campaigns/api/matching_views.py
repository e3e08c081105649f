"""Matching endpoints: candidates with explanations, invitations, and whole-campaign plans."""

from dataclasses import asdict

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import generics, status
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from campaigns import services
from campaigns.api.serializers import (
    CandidateQuerySerializer,
    CandidateSerializer,
    InvitationSerializer,
    InviteSerializer,
    PartnerCandidateSerializer,
    PlanApplySerializer,
    PlanRequestSerializer,
    PlanSerializer,
)
from campaigns.api.views import get_manageable
from campaigns.selectors import (
    campaigns_managed_by,
    campaigns_visible_to,
    event_candidates,
    events_managed_by,
    events_visible_to,
    invitations_visible_to,
    plan_campaign,
)
from core.api.permissions import IsVolunteer
from partners.selectors import partner_candidates


class EventCandidatesView(APIView):
    """Volunteers ranked for an event, best first, each with the parts of the score (organizers)."""

    @extend_schema(parameters=[CandidateQuerySerializer], responses={200: CandidateSerializer(many=True)})
    def get(self, request, event_id: int):
        event = get_manageable(events_visible_to(request.user), events_managed_by(request.user), event_id)
        query = CandidateQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        return Response(CandidateSerializer(event_candidates(event, **query.validated_data), many=True).data)


class EventInvitationsView(generics.ListAPIView):
    """GET: the event's invitations. POST: invite chosen candidates (organizers)."""

    serializer_class = InvitationSerializer

    def _event(self):
        return get_manageable(
            events_visible_to(self.request.user), events_managed_by(self.request.user), self.kwargs["event_id"]
        )

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return invitations_visible_to(None)
        return invitations_visible_to(self.request.user).filter(event=self._event())

    @extend_schema(request=InviteSerializer, responses={201: InvitationSerializer(many=True)})
    def post(self, request, event_id: int):
        event = self._event()
        payload = InviteSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        invitations = services.invite_volunteers(
            event=event, invited_by=request.user, volunteer_ids=[v.pk for v in payload.validated_data["volunteers"]]
        )
        created = invitations_visible_to(request.user).filter(pk__in=[i.pk for i in invitations])
        return Response(InvitationSerializer(created, many=True).data, status=status.HTTP_201_CREATED)


class InvitationListView(generics.ListAPIView):
    """A volunteer's invitations (staff: those of events in their scope)."""

    serializer_class = InvitationSerializer
    filterset_fields = ["status", "event"]

    def get_queryset(self):
        return invitations_visible_to(self.request.user)


class _InvitationAnswerView(APIView):
    permission_classes = [IsAuthenticated, IsVolunteer]
    answer = staticmethod(services.accept_invitation)

    @extend_schema(request=None, responses={200: InvitationSerializer})
    def post(self, request, invitation_id: int):
        own = invitations_visible_to(request.user).filter(volunteer__user=request.user)
        invitation = get_object_or_404(own, pk=invitation_id)
        type(self).answer(invitation=invitation)
        return Response(InvitationSerializer(invitations_visible_to(request.user).get(pk=invitation_id)).data)


class InvitationAcceptView(_InvitationAnswerView):
    """Accept: registers through the usual rules (confirmed, or waitlisted if full by now)."""

    answer = staticmethod(services.accept_invitation)


class InvitationDeclineView(_InvitationAnswerView):
    answer = staticmethod(services.decline_invitation)


class AssignmentPlanView(APIView):
    """Propose who goes where across the campaign's open places; the greedy baseline's figures beside it."""

    @extend_schema(request=PlanRequestSerializer, responses={200: PlanSerializer})
    def post(self, request, campaign_id: int):
        campaign = get_manageable(campaigns_visible_to(request.user), campaigns_managed_by(request.user), campaign_id)
        payload = PlanRequestSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        plan = plan_campaign(campaign=campaign, **payload.validated_data)
        return Response(asdict(plan))


class AssignmentPlanApplyView(APIView):
    """Send the plan as invitations (volunteers still accept or decline)."""

    @extend_schema(request=PlanApplySerializer, responses={201: InvitationSerializer(many=True)})
    def post(self, request, campaign_id: int):
        campaign = get_manageable(campaigns_visible_to(request.user), campaigns_managed_by(request.user), campaign_id)
        payload = PlanApplySerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        invitations = services.apply_plan(campaign=campaign, invited_by=request.user, **payload.validated_data)
        created = invitations_visible_to(request.user).filter(pk__in=[i.pk for i in invitations])
        return Response(InvitationSerializer(created, many=True).data, status=status.HTTP_201_CREATED)


class PartnerCandidatesView(APIView):
    """Approved partners ranked for a campaign (organizers), each with why."""

    @extend_schema(parameters=[CandidateQuerySerializer], responses={200: PartnerCandidateSerializer(many=True)})
    def get(self, request, campaign_id: int):
        campaign = get_manageable(campaigns_visible_to(request.user), campaigns_managed_by(request.user), campaign_id)
        query = CandidateQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        return Response(
            PartnerCandidateSerializer(partner_candidates(campaign, **query.validated_data), many=True).data
        )
