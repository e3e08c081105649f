from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.fields import EncryptedTextField
from core.models import TimeStampedModel

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
PERIODS = ("morning", "afternoon", "evening")
# Weekly availability as 21 bits, one per (weekday, period): matching tests it with one AND.
AVAILABILITY_SLOTS = tuple(f"{day}-{period}" for day in WEEKDAYS for period in PERIODS)


def availability_mask(slots: list[str]) -> int:
    return sum(1 << AVAILABILITY_SLOTS.index(slot) for slot in set(slots))


def availability_slots(mask: int) -> list[str]:
    return [slot for bit, slot in enumerate(AVAILABILITY_SLOTS) if mask & (1 << bit)]


class Skill(models.Model):
    """A skill volunteers offer and events want (first aid, sign language, photography, …)."""

    code = models.SlugField(max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=40)
    name_en = models.CharField(_("English name"), max_length=60, blank=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name


class VolunteerQuerySet(models.QuerySet["Volunteer"]):
    def active(self):
        return self.filter(status=Volunteer.Status.ACTIVE)


class Volunteer(TimeStampedModel):
    """A real-name volunteer profile. ID number and phone are stored encrypted, found by keyed hash."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        ERASED = "erased", _("Erased")

    class Gender(models.TextChoices):
        MALE = "male", _("Male")
        FEMALE = "female", _("Female")

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="volunteer")
    real_name = models.CharField(_("real name"), max_length=50)
    id_number = EncryptedTextField(_("resident ID number"), blank=True)
    id_number_hash = models.CharField(max_length=64, unique=True, null=True, editable=False)
    birth_date = models.DateField(_("birth date"), null=True)
    gender = models.CharField(_("gender"), max_length=6, choices=Gender.choices)
    home_area = models.ForeignKey("areas.Area", on_delete=models.PROTECT, related_name="volunteers")
    skills = models.ManyToManyField(Skill, blank=True, related_name="volunteers")
    availability = models.PositiveIntegerField(_("weekly availability"), default=0)
    guardian_name = models.CharField(_("guardian's name"), max_length=50, blank=True)
    guardian_phone = EncryptedTextField(_("guardian's mobile number"), blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ACTIVE)
    erased_at = models.DateTimeField(null=True, blank=True)
    # The secret of the volunteer's "my events" calendar feed URL; reset it to revoke old subscriptions.
    calendar_token = models.CharField(max_length=43, unique=True, null=True, blank=True, editable=False)
    # Matching reads these two for hundreds of thousands of volunteers at once, so they are kept here,
    # refreshed by volunteers.services.refresh_match_stats when hours or attendance change and nightly
    # (reliability decays with time). The volunteer's own view computes them live.
    reliability = models.PositiveSmallIntegerField(default=100, editable=False)
    recent_hours = models.DecimalField(max_digits=7, decimal_places=2, default=0, editable=False)

    objects = VolunteerQuerySet.as_manager()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(status="erased") | Q(id_number_hash__isnull=False, birth_date__isnull=False),
                name="active_volunteer_has_identity",
            ),
            models.CheckConstraint(
                condition=Q(availability__lt=1 << len(AVAILABILITY_SLOTS)), name="availability_fits_week"
            ),
        ]
        indexes = [
            # matching reads these columns for every volunteer of a street/town: an index-only scan
            models.Index(
                fields=["status", "home_area"],
                include=["id", "availability", "reliability", "recent_hours", "birth_date"],
                name="volunteer_match_pool",
            ),
            models.Index(fields=["real_name"], name="volunteer_real_name"),
            models.Index(fields=["-created_at"], name="volunteer_newest"),
        ]

    def __str__(self) -> str:
        return self.real_name or f"#{self.pk}"


class Consent(models.Model):
    """A consent given (and maybe withdrawn): what, which text version, when. PIPL Arts. 14, 29, 31."""

    class Purpose(models.TextChoices):
        SENSITIVE_PERSONAL_INFORMATION = "sensitive_pi", _("Processing sensitive personal information")
        GUARDIAN = "guardian", _("Guardian's consent for a minor under 14")

    volunteer = models.ForeignKey(Volunteer, on_delete=models.CASCADE, related_name="consents")
    purpose = models.CharField(max_length=20, choices=Purpose.choices)
    version = models.CharField(max_length=20)
    given_at = models.DateTimeField()
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["given_at"]

    def __str__(self) -> str:
        return f"{self.get_purpose_display()} {self.version}"


STAR_THRESHOLDS = (100, 300, 600, 1000, 1500)  # cumulative hours for one to five stars


def star_level(hours) -> int:
    """Stars of a registered volunteer by cumulative verified hours (中国注册志愿者管理办法)."""
    return sum(hours >= threshold for threshold in STAR_THRESHOLDS)


class ServiceRecord(models.Model):
    """One entry of the service-hour ledger. Append-only: a mistake is corrected by a reversing entry."""

    class Source(models.TextChoices):
        EVENT = "event", _("Attended event")
        PARTNER_ACTIVITY = "partner_activity", _("Verified partner activity")
        SERVICE_ORDER = "service_order", _("Completed service order")
        ADJUSTMENT = "adjustment", _("Manual adjustment")
        REVERSAL = "reversal", _("Reversal")

    volunteer = models.ForeignKey(Volunteer, on_delete=models.PROTECT, related_name="service_records")
    hours = models.DecimalField(max_digits=7, decimal_places=2)
    source = models.CharField(max_length=20, choices=Source.choices)
    served_on = models.DateField()
    description = models.CharField(max_length=200, blank=True)
    registration = models.ForeignKey(
        "campaigns.Registration", null=True, blank=True, on_delete=models.PROTECT, related_name="service_records"
    )
    partner_activity = models.ForeignKey(
        "partners.PartnerActivity", null=True, blank=True, on_delete=models.PROTECT, related_name="service_records"
    )
    service_order = models.ForeignKey(
        "orders.ServiceOrder", null=True, blank=True, on_delete=models.PROTECT, related_name="service_records"
    )
    reverses = models.OneToOneField("self", null=True, blank=True, on_delete=models.PROTECT, related_name="reversed_by")
    reason = models.CharField(max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-served_on", "-id"]
        constraints = [
            models.CheckConstraint(condition=~Q(hours=0), name="service_record_hours_nonzero"),
            models.CheckConstraint(
                condition=Q(source="reversal", reverses__isnull=False)
                | (~Q(source="reversal") & Q(reverses__isnull=True)),
                name="service_record_reversal_names_its_entry",
            ),
            models.CheckConstraint(
                condition=~Q(source__in=["adjustment", "reversal"]) | ~Q(reason=""),
                name="service_record_correction_has_reason",
            ),
            models.CheckConstraint(
                condition=~Q(source="event") | Q(registration__isnull=False, hours__gt=0),
                name="service_record_event_entry_has_registration",
            ),
            models.UniqueConstraint(
                fields=["registration"], condition=Q(source="event"), name="one_event_credit_per_registration"
            ),
            models.CheckConstraint(
                condition=~Q(source="partner_activity") | Q(partner_activity__isnull=False, hours__gt=0),
                name="service_record_activity_entry_has_activity",
            ),
            models.UniqueConstraint(
                fields=["partner_activity", "volunteer"],
                condition=Q(source="partner_activity"),
                name="one_activity_credit_per_volunteer",
            ),
            models.CheckConstraint(
                condition=~Q(source="service_order") | Q(service_order__isnull=False, hours__gt=0),
                name="service_record_order_entry_has_order",
            ),
            models.UniqueConstraint(
                fields=["service_order", "volunteer"],
                condition=Q(source="service_order"),
                name="one_order_credit_per_volunteer",
            ),
        ]
        indexes = [
            models.Index(fields=["volunteer", "served_on"], name="service_record_volunteer_day"),
            models.Index(fields=["source", "served_on"], name="service_record_source_day"),
        ]

    def __str__(self) -> str:
        return f"{self.volunteer_id}: {self.hours} h ({self.source})"


class VolunteerTeam(TimeStampedModel):
    """A volunteer service team (志愿服务队) under a practice center or a partner.

    Its leader acts for the team (takes and reports service orders); its members see the team's work.
    """

    name = models.CharField(_("name"), max_length=80)
    center = models.ForeignKey(
        "areas.PracticeCenter", null=True, blank=True, on_delete=models.PROTECT, related_name="volunteer_teams"
    )
    partner = models.ForeignKey(
        "partners.Partner", null=True, blank=True, on_delete=models.PROTECT, related_name="volunteer_teams"
    )
    leader = models.ForeignKey(Volunteer, on_delete=models.PROTECT, related_name="led_teams")
    members = models.ManyToManyField(Volunteer, related_name="teams", blank=True)
    description = models.TextField(_("description"), max_length=2000, blank=True)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(center__isnull=False, partner__isnull=True) | Q(center__isnull=True, partner__isnull=False),
                name="team_under_a_center_or_a_partner",
            ),
        ]
        indexes = [models.Index(fields=["active", "center"], name="team_active_center")]

    def __str__(self) -> str:
        return self.name


class Certificate(models.Model):
    """A volunteer service certificate (志愿服务证明): a snapshot of the record, verifiable by number + code."""

    number = models.CharField(max_length=20, unique=True)
    verification_code = models.CharField(max_length=8)
    volunteer = models.ForeignKey(Volunteer, on_delete=models.PROTECT, related_name="certificates")
    holder_name = models.CharField(max_length=50)
    masked_id_number = models.CharField(max_length=18)
    total_hours = models.DecimalField(max_digits=9, decimal_places=2)
    star_level = models.PositiveSmallIntegerField()
    services = models.JSONField(default=list)
    issuing_center = models.ForeignKey(
        "areas.PracticeCenter", null=True, on_delete=models.SET_NULL, related_name="certificates"
    )
    issued_at = models.DateTimeField()

    class Meta:
        ordering = ["-issued_at", "-id"]

    def __str__(self) -> str:
        return self.number
