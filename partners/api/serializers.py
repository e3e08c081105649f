from decimal import Decimal

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accounts.models import Membership
from areas.models import Area, PracticeCenter
from campaigns.models import Campaign
from core.api.serializers import CreditCodeField, InputSerializer, MobileField, PersonNameField
from core.identity import mask_phone
from partners.models import (
    ActivityParticipant,
    ActivityPhoto,
    Agreement,
    CampaignParticipation,
    Commitment,
    Partner,
    PartnerActivity,
)
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


class CommitmentProgressSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=Commitment.Kind.choices)
    description = serializers.CharField()
    pledged = serializers.DecimalField(max_digits=10, decimal_places=1)
    delivered = serializers.DecimalField(
        max_digits=12,
        decimal_places=2,
        allow_null=True,
        help_text=_("Delivered within the agreement's term; null where it cannot be measured (resources)."),
    )


class AgreementProgressSerializer(serializers.Serializer):
    agreement = serializers.IntegerField()
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()
    commitments = CommitmentProgressSerializer(many=True)


# Campaign participation


class PartnerRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class CampaignTitleSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()


class CampaignParticipationSerializer(serializers.ModelSerializer):
    partner = PartnerRefSerializer(read_only=True)
    campaign = CampaignTitleSerializer(read_only=True)

    class Meta:
        model = CampaignParticipation
        fields = [
            "id",
            "partner",
            "campaign",
            "origin",
            "status",
            "message",
            "commitment",
            "review_reason",
            "reviewed_at",
            "created_at",
        ]
        read_only_fields = fields
        extra_kwargs = {
            "origin": {"help_text": _("Who began it: the partner offered, or the organizer invited.")},
            "message": {"help_text": _("The organizer's message with an invitation.")},
            "commitment": {"help_text": _("What the partner commits to; empty until it accepts an invitation.")},
        }


class ParticipationCreateSerializer(InputSerializer):
    partner = serializers.PrimaryKeyRelatedField(
        queryset=Partner.objects.all(), help_text=_("A partner the caller administers.")
    )
    commitment = serializers.CharField(max_length=2000, help_text=_("What the partner commits to this campaign."))

    def __init__(self, *args, admin_partner_ids=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partner"].queryset = Partner.objects.filter(pk__in=admin_partner_ids)


class PartnerInvitationSerializer(InputSerializer):
    partner = serializers.PrimaryKeyRelatedField(queryset=Partner.objects.none(), help_text=_("An approved partner."))
    message = serializers.CharField(
        max_length=500, required=False, allow_blank=True, default="", help_text=_("Shown to the partner's admins.")
    )

    def __init__(self, *args, partners=None, **kwargs):
        super().__init__(*args, **kwargs)
        if partners is not None:
            self.fields["partner"].queryset = partners


class InvitationAcceptSerializer(InputSerializer):
    commitment = serializers.CharField(
        max_length=2000, help_text=_("What the partner commits to this campaign: required to accept an invitation.")
    )


# Activity logs


class ActivitySerializer(serializers.ModelSerializer):
    """An activity log in a list: what, when, where, its state, and how many people, hours and photos."""

    partner = PartnerRefSerializer(read_only=True)
    campaign = CampaignTitleSerializer(read_only=True, allow_null=True)
    area = AreaRefSerializer(read_only=True)
    participant_count = serializers.IntegerField(read_only=True)
    total_hours = serializers.DecimalField(max_digits=9, decimal_places=2, read_only=True)
    photo_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = PartnerActivity
        fields = [
            "id",
            "partner",
            "campaign",
            "title",
            "occurred_on",
            "address",
            "area",
            "status",
            "review_reason",
            "submitted_at",
            "reviewed_at",
            "participant_count",
            "total_hours",
            "photo_count",
            "created_at",
        ]
        read_only_fields = fields


class ActivityParticipantSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="volunteer.real_name")
    phone = serializers.SerializerMethodField()

    class Meta:
        model = ActivityParticipant
        fields = ["volunteer", "name", "phone", "hours"]
        read_only_fields = fields

    @extend_schema_field(serializers.CharField())
    def get_phone(self, participant: ActivityParticipant) -> str:
        return mask_phone(participant.volunteer.user.phone)


class ActivityPhotoSerializer(serializers.ModelSerializer):
    """A photo's API addresses: the files are streamed to those who may see the log, never from MEDIA_URL."""

    url = serializers.SerializerMethodField()
    thumbnail_url = serializers.SerializerMethodField()

    class Meta:
        model = ActivityPhoto
        fields = ["id", "url", "thumbnail_url", "width", "height", "uploaded_at"]
        read_only_fields = fields

    def get_url(self, photo: ActivityPhoto) -> str:
        return reverse("activity-photo", args=[photo.pk])

    def get_thumbnail_url(self, photo: ActivityPhoto) -> str:
        return reverse("activity-photo-thumbnail", args=[photo.pk])


class ActivityDetailSerializer(ActivitySerializer):
    participants = ActivityParticipantSerializer(many=True, read_only=True)
    photos = ActivityPhotoSerializer(many=True, read_only=True)

    class Meta(ActivitySerializer.Meta):
        fields = [*ActivitySerializer.Meta.fields, "description", "participants", "photos"]
        read_only_fields = fields


class ActivityWriteSerializer(InputSerializer):
    title = serializers.CharField(max_length=100)
    occurred_on = serializers.DateField()
    address = serializers.CharField(max_length=200)
    area = serializers.PrimaryKeyRelatedField(queryset=Area.objects.all())
    description = serializers.CharField(max_length=5000, required=False, allow_blank=True, default="")
    campaign = serializers.PrimaryKeyRelatedField(
        queryset=Campaign.objects.all(),
        required=False,
        allow_null=True,
        default=None,
        help_text=_("A campaign the partner was accepted into."),
    )


class ActivityUpdateSerializer(ActivityWriteSerializer):
    title = serializers.CharField(max_length=100, required=False)
    occurred_on = serializers.DateField(required=False)
    address = serializers.CharField(max_length=200, required=False)
    area = serializers.PrimaryKeyRelatedField(queryset=Area.objects.all(), required=False)
    description = serializers.CharField(max_length=5000, required=False, allow_blank=True)
    campaign = serializers.PrimaryKeyRelatedField(queryset=Campaign.objects.all(), required=False, allow_null=True)


class ParticipantInputSerializer(InputSerializer):
    volunteer = serializers.IntegerField(help_text=_("A volunteer profile id of an active member of the partner."))
    hours = serializers.DecimalField(max_digits=4, decimal_places=2, min_value=Decimal("0.01"), max_value=24)


class ParticipantsSerializer(InputSerializer):
    participants = ParticipantInputSerializer(many=True, max_length=500)


class PhotoUploadSerializer(InputSerializer):
    image = serializers.FileField(help_text=_("A JPEG, PNG or WebP photo; judged by its content, not its name."))
