from django.contrib import admin

from core.identity import mask_id_number
from volunteers.models import Certificate, Consent, ServiceRecord, Skill, Volunteer, VolunteerTeam


@admin.register(Skill)
class SkillAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "name_en"]


class ConsentInline(admin.TabularInline):
    model = Consent
    extra = 0
    readonly_fields = ["purpose", "version", "given_at", "withdrawn_at"]
    can_delete = False


@admin.register(Volunteer)
class VolunteerAdmin(admin.ModelAdmin):
    list_display = ["real_name", "masked_id_number", "gender", "home_area", "status", "created_at"]
    list_filter = ["status", "gender"]
    search_fields = ["real_name"]
    list_select_related = ["home_area"]
    raw_id_fields = ["user", "home_area"]
    exclude = ["id_number", "guardian_phone"]
    readonly_fields = ["masked_id_number", "birth_date", "gender", "erased_at"]
    inlines = [ConsentInline]

    @admin.display(description="身份证号码")
    def masked_id_number(self, volunteer: Volunteer) -> str:
        return mask_id_number(volunteer.id_number)


@admin.register(ServiceRecord)
class ServiceRecordAdmin(admin.ModelAdmin):
    """The hour ledger is append-only: entries are added through the app and corrected by reversal."""

    list_display = ["served_on", "volunteer", "hours", "source", "description"]
    list_filter = ["source"]
    list_select_related = ["volunteer"]
    raw_id_fields = ["volunteer", "registration", "partner_activity", "service_order", "reverses", "created_by"]

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def has_add_permission(self, request) -> bool:
        return False


@admin.register(Certificate)
class CertificateAdmin(admin.ModelAdmin):
    list_display = ["number", "holder_name", "total_hours", "star_level", "issued_at"]
    search_fields = ["number"]
    raw_id_fields = ["volunteer", "issuing_center"]
    readonly_fields = ["number", "verification_code", "masked_id_number", "total_hours", "star_level", "services"]


@admin.register(VolunteerTeam)
class VolunteerTeamAdmin(admin.ModelAdmin):
    list_display = ["name", "center", "partner", "leader", "active"]
    list_filter = ["active"]
    search_fields = ["name"]
    list_select_related = ["center", "partner", "leader"]
    raw_id_fields = ["center", "partner", "leader", "members"]
