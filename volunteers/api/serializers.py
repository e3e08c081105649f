from django.conf import settings
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from areas.models import Area, PracticeCenter
from core.api.serializers import InputSerializer, MobileField, PersonNameField, ResidentIdField
from core.identity import mask_id_number, mask_phone
from partners.models import Partner
from volunteers.models import (
    AVAILABILITY_SLOTS,
    Certificate,
    ServiceRecord,
    Skill,
    Volunteer,
    VolunteerTeam,
    availability_slots,
)

HOME_AREA_LEVELS = (Area.Level.COMMUNITY, Area.Level.VILLAGE)


class SkillSerializer(serializers.ModelSerializer):
    class Meta:
        model = Skill
        fields = ["id", "code", "name", "name_en"]
        read_only_fields = fields


class AreaRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class _ProfileFields(InputSerializer):
    home_area = serializers.PrimaryKeyRelatedField(queryset=Area.objects.filter(level__in=HOME_AREA_LEVELS))
    skills = serializers.SlugRelatedField(
        slug_field="code", queryset=Skill.objects.all(), many=True, required=False, default=list
    )
    availability = serializers.ListField(
        child=serializers.ChoiceField(choices=AVAILABILITY_SLOTS),
        max_length=len(AVAILABILITY_SLOTS),
        required=False,
        default=list,
    )


class VolunteerCreateSerializer(_ProfileFields):
    real_name = PersonNameField()
    id_number = ResidentIdField()
    phone = MobileField()
    password = serializers.CharField(max_length=128, write_only=True, trim_whitespace=False)
    partner = serializers.PrimaryKeyRelatedField(queryset=Partner.objects.all(), required=False, allow_null=True)
    # Missing counts as not given, so both answer `consent_required` rather than a generic `required`.
    sensitive_pi_consent = serializers.BooleanField(
        default=False,
        help_text=_("Separate consent to processing the ID number (PIPL Art. 29); must be true."),
    )
    consent_version = serializers.CharField(max_length=20)
    # Empty is "not given" (adults), the way the web form sends the guardian fields it did not show.
    guardian_name = PersonNameField(required=False, allow_blank=True, default="")
    guardian_phone = MobileField(required=False, allow_blank=True, default="")

    def validate_sensitive_pi_consent(self, value: bool) -> bool:
        if not value:
            raise serializers.ValidationError(_("Consent is required to register."), code="consent_required")
        return value

    def validate_consent_version(self, value: str) -> str:
        if value != settings.PRIVACY_CONSENT_VERSION:
            raise serializers.ValidationError(
                _("The privacy notice has changed; read the current version and agree again."),
                code="stale_consent_version",
            )
        return value


class VolunteerUpdateSerializer(_ProfileFields):
    home_area = serializers.PrimaryKeyRelatedField(
        queryset=Area.objects.filter(level__in=HOME_AREA_LEVELS), required=False
    )
    skills = serializers.SlugRelatedField(slug_field="code", queryset=Skill.objects.all(), many=True, required=False)
    availability = serializers.ListField(
        child=serializers.ChoiceField(choices=AVAILABILITY_SLOTS),
        max_length=len(AVAILABILITY_SLOTS),
        required=False,
    )
    email = serializers.EmailField(required=False, allow_blank=True)


class PasswordConfirmSerializer(InputSerializer):
    password = serializers.CharField(max_length=128, trim_whitespace=False)


class VolunteerSerializer(serializers.ModelSerializer):
    """A volunteer as others see them: ID number and phone masked."""

    id_number = serializers.SerializerMethodField()
    phone = serializers.SerializerMethodField()
    home_area = AreaRefSerializer(read_only=True)
    skills = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    availability = serializers.SerializerMethodField()

    class Meta:
        model = Volunteer
        fields = [
            "id",
            "real_name",
            "id_number",
            "phone",
            "gender",
            "home_area",
            "skills",
            "availability",
            "created_at",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.CharField())
    def get_id_number(self, volunteer: Volunteer) -> str:
        return mask_id_number(volunteer.id_number)

    @extend_schema_field(serializers.CharField())
    def get_phone(self, volunteer: Volunteer) -> str:
        return mask_phone(volunteer.user.phone)

    @extend_schema_field(serializers.ListField(child=serializers.ChoiceField(choices=AVAILABILITY_SLOTS)))
    def get_availability(self, volunteer: Volunteer) -> list[str]:
        return availability_slots(volunteer.availability)


_datetime = serializers.DateTimeField()


class VolunteerListSerializer(serializers.BaseSerializer):
    """Volunteer search rows written out directly: the same JSON as VolunteerSerializer (a test keeps them
    equal) without DRF's per-field machinery, the larger part of this hot path's time."""

    def to_representation(self, volunteer: Volunteer) -> dict:
        return {
            "id": volunteer.pk,
            "real_name": volunteer.real_name,
            "id_number": mask_id_number(volunteer.id_number),
            "phone": mask_phone(volunteer.user.phone),
            "gender": volunteer.gender,
            "home_area": {"id": volunteer.home_area_id, "name": volunteer.home_area.name},
            "skills": [skill.code for skill in volunteer.skills.all()],
            "availability": availability_slots(volunteer.availability),
            "created_at": _datetime.to_representation(volunteer.created_at),
        }


class ConsentSerializer(serializers.Serializer):
    purpose = serializers.CharField()
    version = serializers.CharField()
    given_at = serializers.DateTimeField()
    withdrawn_at = serializers.DateTimeField(allow_null=True)


