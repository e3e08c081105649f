"""Service orders (群众点单 → 中心派单 → 志愿者接单 → 群众评单): the glossary's `ServiceRequest`.

A resident, a community worker or a center's patrol orders a service; the practice center responsible for the
community (station → institute → center, one level up whenever a level cannot serve) offers it to a volunteer
team, a partner or volunteers, or publishes it for them to take, first come first served; the taker does the
work and reports it with a note and photos; the resident rates it through the secret link sent to them.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from areas.models import ancestor_paths
from core import crypto
from core.fields import EncryptedTextField
from core.models import StoredPhoto, TimeStampedModel

PHONE_INDEX = "order-phone"
TRACKING_INDEX = "order-tracking"


def contact_phone_hash(phone: str) -> str:
    """The keyed hash residents' orders are found by; not the one accounts log in with, so the two never link."""
    return crypto.blind_index(phone, purpose=PHONE_INDEX)


def tracking_token_hash(token: str) -> str:
    """The keyed hash a resident's tracking link is found by."""
    return crypto.blind_index(token, purpose=TRACKING_INDEX)


class Category(models.TextChoices):
    DIGITAL_HELP = "digital_help", _("Help with phones and the internet")
    CLEAN_UP = "clean_up", _("Clean-up and environment")
    LEGAL = "legal", _("Legal consultation")
    MEDICAL = "medical", _("Health and medical consultation")
    BARRIER_FREE = "barrier_free", _("Barrier-free fixes")
    ELDERLY_CHILDREN = "elderly_children", _("Care for the elderly and children")
    CULTURE = "culture", _("Culture and education")
    OTHER = "other", _("Other")


class ServiceItem(TimeStampedModel):
    """One entry of a practice center's service menu (服务菜单), which residents order from."""

    center = models.ForeignKey("areas.PracticeCenter", on_delete=models.PROTECT, related_name="service_items")
    name = models.CharField(_("name"), max_length=80)
    description = models.TextField(_("description"), max_length=2000, blank=True)
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    skills = models.ManyToManyField("volunteers.Skill", related_name="service_items", blank=True)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["center_id", "name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["center", "name"], name="one_service_item_name_per_center"),
        ]
        indexes = [models.Index(fields=["active", "category"], name="service_item_active_category")]

    def __str__(self) -> str:
        return self.name


