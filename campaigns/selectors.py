"""Reads of campaigns, events and registrations, scoped to the asking user."""

from django.db.models import Count, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce

from accounts.scopes import scope_of
from campaigns.models import Campaign, Event, Registration, Reservation

PUBLIC_CAMPAIGN_STATUSES = (Campaign.Status.PUBLISHED, Campaign.Status.CLOSED)


def _staff_campaign_condition(scope, prefix: str = "") -> Q:
    """Campaigns whose organizing center lies in the staff member's areas (all for district admins).

    Never an empty Q: `Q(a) | Q()` is just `Q(a)` in Django, which would hide everything extra.
    """
    if scope.district_admin:
        return Q(**{f"{prefix}pk__isnull": False})
    condition = Q(pk__in=[])
    for area in scope.coordinator_areas:
        condition |= Q(**{f"{prefix}center__area__path__startswith": area.path})
    return condition


def campaigns_visible_to(user):
    """Published and closed campaigns for everyone; drafts and cancelled ones for staff in scope."""
    scope = scope_of(user)
    visible = Q(status__in=PUBLIC_CAMPAIGN_STATUSES)
    if scope.staff:
        visible |= _staff_campaign_condition(scope)
    return (
        Campaign.objects.filter(visible)
        .select_related("center")
        .prefetch_related("target_areas", "skills_wanted")
        .annotate(event_count=Count("events", distinct=True))
    )


def campaigns_managed_by(user):
    """Campaigns the user may edit: those of centers in a coordinator's areas, all for district admins."""
    scope = scope_of(user)
    if not scope.staff:
        return Campaign.objects.none()
    return Campaign.objects.filter(_staff_campaign_condition(scope)).select_related("center__area")


def _waitlist_count():
    waitlisted = (
        Registration.objects.filter(event=OuterRef("pk"), status=Registration.Status.WAITLISTED)
        .order_by()
        .values("event")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(waitlisted, output_field=IntegerField()), Value(0))


def events_visible_to(user):
    """Events of the campaigns the user can see, with their campaign, area, skills and waitlist length."""
    scope = scope_of(user)
    visible = Q(campaign__status__in=PUBLIC_CAMPAIGN_STATUSES)
    if scope.staff:
        visible |= _staff_campaign_condition(scope, prefix="campaign__")
    return (
        Event.objects.filter(visible)
        .select_related("campaign", "area")
        .prefetch_related("skills_wanted")
        .annotate(waitlist_count=_waitlist_count())
    )


def events_managed_by(user):
    """Events the user may edit, check people in for, and see the registrations of."""
    scope = scope_of(user)
    if not scope.staff:
        return Event.objects.none()
    return Event.objects.filter(_staff_campaign_condition(scope, prefix="campaign__")).select_related(
        "campaign__center__area", "area"
    )


def _waitlist_position():
    earlier = (
        Registration.objects.filter(event=OuterRef("event"), status=Registration.Status.WAITLISTED)
        .filter(Q(created_at__lt=OuterRef("created_at")) | Q(created_at=OuterRef("created_at"), pk__lt=OuterRef("pk")))
        .order_by()
        .values("event")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(earlier, output_field=IntegerField()), Value(0)) + 1


def registrations_visible_to(user):
    """A volunteer's own; a partner admin's reserved places; staff: those of events in their scope."""
    scope = scope_of(user)
    condition = Q(volunteer_id=scope.volunteer_id) if scope.volunteer_id else Q(pk__in=[])
    if scope.admin_partner_ids:
        condition |= Q(reservation__partner_id__in=scope.admin_partner_ids)
    if scope.staff:
        condition |= _staff_campaign_condition(scope, prefix="event__campaign__")
    return (
        Registration.objects.filter(condition)
        .select_related("event__campaign", "event__area", "volunteer__user")
        .annotate(waitlist_position=_waitlist_position())
    )


def reservations_visible_to(user):
    """A partner admin's reservations; staff see those of events in their scope."""
    scope = scope_of(user)
    condition = Q(partner_id__in=scope.admin_partner_ids)
    if scope.staff:
        condition |= _staff_campaign_condition(scope, prefix="event__campaign__")
    return (
        Reservation.objects.filter(condition)
        .select_related("event", "partner")
        .annotate(assigned=Count("registrations", filter=Q(registrations__status=Registration.Status.CONFIRMED)))
    )
