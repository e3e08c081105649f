"""Reads of partners, their members, agreements, campaign participations and activity logs, scoped to the user."""

from decimal import Decimal

from django.db.models import Count, DecimalField, IntegerField, OuterRef, Prefetch, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from accounts.models import Membership
from accounts.scopes import scope_of
from campaigns.selectors import campaigns_managed_by
from partners.models import (
    ActivityParticipant,
    ActivityPhoto,
    Agreement,
    CampaignParticipation,
    Commitment,
    Partner,
    PartnerActivity,
)
from volunteers.models import ServiceRecord


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


# Campaign participation ----------------------------------------------------------------------------


def participations_visible_to(user):
    """Partner admins: their partners' participations; coordinators: those in campaigns they manage."""
    scope = scope_of(user)
    condition = Q(partner_id__in=scope.admin_partner_ids)
    if scope.staff:
        condition |= Q(campaign__in=campaigns_managed_by(user).values("pk"))
    return CampaignParticipation.objects.filter(condition).select_related("partner", "campaign")


def can_review_participation(user, participation: CampaignParticipation) -> bool:
    """Coordinators who manage the campaign (district admins manage all)."""
    return campaigns_managed_by(user).filter(pk=participation.campaign_id).exists()


def can_answer_invitation(user, participation: CampaignParticipation) -> bool:
    """The admins of the invited partner."""
    return participation.partner_id in scope_of(user).admin_partner_ids


def partners_invitable_by(user):
    """Partners an organizer may name in an invitation: approved ones anywhere, and any in their own scope (so a
    pending partner they look after gets a clear refusal, and one they cannot see stays unnamed)."""
    return Partner.objects.filter(Q(status=Partner.Status.APPROVED) | Q(pk__in=partners_visible_to(user).values("pk")))


def can_see_campaign_partners(user, campaign) -> bool:
    """A campaign's partner list: its organizers, and partner admins (who see their own partners' rows)."""
    return bool(scope_of(user).admin_partner_ids) or campaigns_managed_by(user).filter(pk=campaign.pk).exists()


# Activity logs ------------------------------------------------------------------------------------


def _activity_condition(scope, prefix: str = "") -> Q:
    """District admins: all; partner admins and members: their partner's; coordinators: their area subtree."""
    if scope.district_admin:
        return Q(**{f"{prefix}pk__isnull": False})
    condition = Q(**{f"{prefix}partner_id__in": scope.member_partner_ids})
    for area in scope.coordinator_areas:
        condition |= Q(**{f"{prefix}area__path__startswith": area.path})
    return condition


def _per_activity(model, aggregate, output_field, zero):
    rows = model.objects.filter(activity=OuterRef("pk")).order_by().values("activity").annotate(n=aggregate)
    return Coalesce(Subquery(rows.values("n"), output_field=output_field), Value(zero, output_field=output_field))


def activities_visible_to(user):
    """Activity logs the user may see, with partner, campaign and area, and their participant and photo counts."""
    scope = scope_of(user)
    if not scope.authenticated:
        return PartnerActivity.objects.none()
    hours = DecimalField(max_digits=9, decimal_places=2)
    return (
        PartnerActivity.objects.filter(_activity_condition(scope))
        .select_related("partner", "campaign", "area")
        .annotate(
            participant_count=_per_activity(ActivityParticipant, Count("pk"), IntegerField(), 0),
            total_hours=_per_activity(ActivityParticipant, Sum("hours"), hours, Decimal("0")),
            photo_count=_per_activity(ActivityPhoto, Count("pk"), IntegerField(), 0),
        )
    )


def activity_details_visible_to(user):
    """`activities_visible_to` with each log's participants (and their accounts) and photos."""
    participants = ActivityParticipant.objects.select_related("volunteer__user")
    return activities_visible_to(user).prefetch_related(Prefetch("participants", queryset=participants), "photos")


def can_edit_activity(user, activity: PartnerActivity) -> bool:
    """The admins of the activity's partner."""
    return activity.partner_id in scope_of(user).admin_partner_ids


def can_review_activity(user, activity: PartnerActivity) -> bool:
    """Coordinators whose area covers the activity's area, and district admins."""
    return scope_of(user).covers_area(activity.area)


