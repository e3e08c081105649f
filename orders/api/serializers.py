from decimal import Decimal

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accounts.api.serializers import RefSerializer
from areas.models import Area, PracticeCenter
from campaigns.api.serializers import CandidatePartSerializer
from campaigns.models import Campaign
from core.api.serializers import InputSerializer, MobileField, PersonNameField
from core.identity import mask_phone
from orders.models import Category, FollowUp, Offer, OrderPhoto, ServiceItem, ServiceOrder, StatusChange
from orders.selectors import can_manage_order, is_taker, sees_contact_details
from partners.models import Partner
from volunteers.models import Skill, Volunteer, VolunteerTeam

MAX_OFFERED_VOLUNTEERS = 10


class CenterRefSerializer(RefSerializer):
    level = serializers.CharField()


# The menu


class ServiceItemSerializer(serializers.ModelSerializer):
    center = CenterRefSerializer(read_only=True)
    skills = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)

    class Meta:
        model = ServiceItem
        fields = ["id", "center", "name", "description", "category", "skills", "active", "created_at"]
        read_only_fields = fields


class ServiceItemWriteSerializer(InputSerializer):
    center = serializers.PrimaryKeyRelatedField(queryset=PracticeCenter.objects.select_related("area"))
    name = serializers.CharField(max_length=80)
    category = serializers.ChoiceField(choices=Category.choices)
    description = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")
    skills = serializers.SlugRelatedField(
        slug_field="code", queryset=Skill.objects.all(), many=True, required=False, default=list
    )
    active = serializers.BooleanField(required=False, default=True)


class ServiceItemUpdateSerializer(InputSerializer):
    name = serializers.CharField(max_length=80, required=False)
    category = serializers.ChoiceField(choices=Category.choices, required=False)
    description = serializers.CharField(max_length=2000, required=False, allow_blank=True)
    skills = serializers.SlugRelatedField(slug_field="code", queryset=Skill.objects.all(), many=True, required=False)
    active = serializers.BooleanField(required=False)


# Ordering


class VerificationRequestSerializer(InputSerializer):
    phone = MobileField()


class VerificationSerializer(serializers.Serializer):
    required = serializers.BooleanField(help_text=_("Whether ordering needs a code; when false, none was sent."))
    expires_in = serializers.IntegerField(allow_null=True, help_text=_("Seconds the code is valid."))


class _OrderFields(InputSerializer):
    service_item = serializers.PrimaryKeyRelatedField(
        queryset=ServiceItem.objects.select_related("center__area"),
        required=False,
        allow_null=True,
        default=None,
        help_text=_("An entry of the menu of a center serving the community; or give a title for another need."),
    )
    title = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    category = serializers.ChoiceField(
        choices=Category.choices,
        required=False,
        default="",
        help_text=_("Taken from the menu entry when one is given."),
    )
    description = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")
    community = serializers.PrimaryKeyRelatedField(queryset=Area.objects.all())
    address = serializers.CharField(max_length=200)
    preferred_start = serializers.DateTimeField(required=False, allow_null=True, default=None)
    preferred_end = serializers.DateTimeField(required=False, allow_null=True, default=None)
    contact_name = PersonNameField(required=False, default="")

    def validate(self, data):
        if data["service_item"] is None and not data["title"].strip():
            raise serializers.ValidationError(
                {"title": [_("Choose a service from the menu or describe the need in a title.")]}, code="required"
            )
        return data


class ResidentOrderSerializer(_OrderFields):
    contact_phone = MobileField(help_text=_("Where the tracking link and the rating link are sent."))
    code = serializers.RegexField(
        r"^[0-9]{6}$", required=False, default="", help_text=_("The code texted to the phone, when one is required.")
    )


class StaffOrderSerializer(_OrderFields):
    source = serializers.ChoiceField(
        choices=[ServiceOrder.Source.COMMUNITY_WORKER, ServiceOrder.Source.PATROL],
        default=ServiceOrder.Source.COMMUNITY_WORKER,
    )
    contact_phone = MobileField(required=False, default="")


# Orders out


class TakerSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=["team", "partner", "volunteer"])
    id = serializers.IntegerField()
    name = serializers.CharField()


