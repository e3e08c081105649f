"""What a user may see: their roles resolved once per request into areas, partners and self."""

from dataclasses import dataclass, field

from accounts.models import Membership

_CACHE_ATTRIBUTE = "_gongjian_scope"


@dataclass(frozen=True)
class Scope:
    authenticated: bool = False
    district_admin: bool = False
    coordinator_areas: tuple = ()  # Area objects of the centers the user coordinates
    coordinator_center_ids: frozenset[int] = field(default_factory=frozenset)
    admin_partner_ids: frozenset[int] = field(default_factory=frozenset)
    member_partner_ids: frozenset[int] = field(default_factory=frozenset)
    volunteer_id: int | None = None

    @property
    def coordinator(self) -> bool:
        return bool(self.coordinator_areas)

    @property
    def staff(self) -> bool:
        """District admins and coordinators: the people who run campaigns and review partners."""
        return self.district_admin or self.coordinator

    def covers_area(self, area) -> bool:
        """True when the area lies in the district admin's or one of the coordinator's subtrees."""
        return self.district_admin or any(area.path.startswith(own.path) for own in self.coordinator_areas)


ANONYMOUS = Scope()


def scope_of(user) -> Scope:
    """The user's scope, computed with two queries and cached on the user object for the request."""
    if user is None or not user.is_authenticated:
        return ANONYMOUS
    cached = getattr(user, _CACHE_ATTRIBUTE, None)
    if cached is not None:
        return cached
    memberships = list(
        Membership.objects.filter(user=user, status=Membership.Status.ACTIVE).select_related("center__area")
    )
    from volunteers.models import Volunteer

    volunteer_id = Volunteer.objects.active().filter(user=user).values_list("id", flat=True).first()
    roles = Membership.Role
    scope = Scope(
        authenticated=True,
        district_admin=user.is_superuser or any(m.role == roles.DISTRICT_ADMIN for m in memberships),
        coordinator_areas=tuple(m.center.area for m in memberships if m.role == roles.COORDINATOR),
        coordinator_center_ids=frozenset(m.center_id for m in memberships if m.role == roles.COORDINATOR),
        admin_partner_ids=frozenset(m.partner_id for m in memberships if m.role == roles.PARTNER_ADMIN),
        member_partner_ids=frozenset(
            m.partner_id for m in memberships if m.role in (roles.PARTNER_ADMIN, roles.PARTNER_MEMBER)
        ),
        volunteer_id=volunteer_id,
    )
    setattr(user, _CACHE_ATTRIBUTE, scope)
    return scope


def forget_scope(user) -> None:
    """Drop the cached scope after the user's roles changed within the same request."""
    if hasattr(user, _CACHE_ATTRIBUTE):
        delattr(user, _CACHE_ATTRIBUTE)
