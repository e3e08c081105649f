"""Reads of accounts, roles and the audit trail."""

from accounts.models import AuditEvent, Membership
from accounts.scopes import scope_of


def memberships_visible_to(user):
    """Every role for district admins; a user's own roles for everyone else."""
    queryset = Membership.objects.select_related("user", "center", "partner").order_by("id")
    if scope_of(user).district_admin:
        return queryset
    return queryset.filter(user=user) if user.is_authenticated else queryset.none()


def own_memberships(user):
    return Membership.objects.filter(user=user).select_related("center", "partner").order_by("id")


def audit_events_visible_to(user):
    """The audit trail, for district admins only."""
    if not scope_of(user).district_admin:
        return AuditEvent.objects.none()
    return AuditEvent.objects.select_related("actor")
