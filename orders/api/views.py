from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics, status
from rest_framework.parsers import MultiPartParser
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView

from accounts.scopes import scope_of
from campaigns.selectors import campaigns_managed_by
from core.api.files import stream_jpeg
from core.api.idempotency import idempotent
from core.api.permissions import IsStaff
from core.exceptions import NotFound, PermissionDenied
from orders import services
from orders.api.filters import FollowUpFilter, OrderFilter, ServiceItemFilter
from orders.api.serializers import (
    CloseFollowUpSerializer,
    CompleteSerializer,
    ContactSerializer,
    DispatchSerializer,
    FollowUpSerializer,
    GrabSerializer,
    NoteSerializer,
    OfferSerializer,
    OpenEventSerializer,
    OrderDetailSerializer,
    OrderPhotoSerializer,
    OrderSerializer,
    RateSerializer,
    ReasonSerializer,
    ResidentCancelSerializer,
    ResidentOrderSerializer,
    ScheduleSerializer,
    ServiceItemSerializer,
    ServiceItemUpdateSerializer,
    ServiceItemWriteSerializer,
    StaffOrderSerializer,
    SuggestionsSerializer,
    TrackingCreatedSerializer,
    TrackingSerializer,
    VerificationRequestSerializer,
    VerificationSerializer,
)
from orders.models import ServiceOrder
from orders.selectors import (
    can_answer_offer,
    can_manage_order,
    can_manage_service_item,
    dispatch_suggestions,
    follow_ups_visible_to,
    is_taker,
    offers_visible_to,
    order_by_tracking_token,
    order_details_visible_to,
    order_photos_visible_to,
    orders_on_board_for,
    orders_to_take_for,
    orders_visible_to,
    service_items_visible_to,
)
from partners.api.serializers import PhotoUploadSerializer

IDEMPOTENCY_KEY = OpenApiParameter(
    "Idempotency-Key", str, OpenApiParameter.HEADER, description="Retries with the same key replay the first answer."
)


class OrderThrottleMixin:
    """Writes residents can make without an account are also limited by the `order` rate."""

    throttle_scope = "order"

    def get_throttles(self):
        extra = [ScopedRateThrottle()] if self.request.method == "POST" else []
        return [*extra, *super().get_throttles()]


# The menu -----------------------------------------------------------------------------------------


class ServiceItemListView(generics.ListAPIView):
    """GET: the centers' service menus (filter by `community` for what its residents can order). POST: a
    coordinator adds a service to their center's menu."""

    serializer_class = ServiceItemSerializer
    filterset_class = ServiceItemFilter
    search_fields = ["name", "description"]
    ordering_fields = ["name", "created_at"]
    ordering = ["center_id", "name", "id"]

    def get_permissions(self):
        return [IsAuthenticated(), IsStaff()] if self.request.method == "POST" else [AllowAny()]

    def get_queryset(self):
        return service_items_visible_to(self.request.user)

    @extend_schema(request=ServiceItemWriteSerializer, responses={201: ServiceItemSerializer})
    def post(self, request):
        payload = ServiceItemWriteSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        if not scope_of(request.user).covers_area(payload.validated_data["center"].area):
            raise PermissionDenied()
        item = services.create_service_item(**payload.validated_data)
        return Response(ServiceItemSerializer(item).data, status=status.HTTP_201_CREATED)


class ServiceItemDetailView(APIView):
    def get_permissions(self):
        return [IsAuthenticated()] if self.request.method == "PATCH" else [AllowAny()]

    @extend_schema(responses={200: ServiceItemSerializer})
    def get(self, request, item_id: int):
        return Response(
            ServiceItemSerializer(get_object_or_404(service_items_visible_to(request.user), pk=item_id)).data
        )

    @extend_schema(request=ServiceItemUpdateSerializer, responses={200: ServiceItemSerializer})
    def patch(self, request, item_id: int):
        item = get_object_or_404(service_items_visible_to(request.user), pk=item_id)
        if not can_manage_service_item(request.user, item):
            raise PermissionDenied()
        payload = ServiceItemUpdateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        services.update_service_item(item=item, **payload.validated_data)
        return Response(ServiceItemSerializer(service_items_visible_to(request.user).get(pk=item_id)).data)


# Residents: order, follow, rate, cancel, by the secret link ---------------------------------------


class VerificationCodeView(OrderThrottleMixin, APIView):
    """Text a one-time code to the resident's phone, when ordering needs one (at most 5 a phone per hour)."""

    permission_classes = [AllowAny]

    @extend_schema(request=VerificationRequestSerializer, responses={200: VerificationSerializer})
    def post(self, request):
        payload = VerificationRequestSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        sent = services.send_verification_code(**payload.validated_data)
        expires_in = int(services.CODE_LIFETIME.total_seconds()) if sent else None
        return Response(VerificationSerializer({"required": sent, "expires_in": expires_in}).data)


