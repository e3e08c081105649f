from decimal import Decimal

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accounts.models import Membership
from areas.models import Area, PracticeCenter
from core.api.serializers import CreditCodeField, InputSerializer, MobileField, PersonNameField
from core.identity import mask_phone
from partners.models import Agreement, Commitment, Partner
from volunteers.api.serializers import AreaRefSerializer


class PartnerSerializer(serializers.ModelSerializer):
    """A partner; the contact's phone is masked except for the partner's own admins."""

    area = AreaRefSerializer(read_only=True)
    contact_phone = serializers.SerializerMethodField()

    class Meta:
        model = Partner
        fields = [
            "id",
            "name",
            "kind",
            "credit_code",
            "area",
            "address",
            "description",
            "contact_name",
            "contact_phone",
            "status",
            "review_reason",
            "reviewed_at",
            "created_at",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.CharField())
    def get_contact_phone(self, partner: Partner) -> str:
        if partner.pk in self.context.get("own_partner_ids", ()):
            return partner.contact_phone
        return mask_phone(partner.contact_phone)


class PartnerDirectorySerializer(serializers.ModelSerializer):
    area = AreaRefSerializer(read_only=True)

    class Meta:
        model = Partner
        fields = ["id", "name", "kind", "area"]
        read_only_fields = fields


class PartnerCreateSerializer(InputSerializer):
    name = serializers.CharField(max_length=100)
    kind = serializers.ChoiceField(choices=Partner.Kind.choices)
    credit_code = CreditCodeField(required=False, allow_null=True, default=None)
    area = serializers.PrimaryKeyRelatedField(queryset=Area.objects.exclude(level=Area.Level.DISTRICT))
    address = serializers.CharField(max_length=200)
    description = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")
    contact_name = PersonNameField()
    contact_phone = MobileField()
    admin_name = PersonNameField()
    admin_phone = MobileField()
    admin_password = serializers.CharField(max_length=128, write_only=True, trim_whitespace=False)


class PartnerUpdateSerializer(InputSerializer):
    name = serializers.CharField(max_length=100, required=False)
    address = serializers.CharField(max_length=200, required=False)
    description = serializers.CharField(max_length=2000, required=False, allow_blank=True)
    contact_name = PersonNameField(required=False)
    contact_phone = MobileField(required=False)


class ReviewSerializer(InputSerializer):
    reason = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")


class RejectSerializer(InputSerializer):
    reason = serializers.CharField(max_length=500, help_text=_("Shown to the partner's admin."))


class MemberUserSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    phone = serializers.SerializerMethodField()

    @extend_schema_field(serializers.CharField())
    def get_phone(self, user) -> str:
        return mask_phone(user.phone)


class PartnerMemberSerializer(serializers.ModelSerializer):
    user = MemberUserSerializer(read_only=True)
    volunteer = serializers.SerializerMethodField()

    class Meta:
        model = Membership
        fields = ["id", "role", "status", "user", "volunteer", "created_at"]
        read_only_fields = fields

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_volunteer(self, membership: Membership) -> int | None:
        volunteer = getattr(membership.user, "volunteer", None)
        return volunteer.pk if volunteer is not None else None


class MemberAddSerializer(InputSerializer):
    phone = MobileField(help_text=_("The mobile number the person registered with."))
    role = serializers.ChoiceField(
        choices=[Membership.Role.PARTNER_MEMBER, Membership.Role.PARTNER_ADMIN], default=Membership.Role.PARTNER_MEMBER
    )


class CommitmentSerializer(serializers.ModelSerializer):
    class Meta:
        model = Commitment
        fields = ["kind", "quantity", "description"]
        extra_kwargs = {"quantity": {"min_value": Decimal("0.1")}}


class AgreementSerializer(serializers.ModelSerializer):
    commitments = CommitmentSerializer(many=True, read_only=True)

    class Meta:
        model = Agreement
        fields = ["id", "partner", "center", "title", "starts_on", "ends_on", "signed_on", "notes", "commitments"]
        read_only_fields = fields


class AgreementWriteSerializer(InputSerializer):
    title = serializers.CharField(max_length=100)
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()
    signed_on = serializers.DateField(required=False, allow_null=True, default=None)
    center = serializers.PrimaryKeyRelatedField(
        queryset=PracticeCenter.objects.all(), required=False, allow_null=True, default=None
    )
    notes = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")
    commitments = CommitmentSerializer(many=True, max_length=50)


class AgreementUpdateSerializer(AgreementWriteSerializer):
    title = serializers.CharField(max_length=100, required=False)
    starts_on = serializers.DateField(required=False)
    ends_on = serializers.DateField(required=False)
    signed_on = serializers.DateField(required=False, allow_null=True)
    center = serializers.PrimaryKeyRelatedField(queryset=PracticeCenter.objects.all(), required=False, allow_null=True)
    notes = serializers.CharField(max_length=2000, required=False, allow_blank=True)
    commitments = CommitmentSerializer(many=True, max_length=50, required=False)
