from django.contrib import admin

from areas.models import Area, PracticeCenter


@admin.register(Area)
class AreaAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "level", "parent", "population"]
    list_filter = ["level"]
    search_fields = ["name", "code"]
    list_select_related = ["parent"]
    readonly_fields = ["path"]
    raw_id_fields = ["parent"]


@admin.register(PracticeCenter)
class PracticeCenterAdmin(admin.ModelAdmin):
    list_display = ["name", "level", "area", "phone"]
    list_filter = ["level"]
    search_fields = ["name"]
    list_select_related = ["area"]
    raw_id_fields = ["area"]
