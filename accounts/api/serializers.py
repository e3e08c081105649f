from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accounts.models import AuditEvent, Membership, User, phone_hash
from areas.models import PracticeCenter
from core.api.serializers import InputSerializer, MobileField
from core.identity import mask_phone


class LoginSerializer(InputSerializer):
    phone = serializers.CharField(max_length=40)
    password = serializers.CharField(max_length=128, trim_whitespace=False)


class PasswordChangeSerializer(InputSerializer):
    old_password = serializers.CharField(max_length=128, trim_whitespace=False)
    new_password = serializers.CharField(max_length=128, trim_whitespace=False)


class RefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class MembershipSerializer(serializers.ModelSerializer):
    user = serializers.IntegerField(source="user_id", read_only=True)
    center = RefSerializer(read_only=True, allow_null=True)
    partner = RefSerializer(read_only=True, allow_null=True)

    class Meta:
        model = Membership
        fields = ["id", "user", "role", "status", "center", "partner", "created_at"]
        read_only_fields = fields


class AccountRefSerializer(serializers.Serializer):
    """Whose role or action it is: the account's name and masked mobile number."""

    id = serializers.IntegerField()
    name = serializers.CharField()
    phone = serializers.SerializerMethodField()

    @extend_schema_field(serializers.CharField())
    def get_phone(self, user) -> str:
        return mask_phone(user.phone)


class RoleSerializer(MembershipSerializer):
    """A role with the person who holds it, for the district admin's list of roles."""

    person = AccountRefSerializer(source="user", read_only=True)

    class Meta(MembershipSerializer.Meta):
        fields = [*MembershipSerializer.Meta.fields, "person"]
        read_only_fields = fields


class RoleGrantSerializer(InputSerializer):
    phone = MobileField(help_text=_("The mobile number of the account that gets the role."))
    role = serializers.ChoiceField(choices=[Membership.Role.DISTRICT_ADMIN, Membership.Role.COORDINATOR])
    center = serializers.PrimaryKeyRelatedField(
        queryset=PracticeCenter.objects.all(), required=False, allow_null=True, default=None
    )

    def validate_phone(self, phone: str) -> User:
        user = User.objects.filter(phone_hash=phone_hash(phone), is_active=True).first()
        if user is None:
            raise serializers.ValidationError(_("No account uses this mobile number."), code="no_account")
        return user

    def validate(self, attrs):
        if attrs["role"] == Membership.Role.COORDINATOR and attrs["center"] is None:
            raise serializers.ValidationError({"center": [_("A coordinator belongs to a practice center.")]})
        if attrs["role"] == Membership.Role.DISTRICT_ADMIN:
            attrs["center"] = None
        return attrs


class CurrentUserSerializer(serializers.ModelSerializer):
    """The signed-in user, their roles and volunteer profile id: what the web app needs to start."""

    memberships = MembershipSerializer(many=True, read_only=True)
    volunteer = serializers.SerializerMethodField()
    district_admin = serializers.SerializerMethodField()

    class Meta:
        model = User
        fields = ["id", "name", "phone", "email", "memberships", "volunteer", "district_admin"]
        read_only_fields = fields

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_volunteer(self, user) -> int | None:
        return self.context["scope"].volunteer_id

    @extend_schema_field(serializers.BooleanField())
    def get_district_admin(self, user) -> bool:
        return self.context["scope"].district_admin


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField()


class AuditEventSerializer(serializers.ModelSerializer):
    actor_person = AccountRefSerializer(source="actor", read_only=True, allow_null=True)

    class Meta:
        model = AuditEvent
        fields = ["id", "at", "actor", "actor_person", "action", "outcome", "target_type", "target_id", "ip", "detail"]
        read_only_fields = fields
