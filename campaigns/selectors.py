"""Reads of campaigns, events and registrations, scoped to the asking user."""

from dataclasses import dataclass
from datetime import date
from zoneinfo import ZoneInfo

import numpy as np
from django.conf import settings
from django.db.models import Count, Exists, F, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from accounts.models import Membership
from accounts.scopes import scope_of
from areas.models import Area
from campaigns.matching import (
    FORBIDDEN,
    PARTS,
    Weights,
    event_slot_mask,
    greedy_plan,
    overlap_clusters,
    parts_matrix,
    scores,
    solve_plan,
    top_indices,
)
from campaigns.models import Campaign, Event, Invitation, Registration, Reservation
from volunteers.models import Skill, Volunteer

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


# Matching ----------------------------------------------------------------------------------------


def street_of(area: Area) -> Area:
    """The street/town an area belongs to (the district itself for a district-level event)."""
    if area.level in (Area.Level.COMMUNITY, Area.Level.VILLAGE):
        return area.parent
    return area


def _latest_birth_date(event: Event) -> date:
    day = timezone.localtime(event.starts_at).date()
    try:
        return day.replace(year=day.year - event.min_age)
    except ValueError:  # 29 February
        return day.replace(year=day.year - event.min_age, day=28)


def candidate_pool(event: Event):
    """Volunteers who may be asked to take a place: the hard rules, in SQL (to check a few chosen people).

    Active, living in the event's street/town (the 15-minute life circle), not already registered,
    no confirmed event at an overlapping time, old enough, and a member when the event is partner-only.
    """
    homes = Area.objects.filter(path__startswith=street_of(event.area).path).values("id")
    pool = Volunteer.objects.active().filter(home_area_id__in=homes)
    pool = pool.exclude(pk__in=Registration.objects.active().filter(event=event).values("volunteer_id"))
    clash = Registration.objects.confirmed().filter(
        volunteer=OuterRef("pk"), event__starts_at__lt=event.ends_at, event__ends_at__gt=event.starts_at
    )
    pool = pool.exclude(Exists(clash))
    if event.min_age:
        pool = pool.filter(birth_date__lte=_latest_birth_date(event))
    if event.partner_only_id:
        members = Membership.objects.filter(partner_id=event.partner_only_id, status=Membership.Status.ACTIVE)
        pool = pool.filter(user_id__in=members.values("user_id"))
    return pool


@dataclass
class StreetPool:
    """The columns scoring needs, for every active volunteer of one street/town, loaded in two queries."""

    ids: np.ndarray
    homes: np.ndarray
    availability: np.ndarray
    reliability: np.ndarray
    recent_hours: np.ndarray
    born: np.ndarray  # birth dates as ordinals, for minimum ages
    skills: dict[int, list[int]]  # volunteer id -> skill ids


def load_street_pool(street: Area) -> StreetPool:
    """Everyone who lives in the street/town (the 15-minute life circle): one indexed scan by home area."""
    homes = list(Area.objects.filter(path__startswith=street.path).values_list("id", flat=True))
    volunteers = Volunteer.objects.active().filter(home_area_id__in=homes)
    rows = list(
        volunteers.values_list("id", "home_area_id", "availability", "reliability", "recent_hours", "birth_date")
    )
    skills: dict[int, list[int]] = {}
    links = Volunteer.skills.through.objects.filter(volunteer__in=volunteers)
    for volunteer_id, skill_id in links.values_list("volunteer_id", "skill_id"):
        skills.setdefault(volunteer_id, []).append(skill_id)
    if not rows:
        empty = np.zeros(0, dtype=np.int64)
        return StreetPool(empty, empty, empty, empty.astype(float), empty.astype(float), empty, {})
    ids, home_ids, availability, reliability, recent, born = zip(*rows, strict=True)
    return StreetPool(
        ids=np.array(ids, dtype=np.int64),
        homes=np.array(home_ids, dtype=np.int64),
        availability=np.array(availability, dtype=np.int64),
        reliability=np.array(reliability, dtype=float),
        recent_hours=np.array(recent, dtype=float),
        born=np.array([day.toordinal() for day in born], dtype=np.int64),
        skills=skills,
    )


