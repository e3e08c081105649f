"""Reads of campaigns, events and registrations, scoped to the asking user."""

import math
from dataclasses import dataclass, field
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
from core.columns import EPOCH, columns
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
class Pool:
    """The columns scoring reads, for every active volunteer living in some streets/towns (one load).

    `skills` answers "has skill `skill_ids[j]`" for the skills asked about when loading (those wanted),
    one row per volunteer; `areas_of` gives each street/town's own areas, so one pool serves events in
    several streets/towns (a district-wide campaign plan loads every volunteer once).
    """

    ids: np.ndarray  # ascending
    homes: np.ndarray
    availability: np.ndarray
    reliability: np.ndarray
    recent_hours: np.ndarray
    born: np.ndarray  # days since 1970-01-01
    skill_ids: list[int]
    skills: np.ndarray
    areas_of: dict[int, np.ndarray]
    _rows: dict[int, np.ndarray] = field(default_factory=dict)

    def rows_in(self, street: Area) -> np.ndarray:
        """The positions of the street/town's volunteers (found once, then reused for its other events)."""
        if street.pk not in self._rows:
            self._rows[street.pk] = np.flatnonzero(np.isin(self.homes, self.areas_of[street.pk]))
        return self._rows[street.pk]


def load_pool(streets: list[Area], skill_ids) -> Pool:
    """Everyone who lives in the streets/towns (the 15-minute life circle), and which of `skill_ids` they have.

    Three statements however many streets: the areas, the volunteers (an index-only scan of
    `volunteer_match_pool`), and their links to the asked-for skills; read as whole columns (core.columns).
    """
    areas = list(Area.objects.subtree_of(*streets).values_list("id", "path"))
    areas_of = {
        street.pk: np.array([pk for pk, path in areas if path.startswith(street.path)], dtype=np.int64)
        for street in streets
    }
    volunteers = Volunteer.objects.active().filter(home_area_id__in=[pk for pk, _path in areas])
    ids, homes, availability, reliability, recent_hours, born = columns(
        volunteers.values_list("id", "home_area_id", "availability", "reliability", "recent_hours", "birth_date"),
        ["int", "int", "int", "float", "float", "days"],
    )
    order = np.argsort(ids, kind="stable")
    ids = ids[order]
    skill_ids = sorted(set(skill_ids))
    skills = np.zeros((len(ids), len(skill_ids)), dtype=bool)
    if skill_ids and len(ids):
        links = Volunteer.skills.through.objects.filter(
            skill_id__in=skill_ids,
            volunteer__status=Volunteer.Status.ACTIVE,
            volunteer__home_area_id__in=[pk for pk, _path in areas],
        )
        owners, owned = columns(links.values_list("volunteer_id", "skill_id"), ["int", "int"])
        skills[np.searchsorted(ids, owners), np.searchsorted(skill_ids, owned)] = True
    return Pool(
        ids=ids,
        homes=homes[order],
        availability=availability[order],
        reliability=reliability[order],
        recent_hours=recent_hours[order],
        born=born[order],
        skill_ids=skill_ids,
        skills=skills,
        areas_of=areas_of,
    )


def busy_volunteers(events: list[Event]) -> dict[int, np.ndarray]:
    """For each event, who may not take a place: already on it, or confirmed elsewhere at an overlapping time.

    Two statements for any number of events: their registrations, and the confirmed registrations within
    the spans of overlapping events (merged), which numpy then matches to each event's own times.
    """
    registered: dict[int, list[int]] = {event.pk: [] for event in events}
    for event_id, volunteer_id in (
        Registration.objects.active().filter(event_id__in=list(registered)).values_list("event_id", "volunteer_id")
    ):
        registered[event_id].append(volunteer_id)
    spans: dict[int, list] = {}
    for event, cluster in zip(events, overlap_clusters([(e.starts_at, e.ends_at) for e in events]), strict=True):
        span = spans.setdefault(cluster, [event.starts_at, event.ends_at])
        span[0], span[1] = min(span[0], event.starts_at), max(span[1], event.ends_at)
    within = Q(pk__in=[])
    for starts_at, ends_at in spans.values():
        within |= Q(event__starts_at__lt=ends_at, event__ends_at__gt=starts_at)
    others, starts, ends = columns(
        Registration.objects.confirmed()
        .filter(within)
        .values_list("volunteer_id", "event__starts_at", "event__ends_at"),
        ["int", "seconds", "seconds"],
    )
    return {
        event.pk: np.union1d(
            np.array(registered[event.pk], dtype=np.int64),
            others[(starts < math.ceil(event.ends_at.timestamp())) & (ends > math.floor(event.starts_at.timestamp()))],
        )
        for event in events
    }


