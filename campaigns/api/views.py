import segno
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, status
from rest_framework.permissions import AllowAny, IsAuthenticated, IsAuthenticatedOrReadOnly
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView

from accounts.scopes import scope_of
from campaigns import services
from campaigns.api.filters import CampaignFilter, EventFilter, RegistrationFilter
from campaigns.api.serializers import (
    CampaignSerializer,
    CampaignUpdateSerializer,
    CampaignWriteSerializer,
    CheckInCodeSerializer,
    CheckInSerializer,
    EventCancelSerializer,
    EventCreateSerializer,
    EventListSerializer,
    EventRegistrationSerializer,
    EventSerializer,
    EventUpdateSerializer,
    PlacesSerializer,
    RecurringEventsSerializer,
    RegistrationCreateSerializer,
    RegistrationSerializer,
    ReservationAssignSerializer,
    ReservationCreateSerializer,
    ReservationSerializer,
)
from campaigns.calendars import events_to_ical
from campaigns.models import Campaign, Event, Registration
from campaigns.selectors import (
    campaigns_managed_by,
    campaigns_visible_to,
    events_managed_by,
    events_visible_to,
    registrations_visible_to,
    reservations_visible_to,
)
from core.api.idempotency import idempotent
from core.api.permissions import IsStaff, IsVolunteer
from core.exceptions import PermissionDenied
from volunteers.selectors import own_volunteer_profile

IDEMPOTENCY_KEY = OpenApiParameter(
    "Idempotency-Key", str, OpenApiParameter.HEADER, description="Retries with the same key replay the first answer."
)


def get_manageable(visible, managed, pk):
    """The object if the user may change it; 404 if they cannot see it, 403 if they only see it."""
    obj = get_object_or_404(visible, pk=pk)
    if not managed.filter(pk=pk).exists():
        raise PermissionDenied()
    return obj


def _event_out(request, event_id: int):
    return EventSerializer(events_visible_to(request.user).get(pk=event_id)).data


def _registration_out(request, registration_id: int):
    return RegistrationSerializer(registrations_visible_to(request.user).get(pk=registration_id)).data


class CampaignListView(generics.ListAPIView):
    """GET: published campaigns (plus drafts in a coordinator's scope). POST: a coordinator drafts one."""

    serializer_class = CampaignSerializer
    filterset_class = CampaignFilter
    search_fields = ["title"]
    ordering_fields = ["starts_on", "created_at", "title"]
    ordering = ["-starts_on", "-id"]  # explicit: the event_count annotation groups, and GROUP BY drops Meta.ordering

    def get_permissions(self):
        return [IsAuthenticated(), IsStaff()] if self.request.method == "POST" else [AllowAny()]

    def get_queryset(self):
        return campaigns_visible_to(self.request.user)

    @extend_schema(request=CampaignWriteSerializer, responses={201: CampaignSerializer})
    def post(self, request):
        payload = CampaignWriteSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        if not scope_of(request.user).covers_area(payload.validated_data["center"].area):
            raise PermissionDenied()
        campaign = services.create_campaign(created_by=request.user, **payload.validated_data)
        return Response(
            CampaignSerializer(campaigns_visible_to(request.user).get(pk=campaign.pk)).data,
            status=status.HTTP_201_CREATED,
        )


class CampaignDetailView(APIView):
    permission_classes = [IsAuthenticatedOrReadOnly]

    @extend_schema(responses={200: CampaignSerializer})
    def get(self, request, campaign_id: int):
        return Response(CampaignSerializer(get_object_or_404(campaigns_visible_to(request.user), pk=campaign_id)).data)

    @extend_schema(request=CampaignUpdateSerializer, responses={200: CampaignSerializer})
    def patch(self, request, campaign_id: int):
        campaign = get_manageable(campaigns_visible_to(request.user), campaigns_managed_by(request.user), campaign_id)
        payload = CampaignUpdateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        services.update_campaign(campaign=campaign, **payload.validated_data)
        return Response(CampaignSerializer(campaigns_visible_to(request.user).get(pk=campaign_id)).data)


