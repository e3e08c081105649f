"""Reads of volunteer profiles, scoped to what the asking user may see."""

from django.db.models import Q

from accounts.models import Membership
from accounts.scopes import scope_of
from volunteers.models import Skill, Volunteer


def volunteers_visible_to(user):
    """District admins: all; coordinators: their area subtree; partner admins: their members; self."""
    scope = scope_of(user)
    if not scope.authenticated:
        return Volunteer.objects.none()
    queryset = Volunteer.objects.active().select_related("user", "home_area").prefetch_related("skills")
    if scope.district_admin:
        return queryset
    condition = Q(pk=scope.volunteer_id) if scope.volunteer_id else Q(pk__in=[])
    for area in scope.coordinator_areas:
        condition |= Q(home_area__path__startswith=area.path)
    if scope.admin_partner_ids:
        members = Membership.objects.filter(partner_id__in=scope.admin_partner_ids).values("user_id")
        condition |= Q(user_id__in=members)
    return queryset.filter(condition)


def own_volunteer_profile(user) -> Volunteer | None:
    """The user's own active profile, or None."""
    scope = scope_of(user)
    if scope.volunteer_id is None:
        return None
    return (
        Volunteer.objects.select_related("user", "home_area")
        .prefetch_related("skills", "consents")
        .get(pk=scope.volunteer_id)
    )


def skills_list():
    """The skill catalogue (public)."""
    return Skill.objects.all()
