from django.contrib import admin

from core.models import IdempotencyRecord, Notice


@admin.register(Notice)
class NoticeAdmin(admin.ModelAdmin):
    list_display = ["sent_at", "user", "subject", "channels"]
    search_fields = ["subject", "key"]
    raw_id_fields = ["user"]
    date_hierarchy = "sent_at"


@admin.register(IdempotencyRecord)
class IdempotencyRecordAdmin(admin.ModelAdmin):
    list_display = ["created_at", "user", "key", "status_code"]
    raw_id_fields = ["user"]
    exclude = ["body"]
