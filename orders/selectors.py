"""Reads of the service menu, orders, offers, photos and follow-ups, scoped to the asking user; dispatch
suggestions; and the order figures the targets dashboard shows (`order_metrics`)."""

import statistics
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import numpy as np
from django.conf import settings
from django.db.models import Count, Exists, IntegerField, OuterRef, Prefetch, Q, Subquery, Value
from django.db.models.functions import Coalesce

from accounts.scopes import scope_of
from areas.models import ancestor_paths
from campaigns.matching import PARTS, Weights, event_slot_mask, parts_matrix, scores, top_indices
from campaigns.models import Registration
from orders.models import FollowUp, Offer, OrderPhoto, ServiceItem, ServiceOrder, StatusChange, tracking_token_hash
from partners.models import Partner
from volunteers.models import Volunteer, VolunteerTeam

_CACHE_ATTRIBUTE = "_gongjian_order_involvement"


@dataclass(frozen=True)
class Involvement:
    """What ties a user to orders beyond a staff scope: their volunteer profile, teams and partners, and the
    areas they could take orders for (their home, the teams they lead, the partners they administer)."""

    volunteer_id: int | None = None
    led_team_ids: frozenset[int] = frozenset()
    team_ids: frozenset[int] = frozenset()
    admin_partner_ids: frozenset[int] = frozenset()
    member_partner_ids: frozenset[int] = frozenset()
    taker_paths: frozenset[str] = frozenset()


def involvement_of(user) -> Involvement:
    """The user's involvement, computed with up to three queries and cached on the user for the request."""
    scope = scope_of(user)
    if not scope.authenticated:
        return Involvement()
    cached = getattr(user, _CACHE_ATTRIBUTE, None)
    if cached is not None:
        return cached
    volunteer_id, paths, led, teams = scope.volunteer_id, set(), set(), set()
    if volunteer_id is not None:
        paths.add(Volunteer.objects.filter(pk=volunteer_id).values_list("home_area__path", flat=True).get())
        rows = (
            VolunteerTeam.objects.filter(Q(leader_id=volunteer_id) | Q(members=volunteer_id))
            .values_list("pk", "leader_id", "active", "center__area__path", "partner__area__path")
            .distinct()
        )
        for team_id, leader_id, active, center_path, partner_path in rows:
            teams.add(team_id)
            if leader_id == volunteer_id:
                led.add(team_id)  # a retired team still finishes its work, but takes none from the board
                if active:
                    paths.add(center_path or partner_path)
    if scope.admin_partner_ids:
        approved = Partner.objects.filter(pk__in=scope.admin_partner_ids, status=Partner.Status.APPROVED)
        paths.update(approved.values_list("area__path", flat=True))
    involvement = Involvement(
        volunteer_id=volunteer_id,
        led_team_ids=frozenset(led),
        team_ids=frozenset(teams),
        admin_partner_ids=scope.admin_partner_ids,
        member_partner_ids=scope.member_partner_ids,
        taker_paths=frozenset(paths),
    )
    setattr(user, _CACHE_ATTRIBUTE, involvement)
    return involvement


# The menu -----------------------------------------------------------------------------------------


def service_items_visible_to(user):
    """Active menu entries for everyone; staff also see the inactive ones of centers in their areas."""
    scope = scope_of(user)
    condition = Q(active=True)
    if scope.district_admin:
        condition = Q(pk__isnull=False)
    for area in scope.coordinator_areas:
        condition |= Q(center__area__path__startswith=area.path)
    return ServiceItem.objects.filter(condition).select_related("center__area").prefetch_related("skills")


def can_manage_service_item(user, item: ServiceItem) -> bool:
    """Coordinators whose area holds the item's center, and district admins."""
    return scope_of(user).covers_area(item.center.area)


# Orders -------------------------------------------------------------------------------------------


def _staff_condition(scope, field: str) -> Q:
    """Rows whose area (`field` names its path) lies in the staff member's areas; never an empty Q."""
    if scope.district_admin:
        return Q(pk__isnull=False)
    condition = Q(pk__in=[])
    for area in scope.coordinator_areas:
        condition |= Q(**{f"{field}__startswith": area.path})
    return condition


