import secrets

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core import crypto
from core.fields import EncryptedTextField
from core.models import TimeStampedModel

PHONE_INDEX = "phone"


def phone_hash(phone: str) -> str:
    """The blind index users are found by at login; the phone itself is stored encrypted."""
    return crypto.blind_index(phone, purpose=PHONE_INDEX)


def new_username() -> str:
    """An opaque, unique-enough handle for accounts created from a mobile number."""
    return f"u{secrets.token_hex(6)}"


class UserManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, username: str | None = None, password: str | None = None, **fields):
        phone = fields.pop("phone", "")
        user = self.model(username=username or new_username(), **fields)
        if phone:
            user.phone, user.phone_hash = phone, phone_hash(phone)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, username: str, password: str | None = None, **fields):
        return self.create_user(username, password, is_staff=True, is_superuser=True, **fields)


class User(AbstractBaseUser, PermissionsMixin):
    """An account. People log in with their mobile number; `username` is an opaque handle."""

    username = models.CharField(_("username"), max_length=40, unique=True, default=new_username)
    name = models.CharField(_("name"), max_length=50, blank=True)
    phone = EncryptedTextField(_("mobile number"), blank=True)
    phone_hash = models.CharField(max_length=64, unique=True, null=True, blank=True, editable=False)
    email = models.EmailField(_("email"), blank=True)
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(default=False)
    date_joined = models.DateTimeField(default=timezone.now)
    erased_at = models.DateTimeField(null=True, blank=True)

    objects = UserManager()

    USERNAME_FIELD = "username"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.name or self.username


class Membership(TimeStampedModel):
    """A user's role, and the scope it holds in: the district, a practice center, or a partner."""

    class Role(models.TextChoices):
        DISTRICT_ADMIN = "district_admin", _("District administrator")
        COORDINATOR = "coordinator", _("Practice-center coordinator")
        PARTNER_ADMIN = "partner_admin", _("Partner administrator")
        PARTNER_MEMBER = "partner_member", _("Partner member")

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        PENDING = "pending", _("Pending confirmation")

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=20, choices=Role.choices)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ACTIVE)
    center = models.ForeignKey(
        "areas.PracticeCenter", null=True, blank=True, on_delete=models.CASCADE, related_name="memberships"
    )
    partner = models.ForeignKey(
        "partners.Partner", null=True, blank=True, on_delete=models.CASCADE, related_name="memberships"
    )

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(role="district_admin", center__isnull=True, partner__isnull=True)
                    | Q(role="coordinator", center__isnull=False, partner__isnull=True)
                    | Q(role__in=["partner_admin", "partner_member"], center__isnull=True, partner__isnull=False)
                ),
                name="membership_scope_matches_role",
            ),
            models.UniqueConstraint(
                fields=["user", "partner"], condition=Q(partner__isnull=False), name="one_membership_per_partner"
            ),
            models.UniqueConstraint(
                fields=["user", "center"], condition=Q(center__isnull=False), name="one_membership_per_center"
            ),
            models.UniqueConstraint(
                fields=["user"], condition=Q(role="district_admin"), name="one_district_admin_role_per_user"
            ),
        ]
        indexes = [models.Index(fields=["partner", "role", "status"], name="membership_partner_role")]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()}"


class AuditEvent(models.Model):
    """Who did what, when, from where, and how it ended. Append-only; holds no personal data."""

    class Outcome(models.TextChoices):
        SUCCESS = "success", _("Success")
        FAILURE = "failure", _("Failure")
        DENIED = "denied", _("Denied")

    at = models.DateTimeField(default=timezone.now, db_index=True)
    # PROTECT, not SET_NULL: the rows are append-only (a PostgreSQL trigger refuses the UPDATE), so an
    # account with a history is erased (volunteers.services), never deleted.
    actor = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    action = models.CharField(max_length=40, db_index=True)
    outcome = models.CharField(max_length=10, choices=Outcome.choices, default=Outcome.SUCCESS)
    target_type = models.CharField(max_length=40, blank=True)
    target_id = models.CharField(max_length=40, blank=True)
    ip = models.GenericIPAddressField(null=True, blank=True)
    detail = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["target_type", "target_id"], name="audit_target")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.outcome}"