class CampaignTransitionView(APIView):
    """Publish, close or cancel a campaign (cancelling also cancels its coming events)."""

    permission_classes = [IsAuthenticated]
    target_status: str = ""

    @extend_schema(request=None, responses={200: CampaignSerializer})
    def post(self, request, campaign_id: int):
        campaign = get_manageable(campaigns_visible_to(request.user), campaigns_managed_by(request.user), campaign_id)
        services.set_campaign_status(campaign=campaign, status=self.target_status)
        return Response(CampaignSerializer(campaigns_visible_to(request.user).get(pk=campaign_id)).data)


class CampaignPublishView(CampaignTransitionView):
    target_status = Campaign.Status.PUBLISHED


class CampaignCloseView(CampaignTransitionView):
    target_status = Campaign.Status.CLOSED


class CampaignCancelView(CampaignTransitionView):
    target_status = Campaign.Status.CANCELLED


class EventListView(generics.ListAPIView):
    """Public event search: area subtree, date range, theme, skill, free places; sorted by start."""

    permission_classes = [AllowAny]
    serializer_class = EventSerializer
    filterset_class = EventFilter
    search_fields = ["title", "address"]
    ordering_fields = ["starts_at", "capacity"]
    ordering = ["starts_at", "id"]

    def get_queryset(self):
        return events_visible_to(self.request.user)

    def get_serializer_class(self):
        if getattr(self, "swagger_fake_view", False):
            return EventSerializer  # documents the same JSON the lean serializer writes
        return EventListSerializer


class CampaignEventListView(EventListView):
    """GET: a campaign's events. POST: add one event to it."""

    permission_classes = [IsAuthenticatedOrReadOnly]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Event.objects.none()
        campaign = get_object_or_404(campaigns_visible_to(self.request.user), pk=self.kwargs["campaign_id"])
        return events_visible_to(self.request.user).filter(campaign=campaign)

    @extend_schema(request=EventCreateSerializer, responses={201: EventSerializer})
    def post(self, request, campaign_id: int):
        campaign = get_manageable(campaigns_visible_to(request.user), campaigns_managed_by(request.user), campaign_id)
        payload = EventCreateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        event = services.create_event(campaign=campaign, **payload.validated_data)
        return Response(_event_out(request, event.pk), status=status.HTTP_201_CREATED)


class RecurringEventsView(APIView):
    """Create a weekly series of events in one request (e.g. every Saturday 09:00–11:00 for 8 weeks)."""

    permission_classes = [IsAuthenticated]

    @extend_schema(request=RecurringEventsSerializer, responses={201: EventSerializer(many=True)})
    def post(self, request, campaign_id: int):
        campaign = get_manageable(campaigns_visible_to(request.user), campaigns_managed_by(request.user), campaign_id)
        payload = RecurringEventsSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        events = services.create_recurring_events(campaign=campaign, **payload.validated_data)
        created = events_visible_to(request.user).filter(pk__in=[e.pk for e in events]).order_by("starts_at")
        return Response(EventSerializer(created, many=True).data, status=status.HTTP_201_CREATED)


class EventDetailView(APIView):
    permission_classes = [IsAuthenticatedOrReadOnly]

    @extend_schema(responses={200: EventSerializer})
    def get(self, request, event_id: int):
        return Response(EventSerializer(get_object_or_404(events_visible_to(request.user), pk=event_id)).data)

    @extend_schema(request=EventUpdateSerializer, responses={200: EventSerializer})
    def patch(self, request, event_id: int):
        event = get_manageable(events_visible_to(request.user), events_managed_by(request.user), event_id)
        payload = EventUpdateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        services.update_event(event=event, **payload.validated_data)
        return Response(_event_out(request, event_id))


class EventCancelView(APIView):
    """The organizer cancels an event; every registered volunteer is told, with the reason if one is given."""

    permission_classes = [IsAuthenticated]

    @extend_schema(request=EventCancelSerializer, responses={200: EventSerializer})
    def post(self, request, event_id: int):
        event = get_manageable(events_visible_to(request.user), events_managed_by(request.user), event_id)
        payload = EventCancelSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        services.cancel_event(event=event, **payload.validated_data)
        return Response(_event_out(request, event_id))