def _involved_condition(involvement: Involvement) -> Q:
    condition = Q(pk__in=[])
    if involvement.volunteer_id is not None:
        offered = Offer.objects.filter(volunteer_id=involvement.volunteer_id).values("order_id")
        condition |= Q(volunteer_id=involvement.volunteer_id) | Q(pk__in=offered)
    if involvement.team_ids:
        offered = Offer.objects.filter(team_id__in=involvement.team_ids).values("order_id")
        condition |= Q(team_id__in=involvement.team_ids) | Q(pk__in=offered)
    if involvement.member_partner_ids:
        condition |= Q(partner_id__in=involvement.member_partner_ids)
    if involvement.admin_partner_ids:
        offered = Offer.objects.filter(partner_id__in=involvement.admin_partner_ids).values("order_id")
        condition |= Q(pk__in=offered)
    return condition | (Q(status=ServiceOrder.Status.PUBLISHED) & _served_from(involvement.taker_paths))


def _served_from(paths) -> Q:
    """Orders someone in one of these areas could serve (`ServiceOrder.can_be_served_from`, in SQL): the area lies
    in the responsible center's area or in the community's street, or it covers the community."""
    if not paths:
        return Q(pk__in=[])
    above = {path for area_path in paths for path in ancestor_paths(area_path)}
    serves = Q(center__area__path__in=above) | Q(community__parent__path__in=above)
    for path in paths:
        serves |= Q(community__path__startswith=path)
    return serves


def _photo_count():
    photos = OrderPhoto.objects.filter(order=OuterRef("pk")).order_by().values("order").annotate(n=Count("pk"))
    return Coalesce(Subquery(photos.values("n"), output_field=IntegerField()), Value(0))


def _with_details(queryset):
    return queryset.select_related(
        "service_item", "community", "center__area", "team", "partner", "volunteer", "rating"
    ).annotate(photo_count=_photo_count())


def _visible_condition(user) -> Q:
    scope = scope_of(user)
    condition = _involved_condition(involvement_of(user))
    if scope.staff:
        condition |= _staff_condition(scope, "community__path")
    return condition


def orders_visible_to(user):
    """Staff: orders for communities in their areas (all for district admins). Others: orders offered to or
    taken by them, their teams or their partner, and the board's orders they could take."""
    if not scope_of(user).authenticated:
        return ServiceOrder.objects.none()
    return _with_details(ServiceOrder.objects.filter(_visible_condition(user)))


def orders_to_take_for(user):
    """What a taker may try to take: the visible orders and any order they could serve, on the board or no
    longer (whoever comes second to the board hears that it was taken, rather than that it does not exist)."""
    if not scope_of(user).authenticated:
        return ServiceOrder.objects.none()
    served = _served_from(involvement_of(user).taker_paths)
    return _with_details(ServiceOrder.objects.filter(_visible_condition(user) | served))


def order_details_visible_to(user):
    """`orders_visible_to` with each order's history, offers, participants and photos."""
    history = StatusChange.objects.select_related("actor", "center")
    offers = Offer.objects.select_related("team", "partner", "volunteer")
    return orders_visible_to(user).prefetch_related(
        Prefetch("history", queryset=history),
        Prefetch("offers", queryset=offers),
        Prefetch("participants__volunteer"),
        "photos",
    )


def orders_on_board_for(user):
    """Published orders the user could take: as a volunteer living in the center's area, for a team they lead,
    or for a partner they administer in it."""
    served = _served_from(involvement_of(user).taker_paths)
    return _with_details(ServiceOrder.objects.filter(Q(status=ServiceOrder.Status.PUBLISHED) & served))


def can_manage_order(user, order: ServiceOrder) -> bool:
    """Coordinators whose area holds the center now responsible for the order, and district admins."""
    return scope_of(user).covers_area(order.center.area)


def is_taker(user, order: ServiceOrder) -> bool:
    """The volunteer who took the order, the leader of the team that did, or an admin of the partner that did."""
    involvement = involvement_of(user)
    return (
        (order.volunteer_id is not None and order.volunteer_id == involvement.volunteer_id)
        or order.team_id in involvement.led_team_ids
        or order.partner_id in involvement.admin_partner_ids
    )


def held_by(user) -> Q:
    """The orders the user works on as their taker (`is_taker`, in SQL): taken by them, by a team they lead, or by
    a partner they administer."""
    involvement = involvement_of(user)
    condition = Q(team_id__in=involvement.led_team_ids) | Q(partner_id__in=involvement.admin_partner_ids)
    if involvement.volunteer_id is not None:
        condition |= Q(volunteer_id=involvement.volunteer_id)
    return condition


def sees_contact_details(user, order: ServiceOrder) -> bool:
    """Address and contact name: staff of the community, and the people of whoever took the order."""
    involvement = involvement_of(user)
    return (
        scope_of(user).covers_area(order.community)
        or (order.volunteer_id is not None and order.volunteer_id == involvement.volunteer_id)
        or order.team_id in involvement.team_ids
        or order.partner_id in involvement.member_partner_ids
    )


