from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from core.fields import EncryptedTextField
from core.models import TimeStampedModel


class Partner(TimeStampedModel):
    """A co-building partner (共建单位): a university, military unit, enterprise, … in the district."""

    class Kind(models.TextChoices):
        UNIVERSITY = "university", _("University")
        MILITARY = "military", _("Military unit")
        ENTERPRISE = "enterprise", _("Enterprise")
        GOVERNMENT = "government", _("Government agency")
        SOCIAL_ORG = "social_org", _("Social organization")
        SCHOOL = "school", _("School")
        HOSPITAL = "hospital", _("Hospital")
        OTHER = "other", _("Other")

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending review")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    credit_code = models.CharField(_("unified social credit code"), max_length=18, unique=True, null=True, blank=True)
    area = models.ForeignKey("areas.Area", on_delete=models.PROTECT, related_name="partners")
    address = models.CharField(_("address"), max_length=200)
    description = models.TextField(_("description"), blank=True, max_length=2000)
    contact_name = models.CharField(_("contact person"), max_length=50)
    contact_phone = EncryptedTextField(_("contact mobile number"))
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    review_reason = models.CharField(_("review reason"), max_length=500, blank=True)
    reviewed_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="military") | Q(credit_code__isnull=False),
                name="partner_credit_code_unless_military",
            ),
            models.CheckConstraint(
                condition=~Q(status="rejected") | ~Q(review_reason=""), name="partner_rejection_has_reason"
            ),
        ]
        indexes = [
            models.Index(fields=["status", "kind"], name="partner_status_kind"),
            models.Index(fields=["area", "status"], name="partner_area_status"),
            models.Index(fields=["name"], name="partner_name"),
        ]

    def __str__(self) -> str:
        return self.name


class Agreement(TimeStampedModel):
    """A co-building agreement (共建协议): its term and what the partner commits to."""

    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="agreements")
    center = models.ForeignKey(
        "areas.PracticeCenter", null=True, blank=True, on_delete=models.SET_NULL, related_name="agreements"
    )
    title = models.CharField(_("title"), max_length=100)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True, max_length=2000)

    class Meta:
        ordering = ["-starts_on", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gt=F("starts_on")), name="agreement_ends_after_start"),
        ]

    def __str__(self) -> str:
        return self.title


class Commitment(models.Model):
    """One pledge of an agreement: volunteer hours, events, or a resource offered."""

    class Kind(models.TextChoices):
        VOLUNTEER_HOURS = "volunteer_hours", _("Volunteer hours")
        EVENTS = "events", _("Events held")
        RESOURCE = "resource", _("Resource offered")

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="commitments")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    quantity = models.DecimalField(max_digits=10, decimal_places=1)
    description = models.CharField(_("description"), max_length=200, blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gt=0), name="commitment_quantity_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.quantity}"
