from django.contrib import admin

from campaigns.models import Campaign, Event, Invitation, Registration, Reservation


@admin.register(Campaign)
class CampaignAdmin(admin.ModelAdmin):
    list_display = ["title", "theme", "center", "starts_on", "ends_on", "status"]
    list_filter = ["status", "theme"]
    search_fields = ["title"]
    list_select_related = ["center"]
    raw_id_fields = ["center", "created_by"]
    filter_horizontal = ["target_areas", "skills_wanted"]


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ["title", "campaign", "starts_at", "area", "capacity", "confirmed_count", "status"]
    list_filter = ["status"]
    search_fields = ["title"]
    list_select_related = ["campaign", "area"]
    raw_id_fields = ["campaign", "area", "partner_only"]
    readonly_fields = ["confirmed_count", "series"]
    date_hierarchy = "starts_at"


@admin.register(Registration)
class RegistrationAdmin(admin.ModelAdmin):
    list_display = ["event", "volunteer", "status", "attendance", "checked_in_at", "created_at"]
    list_filter = ["status", "attendance"]
    list_select_related = ["event", "volunteer"]
    raw_id_fields = ["event", "volunteer", "reservation"]


@admin.register(Reservation)
class ReservationAdmin(admin.ModelAdmin):
    list_display = ["event", "partner", "places", "created_at"]
    list_select_related = ["event", "partner"]
    raw_id_fields = ["event", "partner", "created_by"]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["event", "volunteer", "status", "score", "created_at"]
    list_filter = ["status"]
    list_select_related = ["event", "volunteer"]
    raw_id_fields = ["event", "volunteer", "invited_by", "registration"]
