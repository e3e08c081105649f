from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accounts.api.serializers import RefSerializer
from areas.models import Area, PracticeCenter
from campaigns.matching import PARTS
from campaigns.models import Campaign, Event, Invitation, Registration, Reservation
from core.api.serializers import InputSerializer
from core.identity import mask_phone
from partners.models import CampaignParticipation, Partner
from volunteers.models import WEEKDAYS, Skill, Volunteer


class CampaignRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    theme = serializers.ChoiceField(choices=Campaign.Theme.choices)


class CampaignSerializer(serializers.ModelSerializer):
    center = RefSerializer(read_only=True)
    target_areas = RefSerializer(many=True, read_only=True)
    skills_wanted = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    event_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Campaign
        fields = [
            "id",
            "title",
            "description",
            "theme",
            "center",
            "target_areas",
            "starts_on",
            "ends_on",
            "skills_wanted",
            "partner_kinds_wanted",
            "matching_weights",
            "status",
            "event_count",
            "created_at",
        ]
        read_only_fields = fields


class CampaignWriteSerializer(InputSerializer):
    title = serializers.CharField(max_length=100)
    description = serializers.CharField(max_length=5000, required=False, allow_blank=True, default="")
    theme = serializers.ChoiceField(choices=Campaign.Theme.choices)
    center = serializers.PrimaryKeyRelatedField(queryset=PracticeCenter.objects.select_related("area"))
    target_areas = serializers.PrimaryKeyRelatedField(
        queryset=Area.objects.all(), many=True, required=False, default=list
    )
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()
    skills_wanted = serializers.SlugRelatedField(
        slug_field="code", queryset=Skill.objects.all(), many=True, required=False, default=list
    )
    partner_kinds_wanted = serializers.ListField(
        child=serializers.ChoiceField(choices=Partner.Kind.choices), required=False, default=list, max_length=8
    )


class MatchingWeightsField(serializers.DictField):
    """Weights of the candidate score's parts; missing parts keep their defaults."""

    child = serializers.FloatField(min_value=0, max_value=10)

    def to_internal_value(self, data):
        weights = super().to_internal_value(data)
        unknown = set(weights) - set(PARTS)
        if unknown:
            raise serializers.ValidationError(
                _("Unknown parts: %(parts)s.") % {"parts": ", ".join(sorted(unknown))}, code="unknown_part"
            )
        if weights and not any(weights.values()):
            raise serializers.ValidationError(_("At least one weight must be above zero."), code="all_zero")
        return weights


class CampaignUpdateSerializer(InputSerializer):
    title = serializers.CharField(max_length=100, required=False)
    description = serializers.CharField(max_length=5000, required=False, allow_blank=True)
    theme = serializers.ChoiceField(choices=Campaign.Theme.choices, required=False)
    target_areas = serializers.PrimaryKeyRelatedField(queryset=Area.objects.all(), many=True, required=False)
    starts_on = serializers.DateField(required=False)
    ends_on = serializers.DateField(required=False)
    skills_wanted = serializers.SlugRelatedField(
        slug_field="code", queryset=Skill.objects.all(), many=True, required=False
    )
    partner_kinds_wanted = serializers.ListField(
        child=serializers.ChoiceField(choices=Partner.Kind.choices), required=False, max_length=8
    )
    matching_weights = MatchingWeightsField(required=False)


class EventSerializer(serializers.ModelSerializer):
    campaign = CampaignRefSerializer(read_only=True)
    area = RefSerializer(read_only=True)
    skills_wanted = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    free_places = serializers.IntegerField(read_only=True)
    waitlist_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Event
        fields = [
            "id",
            "campaign",
            "title",
            "description",
            "starts_at",
            "ends_at",
            "area",
            "address",
            "latitude",
            "longitude",
            "capacity",
            "confirmed_count",
            "free_places",
            "waitlist_count",
            "skills_wanted",
            "registration_opens_at",
            "registration_closes_at",
            "min_age",
            "partner_only",
            "series",
            "status",
        ]
        read_only_fields = fields