def taker_of(order: ServiceOrder) -> dict | None:
    if order.team_id:
        return {"kind": "team", "id": order.team_id, "name": order.team.name}
    if order.partner_id:
        return {"kind": "partner", "id": order.partner_id, "name": order.partner.name}
    if order.volunteer_id:
        return {"kind": "volunteer", "id": order.volunteer_id, "name": order.volunteer.real_name}
    return None


class RatingSerializer(serializers.Serializer):
    score = serializers.IntegerField()
    comment = serializers.CharField()
    created_at = serializers.DateTimeField()


class OrderSerializer(serializers.ModelSerializer):
    """An order in a list. Address and contact go to the community's staff and to whoever took the order;
    the phone only masked (the full number: `GET …/contact/`, audited)."""

    service_item = RefSerializer(read_only=True, allow_null=True)
    community = RefSerializer(read_only=True)
    center = CenterRefSerializer(read_only=True)
    address = serializers.SerializerMethodField()
    contact_name = serializers.SerializerMethodField()
    contact_phone = serializers.SerializerMethodField()
    taker = serializers.SerializerMethodField()
    rating = serializers.SerializerMethodField()
    photo_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = ServiceOrder
        fields = [
            "id",
            "source",
            "status",
            "title",
            "category",
            "description",
            "service_item",
            "community",
            "center",
            "address",
            "contact_name",
            "contact_phone",
            "preferred_start",
            "preferred_end",
            "due_at",
            "overdue",
            "missed_deadlines",
            "dispatched_at",
            "taker",
            "taken_at",
            "starts_at",
            "ends_at",
            "event",
            "completion_note",
            "completed_at",
            "cancel_reason",
            "cancelled_at",
            "rating",
            "photo_count",
            "created_at",
        ]
        read_only_fields = fields

    def _sees(self, order: ServiceOrder) -> bool:
        return sees_contact_details(self.context["request"].user, order)

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_address(self, order: ServiceOrder) -> str | None:
        return order.address if self._sees(order) else None

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_contact_name(self, order: ServiceOrder) -> str | None:
        return order.contact_name if self._sees(order) else None

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_contact_phone(self, order: ServiceOrder) -> str | None:
        return mask_phone(order.contact_phone) if self._sees(order) else None

    @extend_schema_field(TakerSerializer(allow_null=True))
    def get_taker(self, order: ServiceOrder) -> dict | None:
        return taker_of(order)

    @extend_schema_field(RatingSerializer(allow_null=True))
    def get_rating(self, order: ServiceOrder) -> dict | None:
        rating = getattr(order, "rating", None)
        return RatingSerializer(rating).data if rating is not None else None


class HistorySerializer(serializers.ModelSerializer):
    actor = RefSerializer(read_only=True, allow_null=True)
    center = RefSerializer(read_only=True)

    class Meta:
        model = StatusChange
        fields = ["action", "status", "at", "actor", "actor_role", "center", "note", "detail"]
        read_only_fields = fields


class OfferRefSerializer(serializers.ModelSerializer):
    to = serializers.SerializerMethodField()

    class Meta:
        model = Offer
        fields = ["id", "to", "status", "reason", "created_at", "responded_at"]
        read_only_fields = fields

    @extend_schema_field(TakerSerializer())
    def get_to(self, offer: Offer) -> dict:
        return taker_of(offer)


class ParticipantSerializer(serializers.Serializer):
    volunteer = serializers.IntegerField(source="volunteer_id")
    name = serializers.CharField(source="volunteer.real_name")
    hours = serializers.DecimalField(max_digits=4, decimal_places=2)


class OrderPhotoSerializer(serializers.ModelSerializer):
    """A photo's API addresses: the files are streamed to those who may see the order, never from MEDIA_URL."""

    url = serializers.SerializerMethodField()
    thumbnail_url = serializers.SerializerMethodField()

    class Meta:
        model = OrderPhoto
        fields = ["id", "url", "thumbnail_url", "width", "height", "uploaded_at"]
        read_only_fields = fields

    def get_url(self, photo: OrderPhoto) -> str:
        return reverse("order-photo", args=[photo.pk])

    def get_thumbnail_url(self, photo: OrderPhoto) -> str:
        return reverse("order-photo-thumbnail", args=[photo.pk])