class EventRegistrationListView(generics.ListAPIView):
    """GET: an event's registrations and waitlist (organizers). POST: the volunteer registers."""

    serializer_class = EventRegistrationSerializer
    filterset_fields = ["status", "attendance"]
    ordering = ["status", "created_at", "id"]

    def get_permissions(self):
        if self.request.method == "POST":
            return [IsAuthenticated(), IsVolunteer()]
        return [IsAuthenticated()]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Registration.objects.none()
        event = get_manageable(
            events_visible_to(self.request.user), events_managed_by(self.request.user), self.kwargs["event_id"]
        )
        return registrations_visible_to(self.request.user).filter(event=event)

    @extend_schema(
        request=RegistrationCreateSerializer, responses={201: RegistrationSerializer}, parameters=[IDEMPOTENCY_KEY]
    )
    @idempotent
    def post(self, request, event_id: int):
        event = get_object_or_404(events_visible_to(request.user), pk=event_id)
        payload = RegistrationCreateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        registration = services.register_for_event(
            volunteer=own_volunteer_profile(request.user), event=event, **payload.validated_data
        )
        return Response(_registration_out(request, registration.pk), status=status.HTTP_201_CREATED)


class RegistrationListView(generics.ListAPIView):
    """A volunteer's own registrations (staff: those of events in their scope)."""

    serializer_class = RegistrationSerializer
    filterset_class = RegistrationFilter
    ordering_fields = ["created_at", "event__starts_at"]
    ordering = ["event__starts_at", "id"]

    def get_queryset(self):
        return registrations_visible_to(self.request.user).prefetch_related("event__skills_wanted")


class RegistrationDetailView(APIView):
    @extend_schema(responses={200: RegistrationSerializer})
    def get(self, request, registration_id: int):
        return Response(
            RegistrationSerializer(get_object_or_404(registrations_visible_to(request.user), pk=registration_id)).data
        )


class RegistrationCancelView(APIView):
    """Cancel a registration (its volunteer, or the event's organizers); the waitlist moves up."""

    @extend_schema(request=None, responses={200: RegistrationSerializer})
    def post(self, request, registration_id: int):
        registration = get_object_or_404(registrations_visible_to(request.user), pk=registration_id)
        services.cancel_registration(registration=registration)
        return Response(_registration_out(request, registration_id))


class EventReservationView(APIView):
    """A partner admin (or the organizer) reserves a block of places for the partner's members."""

    @extend_schema(request=ReservationCreateSerializer, responses={201: ReservationSerializer})
    def post(self, request, event_id: int):
        event = get_object_or_404(events_visible_to(request.user), pk=event_id)
        payload = ReservationCreateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        partner = payload.validated_data["partner"]
        scope = scope_of(request.user)
        if partner.pk not in scope.admin_partner_ids and not events_managed_by(request.user).filter(pk=event_id):
            raise PermissionDenied()
        reservation = services.reserve_places(
            event=event, partner=partner, places=payload.validated_data["places"], created_by=request.user
        )
        return Response(
            ReservationSerializer(reservations_visible_to(request.user).get(pk=reservation.pk)).data,
            status=status.HTTP_201_CREATED,
        )


class ReservationListView(generics.ListAPIView):
    """Reservations of the caller's partners (staff: of events in their scope)."""

    serializer_class = ReservationSerializer
    filterset_fields = ["event", "partner"]

    def get_queryset(self):
        return reservations_visible_to(self.request.user).order_by("-created_at", "-id")


class ReservationAssignView(APIView):
    """Give one reserved place to a member of the partner."""

    @extend_schema(request=ReservationAssignSerializer, responses={201: RegistrationSerializer})
    def post(self, request, reservation_id: int):
        reservation = get_object_or_404(reservations_visible_to(request.user), pk=reservation_id)
        payload = ReservationAssignSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        registration = services.assign_reserved_place(reservation=reservation, **payload.validated_data)
        return Response(_registration_out(request, registration.pk), status=status.HTTP_201_CREATED)