class _EventFields(InputSerializer):
    title = serializers.CharField(max_length=100)
    description = serializers.CharField(max_length=5000, required=False, allow_blank=True, default="")
    area = serializers.PrimaryKeyRelatedField(queryset=Area.objects.all())
    address = serializers.CharField(max_length=200)
    latitude = serializers.DecimalField(
        max_digits=9, decimal_places=6, min_value=-90, max_value=90, required=False, allow_null=True, default=None
    )
    longitude = serializers.DecimalField(
        max_digits=9, decimal_places=6, min_value=-180, max_value=180, required=False, allow_null=True, default=None
    )
    capacity = serializers.IntegerField(min_value=1, max_value=10_000)
    skills_wanted = serializers.SlugRelatedField(
        slug_field="code", queryset=Skill.objects.all(), many=True, required=False, default=list
    )
    min_age = serializers.IntegerField(min_value=0, max_value=100, required=False, default=0)
    partner_only = serializers.PrimaryKeyRelatedField(
        queryset=Partner.objects.filter(status=Partner.Status.APPROVED),
        required=False,
        allow_null=True,
        default=None,
    )


class EventCreateSerializer(_EventFields):
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()
    registration_opens_at = serializers.DateTimeField(required=False, allow_null=True, default=None)
    registration_closes_at = serializers.DateTimeField(required=False, allow_null=True, default=None)


class RecurringEventsSerializer(_EventFields):
    """Every chosen weekday from `first_date` for `weeks` weeks, at the same local time."""

    weekdays = serializers.ListField(
        child=serializers.ChoiceField(choices=WEEKDAYS),
        min_length=1,
        max_length=7,
        help_text=_("Weekdays as mon, tue, wed, thu, fri, sat, sun."),
    )
    first_date = serializers.DateField()
    weeks = serializers.IntegerField(min_value=1, max_value=52)
    start_time = serializers.TimeField()
    end_time = serializers.TimeField()


class EventUpdateSerializer(InputSerializer):
    title = serializers.CharField(max_length=100, required=False)
    description = serializers.CharField(max_length=5000, required=False, allow_blank=True)
    starts_at = serializers.DateTimeField(required=False)
    ends_at = serializers.DateTimeField(required=False)
    area = serializers.PrimaryKeyRelatedField(queryset=Area.objects.all(), required=False)
    address = serializers.CharField(max_length=200, required=False)
    capacity = serializers.IntegerField(min_value=1, max_value=10_000, required=False)
    skills_wanted = serializers.SlugRelatedField(
        slug_field="code", queryset=Skill.objects.all(), many=True, required=False
    )
    registration_opens_at = serializers.DateTimeField(required=False, allow_null=True)
    registration_closes_at = serializers.DateTimeField(required=False, allow_null=True)
    min_age = serializers.IntegerField(min_value=0, max_value=100, required=False)


class EventCancelSerializer(InputSerializer):
    reason = serializers.CharField(
        max_length=500, required=False, allow_blank=True, default="", help_text=_("Told to every registered volunteer.")
    )


class RegistrationCreateSerializer(InputSerializer):
    note = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")


class VolunteerRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    real_name = serializers.CharField()
    phone = serializers.SerializerMethodField()

    @extend_schema_field(serializers.CharField())
    def get_phone(self, volunteer: Volunteer) -> str:
        return mask_phone(volunteer.user.phone)


class RegistrationEventSerializer(EventSerializer):
    """An event as shown inside a registration: without the waitlist length (the registration has its place)."""

    class Meta(EventSerializer.Meta):
        fields = [name for name in EventSerializer.Meta.fields if name != "waitlist_count"]
        read_only_fields = fields


