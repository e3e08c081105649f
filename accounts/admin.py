from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from accounts.models import AuditEvent, Membership, User
from core.identity import mask_phone


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ["username", "name", "masked_phone", "is_active", "is_superuser", "date_joined"]
    list_filter = ["is_active", "is_superuser"]
    search_fields = ["username", "name"]
    ordering = ["-date_joined"]
    readonly_fields = ["masked_phone", "last_login", "date_joined", "erased_at"]
    fieldsets = [
        (None, {"fields": ["username", "password", "name", "masked_phone", "email"]}),
        ("状态", {"fields": ["is_active", "is_staff", "is_superuser", "last_login", "date_joined", "erased_at"]}),
    ]
    add_fieldsets = [(None, {"fields": ["username", "name", "password1", "password2"]})]

    @admin.display(description="手机号")
    def masked_phone(self, user: User) -> str:
        return mask_phone(user.phone)


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "status", "center", "partner", "created_at"]
    list_filter = ["role", "status"]
    raw_id_fields = ["user", "center", "partner"]
    list_select_related = ["user", "center", "partner"]


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ["at", "action", "outcome", "actor", "target_type", "target_id", "ip"]
    list_filter = ["action", "outcome"]
    date_hierarchy = "at"

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
