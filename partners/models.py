import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.fields import EncryptedTextField
from core.models import StoredPhoto, TimeStampedModel


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


class CampaignParticipation(TimeStampedModel):
    """A partner taking part in a campaign, begun from either side; the other side answers.

    An offer: a partner admin says what the partner commits to (`interested`), the campaign's organizer accepts or
    declines it. An invitation: the organizer invites the partner, maybe with a message (`invited`), a partner admin
    accepts it, saying what the partner commits to, or declines it.
    """

    class Status(models.TextChoices):
        INTERESTED = "interested", _("Interested")
        INVITED = "invited", _("Invited")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")

    class Origin(models.TextChoices):
        OFFER = "offer", _("Offered by the partner")
        INVITATION = "invitation", _("Invited by the organizer")

    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="campaign_participations")
    campaign = models.ForeignKey("campaigns.Campaign", on_delete=models.CASCADE, related_name="partner_participations")
    origin = models.CharField(max_length=10, choices=Origin.choices, default=Origin.OFFER)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.INTERESTED)
    message = models.CharField(_("message"), max_length=500, blank=True)  # the organizer's, with an invitation
    commitment = models.TextField(_("commitment"), max_length=2000, blank=True)  # the partner's own words
    review_reason = models.CharField(_("review reason"), max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["partner", "campaign"], name="one_participation_per_partner_per_campaign"),
            models.CheckConstraint(
                condition=Q(status__in=["interested", "invited"]) | Q(reviewed_at__isnull=False),
                name="participation_review_has_time",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["accepted", "declined"])
                | Q(status="interested", origin="offer")
                | Q(status="invited", origin="invitation"),
                name="participation_open_status_fits_origin",
            ),
            models.CheckConstraint(
                condition=~Q(status="accepted") | ~Q(commitment=""), name="participation_accepted_has_commitment"
            ),
        ]
        indexes = [models.Index(fields=["campaign", "status"], name="participation_campaign_status")]

    def __str__(self) -> str:
        return f"{self.partner_id} → {self.campaign_id} ({self.status})"


class PartnerActivity(TimeStampedModel):
    """A co-building activity log (共建活动台账): what a partner did, where, with whom, with photo evidence.

    The partner drafts it and submits it; a coordinator covering its area verifies it (crediting the
    participants' hours to the ledger) or rejects it with a reason, after which it can be fixed and resubmitted.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        VERIFIED = "verified", _("Verified")
        REJECTED = "rejected", _("Rejected")

    EDITABLE = (Status.DRAFT, Status.REJECTED)

    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="activities")
    campaign = models.ForeignKey(
        "campaigns.Campaign", null=True, blank=True, on_delete=models.SET_NULL, related_name="partner_activities"
    )
    title = models.CharField(_("title"), max_length=100)
    occurred_on = models.DateField(_("occurred on"))
    address = models.CharField(_("address"), max_length=200)
    area = models.ForeignKey("areas.Area", on_delete=models.PROTECT, related_name="partner_activities")
    description = models.TextField(_("description"), max_length=5000, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    review_reason = models.CharField(_("review reason"), max_length=500, blank=True)
    reviewed_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name_plural = "partner activities"
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="rejected") | ~Q(review_reason=""), name="activity_rejection_has_reason"
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(submitted_at__isnull=False), name="activity_submission_has_time"
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["verified", "rejected"]) | Q(reviewed_at__isnull=False),
                name="activity_review_has_time",
            ),
        ]
        indexes = [
            models.Index(fields=["partner", "status", "occurred_on"], name="activity_partner_status_day"),
            models.Index(fields=["status", "occurred_on"], name="activity_status_day"),
            models.Index(fields=["area", "status"], name="activity_area_status"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def editable(self) -> bool:
        return self.status in self.EDITABLE


class ActivityParticipant(models.Model):
    """A volunteer (a member of the partner) who took part in an activity, and the hours they served."""

    activity = models.ForeignKey(PartnerActivity, on_delete=models.CASCADE, related_name="participants")
    volunteer = models.ForeignKey(
        "volunteers.Volunteer", on_delete=models.PROTECT, related_name="partner_activity_participations"
    )
    hours = models.DecimalField(_("hours"), max_digits=4, decimal_places=2)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["activity", "volunteer"], name="one_participant_row_per_volunteer"),
            models.CheckConstraint(condition=Q(hours__gt=0, hours__lte=24), name="participant_hours_within_a_day"),
        ]

    def __str__(self) -> str:
        return f"{self.volunteer_id}: {self.hours} h"


def activity_photo_name(instance, filename: str) -> str:
    """A server-chosen name: the uploaded file's own name never reaches the disk."""
    return f"activity-photos/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.jpg"


class ActivityPhoto(StoredPhoto):
    """A photo of an activity, stored re-encoded as JPEG without metadata, with a thumbnail.

    Files live in the default storage (local disk or object storage) but are never served from MEDIA_URL:
    the API streams them to those who may see the activity.
    """

    activity = models.ForeignKey(PartnerActivity, on_delete=models.CASCADE, related_name="photos")
    image = models.FileField(upload_to=activity_photo_name)
    thumbnail = models.FileField(upload_to=activity_photo_name)