class OrderDetailSerializer(OrderSerializer):
    """An order with its history, offers, participants and photos, and what the caller may do with it."""

    history = HistorySerializer(many=True, read_only=True)
    offers = OfferRefSerializer(many=True, read_only=True)
    participants = ParticipantSerializer(many=True, read_only=True)
    photos = OrderPhotoSerializer(many=True, read_only=True)
    can_manage = serializers.SerializerMethodField(
        help_text=_("Whether the caller runs the order: dispatch, publish, escalate, cancel, open an event.")
    )
    is_taker = serializers.SerializerMethodField(
        help_text=_("Whether the caller works on the order as its taker: schedule, photos, complete, contact.")
    )

    class Meta(OrderSerializer.Meta):
        fields = [
            *OrderSerializer.Meta.fields,
            "history",
            "offers",
            "participants",
            "photos",
            "can_manage",
            "is_taker",
        ]
        read_only_fields = fields

    def get_can_manage(self, order: ServiceOrder) -> bool:
        return can_manage_order(self.context["request"].user, order)

    def get_is_taker(self, order: ServiceOrder) -> bool:
        return is_taker(self.context["request"].user, order)


class ContactSerializer(serializers.Serializer):
    contact_name = serializers.CharField()
    contact_phone = serializers.CharField()


# The resident's view, by the secret link


class TrackingHistorySerializer(serializers.ModelSerializer):
    center = RefSerializer(read_only=True)

    class Meta:
        model = StatusChange
        fields = ["action", "status", "at", "actor_role", "center"]
        read_only_fields = fields


class TrackingSerializer(serializers.ModelSerializer):
    """What the resident sees of their order: its progress, who serves it (a team's or partner's name), never
    any volunteer's or staff member's name; their own phone masked."""

    community = RefSerializer(read_only=True)
    center = RefSerializer(read_only=True)
    contact_phone = serializers.SerializerMethodField()
    served_by = serializers.SerializerMethodField()
    rating = serializers.SerializerMethodField()
    history = TrackingHistorySerializer(many=True, read_only=True)

    class Meta:
        model = ServiceOrder
        fields = [
            "status",
            "title",
            "category",
            "description",
            "community",
            "center",
            "address",
            "contact_name",
            "contact_phone",
            "preferred_start",
            "preferred_end",
            "served_by",
            "starts_at",
            "ends_at",
            "completion_note",
            "completed_at",
            "cancel_reason",
            "cancelled_at",
            "rating",
            "history",
            "created_at",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.CharField())
    def get_contact_phone(self, order: ServiceOrder) -> str:
        return mask_phone(order.contact_phone)

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_served_by(self, order: ServiceOrder) -> str | None:
        taker = taker_of(order)
        if taker is None:
            return None
        return str(_("A volunteer")) if taker["kind"] == "volunteer" else taker["name"]

    @extend_schema_field(RatingSerializer(allow_null=True))
    def get_rating(self, order: ServiceOrder) -> dict | None:
        rating = getattr(order, "rating", None)
        return RatingSerializer(rating).data if rating is not None else None


class TrackingCreatedSerializer(TrackingSerializer):
    """The new order and its secret: `tracking_token` opens `/resident-orders/{token}/` (it is also texted)."""

    tracking_token = serializers.CharField(read_only=True)

    class Meta(TrackingSerializer.Meta):
        fields = ["tracking_token", *TrackingSerializer.Meta.fields]
        read_only_fields = fields


class RateSerializer(InputSerializer):
    score = serializers.IntegerField(min_value=1, max_value=5)
    comment = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")


class ResidentCancelSerializer(InputSerializer):
    reason = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")


# Center actions