class ServiceOrder(TimeStampedModel):
    """A service ordered for a community, with the center now responsible for it and whoever took it.

    `due_at` is the deadline of the step the order is in (dispatch, take, complete); the scheduled task
    flags an order past it and hands it one level up. The resident's phone is stored encrypted and found by
    its keyed hash; the tracking token likewise (the encrypted copy lets later messages repeat the link).
    """

    class Source(models.TextChoices):
        RESIDENT = "resident", _("Resident")
        COMMUNITY_WORKER = "community_worker", _("Community worker")
        PATROL = "patrol", _("Center patrol")

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Awaiting dispatch")
        DISPATCHED = "dispatched", _("Dispatched, awaiting acceptance")
        PUBLISHED = "published", _("Open for taking")
        ACCEPTED = "accepted", _("Taken")
        COMPLETED = "completed", _("Completed")
        CANCELLED = "cancelled", _("Cancelled")

    OPEN = (Status.SUBMITTED, Status.DISPATCHED, Status.PUBLISHED, Status.ACCEPTED)
    WAITING = (Status.SUBMITTED, Status.DISPATCHED, Status.PUBLISHED)  # nobody has taken it yet

    source = models.CharField(_("source"), max_length=20, choices=Source.choices)
    service_item = models.ForeignKey(
        ServiceItem, null=True, blank=True, on_delete=models.PROTECT, related_name="orders"
    )
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    title = models.CharField(_("title"), max_length=100)
    description = models.TextField(_("description"), max_length=2000, blank=True)
    community = models.ForeignKey("areas.Area", on_delete=models.PROTECT, related_name="service_orders")
    address = models.CharField(_("address"), max_length=200)
    preferred_start = models.DateTimeField(_("preferred start"), null=True, blank=True)
    preferred_end = models.DateTimeField(_("preferred end"), null=True, blank=True)
    contact_name = models.CharField(_("contact name"), max_length=50, blank=True)
    contact_phone = EncryptedTextField(_("contact mobile number"), blank=True)
    contact_phone_hash = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    tracking_token = EncryptedTextField(editable=False)
    tracking_token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    center = models.ForeignKey("areas.PracticeCenter", on_delete=models.PROTECT, related_name="service_orders")
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.SUBMITTED)
    due_at = models.DateTimeField(null=True, blank=True)
    overdue = models.BooleanField(default=False)
    missed_deadlines = models.PositiveSmallIntegerField(default=0)
    dispatched_at = models.DateTimeField(null=True, blank=True)

    team = models.ForeignKey(
        "volunteers.VolunteerTeam", null=True, blank=True, on_delete=models.PROTECT, related_name="service_orders"
    )
    partner = models.ForeignKey(
        "partners.Partner", null=True, blank=True, on_delete=models.PROTECT, related_name="service_orders"
    )
    volunteer = models.ForeignKey(
        "volunteers.Volunteer", null=True, blank=True, on_delete=models.PROTECT, related_name="service_orders"
    )
    taken_at = models.DateTimeField(null=True, blank=True)
    starts_at = models.DateTimeField(_("starts at"), null=True, blank=True)
    ends_at = models.DateTimeField(_("ends at"), null=True, blank=True)
    event = models.OneToOneField(
        "campaigns.Event", null=True, blank=True, on_delete=models.SET_NULL, related_name="service_order"
    )

    completion_note = models.TextField(_("completion note"), max_length=2000, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    cancel_reason = models.CharField(_("reason for cancelling"), max_length=500, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(team__isnull=True, partner__isnull=True)
                | Q(team__isnull=False, partner__isnull=True, volunteer__isnull=True)
                | Q(team__isnull=True, partner__isnull=False, volunteer__isnull=True)
                | Q(team__isnull=True, partner__isnull=True, volunteer__isnull=False),
                name="order_taken_by_at_most_one",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["accepted", "completed"])
                | (
                    Q(taken_at__isnull=False)
                    & (Q(team__isnull=False) | Q(partner__isnull=False) | Q(volunteer__isnull=False))
                ),
                name="order_taken_has_taker",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["submitted", "dispatched", "published"])
                | Q(team__isnull=True, partner__isnull=True, volunteer__isnull=True),
                name="order_waiting_has_no_taker",
            ),
            models.CheckConstraint(
                condition=~Q(status="completed") | (Q(completed_at__isnull=False) & ~Q(completion_note="")),
                name="order_completion_has_note",
            ),
            models.CheckConstraint(
                condition=~Q(status="cancelled") | (Q(cancelled_at__isnull=False) & ~Q(cancel_reason="")),
                name="order_cancellation_has_reason",
            ),
            models.CheckConstraint(
                condition=~Q(source="resident") | ~Q(contact_phone_hash=""), name="resident_order_has_phone"
            ),
            models.CheckConstraint(
                condition=Q(preferred_end__isnull=True)
                | Q(preferred_start__isnull=True)
                | Q(preferred_end__gt=F("preferred_start")),
                name="order_preferred_end_after_start",
            ),
            models.CheckConstraint(
                condition=Q(ends_at__isnull=True) | Q(starts_at__isnull=True) | Q(ends_at__gt=F("starts_at")),
                name="order_ends_after_start",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "due_at"], name="order_status_due"),
            models.Index(fields=["center", "status"], name="order_center_status"),
            models.Index(fields=["community", "created_at"], name="order_community_created"),
            models.Index(fields=["created_at"], name="order_created"),
            models.Index(fields=["team", "status"], name="order_team_status"),
            models.Index(fields=["partner", "status"], name="order_partner_status"),
            models.Index(fields=["volunteer", "status"], name="order_volunteer_status"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def service_path(self) -> str:
        """The area those who take the order may come from: the responsible center's, and never less than the
        community's street or town (neighbours of the 15-minute life circle help a station's community)."""
        paths = ancestor_paths(self.community.path)
        street = paths[-2] if len(paths) > 1 else paths[-1]
        return min(self.center.area.path, street, key=len)

    def can_be_served_from(self, area) -> bool:
        """A team, partner or volunteer of `area` serves the order from within its service area, or from above
        (a team of the institute or of the center covers the community too)."""
        return area.path.startswith(self.service_path) or self.community.path.startswith(area.path)

    @property
    def step(self) -> str | None:
        """The step the order waits on, whose deadline `due_at` is: dispatch, take or complete."""
        return STEP_OF_STATUS.get(self.status)


STEP_OF_STATUS = {
    ServiceOrder.Status.SUBMITTED: "dispatch",
    ServiceOrder.Status.DISPATCHED: "take",
    ServiceOrder.Status.PUBLISHED: "take",
    ServiceOrder.Status.ACCEPTED: "complete",
}


class Offer(TimeStampedModel):
    """The center offers an order to one team, partner or volunteer, who accepts or declines with a reason."""

    class Status(models.TextChoices):
        OFFERED = "offered", _("Offered")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    order = models.ForeignKey(ServiceOrder, on_delete=models.CASCADE, related_name="offers")
    team = models.ForeignKey(
        "volunteers.VolunteerTeam", null=True, blank=True, on_delete=models.PROTECT, related_name="order_offers"
    )
    partner = models.ForeignKey(
        "partners.Partner", null=True, blank=True, on_delete=models.PROTECT, related_name="order_offers"
    )
    volunteer = models.ForeignKey(
        "volunteers.Volunteer", null=True, blank=True, on_delete=models.PROTECT, related_name="order_offers"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OFFERED)
    reason = models.CharField(_("reason"), max_length=500, blank=True)
    offered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    responded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(team__isnull=False, partner__isnull=True, volunteer__isnull=True)
                | Q(team__isnull=True, partner__isnull=False, volunteer__isnull=True)
                | Q(team__isnull=True, partner__isnull=True, volunteer__isnull=False),
                name="offer_to_exactly_one",
            ),
            models.CheckConstraint(condition=~Q(status="declined") | ~Q(reason=""), name="offer_decline_has_reason"),
            models.UniqueConstraint(
                fields=["order"], condition=Q(status="accepted"), name="one_accepted_offer_per_order"
            ),
        ]
        indexes = [
            models.Index(fields=["order", "status"], name="offer_order_status"),
            models.Index(fields=["volunteer", "status"], name="offer_volunteer_status"),
            models.Index(fields=["team", "status"], name="offer_team_status"),
            models.Index(fields=["partner", "status"], name="offer_partner_status"),
        ]

    def __str__(self) -> str:
        return f"{self.order_id} → {self.team_id or self.partner_id or self.volunteer_id} ({self.status})"


