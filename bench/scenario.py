"""What the measurements ask for, found or created in the bench database (idempotent).

The most populous street/town, its most common skill, a coordinator of its institute with a token, an upcoming
event with free places, and two campaigns of 50 upcoming events × 10 open places for the assignment plan: one in
that street (its events' best candidates overlap, so the score matrix has fewer distinct candidates than 10 a
place) and one of the district's center with its events spread over every street/town (≥ 5,000 distinct).
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Count, F
from django.utils import timezone
from rest_framework.authtoken.models import Token

from accounts.models import Membership, User
from areas.models import Area, PracticeCenter
from campaigns import services
from campaigns.models import Campaign, Event
from core.demodata import LOCAL_TZ
from volunteers.models import Skill, Volunteer

COORDINATOR_USERNAME = "bench-coordinator-{code}"
PLAN_TITLE = "基准测试·整体排班"
DISTRICT_PLAN_TITLE = "基准测试·全区整体排班"
PLAN_EVENTS, PLAN_PLACES = 50, 10
PLAN_SLOTS = ((9, 11), (14, 16))


@dataclass
class PlanScenario:
    name: str
    campaign: Campaign
    token: str


@dataclass
class Scenario:
    street: Area
    institute: PracticeCenter
    skill: Skill
    coordinator: User
    token: str
    event: Event
    plans: list[PlanScenario]
    street_volunteers: int


def most_populous_street(now: datetime) -> tuple[Area, int]:
    """The street/town with the most volunteers among those with an upcoming event that has free places."""
    rows = (
        Volunteer.objects.active()
        .values("home_area__parent")
        .annotate(n=Count("id"))
        .order_by("-n", "home_area__parent")
    )
    for row in rows:
        street = Area.objects.get(pk=row["home_area__parent"])
        if _upcoming_events(street, now).exists():
            return street, row["n"]
    raise SystemExit("No upcoming event with free places (or no volunteers): run `python -m bench.generate` again.")


def most_common_skill(street: Area) -> Skill:
    links = Volunteer.skills.through.objects.filter(volunteer__home_area__path__startswith=street.path)
    row = links.values("skill").annotate(n=Count("id")).order_by("-n", "skill").first()
    return Skill.objects.get(pk=row["skill"]) if row else Skill.objects.order_by("id").first()


def coordinator_of(institute: PracticeCenter) -> tuple[User, str]:
    user, _created = User.objects.get_or_create(
        username=COORDINATOR_USERNAME.format(code=institute.area.code), defaults={"name": "基准测试协调员"}
    )
    Membership.objects.get_or_create(user=user, role=Membership.Role.COORDINATOR, center=institute)
    token, _created = Token.objects.get_or_create(user=user)
    return user, token.key


def _upcoming_events(street: Area, now: datetime):
    return Event.objects.filter(
        area__path__startswith=street.path,
        starts_at__gt=now + timedelta(hours=1),
        status=Event.Status.SCHEDULED,
        confirmed_count__lt=F("capacity"),
        campaign__status=Campaign.Status.PUBLISHED,
    ).exclude(campaign__title__in=[PLAN_TITLE, DISTRICT_PLAN_TITLE])


def upcoming_event(street: Area, now: datetime) -> Event:
    return _upcoming_events(street, now).select_related("campaign", "area").order_by("starts_at", "id").first()


def _plan_ready(campaign: Campaign, now: datetime) -> bool:
    open_events = campaign.events.filter(
        starts_at__gt=now, status=Event.Status.SCHEDULED, confirmed_count__lt=F("capacity")
    )
    return campaign.status == Campaign.Status.PUBLISHED and open_events.count() >= PLAN_EVENTS


def plan_campaign_for(
    title: str, center: PracticeCenter, areas: list[Area], skill: Skill, coordinator: User, now: datetime
) -> Campaign:
    """50 upcoming events × 10 places, event i in areas[i % len(areas)], two slots a day (made once, reused)."""
    for campaign in Campaign.objects.filter(title=title, center=center).order_by("-id"):
        if _plan_ready(campaign, now):
            return campaign
        if campaign.status == Campaign.Status.PUBLISHED:
            services.set_campaign_status(campaign=campaign, status=Campaign.Status.CLOSED)
    other = Skill.objects.exclude(pk=skill.pk).order_by("id").first()
    today = timezone.localdate(now)
    campaign = services.create_campaign(
        created_by=coordinator,
        center=center,
        title=title,
        theme=Campaign.Theme.ELDERLY_CHILDREN,
        starts_on=today,
        ends_on=today + timedelta(days=PLAN_EVENTS // len(PLAN_SLOTS) + 5),
        description="bench: 50 coming events × 10 places for the assignment plan",
        target_areas=areas,
        skills_wanted=[skill, other],
    )
    for number in range(PLAN_EVENTS):
        area = areas[number % len(areas)]
        day = today + timedelta(days=2 + number // len(PLAN_SLOTS))
        first, last = PLAN_SLOTS[number % len(PLAN_SLOTS)]
        starts_at = datetime(day.year, day.month, day.day, first, tzinfo=LOCAL_TZ)
        services.create_event(
            campaign=campaign,
            title=f"{area.name}·基准测试排班",
            starts_at=starts_at,
            ends_at=starts_at.replace(hour=last),
            area=area,
            address=f"北京市海淀区{area.name}活动站",
            capacity=PLAN_PLACES,
        )
    services.set_campaign_status(campaign=campaign, status=Campaign.Status.PUBLISHED)
    return campaign


def district_areas() -> list[Area]:
    """Communities taken round the streets/towns: the first community of each, then the second of each, …"""
    by_street: dict[int, list[Area]] = {}
    for area in Area.objects.filter(level__in=[Area.Level.COMMUNITY, Area.Level.VILLAGE]).order_by("path"):
        by_street.setdefault(area.parent_id, []).append(area)
    columns = [areas for _street, areas in sorted(by_street.items())]
    return [areas[i] for i in range(max(map(len, columns), default=0)) for areas in columns if i < len(areas)]


def prepare(now: datetime) -> Scenario:
    street, volunteers = most_populous_street(now)
    institute = PracticeCenter.objects.select_related("area").get(area=street, level=PracticeCenter.Level.INSTITUTE)
    skill = most_common_skill(street)
    coordinator, token = coordinator_of(institute)
    center = PracticeCenter.objects.select_related("area").get(level=PracticeCenter.Level.CENTER)
    district_coordinator, district_token = coordinator_of(center)
    communities = list(Area.objects.filter(parent=street).order_by("path")) or [street]
    street_plan = plan_campaign_for(PLAN_TITLE, institute, communities, skill, coordinator, now)
    district_plan = plan_campaign_for(DISTRICT_PLAN_TITLE, center, district_areas(), skill, district_coordinator, now)
    return Scenario(
        street=street,
        institute=institute,
        skill=skill,
        coordinator=coordinator,
        token=token,
        event=upcoming_event(street, now),
        plans=[
            PlanScenario(f"one street/town ({street.name})", street_plan, token),
            PlanScenario("the whole district (events over every street/town)", district_plan, district_token),
        ],
        street_volunteers=volunteers,
    )
