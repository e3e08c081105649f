"""Reads of volunteer profiles, scoped to what the asking user may see."""

import hmac
from datetime import datetime, timedelta
from decimal import Decimal

from django.db.models import Exists, OuterRef, Q, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from accounts.models import Membership
from accounts.scopes import scope_of
from areas.models import Area
from volunteers.models import Skill, Volunteer, VolunteerTeam


def volunteers_visible_to(user, *, within: Area | None = None):
    """District admins: all; coordinators: their area subtree; partner admins: their members; self.

    `within` narrows to an area's subtree. It is folded into the scope's own area condition (two subtrees of
    a tree are nested or apart), so the query says "these areas" once: said twice, PostgreSQL multiplies the
    two estimates and plans a search of a street's 17,000 volunteers as if it held 400.
    """
    scope = scope_of(user)
    if not scope.authenticated:
        return Volunteer.objects.none()
    queryset = Volunteer.objects.active().select_related("user", "home_area").prefetch_related("skills")
    in_area = Q(home_area_id__in=Area.objects.subtree_of(within).values("id")) if within else Q()
    if scope.district_admin:
        return queryset.filter(in_area)
    condition = Q(pk=scope.volunteer_id) & in_area if scope.volunteer_id else Q(pk__in=[])
    areas = [_narrower(own, within) for own in scope.coordinator_areas] if within else scope.coordinator_areas
    if areas := [area for area in areas if area is not None]:
        # by area ids, so the (status, home_area) index serves the query instead of a join on paths
        condition |= Q(home_area_id__in=Area.objects.subtree_of(*areas).values("id"))
    if scope.admin_partner_ids:
        members = Membership.objects.filter(partner_id__in=scope.admin_partner_ids).values("user_id")
        condition |= Q(user_id__in=members) & in_area
    return queryset.filter(condition)


def _narrower(area: Area, other: Area) -> Area | None:
    """The smaller of two nested areas (the intersection of their subtrees), or None when apart."""
    if area.path.startswith(other.path):
        return area
    return other if other.path.startswith(area.path) else None


def _team_area_condition(scope) -> Q:
    """Teams of centers, or of partners, whose area lies in a coordinator's areas (never an empty Q)."""
    condition = Q(pk__in=[])
    for area in scope.coordinator_areas:
        condition |= Q(center__area__path__startswith=area.path) | Q(partner__area__path__startswith=area.path)
    return condition


def teams_visible_to(user):
    """District admins: all; coordinators: teams in their area; partner people: their partner's; members: theirs."""
    scope = scope_of(user)
    if not scope.authenticated:
        return VolunteerTeam.objects.none()
    queryset = VolunteerTeam.objects.select_related("center", "partner", "leader").prefetch_related("members")
    if scope.district_admin:
        return queryset
    condition = _team_area_condition(scope) | Q(partner_id__in=scope.member_partner_ids)
    if scope.volunteer_id:
        members = VolunteerTeam.members.through.objects.filter(volunteer_id=scope.volunteer_id)
        condition |= Q(leader_id=scope.volunteer_id) | Q(pk__in=members.values("volunteerteam_id"))
    return queryset.filter(condition)


def teams_managed_by(user):
    """Teams the user may edit: coordinators covering their center or partner, the partner's admins."""
    scope = scope_of(user)
    if scope.district_admin:
        return VolunteerTeam.objects.all()
    return VolunteerTeam.objects.filter(_team_area_condition(scope) | Q(partner_id__in=scope.admin_partner_ids))


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


def hours_of(volunteer) -> Decimal:
    """Total credited hours: the sum of the ledger (reversals included, so corrections count)."""
    return volunteer.service_records.aggregate(total=Coalesce(Sum("hours"), Decimal("0")))["total"]


def service_records_of(volunteer):
    """The volunteer's ledger, newest first, each entry marked when a later entry reversed it."""
    from volunteers.models import ServiceRecord

    reversal = ServiceRecord.objects.filter(reverses=OuterRef("pk"))
    return volunteer.service_records.annotate(is_reversed=Exists(reversal)).order_by("-served_on", "-id")


RELIABILITY_HALF_LIFE_DAYS = 180
NO_SHOW_WEIGHT, LATE_CANCELLATION_WEIGHT = 1.0, 0.5


def reliability_score(penalties, *, now: datetime) -> int:
    """0–100 from (weight, when) pairs: a no-show (weight 1) costs 20 points, a late cancellation (0.5)
    costs 10, and each cost halves every 180 days. Excused no-shows are not penalties at all."""
    penalty = sum(
        weight * 0.5 ** (max((now - when).total_seconds(), 0) / 86400 / RELIABILITY_HALF_LIFE_DAYS)
        for weight, when in penalties
    )
    return max(0, round(100 - 20 * penalty))


def penalty_rows(volunteer_ids=None):
    """(volunteer_id, weight, when) of every no-show and late cancellation, optionally for some volunteers."""
    from campaigns.models import Registration

    rows = Registration.objects.filter(Q(attendance=Registration.Attendance.NO_SHOW) | Q(late_cancellation=True))
    if volunteer_ids is not None:
        rows = rows.filter(volunteer_id__in=volunteer_ids)
    for volunteer_id, attendance, starts_at, cancelled_at in rows.values_list(
        "volunteer_id", "attendance", "event__starts_at", "cancelled_at"
    ):
        if attendance == Registration.Attendance.NO_SHOW:
            yield volunteer_id, NO_SHOW_WEIGHT, starts_at
        else:
            yield volunteer_id, LATE_CANCELLATION_WEIGHT, cancelled_at or starts_at


def reliability_of(volunteer, *, now: datetime | None = None) -> dict:
    """The volunteer's reliability score and what it is made of."""
    from campaigns.models import Registration

    now = now or timezone.now()
    penalties = [(weight, when) for _id, weight, when in penalty_rows([volunteer.pk])]
    attended = Registration.objects.filter(volunteer=volunteer, attendance=Registration.Attendance.ATTENDED).count()
    return {
        "score": reliability_score(penalties, now=now),
        "no_shows": sum(weight == NO_SHOW_WEIGHT for weight, _when in penalties),
        "late_cancellations": sum(weight == LATE_CANCELLATION_WEIGHT for weight, _when in penalties),
        "attended": attended,
    }


def certificates_of(volunteer):
    return volunteer.certificates.select_related("issuing_center")


def verify_certificate(*, number: str, code: str):
    """The certificate with this number and code, or None (the same answer for a wrong number or code)."""
    from volunteers.models import Certificate

    certificate = Certificate.objects.select_related("issuing_center").filter(number=number.strip().upper()).first()
    if certificate is None or not hmac.compare_digest(certificate.verification_code, code.strip().upper()):
        return None
    return certificate


def volunteer_by_calendar_token(token: str):
    return Volunteer.objects.active().filter(calendar_token=token).first() if token else None


def volunteer_calendar_registrations(volunteer):
    """Confirmed registrations from 30 days back, for the calendar feed."""
    from campaigns.models import Registration

    since = timezone.now() - timedelta(days=30)
    return (
        Registration.objects.confirmed()
        .filter(volunteer=volunteer, event__ends_at__gte=since)
        .select_related("event__campaign")
        .order_by("event__starts_at")
    )