class ResidentOrderCreateView(OrderThrottleMixin, APIView):
    """A resident orders a service, signed in or not; the answer holds the secret tracking token."""

    permission_classes = [AllowAny]

    @extend_schema(request=ResidentOrderSerializer, responses={201: TrackingCreatedSerializer})
    def post(self, request):
        payload = ResidentOrderSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        order = services.place_order(created_by=request.user, **payload.validated_data)
        tracked = order_by_tracking_token(order.tracking_token)
        return Response(TrackingCreatedSerializer(tracked).data, status=status.HTTP_201_CREATED)


def tracked_order(token: str) -> ServiceOrder:
    order = order_by_tracking_token(token)
    if order is None:
        raise NotFound()
    return order


class ResidentOrderView(APIView):
    """The resident follows their order through the secret link (no account, no personal data in the URL)."""

    permission_classes = [AllowAny]
    authentication_classes: list = []

    @extend_schema(responses={200: TrackingSerializer})
    def get(self, request, token: str):
        response = Response(TrackingSerializer(tracked_order(token)).data)
        response["Cache-Control"] = "no-store"
        return response


class ResidentRatingView(OrderThrottleMixin, APIView):
    """The resident rates the completed order, once (1–5 and a comment)."""

    permission_classes = [AllowAny]
    authentication_classes: list = []

    @extend_schema(request=RateSerializer, responses={201: TrackingSerializer})
    def post(self, request, token: str):
        payload = RateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        services.rate_order(order=tracked_order(token), **payload.validated_data)
        return Response(TrackingSerializer(tracked_order(token)).data, status=status.HTTP_201_CREATED)


class ResidentCancelView(OrderThrottleMixin, APIView):
    """The resident withdraws an order nobody has taken yet."""

    permission_classes = [AllowAny]
    authentication_classes: list = []

    @extend_schema(request=ResidentCancelSerializer, responses={200: TrackingSerializer})
    def post(self, request, token: str):
        payload = ResidentCancelSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        reason = payload.validated_data["reason"] or str(services.RESIDENT_CANCELLED)
        services.cancel_order(order=tracked_order(token), reason=reason)
        return Response(TrackingSerializer(tracked_order(token)).data)


# Orders -------------------------------------------------------------------------------------------


def get_order(request, order_id: int, *, manage: bool = False, work: bool = False) -> ServiceOrder:
    """The order if the user may see it (else 404); and manage it, or work on it as its taker or its
    manager, when asked (else 403)."""
    order = get_object_or_404(orders_visible_to(request.user), pk=order_id)
    if manage and not can_manage_order(request.user, order):
        raise PermissionDenied()
    if work and not (can_manage_order(request.user, order) or is_taker(request.user, order)):
        raise PermissionDenied()
    return order


def _order_out(request, order_id: int):
    order = order_details_visible_to(request.user).get(pk=order_id)
    return OrderDetailSerializer(order, context={"request": request}).data


class OrderListView(generics.ListAPIView):
    """GET: orders in the caller's scope (staff: their communities; others: offered to or taken by them,
    their teams or partner, and those on the board they could take). POST: a community worker or a center's
    patrol records an order for a community in its area."""

    serializer_class = OrderSerializer
    filterset_class = OrderFilter
    search_fields = ["title"]
    ordering_fields = ["created_at", "due_at", "taken_at", "completed_at"]
    ordering = ["-created_at", "-id"]

    def get_queryset(self):
        return orders_visible_to(self.request.user)

    @extend_schema(request=StaffOrderSerializer, responses={201: OrderDetailSerializer})
    def post(self, request):
        payload = StaffOrderSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        if not scope_of(request.user).covers_area(payload.validated_data["community"]):
            raise PermissionDenied()
        order = services.place_order(created_by=request.user, **payload.validated_data)
        return Response(_order_out(request, order.pk), status=status.HTTP_201_CREATED)


class OrderBoardView(generics.ListAPIView):
    """The board: published orders the caller could take, for themselves, a team they lead or a partner."""

    serializer_class = OrderSerializer
    filterset_class = OrderFilter
    search_fields = ["title"]
    ordering_fields = ["created_at", "due_at", "preferred_start"]
    ordering = ["due_at", "id"]

    def get_queryset(self):
        return orders_on_board_for(self.request.user)


class OrderDetailView(APIView):
    @extend_schema(responses={200: OrderDetailSerializer})
    def get(self, request, order_id: int):
        order = get_object_or_404(order_details_visible_to(request.user), pk=order_id)
        return Response(OrderDetailSerializer(order, context={"request": request}).data)