def photos_visible_to(user):
    """Photos of the activity logs the user may see."""
    scope = scope_of(user)
    if not scope.authenticated:
        return ActivityPhoto.objects.none()
    return ActivityPhoto.objects.filter(_activity_condition(scope, prefix="activity__")).select_related("activity")


# Pledged and delivered ----------------------------------------------------------------------------


def _delivered_hours(agreement: Agreement) -> Decimal:
    """Ledger hours credited in the term for the partner's verified activities, its reserved event places and
    the service orders it completed.

    Read from the hour ledger, so a credit later reversed by a coordinator no longer counts.
    """
    credited = ServiceRecord.objects.filter(
        Q(source=ServiceRecord.Source.PARTNER_ACTIVITY, partner_activity__partner_id=agreement.partner_id)
        | Q(source=ServiceRecord.Source.EVENT, registration__reservation__partner_id=agreement.partner_id)
        | Q(source=ServiceRecord.Source.SERVICE_ORDER, service_order__partner_id=agreement.partner_id),
        served_on__range=(agreement.starts_on, agreement.ends_on),
    ).values("pk")
    entries = ServiceRecord.objects.filter(Q(pk__in=credited) | Q(reverses__in=credited))
    return entries.aggregate(total=Coalesce(Sum("hours"), Decimal("0")))["total"]


def _delivered_events(agreement: Agreement) -> int:
    """Verified activity logs that took place in the term, plus service orders the partner completed in it
    (both counted in one query)."""
    from orders.models import ServiceOrder

    activities = PartnerActivity.objects.filter(
        partner_id=OuterRef("pk"),
        status=PartnerActivity.Status.VERIFIED,
        occurred_on__range=(agreement.starts_on, agreement.ends_on),
    )
    orders = ServiceOrder.objects.filter(
        partner_id=OuterRef("pk"),
        status=ServiceOrder.Status.COMPLETED,
        completed_at__date__range=(agreement.starts_on, agreement.ends_on),
    )

    def count(rows):
        counted = rows.order_by().values("partner_id").annotate(n=Count("pk")).values("n")
        return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))

    return (
        Partner.objects.filter(pk=agreement.partner_id)
        .annotate(delivered=count(activities) + count(orders))
        .values_list("delivered", flat=True)
        .get()
    )


_MEASURES = {Commitment.Kind.VOLUNTEER_HOURS: _delivered_hours, Commitment.Kind.EVENTS: _delivered_events}


def agreement_progress(agreement: Agreement) -> list[dict]:
    """Each commitment, pledged against delivered within the term; one query a measure, resources unmeasured."""
    commitments = list(agreement.commitments.all())
    delivered = {
        kind: measure(agreement) for kind, measure in _MEASURES.items() if kind in {c.kind for c in commitments}
    }
    return [
        {
            "id": commitment.pk,
            "kind": commitment.kind,
            "description": commitment.description,
            "pledged": commitment.quantity,
            "delivered": delivered.get(commitment.kind),
        }
        for commitment in commitments
    ]


# Partners for a campaign --------------------------------------------------------------------------


def _credited_by_partner_and_day(since) -> dict[tuple[int, object], Decimal]:
    """Ledger hours per (partner, day) since a date: activity credits, reserved-place credits and the credits of
    service orders the partner took, each with their reversals (so a reversed credit no longer counts). Six
    grouped queries, each on an index."""
    source = ServiceRecord.Source
    streams = [
        (Q(source=source.PARTNER_ACTIVITY), "partner_activity__partner_id"),
        (Q(source=source.EVENT, registration__reservation__isnull=False), "registration__reservation__partner_id"),
        (Q(source=source.SERVICE_ORDER, service_order__partner__isnull=False), "service_order__partner_id"),
        (
            Q(source=source.REVERSAL, reverses__source=source.PARTNER_ACTIVITY),
            "reverses__partner_activity__partner_id",
        ),
        (
            Q(source=source.REVERSAL, reverses__registration__reservation__isnull=False),
            "reverses__registration__reservation__partner_id",
        ),
        (
            Q(source=source.REVERSAL, reverses__service_order__partner__isnull=False),
            "reverses__service_order__partner_id",
        ),
    ]
    totals: dict[tuple[int, object], Decimal] = {}
    for condition, partner_field in streams:
        rows = (
            ServiceRecord.objects.filter(condition, served_on__gte=since)
            .values(partner_field, "served_on")
            .annotate(total=Sum("hours"))
            .values_list(partner_field, "served_on", "total")
        )
        for partner_id, day, hours in rows:
            totals[(partner_id, day)] = totals.get((partner_id, day), Decimal("0")) + hours
    return totals


