"""What the measurements ask for, found or created in the bench database (idempotent).

The most populous street/town, its most common skill, a coordinator of its institute with a token, an upcoming
event with free places, and a campaign of 50 upcoming events × 10 open places for the assignment plan.
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
PLAN_EVENTS, PLAN_PLACES = 50, 10
PLAN_SLOTS = ((9, 11), (14, 16))


@dataclass
class Scenario:
    street: Area
    institute: PracticeCenter
    skill: Skill
    coordinator: User
    token: str
    event: Event
    plan_campaign: Campaign
    street_volunteers: int


def most_populous_street() -> tuple[Area, int]:
    row = (
        Volunteer.objects.active()
        .values("home_area__parent")
        .annotate(n=Count("id"))
        .order_by("-n", "home_area__parent")
        .first()
    )
    if row is None:
        raise SystemExit("The bench database has no volunteers: run `python -m bench.generate` first.")
    return Area.objects.get(pk=row["home_area__parent"]), row["n"]


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


def upcoming_event(street: Area, now: datetime) -> Event:
    event = (
        Event.objects.filter(
            area__path__startswith=street.path,
            starts_at__gt=now + timedelta(hours=1),
            status=Event.Status.SCHEDULED,
            confirmed_count__lt=F("capacity"),
            campaign__status=Campaign.Status.PUBLISHED,
        )
        .exclude(campaign__title=PLAN_TITLE)
        .select_related("campaign", "area")
        .order_by("starts_at", "id")
        .first()
    )
    if event is None:
        raise SystemExit("No upcoming event with free places: regenerate the bench database.")
    return event


def _plan_ready(campaign: Campaign, now: datetime) -> bool:
    open_events = campaign.events.filter(
        starts_at__gt=now, status=Event.Status.SCHEDULED, confirmed_count__lt=F("capacity")
    )
    return campaign.status == Campaign.Status.PUBLISHED and open_events.count() >= PLAN_EVENTS


def plan_campaign_for(institute: PracticeCenter, skill: Skill, coordinator: User, now: datetime) -> Campaign:
    """50 upcoming events × 10 places across the street's communities, two slots a day (made once, reused)."""
    for campaign in Campaign.objects.filter(title=PLAN_TITLE, center=institute).order_by("-id"):
        if _plan_ready(campaign, now):
            return campaign
        if campaign.status == Campaign.Status.PUBLISHED:
            services.set_campaign_status(campaign=campaign, status=Campaign.Status.CLOSED)
    communities = list(Area.objects.filter(parent=institute.area).order_by("id"))
    other = Skill.objects.exclude(pk=skill.pk).order_by("id").first()
    today = timezone.localdate(now)
    campaign = services.create_campaign(
        created_by=coordinator,
        center=institute,
        title=PLAN_TITLE,
        theme=Campaign.Theme.ELDERLY_CHILDREN,
        starts_on=today,
        ends_on=today + timedelta(days=PLAN_EVENTS // len(PLAN_SLOTS) + 5),
        description="bench: 50 coming events × 10 places for the assignment plan",
        target_areas=communities,
        skills_wanted=[skill, other],
    )
    for number in range(PLAN_EVENTS):
        area = communities[number % len(communities)] if communities else institute.area
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


def prepare(now: datetime) -> Scenario:
    street, volunteers = most_populous_street()
    institute = PracticeCenter.objects.select_related("area").get(area=street, level=PracticeCenter.Level.INSTITUTE)
    skill = most_common_skill(street)
    coordinator, token = coordinator_of(institute)
    return Scenario(
        street=street,
        institute=institute,
        skill=skill,
        coordinator=coordinator,
        token=token,
        event=upcoming_event(street, now),
        plan_campaign=plan_campaign_for(institute, skill, coordinator, now),
        street_volunteers=volunteers,
    )
