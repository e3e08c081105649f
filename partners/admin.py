from django.contrib import admin

from partners.models import Agreement, Commitment, Partner


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