class ReservationReleaseView(APIView):
    """Give unassigned reserved places back to the event."""

    @extend_schema(request=PlacesSerializer, responses={200: ReservationSerializer})
    def post(self, request, reservation_id: int):
        reservation = get_object_or_404(reservations_visible_to(request.user), pk=reservation_id)
        payload = PlacesSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        services.release_places(reservation=reservation, **payload.validated_data)
        return Response(ReservationSerializer(reservations_visible_to(request.user).get(pk=reservation_id)).data)


class CheckInCodeView(APIView):
    """The event's rotating check-in code and its QR image, for the organizer's screen."""

    @extend_schema(responses={200: CheckInCodeSerializer})
    def get(self, request, event_id: int):
        event = get_manageable(events_visible_to(request.user), events_managed_by(request.user), event_id)
        code = services.check_in_code(event=event)
        link = request.build_absolute_uri(f"/events/{event.pk}/check-in?code={code['code']}")
        qr = segno.make(link, error="m")
        response = Response({**code, "qr_svg": qr.svg_data_uri(scale=6)})
        response["Cache-Control"] = "no-store"
        return response


class _VolunteerAttendanceView(APIView):
    """The volunteer checks themselves in or out with the code on the organizer's screen."""

    permission_classes = [IsAuthenticated, IsVolunteer]
    throttle_scope = "check_in"
    attendance_step = staticmethod(services.check_in)

    def get_throttles(self):
        return [ScopedRateThrottle(), *super().get_throttles()]

    @extend_schema(request=CheckInSerializer, responses={200: RegistrationSerializer}, parameters=[IDEMPOTENCY_KEY])
    @idempotent
    def post(self, request, event_id: int):
        event = get_object_or_404(events_visible_to(request.user), pk=event_id)
        payload = CheckInSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        registration = get_object_or_404(
            registrations_visible_to(request.user).active(),
            event=event,
            volunteer_id=scope_of(request.user).volunteer_id,
        )
        type(self).attendance_step(registration=registration, code=payload.validated_data["code"])
        return Response(_registration_out(request, registration.pk))


class EventCheckInView(_VolunteerAttendanceView):
    attendance_step = staticmethod(services.check_in)


class EventCheckOutView(_VolunteerAttendanceView):
    attendance_step = staticmethod(services.check_out)


class _ManualAttendanceView(APIView):
    """The organizer checks a volunteer in or out by hand."""

    attendance_step = staticmethod(services.check_in)

    @extend_schema(request=None, responses={200: RegistrationSerializer}, parameters=[IDEMPOTENCY_KEY])
    @idempotent
    def post(self, request, registration_id: int):
        registration = get_object_or_404(registrations_visible_to(request.user), pk=registration_id)
        if not events_managed_by(request.user).filter(pk=registration.event_id).exists():
            raise PermissionDenied()
        type(self).attendance_step(registration=registration)
        return Response(_registration_out(request, registration_id))


class RegistrationCheckInView(_ManualAttendanceView):
    attendance_step = staticmethod(services.check_in)


class RegistrationCheckOutView(_ManualAttendanceView):
    attendance_step = staticmethod(services.check_out)


class RegistrationExcuseView(_ManualAttendanceView):
    """Excuse a no-show so it does not count against the volunteer's reliability."""

    attendance_step = staticmethod(services.excuse_no_show)


class CampaignCalendarView(APIView):
    """The campaign's events as an iCalendar feed (subscribe in any calendar app)."""

    permission_classes = [AllowAny]

    @extend_schema(responses={(200, "text/calendar"): OpenApiTypes.BINARY})
    def get(self, request, campaign_id: int):
        campaign = get_object_or_404(campaigns_visible_to(request.user), pk=campaign_id)
        events = campaign.events.select_related("campaign").order_by("starts_at")
        body = events_to_ical(events, name=campaign.title)
        response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
        response["Content-Disposition"] = f'inline; filename="campaign-{campaign.pk}.ics"'
        return response
