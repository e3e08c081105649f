"""Reads of volunteer profiles, scoped to what the asking user may see."""

import hmac
from datetime import datetime, timedelta
from decimal import Decimal

from django.db.models import Exists, OuterRef, Q, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

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


def reliability_of(volunteer, *, now: datetime | None = None) -> dict:
    """A 0–100 score: each no-show costs 20 points and each late cancellation 10, halving every 180 days.

    Excused no-shows cost nothing. The volunteer sees the score and what it is made of.
    """
    from campaigns.models import Registration

    now = now or timezone.now()
    rows = (
        Registration.objects.filter(volunteer=volunteer)
        .filter(Q(attendance=Registration.Attendance.NO_SHOW) | Q(late_cancellation=True))
        .values_list("attendance", "late_cancellation", "event__starts_at", "cancelled_at")
    )
    penalty, no_shows, late = 0.0, 0, 0
    for attendance, _late, starts_at, cancelled_at in rows:
        if attendance == Registration.Attendance.NO_SHOW:
            weight, when = NO_SHOW_WEIGHT, starts_at
            no_shows += 1
        else:
            weight, when = LATE_CANCELLATION_WEIGHT, cancelled_at or starts_at
            late += 1
        age_days = max((now - when).total_seconds() / 86400, 0)
        penalty += weight * 0.5 ** (age_days / RELIABILITY_HALF_LIFE_DAYS)
    attended = Registration.objects.filter(volunteer=volunteer, attendance=Registration.Attendance.ATTENDED).count()
    return {
        "score": max(0, round(100 - 20 * penalty)),
        "no_shows": no_shows,
        "late_cancellations": late,
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