def busy_volunteer_ids(event: Event) -> set[int]:
    """Volunteers already on this event, or confirmed elsewhere at an overlapping time (two small queries)."""
    registered = Registration.objects.active().filter(event=event).values_list("volunteer_id", flat=True)
    clashing = (
        Registration.objects.confirmed()
        .filter(event__starts_at__lt=event.ends_at, event__ends_at__gt=event.starts_at)
        .values_list("volunteer_id", flat=True)
    )
    return set(registered) | set(clashing)


@dataclass
class ScoredPool:
    ids: np.ndarray
    parts: np.ndarray
    totals: np.ndarray
    skill_hits: dict


def score_pool(event: Event, weights: Weights, street_pool: StreetPool | None = None) -> ScoredPool:
    """Score the volunteers who pass the event's hard rules (see `candidate_pool`), in numpy.

    The same rules as `candidate_pool`, applied to arrays: pass `street_pool` to score many events of one
    street/town from one load (campaign plans do).
    """
    pool = street_pool if street_pool is not None else load_street_pool(street_of(event.area))
    keep = ~np.isin(pool.ids, np.fromiter(busy_volunteer_ids(event), dtype=np.int64))
    if event.min_age:
        keep &= pool.born <= _latest_birth_date(event).toordinal()
    if event.partner_only_id:
        members = Volunteer.objects.filter(
            user__memberships__partner_id=event.partner_only_id,
            user__memberships__status=Membership.Status.ACTIVE,
        ).values_list("id", flat=True)
        keep &= np.isin(pool.ids, np.fromiter(members, dtype=np.int64))
    ids = pool.ids[keep]
    wanted = set(wanted_skill_ids(event))
    skill_hits = {int(v): [s for s in pool.skills.get(int(v), ()) if s in wanted] for v in ids} if wanted else {}
    parts = parts_matrix(
        wanted_skills=len(wanted),
        skill_hits=np.array([len(skill_hits.get(int(v), ())) for v in ids], dtype=float),
        same_community=pool.homes[keep] == event.area_id,
        same_street=np.ones(len(ids), dtype=bool),
        availability=pool.availability[keep],
        slot_mask=event_slot_mask(event.starts_at, event.ends_at, ZoneInfo(settings.TIME_ZONE)),
        reliability=pool.reliability[keep],
        recent_hours=pool.recent_hours[keep],
    )
    return ScoredPool(
        ids, parts.reshape(len(ids), len(PARTS)), scores(parts, weights) if len(ids) else np.zeros(0), skill_hits
    )


def wanted_skill_ids(event: Event) -> list[int]:
    """The event's wanted skills, or its campaign's when the event names none."""
    return list(event.skills_wanted.values_list("id", flat=True)) or list(
        event.campaign.skills_wanted.values_list("id", flat=True)
    )


def weights_for(campaign: Campaign) -> Weights:
    return Weights.from_mapping(campaign.matching_weights)


def event_candidates(event: Event, *, limit: int = 50) -> list[dict]:
    """The best `limit` volunteers for an event, each with the parts of their score and why."""
    weights = weights_for(event.campaign)
    scored = score_pool(event, weights)
    best = top_indices(scored.totals, limit)
    ids = [int(scored.ids[i]) for i in best]
    volunteers = Volunteer.objects.select_related("user", "home_area").in_bulk(ids)
    skill_names = dict(Skill.objects.filter(pk__in=wanted_skill_ids(event)).values_list("id", "name"))
    invited = set(
        Invitation.objects.filter(event=event, status=Invitation.Status.PENDING, volunteer_id__in=ids).values_list(
            "volunteer_id", flat=True
        )
    )
    weight_values = dict(zip(PARTS, weights.as_array(), strict=True))
    results = []
    for index in best:
        volunteer = volunteers[int(scored.ids[index])]
        parts = dict(zip(PARTS, scored.parts[index], strict=True))
        results.append(
            {
                "volunteer": volunteer,
                "score": round(float(scored.totals[index]), 4),
                "invited": volunteer.pk in invited,
                "parts": [
                    {"name": name, "value": round(float(parts[name]), 4), "weight": float(weight_values[name])}
                    for name in PARTS
                ],
                "matched_skills": [skill_names[s] for s in scored.skill_hits.get(volunteer.pk, [])],
                "wanted_skills": len(skill_names),
                "same_community": volunteer.home_area_id == event.area_id,
            }
        )
    return results