class OrderDispatchView(APIView):
    """Offer the order to a team, a partner, or up to 10 volunteers (the first to accept takes it)."""

    @extend_schema(request=DispatchSerializer, responses={200: OrderDetailSerializer})
    def post(self, request, order_id: int):
        order = get_order(request, order_id, manage=True)
        payload = DispatchSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        services.dispatch_order(order=order, dispatched_by=request.user, **payload.validated_data)
        return Response(_order_out(request, order_id))


class OrderPublishView(APIView):
    """Put the order on the board: the first eligible team, partner or volunteer to take it gets it."""

    @extend_schema(request=NoteSerializer, responses={200: OrderDetailSerializer})
    def post(self, request, order_id: int):
        order = get_order(request, order_id, manage=True)
        payload = NoteSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        services.publish_order(order=order, published_by=request.user, **payload.validated_data)
        return Response(_order_out(request, order_id))


class OrderEscalateView(APIView):
    """This level cannot serve the order: hand it to the practice center one level up, with a reason."""

    @extend_schema(request=ReasonSerializer, responses={200: OrderDetailSerializer})
    def post(self, request, order_id: int):
        order = get_order(request, order_id, manage=True)
        payload = ReasonSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        services.escalate_order(order=order, escalated_by=request.user, **payload.validated_data)
        return Response(_order_out(request, order_id))


class OrderCancelView(APIView):
    """The center cancels an open order, with a reason (the resident is told)."""

    @extend_schema(request=ReasonSerializer, responses={200: OrderDetailSerializer})
    def post(self, request, order_id: int):
        order = get_order(request, order_id, manage=True)
        payload = ReasonSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        services.cancel_order(order=order, cancelled_by=request.user, **payload.validated_data)
        return Response(_order_out(request, order_id))


class OrderSuggestionsView(APIView):
    """Whom to dispatch to: volunteers ranked by the matching score, teams and partners by their load."""

    @extend_schema(responses={200: SuggestionsSerializer})
    def get(self, request, order_id: int):
        order = get_order(request, order_id, manage=True)
        return Response(SuggestionsSerializer(dispatch_suggestions(order)).data)


class OrderContactView(APIView):
    """The resident's full number and name, for the taker and the center to call them; audited."""

    @extend_schema(responses={200: ContactSerializer})
    def get(self, request, order_id: int):
        order = get_order(request, order_id, work=True)
        response = Response(ContactSerializer(services.reveal_contact(order=order, revealed_to=request.user)).data)
        response["Cache-Control"] = "no-store"
        return response


class OrderGrabView(APIView):
    """Take an order from the board, first come first served (for yourself, a team you lead or a partner)."""

    @extend_schema(request=GrabSerializer, responses={200: OrderDetailSerializer}, parameters=[IDEMPOTENCY_KEY])
    @idempotent
    def post(self, request, order_id: int):
        order = get_object_or_404(orders_to_take_for(request.user), pk=order_id)
        payload = GrabSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        services.grab_order(order=order, grabbed_by=request.user, **payload.validated_data)
        return Response(_order_out(request, order_id))


class OrderScheduleView(APIView):
    """Fix when (and where) the work is done; the resident is told."""

    @extend_schema(request=ScheduleSerializer, responses={200: OrderDetailSerializer})
    def post(self, request, order_id: int):
        order = get_order(request, order_id, work=True)
        payload = ScheduleSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        services.schedule_order(order=order, scheduled_by=request.user, **payload.validated_data)
        return Response(_order_out(request, order_id))


class OrderEventView(APIView):
    """Work that needs people who sign up becomes an event of one of the caller's campaigns."""

    @extend_schema(request=OpenEventSerializer, responses={201: OrderDetailSerializer})
    def post(self, request, order_id: int):
        order = get_order(request, order_id, manage=True)
        payload = OpenEventSerializer(data=request.data, campaigns=campaigns_managed_by(request.user))
        payload.is_valid(raise_exception=True)
        services.open_event_for_order(order=order, opened_by=request.user, **payload.validated_data)
        return Response(_order_out(request, order_id), status=status.HTTP_201_CREATED)


class OrderPhotoUploadView(APIView):
    """Upload a photo of the work (multipart, field `image`): JPEG, PNG or WebP, stored without its metadata."""

    parser_classes = [MultiPartParser]

    @extend_schema(request={"multipart/form-data": PhotoUploadSerializer}, responses={201: OrderPhotoSerializer})
    def post(self, request, order_id: int):
        order = get_order(request, order_id, work=True)
        payload = PhotoUploadSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        photo = services.add_order_photo(order=order, upload=payload.validated_data["image"], uploaded_by=request.user)
        return Response(OrderPhotoSerializer(photo).data, status=status.HTTP_201_CREATED)