def order_by_tracking_token(token: str) -> ServiceOrder | None:
    """The order a resident's secret link names, with its history; None for an unknown token."""
    if not token:
        return None
    history = StatusChange.objects.select_related("center")
    return (
        ServiceOrder.objects.filter(tracking_token_hash=tracking_token_hash(token))
        .select_related("community", "center", "team", "partner", "rating")
        .prefetch_related(Prefetch("history", queryset=history))
        .first()
    )


# Offers, photos, follow-ups ------------------------------------------------------------------------


def offers_visible_to(user):
    """Offers to the user, to teams they belong to and to partners they administer; staff: those of orders
    for communities in their areas."""
    scope = scope_of(user)
    if not scope.authenticated:
        return Offer.objects.none()
    involvement = involvement_of(user)
    condition = Q(team_id__in=involvement.team_ids) | Q(partner_id__in=involvement.admin_partner_ids)
    if involvement.volunteer_id is not None:
        condition |= Q(volunteer_id=involvement.volunteer_id)
    if scope.staff:
        condition |= _staff_condition(scope, "order__community__path")
    return Offer.objects.filter(condition).select_related(
        "order__community", "order__center", "team", "partner", "volunteer"
    )


def can_answer_offer(user, offer: Offer) -> bool:
    """The volunteer offered, the leader of the team offered, an admin of the partner offered."""
    involvement = involvement_of(user)
    return (
        (offer.volunteer_id is not None and offer.volunteer_id == involvement.volunteer_id)
        or offer.team_id in involvement.led_team_ids
        or offer.partner_id in involvement.admin_partner_ids
    )


def order_photos_visible_to(user):
    """Photos of the orders the user can see."""
    visible = orders_visible_to(user).values("pk")
    return OrderPhoto.objects.filter(order_id__in=visible).select_related("order__center__area")


def follow_ups_visible_to(user):
    """Follow-ups of centers in a coordinator's areas (all for district admins); nobody else's business."""
    scope = scope_of(user)
    if not scope.staff:
        return FollowUp.objects.none()
    return FollowUp.objects.filter(_staff_condition(scope, "center__area__path")).select_related(
        "order__community", "order__rating", "center", "closed_by"
    )


# Dispatch suggestions ------------------------------------------------------------------------------


def _with_open_orders(queryset, within: str):
    """Active orders each team or partner holds now, next to its row."""
    taken = Count("service_orders", filter=Q(service_orders__status=ServiceOrder.Status.ACCEPTED))
    return queryset.filter(within).annotate(open_orders=taken).order_by("open_orders", "name", "pk")


def dispatch_suggestions(order: ServiceOrder, *, limit: int = 20) -> dict:
    """Whom the responsible center could dispatch the order to: who can serve it (`ServiceOrder.can_be_served_from`).

    Volunteers are scored like event candidates (campaigns.matching: skills the service item wants,
    proximity, weekly availability at the preferred time, reliability, fairness) and ranked best first;
    teams and partners come with the number of orders they are working on now, least busy first.
    """
    within = order.service_path
    pool = Volunteer.objects.active().filter(home_area__path__startswith=within)
    start, end = order.preferred_start, order.preferred_end
    if start and end:
        clash = Registration.objects.confirmed().filter(
            volunteer=OuterRef("pk"), event__starts_at__lt=end, event__ends_at__gt=start
        )
        pool = pool.exclude(Exists(clash))
    rows = list(
        pool.values_list("id", "home_area_id", "home_area__path", "availability", "reliability", "recent_hours")
    )
    wanted = list(order.service_item.skills.values_list("pk", flat=True)) if order.service_item_id else []
    hits: dict[int, int] = {}
    if wanted and rows:
        links = Volunteer.skills.through.objects.filter(volunteer_id__in=pool.values("id"), skill_id__in=wanted)
        for volunteer_id in links.values_list("volunteer_id", flat=True):
            hits[volunteer_id] = hits.get(volunteer_id, 0) + 1
    street_path = order.community.path.rsplit("/", 2)[0] + "/"
    volunteers = []
    if rows:
        ids, homes, paths, availability, reliability, recent = (
            np.array(c, dtype=object) for c in zip(*rows, strict=True)
        )
        parts = parts_matrix(
            wanted_skills=len(wanted),
            skill_hits=np.array([hits.get(int(v), 0) for v in ids], dtype=float),
            same_community=np.array([home == order.community_id for home in homes]),
            same_street=np.array([path.startswith(street_path) for path in paths]),
            availability=availability.astype(np.int64),
            slot_mask=event_slot_mask(start, end, ZoneInfo(settings.TIME_ZONE)) if start and end else 0,
            reliability=reliability.astype(float),
            recent_hours=recent.astype(float),
        )
        weights = Weights()
        totals = scores(parts, weights)
        best = top_indices(totals, limit)
        profiles = Volunteer.objects.select_related("home_area").in_bulk([int(ids[i]) for i in best])
        weight_of = dict(zip(PARTS, weights.as_array(), strict=True))
        for index in best:
            volunteers.append(
                {
                    "volunteer": profiles[int(ids[index])],
                    "score": round(float(totals[index]), 4),
                    "parts": [
                        {"name": name, "value": round(float(value), 4), "weight": float(weight_of[name])}
                        for name, value in zip(PARTS, parts[index], strict=True)
                    ],
                }
            )
    above = ancestor_paths(order.community.path)
    teams = _with_open_orders(
        VolunteerTeam.objects.filter(active=True),
        Q(center__area__path__startswith=within)
        | Q(partner__area__path__startswith=within)
        | Q(center__area__path__in=above)
        | Q(partner__area__path__in=above),
    )
    partners = _with_open_orders(
        Partner.objects.filter(status=Partner.Status.APPROVED),
        Q(area__path__startswith=within) | Q(area__path__in=above),
    )
    return {"volunteers": volunteers, "teams": list(teams[:limit]), "partners": list(partners[:limit])}