def partner_member_ids(partner_id: int) -> np.ndarray:
    return np.fromiter(
        Volunteer.objects.filter(
            user__memberships__partner_id=partner_id, user__memberships__status=Membership.Status.ACTIVE
        ).values_list("id", flat=True),
        dtype=np.int64,
    )


@dataclass
class ScoredPool:
    """The volunteers who pass an event's hard rules, their score parts and totals, and their wanted skills."""

    ids: np.ndarray
    parts: np.ndarray
    totals: np.ndarray
    skill_ids: list[int]  # the event's wanted skills
    skills: np.ndarray  # bool, one row per volunteer: has skill_ids[j]

    def matched_skills(self, index: int) -> list[int]:
        return [self.skill_ids[j] for j in np.flatnonzero(self.skills[index])]


def score_pool(event: Event, weights: Weights, pool: Pool | None = None, busy: np.ndarray | None = None) -> ScoredPool:
    """Score the volunteers who pass the event's hard rules (see `candidate_pool`), in numpy.

    The same rules as `candidate_pool`, applied to arrays. Campaign plans pass one `pool` and the `busy`
    volunteers of all their events (`busy_volunteers`), so scoring 50 events costs no more statements than one.
    """
    street = street_of(event.area)
    wanted = wanted_skill_ids(event)
    pool = pool if pool is not None else load_pool([street], wanted)
    busy = busy if busy is not None else busy_volunteers([event])[event.pk]
    rows = pool.rows_in(street)
    rows = rows[~np.isin(pool.ids[rows], busy)]
    if event.min_age:
        rows = rows[pool.born[rows] <= (_latest_birth_date(event) - EPOCH).days]
    if event.partner_only_id:
        rows = rows[np.isin(pool.ids[rows], partner_member_ids(event.partner_only_id))]
    ids = pool.ids[rows]
    has = pool.skills[np.ix_(rows, [pool.skill_ids.index(skill) for skill in wanted])]
    parts = parts_matrix(
        wanted_skills=len(wanted),
        skill_hits=has.sum(axis=1).astype(float),
        same_community=pool.homes[rows] == event.area_id,
        same_street=np.ones(len(ids), dtype=bool),
        availability=pool.availability[rows],
        slot_mask=event_slot_mask(event.starts_at, event.ends_at, ZoneInfo(settings.TIME_ZONE)),
        reliability=pool.reliability[rows],
        recent_hours=pool.recent_hours[rows],
    )
    return ScoredPool(
        ids, parts.reshape(len(ids), len(PARTS)), scores(parts, weights) if len(ids) else np.zeros(0), wanted, has
    )


def wanted_skill_ids(event: Event) -> list[int]:
    """The event's wanted skills, or its campaign's when the event names none (prefetched ones are used)."""
    return [skill.pk for skill in event.skills_wanted.all()] or [
        skill.pk for skill in event.campaign.skills_wanted.all()
    ]


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
                "matched_skills": [skill_names[skill] for skill in scored.matched_skills(index)],
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
        .prefetch_related("skills_wanted", "campaign__skills_wanted")
        .order_by("starts_at")
    )
    streets = list({street_of(event.area).pk: street_of(event.area) for event in events}.values())
    pool = load_pool(streets, {skill for event in events for skill in wanted_skill_ids(event)})
    busy = busy_volunteers(events)
    pools = []
    for event in events:
        scored = score_pool(event, weights, pool=pool, busy=busy[event.pk])
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

    names = dict(
        Volunteer.objects.filter(pk__in=[columns[c] for _r, c, _v in best.assignments]).values_list("id", "real_name")
    )
    return CampaignPlan(
        assignments=[
            {
                "event": events[rows[r]].pk,
                "volunteer": columns[c],
                "volunteer_name": names[columns[c]],
                "score": round(value, 4),
            }
            for r, c, value in best.assignments
        ],
        total_score=round(best.total, 4),
        skill_coverage=round(coverage(best), 4),
        places=len(rows),
        greedy_assignments=len(greedy.assignments),
        greedy_total_score=round(greedy.total, 4),
        greedy_skill_coverage=round(coverage(greedy), 4),
    )