def _current_hours_by_partner(today) -> dict[int, tuple[Decimal, Decimal, float]]:
    """(pledged hours, delivered hours, elapsed share of the term) of each partner's current agreements,
    delivered hours measured as `agreement_progress` measures them."""
    agreements = list(
        Agreement.objects.filter(starts_on__lte=today, ends_on__gte=today, partner__status=Partner.Status.APPROVED)
        .annotate(
            pledged=Coalesce(
                Sum("commitments__quantity", filter=Q(commitments__kind=Commitment.Kind.VOLUNTEER_HOURS)),
                Value(Decimal("0")),
                output_field=DecimalField(),
            )
        )
        .values_list("partner_id", "starts_on", "ends_on", "pledged")
    )
    credited = _credited_by_partner_and_day(min((starts_on for _p, starts_on, _e, _q in agreements), default=today))
    by_partner: dict[int, list[tuple[object, Decimal]]] = {}
    for (partner_id, day), hours in credited.items():
        by_partner.setdefault(partner_id, []).append((day, hours))
    result: dict[int, tuple[Decimal, Decimal, float]] = {}
    for partner_id, starts_on, ends_on, pledged in agreements:
        delivered = sum(
            (hours for day, hours in by_partner.get(partner_id, ()) if starts_on <= day <= ends_on), Decimal("0")
        )
        elapsed = (today - starts_on).days / max((ends_on - starts_on).days, 1)
        before = result.get(partner_id, (Decimal("0"), Decimal("0"), 0.0))
        result[partner_id] = (before[0] + pledged, before[1] + delivered, max(before[2], elapsed))
    return result


def partner_candidates(campaign, *, limit: int = 50) -> list[dict]:
    """Approved partners ranked for a campaign, each with the parts of its score (see campaigns.matching)."""
    from campaigns.matching import PARTNER_PARTS, PARTNER_WEIGHTS, partner_parts, partner_score

    today = timezone.localdate()
    target_paths = [area.path for area in campaign.target_areas.all()]
    center_path = campaign.center.area.path
    kinds_wanted = set(campaign.partner_kinds_wanted or [])
    hours = _current_hours_by_partner(today)
    load = dict(
        CampaignParticipation.objects.filter(
            status=CampaignParticipation.Status.ACCEPTED, campaign__starts_on__lte=today, campaign__ends_on__gte=today
        )
        .values("partner_id")
        .annotate(n=Count("pk"))
        .values_list("partner_id", "n")
    )
    joined = dict(CampaignParticipation.objects.filter(campaign=campaign).values_list("partner_id", "status"))
    ranked = []
    for partner in Partner.objects.filter(status=Partner.Status.APPROVED).select_related("area"):
        path = partner.area.path
        if any(target.startswith(path) or path.startswith(target) for target in target_paths):
            area_fit = 1.0
        elif path.startswith(center_path):
            area_fit = 0.5
        else:
            area_fit = 0.2
        pledged, delivered, elapsed = hours.get(partner.pk, (Decimal("0"), Decimal("0"), 0.0))
        parts = partner_parts(
            kind_wanted=not kinds_wanted or partner.kind in kinds_wanted,
            area_fit=area_fit,
            pledged=float(pledged),
            delivered=float(delivered),
            elapsed=elapsed,
            load=load.get(partner.pk, 0),
        )
        ranked.append(
            {
                "partner": partner,
                "score": round(partner_score(parts), 4),
                "participation": joined.get(partner.pk),
                "pledged_hours": pledged,
                "delivered_hours": delivered,
                "running_campaigns": load.get(partner.pk, 0),
                "parts": [
                    {"name": name, "value": round(value, 4), "weight": float(weight)}
                    for name, value, weight in zip(PARTNER_PARTS, parts, PARTNER_WEIGHTS, strict=True)
                ],
            }
        )
    ranked.sort(key=lambda row: (-row["score"], row["partner"].pk))
    return ranked[:limit]