# Figures for the targets dashboard -----------------------------------------------------------------


def _hours(durations: list[timedelta]) -> dict:
    hours = [duration.total_seconds() / 3600 for duration in durations]
    if not hours:
        return {"n": 0, "median": None, "mean": None}
    return {"n": len(hours), "median": round(statistics.median(hours), 2), "mean": round(statistics.fmean(hours), 2)}


def order_metrics(*, area_paths: list[str], start: date, end: date) -> dict:
    """Figures of the orders placed for communities under `area_paths` from `start` to `end` (local dates,
    both included), for the dashboard and reports.

    - `orders` and `by_status`: how many were placed, and the status each is in now;
    - `response_hours`: median and mean hours, with n, from ordered to first dispatched (or published),
      from then to taken, and from taken to completed (orders that got that far);
    - `completion`: completed among the orders not cancelled (open ones count as not completed yet);
    - `ratings`: residents' ratings of these orders: n, mean score, and how many (and what share) were
      satisfied, i.e. gave 4 or 5 (a satisfaction source beside surveys, to be shown separately);
    - `missed_deadline`: how many missed at least one SLA deadline.

    No figure names a resident; shares are None when nothing is behind them.
    """
    tz = ZoneInfo(settings.TIME_ZONE)
    since = datetime.combine(start, time.min, tzinfo=tz)
    until = datetime.combine(end + timedelta(days=1), time.min, tzinfo=tz)
    within = Q(pk__in=[])
    for path in area_paths:
        within |= Q(community__path__startswith=path)
    rows = list(
        ServiceOrder.objects.filter(within, created_at__gte=since, created_at__lt=until).values_list(
            "status", "created_at", "dispatched_at", "taken_at", "completed_at", "missed_deadlines", "rating__score"
        )
    )
    by_status = {status: 0 for status in ServiceOrder.Status.values}
    dispatch, take, complete, scores_given = [], [], [], []
    missed = 0
    for status, created_at, dispatched_at, taken_at, completed_at, missed_deadlines, score in rows:
        by_status[status] += 1
        missed += missed_deadlines > 0
        if dispatched_at:
            dispatch.append(dispatched_at - created_at)
        if taken_at:
            take.append(taken_at - (dispatched_at or created_at))
        if completed_at and taken_at:
            complete.append(completed_at - taken_at)
        if score is not None:
            scores_given.append(score)
    not_cancelled = len(rows) - by_status[ServiceOrder.Status.CANCELLED]
    completed = by_status[ServiceOrder.Status.COMPLETED]
    satisfied = sum(score >= 4 for score in scores_given)
    return {
        "orders": len(rows),
        "by_status": by_status,
        "response_hours": {"dispatch": _hours(dispatch), "take": _hours(take), "complete": _hours(complete)},
        "completion": {
            "completed": completed,
            "n": not_cancelled,
            "rate": round(completed / not_cancelled, 4) if not_cancelled else None,
        },
        "ratings": {
            "n": len(scores_given),
            "mean": round(statistics.fmean(scores_given), 2) if scores_given else None,
            "satisfied": satisfied,
            "satisfied_share": round(satisfied / len(scores_given), 4) if scores_given else None,
        },
        "missed_deadline": missed,
    }