class DispatchSerializer(InputSerializer):
    team = serializers.PrimaryKeyRelatedField(
        queryset=VolunteerTeam.objects.select_related("center__area", "partner__area"),
        required=False,
        allow_null=True,
        default=None,
    )
    partner = serializers.PrimaryKeyRelatedField(
        queryset=Partner.objects.select_related("area"), required=False, allow_null=True, default=None
    )
    volunteers = serializers.PrimaryKeyRelatedField(
        queryset=Volunteer.objects.select_related("home_area"),
        many=True,
        required=False,
        default=list,
        help_text=_("Up to 10 volunteers: the first to accept takes the order."),
    )
    note = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")

    def validate_volunteers(self, volunteers: list) -> list:
        if len(volunteers) > MAX_OFFERED_VOLUNTEERS:
            raise serializers.ValidationError(
                _("At most %(limit)d volunteers.") % {"limit": MAX_OFFERED_VOLUNTEERS}, code="max_length"
            )
        return volunteers


class NoteSerializer(InputSerializer):
    note = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")


class ReasonSerializer(InputSerializer):
    reason = serializers.CharField(max_length=500)


class GrabSerializer(InputSerializer):
    team = serializers.PrimaryKeyRelatedField(
        queryset=VolunteerTeam.objects.select_related("center__area", "partner__area"),
        required=False,
        allow_null=True,
        default=None,
        help_text=_("Take it for a team you lead."),
    )
    partner = serializers.PrimaryKeyRelatedField(
        queryset=Partner.objects.select_related("area"),
        required=False,
        allow_null=True,
        default=None,
        help_text=_("Take it for a partner you administer. Neither: take it yourself, as a volunteer."),
    )


class ScheduleSerializer(InputSerializer):
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()
    address = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class OpenEventSerializer(InputSerializer):
    campaign = serializers.PrimaryKeyRelatedField(
        queryset=Campaign.objects.select_related("center__area"),
        help_text=_("A campaign of yours the event belongs to; the order's community must lie in its center's area."),
    )
    capacity = serializers.IntegerField(min_value=1, max_value=10_000)
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()
    title = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")

    def __init__(self, *args, campaigns=None, **kwargs):
        super().__init__(*args, **kwargs)
        if campaigns is not None:
            self.fields["campaign"].queryset = campaigns


class OrderParticipantInputSerializer(InputSerializer):
    volunteer = serializers.PrimaryKeyRelatedField(queryset=Volunteer.objects.active())
    hours = serializers.DecimalField(max_digits=4, decimal_places=2, min_value=Decimal("0.01"), max_value=24)


class CompleteSerializer(InputSerializer):
    note = serializers.CharField(max_length=2000)
    participants = OrderParticipantInputSerializer(many=True, required=False, default=list, max_length=200)


# Offers, suggestions, follow-ups


class OfferOrderSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    status = serializers.CharField()
    community = RefSerializer()
    center = RefSerializer()
    due_at = serializers.DateTimeField(allow_null=True)
    preferred_start = serializers.DateTimeField(allow_null=True)
    preferred_end = serializers.DateTimeField(allow_null=True)


class OfferSerializer(OfferRefSerializer):
    order = OfferOrderSerializer(read_only=True)

    class Meta(OfferRefSerializer.Meta):
        fields = ["id", "order", "to", "status", "reason", "created_at", "responded_at"]
        read_only_fields = fields


class SuggestedVolunteerSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="volunteer.pk")
    real_name = serializers.CharField(source="volunteer.real_name")
    home_area = serializers.CharField(source="volunteer.home_area.name")
    score = serializers.FloatField()
    parts = CandidatePartSerializer(many=True)


class LoadSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    open_orders = serializers.IntegerField(help_text=_("Orders it has taken and not completed yet."))


class SuggestionsSerializer(serializers.Serializer):
    volunteers = SuggestedVolunteerSerializer(many=True)
    teams = LoadSerializer(many=True)
    partners = LoadSerializer(many=True)


class FollowUpOrderSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    community = RefSerializer()
    rating = RatingSerializer(allow_null=True)


class FollowUpSerializer(serializers.ModelSerializer):
    order = FollowUpOrderSerializer(read_only=True)
    center = RefSerializer(read_only=True)
    closed_by = RefSerializer(read_only=True, allow_null=True)

    class Meta:
        model = FollowUp
        fields = ["id", "order", "center", "status", "note", "created_at", "closed_at", "closed_by"]
        read_only_fields = fields


class CloseFollowUpSerializer(InputSerializer):
    note = serializers.CharField(max_length=2000)