class OwnVolunteerSerializer(VolunteerSerializer):
    """The volunteer's own view: everything, unmasked."""

    email = serializers.EmailField(source="user.email", read_only=True)
    guardian_phone = serializers.CharField(read_only=True)
    consents = ConsentSerializer(many=True, read_only=True)

    class Meta(VolunteerSerializer.Meta):
        fields = [
            *VolunteerSerializer.Meta.fields,
            "birth_date",
            "email",
            "guardian_name",
            "guardian_phone",
            "consents",
        ]
        read_only_fields = fields

    def get_id_number(self, volunteer: Volunteer) -> str:
        return volunteer.id_number

    def get_phone(self, volunteer: Volunteer) -> str:
        return volunteer.user.phone


class ServiceRecordSerializer(serializers.ModelSerializer):
    reversed = serializers.BooleanField(source="is_reversed", read_only=True)

    class Meta:
        model = ServiceRecord
        fields = [
            "id",
            "hours",
            "source",
            "served_on",
            "description",
            "registration",
            "service_order",
            "reverses",
            "reversed",
            "reason",
            "created_at",
        ]
        read_only_fields = fields


class AdjustmentSerializer(InputSerializer):
    hours = serializers.DecimalField(max_digits=6, decimal_places=2, min_value=-500, max_value=500)
    served_on = serializers.DateField()
    reason = serializers.CharField(max_length=500)

    def validate_hours(self, value):
        if value == 0:
            raise serializers.ValidationError(_("An adjustment cannot be zero hours."), code="zero_hours")
        return value


class ReversalSerializer(InputSerializer):
    reason = serializers.CharField(max_length=500)


class ReliabilitySerializer(serializers.Serializer):
    score = serializers.IntegerField()
    no_shows = serializers.IntegerField()
    late_cancellations = serializers.IntegerField()
    attended = serializers.IntegerField()


class ServiceSummarySerializer(serializers.Serializer):
    total_hours = serializers.DecimalField(max_digits=9, decimal_places=2)
    star_level = serializers.IntegerField()
    next_star_at = serializers.IntegerField(allow_null=True, help_text=_("Hours needed for the next star."))
    reliability = ReliabilitySerializer()


class CertificateSerializer(serializers.ModelSerializer):
    issuing_center = serializers.CharField(source="issuing_center.name", default="", read_only=True)

    class Meta:
        model = Certificate
        fields = [
            "id",
            "number",
            "verification_code",
            "holder_name",
            "masked_id_number",
            "total_hours",
            "star_level",
            "services",
            "issuing_center",
            "issued_at",
        ]
        read_only_fields = fields


class CertificateVerificationSerializer(serializers.Serializer):
    """What anyone may learn from a genuine certificate: no ID number, the name masked."""

    number = serializers.CharField()
    valid = serializers.BooleanField()
    holder = serializers.CharField()
    total_hours = serializers.DecimalField(max_digits=9, decimal_places=2)
    star_level = serializers.IntegerField()
    issuing_center = serializers.CharField()
    issued_at = serializers.DateTimeField()


class CertificateQuerySerializer(InputSerializer):
    number = serializers.CharField(max_length=20)
    code = serializers.CharField(max_length=8)


class CalendarLinkSerializer(serializers.Serializer):
    url = serializers.URLField()


# Volunteer teams


MAX_TEAM_MEMBERS = 200


def _at_most(items: list, limit: int) -> list:
    if len(items) > limit:
        raise serializers.ValidationError(_("At most %(limit)d.") % {"limit": limit}, code="max_length")
    return items


class NamedRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class TeamMemberSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    real_name = serializers.CharField()


class VolunteerTeamSerializer(serializers.ModelSerializer):
    """A team with its owner (center or partner), leader and members (names only)."""

    center = NamedRefSerializer(read_only=True, allow_null=True)
    partner = NamedRefSerializer(read_only=True, allow_null=True)
    leader = TeamMemberSerializer(read_only=True)
    members = TeamMemberSerializer(many=True, read_only=True)

    class Meta:
        model = VolunteerTeam
        fields = ["id", "name", "center", "partner", "leader", "members", "description", "active", "created_at"]
        read_only_fields = fields


class TeamWriteSerializer(InputSerializer):
    name = serializers.CharField(max_length=80)
    center = serializers.PrimaryKeyRelatedField(
        queryset=PracticeCenter.objects.select_related("area"), required=False, allow_null=True, default=None
    )
    partner = serializers.PrimaryKeyRelatedField(
        queryset=Partner.objects.filter(status=Partner.Status.APPROVED).select_related("area"),
        required=False,
        allow_null=True,
        default=None,
    )
    leader = serializers.PrimaryKeyRelatedField(queryset=Volunteer.objects.active())
    members = serializers.PrimaryKeyRelatedField(
        queryset=Volunteer.objects.active(), many=True, required=False, default=list
    )
    description = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")

    def validate_members(self, members: list) -> list:
        return _at_most(members, MAX_TEAM_MEMBERS)


class TeamUpdateSerializer(InputSerializer):
    name = serializers.CharField(max_length=80, required=False)
    leader = serializers.PrimaryKeyRelatedField(queryset=Volunteer.objects.active(), required=False)
    members = serializers.PrimaryKeyRelatedField(queryset=Volunteer.objects.active(), many=True, required=False)
    description = serializers.CharField(max_length=2000, required=False, allow_blank=True)
    active = serializers.BooleanField(required=False)

    def validate_members(self, members: list) -> list:
        return _at_most(members, MAX_TEAM_MEMBERS)
