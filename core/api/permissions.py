"""Role checks for views. What a user may *see* is decided by selectors; these decide what they may *do*."""

from rest_framework.permissions import SAFE_METHODS, BasePermission

from accounts.scopes import scope_of


class IsDistrictAdmin(BasePermission):
    """District civilization office administrators (and superusers)."""

    def has_permission(self, request, view) -> bool:
        return scope_of(request.user).district_admin


class IsStaff(BasePermission):
    """District admins and practice-center coordinators."""

    def has_permission(self, request, view) -> bool:
        return scope_of(request.user).staff


class IsVolunteer(BasePermission):
    """Users with an active volunteer profile."""

    def has_permission(self, request, view) -> bool:
        return scope_of(request.user).volunteer_id is not None


class ReadOnly(BasePermission):
    """Anyone may read."""

    def has_permission(self, request, view) -> bool:
        return request.method in SAFE_METHODS
