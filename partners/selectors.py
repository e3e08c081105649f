"""Reads of partners, their members and agreements, scoped to what the asking user may see."""

from django.db.models import Q

from accounts.models import Membership
from accounts.scopes import scope_of
from partners.models import Agreement, Partner


def partners_visible_to(user):
    """District admins: all; coordinators: partners in their area subtree; partner people: their own."""
    scope = scope_of(user)
    if not scope.authenticated:
        return Partner.objects.none()
    queryset = Partner.objects.select_related("area")
    if scope.district_admin:
        return queryset
    condition = Q(pk__in=scope.member_partner_ids)
    for area in scope.coordinator_areas:
        condition |= Q(area__path__startswith=area.path)
    return queryset.filter(condition)


def partner_directory():
    """Approved partners' public names, for anyone choosing an affiliation."""
    return Partner.objects.filter(status=Partner.Status.APPROVED).select_related("area").order_by("name")


def can_manage_partner(user, partner: Partner) -> bool:
    """Partner admins of this partner, coordinators covering its area, district admins."""
    scope = scope_of(user)
    return partner.pk in scope.admin_partner_ids or scope.covers_area(partner.area)


def can_review_partner(user, partner: Partner) -> bool:
    """Coordinators covering the partner's area, and district admins."""
    return scope_of(user).covers_area(partner.area)


def members_of(partner: Partner):
    """The partner's memberships with their users and volunteer profiles."""
    return Membership.objects.filter(partner=partner).select_related("user", "user__volunteer").order_by("role", "id")


def agreements_of(partner: Partner):
    """The partner's agreements with their commitments."""
    return Agreement.objects.filter(partner=partner).select_related("center").prefetch_related("commitments")
