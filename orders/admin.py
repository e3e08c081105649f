from django.contrib import admin

from core.identity import mask_phone
from orders.models import (
    FollowUp,
    Offer,
    OrderParticipant,
    OrderPhoto,
    PhoneVerification,
    Rating,
    ResidentMessage,
    ServiceItem,
    ServiceOrder,
    StatusChange,
)


@admin.register(ServiceItem)
class ServiceItemAdmin(admin.ModelAdmin):
    list_display = ["name", "center", "category", "active"]
    list_filter = ["active", "category"]
    search_fields = ["name"]
    list_select_related = ["center"]
    raw_id_fields = ["center"]
    filter_horizontal = ["skills"]


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


class StatusChangeInline(ReadOnlyInline):
    model = StatusChange
    fields = ["at", "action", "status", "actor", "actor_role", "center", "note"]


class OfferInline(ReadOnlyInline):
    model = Offer
    fields = ["team", "partner", "volunteer", "status", "reason", "created_at", "responded_at"]


class ParticipantInline(ReadOnlyInline):
    model = OrderParticipant
    fields = ["volunteer", "hours"]


class PhotoInline(ReadOnlyInline):
    model = OrderPhoto
    fields = ["image", "width", "height", "uploaded_at"]


@admin.register(ServiceOrder)
class ServiceOrderAdmin(admin.ModelAdmin):
    """Orders change state through the app (services keep history, deadlines and the ledger true): here the
    workflow fields are read-only and the resident's number is shown masked."""

    list_display = ["title", "community", "center", "status", "overdue", "due_at", "created_at"]
    list_filter = ["status", "overdue", "source", "category"]
    search_fields = ["title"]
    list_select_related = ["community", "center"]
    raw_id_fields = ["service_item", "community", "created_by"]
    exclude = ["contact_phone"]
    readonly_fields = [
        "masked_contact_phone",
        "center",
        "status",
        "due_at",
        "overdue",
        "missed_deadlines",
        "dispatched_at",
        "team",
        "partner",
        "volunteer",
        "taken_at",
        "event",
        "completed_at",
        "completed_by",
        "cancelled_at",
    ]
    date_hierarchy = "created_at"
    inlines = [StatusChangeInline, OfferInline, ParticipantInline, PhotoInline]

    @admin.display(description="联系电话")
    def masked_contact_phone(self, order: ServiceOrder) -> str:
        return mask_phone(order.contact_phone)


@admin.register(Offer)
class OfferAdmin(admin.ModelAdmin):
    list_display = ["order", "team", "partner", "volunteer", "status", "created_at"]
    list_filter = ["status"]
    list_select_related = ["order", "team", "partner", "volunteer"]
    raw_id_fields = ["order", "team", "partner", "volunteer", "offered_by", "responded_by"]


@admin.register(Rating)
class RatingAdmin(admin.ModelAdmin):
    list_display = ["order", "score", "created_at"]
    list_filter = ["score"]
    list_select_related = ["order"]
    raw_id_fields = ["order"]


@admin.register(FollowUp)
class FollowUpAdmin(admin.ModelAdmin):
    list_display = ["order", "center", "status", "created_at", "closed_at"]
    list_filter = ["status"]
    list_select_related = ["order", "center"]
    raw_id_fields = ["order", "center", "closed_by"]


class ResidentMessageInline(ReadOnlyInline):
    model = ResidentMessage
    fields = ["sent_at"]


@admin.register(StatusChange)
class StatusChangeAdmin(admin.ModelAdmin):
    """The history is a record: it is read here, never edited."""

    list_display = ["at", "order", "action", "status", "actor_role", "center"]
    list_filter = ["action", "actor_role"]
    list_select_related = ["order", "center"]
    raw_id_fields = ["order", "actor", "center"]
    inlines = [ResidentMessageInline]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(PhoneVerification)
class PhoneVerificationAdmin(admin.ModelAdmin):
    """Codes are stored as keyed hashes only; the rows can be looked at or deleted, not changed."""

    list_display = ["phone_hash", "expires_at", "used_at"]
    readonly_fields = ["phone_hash", "code_hash", "expires_at", "used_at", "sent_at"]

    def has_add_permission(self, request) -> bool:
        return False