def invitations_visible_to(user):
    """A volunteer's own invitations; staff see those of events in their scope."""
    scope = scope_of(user)
    condition = Q(volunteer_id=scope.volunteer_id) if scope.volunteer_id else Q(pk__in=[])
    if scope.staff:
        condition |= _staff_campaign_condition(scope, prefix="event__campaign__")
    return (
        Invitation.objects.filter(condition)
        .select_related("event__campaign", "event__area", "volunteer__user")
        .prefetch_related("event__skills_wanted")
    )


@dataclass
class CampaignPlan:
    """A proposal of who goes where, with the same figures for the greedy baseline."""

    assignments: list[dict]
    total_score: float
    skill_coverage: float
    places: int
    greedy_assignments: int
    greedy_total_score: float
    greedy_skill_coverage: float


def plan_campaign(*, campaign: Campaign, max_per_volunteer: int = 1, candidates_per_place: int = 10) -> CampaignPlan:
    """Propose volunteers for every open place of the campaign's coming events, maximizing the total score.

    Each event's pool obeys the hard rules; the best `candidates_per_place` × open places of each pool
    enter one score matrix (places × candidates), solved exactly by campaigns.matching.solve_plan.
    """
    weights = weights_for(campaign)
    events = list(
        campaign.events.filter(status=Event.Status.SCHEDULED, starts_at__gt=timezone.now())
        .filter(confirmed_count__lt=F("capacity"))
        .select_related("area__parent", "campaign")
        .order_by("starts_at")
    )
    pools, streets = [], {}
    for event in events:
        street = street_of(event.area)
        if street.pk not in streets:  # one load per street/town, however many of its events
            streets[street.pk] = load_street_pool(street)
        scored = score_pool(event, weights, street_pool=streets[street.pk])
        keep = top_indices(scored.totals, candidates_per_place * event.free_places)
        pools.append((event, scored, keep))
    columns = sorted({int(scored.ids[i]) for _e, scored, keep in pools for i in keep})
    column_of = {volunteer_id: index for index, volunteer_id in enumerate(columns)}
    rows, clusters_of_event = [], overlap_clusters([(e.starts_at, e.ends_at) for e in events])
    matrix_rows, skill_rows = [], []
    for event_index, (event, scored, keep) in enumerate(pools):
        row = np.full(len(columns), FORBIDDEN)
        skill = np.zeros(len(columns))
        for i in keep:
            row[column_of[int(scored.ids[i])]] = scored.totals[i]
            skill[column_of[int(scored.ids[i])]] = scored.parts[i][0]
        for _place in range(event.free_places):
            rows.append(event_index)
            matrix_rows.append(row)
            skill_rows.append(skill)
    matrix = np.array(matrix_rows) if matrix_rows else np.zeros((0, len(columns)))
    place_clusters = [clusters_of_event[event_index] for event_index in rows]
    best = solve_plan(matrix, place_clusters, max_per_volunteer=max_per_volunteer)
    greedy = greedy_plan(matrix, place_clusters, max_per_volunteer=max_per_volunteer)

    def coverage(result) -> float:
        if not result.assignments:
            return 0.0
        return float(np.mean([skill_rows[r][c] for r, c, _s in result.assignments]))

    return CampaignPlan(
        assignments=[
            {"event": events[rows[r]].pk, "volunteer": columns[c], "score": round(value, 4)}
            for r, c, value in best.assignments
        ],
        total_score=round(best.total, 4),
        skill_coverage=round(coverage(best), 4),
        places=len(rows),
        greedy_assignments=len(greedy.assignments),
        greedy_total_score=round(greedy.total, 4),
        greedy_skill_coverage=round(coverage(greedy), 4),
    )
