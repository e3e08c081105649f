from django.contrib import admin

from partners.models import (
    ActivityParticipant,
    ActivityPhoto,
    Agreement,
    CampaignParticipation,
    Commitment,
    Partner,
    PartnerActivity,
)


@admin.register(Partner)
class PartnerAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "credit_code", "area", "status", "created_at"]
    list_filter = ["status", "kind"]
    search_fields = ["name", "credit_code"]
    list_select_related = ["area"]
    raw_id_fields = ["area", "reviewed_by"]
    exclude = ["contact_phone"]


class CommitmentInline(admin.TabularInline):
    model = Commitment
    extra = 0


@admin.register(Agreement)
class AgreementAdmin(admin.ModelAdmin):
    list_display = ["title", "partner", "starts_on", "ends_on", "signed_on"]
    list_select_related = ["partner"]
    raw_id_fields = ["partner", "center"]
    inlines = [CommitmentInline]


@admin.register(CampaignParticipation)
class CampaignParticipationAdmin(admin.ModelAdmin):
    list_display = ["partner", "campaign", "origin", "status", "created_at", "reviewed_at"]
    list_filter = ["status", "origin"]
    list_select_related = ["partner", "campaign"]
    raw_id_fields = ["partner", "campaign", "created_by"]
    # Invitations and answers go through the API's services, which audit them and tell the other side.
    readonly_fields = ["origin", "status", "review_reason", "reviewed_at", "reviewed_by"]


class ActivityParticipantInline(admin.TabularInline):
    model = ActivityParticipant
    extra = 0
    raw_id_fields = ["volunteer"]


class ActivityPhotoInline(admin.TabularInline):
    """Photo metadata only: the files are served by the API to those who may see the log, never as media URLs."""

    model = ActivityPhoto
    extra = 0
    fields = ["width", "height", "uploaded_at", "uploaded_by"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(PartnerActivity)
class PartnerActivityAdmin(admin.ModelAdmin):
    list_display = ["title", "partner", "occurred_on", "area", "status", "submitted_at", "reviewed_at"]
    list_filter = ["status"]
    search_fields = ["title"]
    list_select_related = ["partner", "area"]
    raw_id_fields = ["partner", "campaign", "area", "created_by"]
    # Submission and review go through the API's services, which credit hours to the ledger and audit them.
    readonly_fields = ["status", "submitted_at", "review_reason", "reviewed_at", "reviewed_by"]
    inlines = [ActivityParticipantInline, ActivityPhotoInline]