class OrderParticipant(models.Model):
    """A volunteer who did the work of a completed order, and the hours credited to them for it."""

    order = models.ForeignKey(ServiceOrder, on_delete=models.CASCADE, related_name="participants")
    volunteer = models.ForeignKey("volunteers.Volunteer", on_delete=models.PROTECT, related_name="order_work")
    hours = models.DecimalField(_("hours"), max_digits=4, decimal_places=2)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["order", "volunteer"], name="one_participant_row_per_order"),
            models.CheckConstraint(condition=Q(hours__gt=0, hours__lte=24), name="order_hours_within_a_day"),
        ]

    def __str__(self) -> str:
        return f"{self.volunteer_id}: {self.hours} h"


def order_photo_name(instance, filename: str) -> str:
    """A server-chosen name: the uploaded file's own name never reaches the disk."""
    return f"order-photos/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.jpg"


class OrderPhoto(StoredPhoto):
    """A completion photo, stored re-encoded as JPEG without metadata (partners.photos), with a thumbnail."""

    order = models.ForeignKey(ServiceOrder, on_delete=models.CASCADE, related_name="photos")
    image = models.FileField(upload_to=order_photo_name)
    thumbnail = models.FileField(upload_to=order_photo_name)


class Rating(models.Model):
    """The resident's rating of a completed order: once (the one-to-one key), 1 to 5 with a comment."""

    order = models.OneToOneField(ServiceOrder, on_delete=models.CASCADE, related_name="rating")
    score = models.PositiveSmallIntegerField(_("score"))
    comment = models.CharField(_("comment"), max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(score__gte=1, score__lte=5), name="rating_score_one_to_five"),
        ]

    def __str__(self) -> str:
        return f"{self.order_id}: {self.score}"