class RegistrationSerializer(serializers.ModelSerializer):
    """A registration with its event; `waitlist_position` is 1 for the first in line, null unless waitlisted."""

    event = RegistrationEventSerializer(read_only=True)
    volunteer = VolunteerRefSerializer(read_only=True)
    waitlist_position = serializers.SerializerMethodField()

    class Meta:
        model = Registration
        fields = [
            "id",
            "event",
            "volunteer",
            "status",
            "waitlist_position",
            "note",
            "reservation",
            "attendance",
            "checked_in_at",
            "checked_out_at",
            "cancelled_at",
            "late_cancellation",
            "created_at",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_waitlist_position(self, registration: Registration) -> int | None:
        if registration.status != Registration.Status.WAITLISTED:
            return None
        return getattr(registration, "waitlist_position", None)


class EventRegistrationSerializer(RegistrationSerializer):
    """A registration as listed under its event (without repeating the event)."""

    class Meta(RegistrationSerializer.Meta):
        fields = [name for name in RegistrationSerializer.Meta.fields if name != "event"]
        read_only_fields = fields


class ReservationSerializer(serializers.ModelSerializer):
    partner = RefSerializer(read_only=True)
    assigned = serializers.IntegerField(read_only=True)

    class Meta:
        model = Reservation
        fields = ["id", "event", "partner", "places", "assigned", "created_at"]
        read_only_fields = fields


class ReservationCreateSerializer(InputSerializer):
    partner = serializers.PrimaryKeyRelatedField(queryset=Partner.objects.filter(status=Partner.Status.APPROVED))
    places = serializers.IntegerField(min_value=1, max_value=1000)


class ReservationAssignSerializer(InputSerializer):
    volunteer = serializers.PrimaryKeyRelatedField(queryset=Volunteer.objects.active())


class PlacesSerializer(InputSerializer):
    places = serializers.IntegerField(min_value=1, max_value=1000)


class CheckInCodeSerializer(serializers.Serializer):
    code = serializers.CharField(help_text=_("Six digits; the QR code encodes the same."))
    refresh_at = serializers.DateTimeField()
    valid_until = serializers.DateTimeField()
    qr_svg = serializers.CharField(help_text=_("An SVG image of the QR code, as a data URI."))


class CheckInSerializer(InputSerializer):
    code = serializers.RegexField(r"^[0-9]{6}$", help_text=_("The six digits on the organizer's screen."))


class CandidatePartSerializer(serializers.Serializer):
    name = serializers.ChoiceField(choices=["skills", "proximity", "availability", "reliability", "fairness"])
    value = serializers.FloatField(help_text=_("0 to 1."))
    weight = serializers.FloatField()


class CandidateSerializer(serializers.Serializer):
    """A volunteer suggested for an event, with every part of the score so the coordinator sees why."""

    volunteer = VolunteerRefSerializer()
    home_area = serializers.CharField(source="volunteer.home_area.name")
    score = serializers.FloatField()
    invited = serializers.BooleanField()
    parts = CandidatePartSerializer(many=True)
    matched_skills = serializers.ListField(child=serializers.CharField())
    wanted_skills = serializers.IntegerField()
    same_community = serializers.BooleanField()


class CandidateQuerySerializer(InputSerializer):
    limit = serializers.IntegerField(min_value=1, max_value=200, default=50)


class InvitationSerializer(serializers.ModelSerializer):
    event = RegistrationEventSerializer(read_only=True)
    volunteer = VolunteerRefSerializer(read_only=True)

    class Meta:
        model = Invitation
        fields = ["id", "event", "volunteer", "status", "score", "registration", "responded_at", "created_at"]
        read_only_fields = fields


class InviteSerializer(InputSerializer):
    volunteers = serializers.PrimaryKeyRelatedField(queryset=Volunteer.objects.active(), many=True, allow_empty=False)

    def validate_volunteers(self, volunteers: list) -> list:
        if len(volunteers) > 200:
            raise serializers.ValidationError(_("Invite at most 200 volunteers at once."), code="max_length")
        return volunteers


class PlanRequestSerializer(InputSerializer):
    max_per_volunteer = serializers.IntegerField(min_value=1, max_value=5, default=1)
    candidates_per_place = serializers.IntegerField(min_value=1, max_value=50, default=10)


class PlanAssignmentSerializer(serializers.Serializer):
    event = serializers.PrimaryKeyRelatedField(queryset=Event.objects.all())
    volunteer = serializers.IntegerField()
    score = serializers.FloatField(required=False)


class PlanProposalSerializer(serializers.Serializer):
    """One proposed place: the event, the volunteer (by id and real name) and the pair's score."""

    event = serializers.IntegerField()
    volunteer = serializers.IntegerField()
    volunteer_name = serializers.CharField()
    score = serializers.FloatField()


class PlanSerializer(serializers.Serializer):
    assignments = PlanProposalSerializer(many=True)
    total_score = serializers.FloatField()
    skill_coverage = serializers.FloatField(help_text=_("Mean share of wanted skills the assigned volunteers have."))
    places = serializers.IntegerField()
    greedy_assignments = serializers.IntegerField()
    greedy_total_score = serializers.FloatField()
    greedy_skill_coverage = serializers.FloatField()


class PlanApplySerializer(InputSerializer):
    assignments = PlanAssignmentSerializer(many=True, allow_empty=False, max_length=2000)


class PartnerCandidatePartSerializer(serializers.Serializer):
    name = serializers.ChoiceField(choices=["kind", "area", "undelivered", "delivery", "load"])
    value = serializers.FloatField()
    weight = serializers.FloatField()


class PartnerCandidateSerializer(serializers.Serializer):
    """A partner suggested for a campaign, with the parts of its score and the figures behind them."""

    partner = RefSerializer()
    kind = serializers.CharField(source="partner.kind")
    area = serializers.CharField(source="partner.area.name")
    score = serializers.FloatField()
    participation = serializers.ChoiceField(
        choices=CampaignParticipation.Status.choices,
        allow_null=True,
        help_text=_("Where the partner stands in this campaign (invited, interested, …), or null."),
    )
    pledged_hours = serializers.DecimalField(max_digits=10, decimal_places=1)
    delivered_hours = serializers.DecimalField(max_digits=10, decimal_places=2)
    running_campaigns = serializers.IntegerField()
    parts = PartnerCandidatePartSerializer(many=True)


_datetime = serializers.DateTimeField()
_coordinate = serializers.DecimalField(max_digits=9, decimal_places=6)


def _maybe(field, value):
    return None if value is None else field.to_representation(value)


class EventListSerializer(serializers.BaseSerializer):
    """The public event search's rows, written out directly: the same JSON as EventSerializer (a test
    keeps them equal) without DRF's per-field machinery, which cost most of the time on this hot path."""

    def to_representation(self, event: Event) -> dict:
        campaign, area = event.campaign, event.area
        return {
            "id": event.pk,
            "campaign": {"id": campaign.pk, "title": campaign.title, "theme": campaign.theme},
            "title": event.title,
            "description": event.description,
            "starts_at": _datetime.to_representation(event.starts_at),
            "ends_at": _datetime.to_representation(event.ends_at),
            "area": {"id": area.pk, "name": area.name},
            "address": event.address,
            "latitude": _maybe(_coordinate, event.latitude),
            "longitude": _maybe(_coordinate, event.longitude),
            "capacity": event.capacity,
            "confirmed_count": event.confirmed_count,
            "free_places": event.free_places,
            "waitlist_count": event.waitlist_count,
            "skills_wanted": [skill.code for skill in event.skills_wanted.all()],
            "registration_opens_at": _maybe(_datetime, event.registration_opens_at),
            "registration_closes_at": _maybe(_datetime, event.registration_closes_at),
            "min_age": event.min_age,
            "partner_only": event.partner_only_id,
            "series": None if event.series is None else str(event.series),
            "status": event.status,
        }
