from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from core.models import TimeStampedModel


class Campaign(TimeStampedModel):
    """A special campaign (专项行动): themed, time-boxed, run by a practice center for target areas."""

    class Theme(models.TextChoices):
        ENVIRONMENT = "environment", _("Environment and sanitation")
        TRAFFIC = "traffic", _("Traffic order")
        CIVILITY = "civility", _("Civilized behaviour")
        BARRIER_FREE = "barrier_free", _("Barrier-free facilities")
        SMOKE_FREE = "smoke_free", _("Smoke-free venues")
        OLD_COMPOUNDS = "old_compounds", _("Old compounds and back streets")
        ELDERLY_CHILDREN = "elderly_children", _("Elderly and children")
        OTHER = "other", _("Other")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        CLOSED = "closed", _("Closed")
        CANCELLED = "cancelled", _("Cancelled")

    title = models.CharField(_("title"), max_length=100)
    description = models.TextField(_("description"), max_length=5000, blank=True)
    theme = models.CharField(_("theme"), max_length=20, choices=Theme.choices)
    center = models.ForeignKey("areas.PracticeCenter", on_delete=models.PROTECT, related_name="campaigns")
    target_areas = models.ManyToManyField("areas.Area", related_name="campaigns", blank=True)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    skills_wanted = models.ManyToManyField("volunteers.Skill", related_name="campaigns", blank=True)
    partner_kinds_wanted = models.JSONField(_("partner kinds wanted"), default=list, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    matching_weights = models.JSONField(
        _("matching weights"),
        default=dict,
        blank=True,
        help_text=_(
            "Overrides of the candidate score's weights: skills, proximity, availability, reliability, fairness."
        ),
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-starts_on", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=F("starts_on")), name="campaign_ends_after_start"),
        ]
        indexes = [models.Index(fields=["status", "starts_on"], name="campaign_status_start")]

    def __str__(self) -> str:
        return self.title


class Event(TimeStampedModel):
    """A shift of a campaign: a time, a place, a capacity.

    `confirmed_count` counts confirmed places (including places a partner has reserved); it only changes
    under a row lock, and the database refuses any value above `capacity`.
    """

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled")
        CANCELLED = "cancelled", _("Cancelled")

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="events")
    title = models.CharField(_("title"), max_length=100)
    description = models.TextField(_("description"), max_length=5000, blank=True)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    area = models.ForeignKey("areas.Area", on_delete=models.PROTECT, related_name="events")
    address = models.CharField(_("address"), max_length=200)
    latitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    capacity = models.PositiveIntegerField(_("capacity"))
    confirmed_count = models.PositiveIntegerField(default=0, editable=False)
    skills_wanted = models.ManyToManyField("volunteers.Skill", related_name="events", blank=True)
    registration_opens_at = models.DateTimeField(_("registration opens at"), null=True, blank=True)
    registration_closes_at = models.DateTimeField(_("registration closes at"), null=True, blank=True)
    min_age = models.PositiveSmallIntegerField(_("minimum age"), default=0)
    partner_only = models.ForeignKey(
        "partners.Partner", null=True, blank=True, on_delete=models.SET_NULL, related_name="exclusive_events"
    )
    series = models.UUIDField(null=True, blank=True, editable=False, db_index=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.SCHEDULED)

    class Meta:
        ordering = ["starts_at", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="event_ends_after_start"),
            models.CheckConstraint(condition=Q(capacity__gt=0), name="event_capacity_positive"),
            models.CheckConstraint(condition=Q(confirmed_count__lte=F("capacity")), name="event_never_oversold"),
        ]
        indexes = [
            models.Index(fields=["status", "starts_at"], name="event_status_start"),
            models.Index(fields=["area", "starts_at"], name="event_area_start"),
            models.Index(fields=["campaign", "starts_at"], name="event_campaign_start"),
            models.Index(fields=["ends_at", "starts_at"], name="event_overlap"),  # clash checks
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def free_places(self) -> int:
        return self.capacity - self.confirmed_count


class RegistrationQuerySet(models.QuerySet["Registration"]):
    def active(self):
        return self.exclude(status=Registration.Status.CANCELLED)

    def confirmed(self):
        return self.filter(status=Registration.Status.CONFIRMED)

    def waitlisted(self):
        return self.filter(status=Registration.Status.WAITLISTED).order_by("created_at", "pk")

    def overlapping(self, event: Event):
        return self.filter(event__starts_at__lt=event.ends_at, event__ends_at__gt=event.starts_at).exclude(event=event)


class Registration(TimeStampedModel):
    """A volunteer's place on an event: confirmed, waitlisted (first come, first served) or cancelled."""

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("Confirmed")
        WAITLISTED = "waitlisted", _("Waitlisted")
        CANCELLED = "cancelled", _("Cancelled")

    class Attendance(models.TextChoices):
        PENDING = "pending", _("Not yet")
        ATTENDED = "attended", _("Attended")
        NO_SHOW = "no_show", _("No-show")
        EXCUSED = "excused", _("Excused")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="registrations")
    volunteer = models.ForeignKey("volunteers.Volunteer", on_delete=models.CASCADE, related_name="registrations")
    status = models.CharField(max_length=10, choices=Status.choices)
    reservation = models.ForeignKey(
        "campaigns.Reservation", null=True, blank=True, on_delete=models.SET_NULL, related_name="registrations"
    )
    note = models.CharField(_("note"), max_length=500, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    late_cancellation = models.BooleanField(default=False)
    promoted_at = models.DateTimeField(null=True, blank=True)
    attendance = models.CharField(max_length=10, choices=Attendance.choices, default=Attendance.PENDING)
    checked_in_at = models.DateTimeField(null=True, blank=True)
    checked_out_at = models.DateTimeField(null=True, blank=True)

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["event", "volunteer"],
                condition=~Q(status="cancelled"),
                name="one_active_registration_per_volunteer_per_event",
            ),
            models.CheckConstraint(
                condition=Q(checked_out_at__isnull=True) | Q(checked_in_at__isnull=False),
                name="check_out_after_check_in",
            ),
        ]
        indexes = [
            models.Index(fields=["event", "status", "created_at"], name="registration_event_queue"),
            models.Index(fields=["volunteer", "status"], name="registration_volunteer"),
        ]

    def __str__(self) -> str:
        return f"{self.volunteer_id} → {self.event_id} ({self.status})"


class Reservation(TimeStampedModel):
    """A partner's block booking: N confirmed places of an event, assigned to its members one by one."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="reservations")
    partner = models.ForeignKey("partners.Partner", on_delete=models.CASCADE, related_name="reservations")
    places = models.PositiveIntegerField()
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["event", "partner"], name="one_reservation_per_partner_per_event"),
        ]

    def __str__(self) -> str:
        return f"{self.partner_id} × {self.places} @ {self.event_id}"


class Invitation(TimeStampedModel):
    """A coordinator asks a volunteer to take a place; accepting goes through registration's rules."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="invitations")
    volunteer = models.ForeignKey("volunteers.Volunteer", on_delete=models.CASCADE, related_name="invitations")
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    score = models.DecimalField(max_digits=5, decimal_places=4, null=True, blank=True)
    registration = models.OneToOneField(
        Registration, null=True, blank=True, on_delete=models.SET_NULL, related_name="invitation"
    )
    responded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "volunteer"], condition=Q(status="pending"), name="one_pending_invitation_per_event"
            ),
        ]
        indexes = [models.Index(fields=["volunteer", "status"], name="invitation_volunteer_status")]

    def __str__(self) -> str:
        return f"{self.volunteer_id} → {self.event_id} ({self.status})"