class FollowUp(TimeStampedModel):
    """A low rating opens a follow-up for the center that handled the order; a coordinator closes it with a note."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    order = models.OneToOneField(ServiceOrder, on_delete=models.CASCADE, related_name="follow_up")
    center = models.ForeignKey("areas.PracticeCenter", on_delete=models.PROTECT, related_name="order_follow_ups")
    status = models.CharField(max_length=6, choices=Status.choices, default=Status.OPEN)
    note = models.TextField(_("note"), max_length=2000, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="open") | (Q(closed_at__isnull=False) & ~Q(note="")),
                name="follow_up_closed_with_note",
            ),
        ]
        indexes = [models.Index(fields=["center", "status"], name="follow_up_center_status")]

    def __str__(self) -> str:
        return f"{self.order_id} ({self.status})"


class StatusChange(models.Model):
    """One line of an order's history: who did what, when, and the status and center it left the order with."""

    class Action(models.TextChoices):
        CREATED = "created", _("Ordered")
        DISPATCHED = "dispatched", _("Dispatched")
        PUBLISHED = "published", _("Published for taking")
        DECLINED = "declined", _("Offer declined")
        ACCEPTED = "accepted", _("Offer accepted")
        GRABBED = "grabbed", _("Taken from the board")
        ESCALATED = "escalated", _("Handed up a level")
        OVERDUE = "overdue", _("Deadline missed")
        SCHEDULED = "scheduled", _("Scheduled")
        EVENT_OPENED = "event_opened", _("Opened for sign-up")
        COMPLETED = "completed", _("Completed")
        RATED = "rated", _("Rated")
        FOLLOW_UP_CLOSED = "follow_up_closed", _("Follow-up closed")
        CANCELLED = "cancelled", _("Cancelled")

    class ActorRole(models.TextChoices):
        RESIDENT = "resident", _("Resident")
        STAFF = "staff", _("Center staff")
        TAKER = "taker", _("Team, partner or volunteer")
        SYSTEM = "system", _("System")

    order = models.ForeignKey(ServiceOrder, on_delete=models.CASCADE, related_name="history")
    at = models.DateTimeField(default=timezone.now)
    action = models.CharField(max_length=20, choices=Action.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_role = models.CharField(max_length=10, choices=ActorRole.choices)
    status = models.CharField(max_length=12, choices=ServiceOrder.Status.choices)
    center = models.ForeignKey("areas.PracticeCenter", on_delete=models.PROTECT, related_name="+")
    note = models.CharField(max_length=500, blank=True)
    detail = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["order", "at"], name="status_change_order_at")]

    def __str__(self) -> str:
        return f"{self.order_id} {self.action} → {self.status}"


class PhoneVerification(models.Model):
    """The one-time code last sent to a phone (hashed), and when codes were sent (for the hourly limit).

    One row per phone, locked while a code is sent or checked, so concurrent requests count exactly.
    """

    phone_hash = models.CharField(max_length=64, unique=True)
    code_hash = models.CharField(max_length=64)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.JSONField(default=list)  # ISO timestamps of the sends within the last hour

    def __str__(self) -> str:
        return self.phone_hash[:12]


class ResidentMessage(models.Model):
    """A text sent to the resident about one line of the history, once: a redelivered task sends nothing."""

    change = models.OneToOneField(StatusChange, on_delete=models.CASCADE, related_name="resident_message")
    sent_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.change_id} @ {self.sent_at:%Y-%m-%d %H:%M}"