class OrderCompleteView(APIView):
    """Report the work done: a note, the photos added before, and who served how many hours (to the ledger)."""

    @extend_schema(request=CompleteSerializer, responses={200: OrderDetailSerializer}, parameters=[IDEMPOTENCY_KEY])
    @idempotent
    def post(self, request, order_id: int):
        order = get_order(request, order_id, work=True)
        payload = CompleteSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        services.complete_order(order=order, completed_by=request.user, **payload.validated_data)
        return Response(_order_out(request, order_id))


def _stream(photo, file, suffix: str = ""):
    return stream_jpeg(file, filename=f"order-photo-{photo.pk}{suffix}.jpg")


class OrderPhotoView(APIView):
    """GET: the photo, to those who may see the order. DELETE: remove it before the work is reported."""

    @extend_schema(responses={(200, "image/jpeg"): OpenApiTypes.BINARY})
    def get(self, request, photo_id: int):
        photo = get_object_or_404(order_photos_visible_to(request.user), pk=photo_id)
        return _stream(photo, photo.image)

    @extend_schema(responses={204: OpenApiResponse(description="Removed.")})
    def delete(self, request, photo_id: int):
        photo = get_object_or_404(order_photos_visible_to(request.user), pk=photo_id)
        if not (can_manage_order(request.user, photo.order) or is_taker(request.user, photo.order)):
            raise PermissionDenied()
        services.delete_order_photo(photo=photo)
        return Response(status=status.HTTP_204_NO_CONTENT)


class OrderPhotoThumbnailView(APIView):
    """The photo's thumbnail (longest edge 480 px)."""

    @extend_schema(responses={(200, "image/jpeg"): OpenApiTypes.BINARY})
    def get(self, request, photo_id: int):
        photo = get_object_or_404(order_photos_visible_to(request.user), pk=photo_id)
        return _stream(photo, photo.thumbnail, "-thumbnail")


# Offers -------------------------------------------------------------------------------------------


def get_offer(request, offer_id: int):
    """The offer if the user may see it (else 404), and answer it (else 403)."""
    offer = get_object_or_404(offers_visible_to(request.user), pk=offer_id)
    if not can_answer_offer(request.user, offer):
        raise PermissionDenied()
    return offer


class OfferListView(generics.ListAPIView):
    """Offers to the caller, their teams and partners (staff: those of orders in their communities)."""

    serializer_class = OfferSerializer
    filterset_fields = ["status", "order"]
    ordering_fields = ["created_at", "responded_at"]
    ordering = ["-created_at", "-id"]

    def get_queryset(self):
        return offers_visible_to(self.request.user)


class OfferAcceptView(APIView):
    """Accept the offer: the order is yours (or your team's, or your partner's); other offers are withdrawn."""

    @extend_schema(request=None, responses={200: OrderDetailSerializer}, parameters=[IDEMPOTENCY_KEY])
    @idempotent
    def post(self, request, offer_id: int):
        offer = get_offer(request, offer_id)
        services.accept_offer(offer=offer, accepted_by=request.user)
        return Response(_order_out(request, offer.order_id))


class OfferDeclineView(APIView):
    """Decline the offer, with a reason; the center dispatches again."""

    @extend_schema(request=ReasonSerializer, responses={200: OfferSerializer})
    def post(self, request, offer_id: int):
        offer = get_offer(request, offer_id)
        payload = ReasonSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        services.decline_offer(offer=offer, declined_by=request.user, **payload.validated_data)
        return Response(OfferSerializer(offers_visible_to(request.user).get(pk=offer_id)).data)


# Follow-ups of low ratings ------------------------------------------------------------------------


class FollowUpListView(generics.ListAPIView):
    """Follow-ups opened by low ratings, for the centers in the coordinator's areas."""

    permission_classes = [IsAuthenticated & IsStaff]
    serializer_class = FollowUpSerializer
    filterset_class = FollowUpFilter
    ordering_fields = ["created_at", "closed_at"]
    ordering = ["-created_at", "-id"]

    def get_queryset(self):
        return follow_ups_visible_to(self.request.user)


class FollowUpCloseView(APIView):
    """Record what was done about the low rating and close the follow-up."""

    @extend_schema(request=CloseFollowUpSerializer, responses={200: FollowUpSerializer})
    def post(self, request, follow_up_id: int):
        follow_up = get_object_or_404(follow_ups_visible_to(request.user), pk=follow_up_id)
        payload = CloseFollowUpSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        services.close_follow_up(follow_up=follow_up, closed_by=request.user, **payload.validated_data)
        return Response(FollowUpSerializer(follow_ups_visible_to(request.user).get(pk=follow_up_id)).data)
