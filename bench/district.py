"""District scale (DESIGN.md, "Scale we design for") built with the demo generator's own rules.

`core.demodata.DemoGenerator` builds the area tree, centers, skills, partners and volunteers as it is. Two of its
steps are shaped for the demo's handful of campaigns and are redone here at scale with the same field rules:

- campaigns and events: the demo gives each institute a few campaigns of seven events around today; here 2,000
  campaigns run back to back over the past year and the coming month, 50 events each, in three daily slots;
- registrations: the demo reshuffles the whole street's volunteers for every event and writes one UPDATE per event;
  here volunteers are drawn at random (no clash, no more than the cap of upcoming places), each registration is
  built by `DemoGenerator._registration` (the attendance rules), and rows go in by COPY on PostgreSQL.
"""

import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.db.models import Count, Max, Sum
from django.utils import timezone
from tqdm import tqdm

from accounts.models import Membership, User
from areas.models import Area, PracticeCenter
from campaigns.models import Campaign, Event, Invitation, Registration
from core.demodata import CAMPAIGN_PLANS, DEMO_PASSWORD, EVENT_TITLES, LOCAL_TZ, DemoGenerator
from partners.models import Agreement, Commitment, Partner
from volunteers.models import Consent, ServiceRecord, Skill, Volunteer
from volunteers.selectors import penalty_rows, reliability_score
from volunteers.services import RECENT_HOURS_DAYS, refresh_match_stats

# DESIGN.md's district: 29 streets/towns (the demo's list) with ~22 communities each, and these counts.
COMMUNITIES_PER_STREET = 22
DISTRICT_COUNTS = {
    "partners": 5_000,
    "volunteers": 500_000,
    "campaigns": 2_000,
    "events": 100_000,
    "registrations": 2_000_000,
}
# Campaign calendar: starts spread over the past year and the coming month, each running 60 days.
HISTORY_DAYS, LEAD_DAYS, CAMPAIGN_DAYS = 365, 30, 60
# Three two-hour slots a day (local time): events in the same slot clash, others do not.
SLOTS = ((9, 11), (14, 16), (19, 21))
# Shifts at district scale are bigger than the demo's (6–20 places): 2M registrations over 100k events.
CAPACITIES = (10, 15, 20, 30, 40)
PAST_FILL, UPCOMING_FILL = (0.75, 1.0), (0.3, 0.9)
OVERFLOW_WAITLIST = 3  # the demo's rule: one coming event of each campaign is full with three waiting
FROM_ELSEWHERE = 0.1  # share of an event's volunteers living outside its street/town
PARTNER_FIRST_PHONE, VOLUNTEER_FIRST_PHONE = 3_800_000_000, 5_000_000_000
EVENT_CHUNK = 2_000


@dataclass
class Summary:
    seconds: dict[str, float] = field(default_factory=dict)
    rows: dict[str, int] = field(default_factory=dict)

    @property
    def total_seconds(self) -> float:
        return sum(self.seconds.values())


def scaled_counts(scale: float) -> dict[str, int]:
    minimum = {"partners": 10, "volunteers": 200, "campaigns": 29, "events": 29 * 7, "registrations": 29 * 7 * 5}
    return {name: max(minimum[name], round(count * scale)) for name, count in DISTRICT_COUNTS.items()}


def row_counts() -> dict[str, int]:
    """Exact row counts of the tables the benchmark reads."""
    models_by_name = {
        "areas": Area,
        "communities": Area.objects.filter(level__in=[Area.Level.COMMUNITY, Area.Level.VILLAGE]),
        "streets_and_towns": Area.objects.filter(level__in=[Area.Level.STREET, Area.Level.TOWN]),
        "practice_centers": PracticeCenter,
        "users": User,
        "memberships": Membership,
        "volunteers": Volunteer,
        "volunteer_skills": Volunteer.skills.through,
        "consents": Consent,
        "partners": Partner,
        "agreements": Agreement,
        "commitments": Commitment,
        "campaigns": Campaign,
        "events": Event,
        "registrations": Registration,
        "service_records": ServiceRecord,
        "invitations": Invitation,
    }
    counts = {}
    for name, source in models_by_name.items():
        queryset = source if isinstance(source, models.QuerySet) else source.objects.all()
        counts[name] = queryset.count()
    return counts


class DistrictGenerator(DemoGenerator):
    """The demo generator with the two steps that need a different shape at district scale."""

    def __init__(self, *, seed: int, now: datetime):
        super().__init__(seed=seed, communities_per_street=COMMUNITIES_PER_STREET, today=timezone.localdate(now))
        self.now = now

    # Campaigns and events ---------------------------------------------------------------------------
    def build_district_campaigns(self, *, count: int, events: int) -> list[Event]:
        """`count` campaigns round the institutes, `events` events between them; events are not saved yet."""
        institutes = list(
            PracticeCenter.objects.filter(level=PracticeCenter.Level.INSTITUTE).select_related("area").order_by("id")
        )
        communities: dict[int, list[Area]] = {}
        for area in Area.objects.filter(level__in=[Area.Level.COMMUNITY, Area.Level.VILLAGE]).order_by("id"):
            communities.setdefault(area.parent_id, []).append(area)
        skills = list(Skill.objects.all())
        campaigns = []
        for number in range(count):
            center = institutes[number % len(institutes)]
            theme, title, description = CAMPAIGN_PLANS[number % len(CAMPAIGN_PLANS)]
            starts_on = self.today + timedelta(days=-HISTORY_DAYS + number * (HISTORY_DAYS + LEAD_DAYS) // count)
            ends_on = starts_on + timedelta(days=CAMPAIGN_DAYS)
            campaigns.append(
                Campaign(
                    title=f"{center.area.name}{title}",
                    description=description,
                    theme=theme,
                    center=center,
                    starts_on=starts_on,
                    ends_on=ends_on,
                    status=Campaign.Status.CLOSED if ends_on < self.today else Campaign.Status.PUBLISHED,
                )
            )
        campaigns = Campaign.objects.bulk_create(campaigns, batch_size=1000)
        TargetLink, SkillLink = Campaign.target_areas.through, Campaign.skills_wanted.through
        TargetLink.objects.bulk_create(
            [
                TargetLink(campaign_id=campaign.pk, area_id=area.pk)
                for campaign in campaigns
                for area in communities.get(campaign.center.area_id, ())
            ],
            batch_size=5000,
        )
        SkillLink.objects.bulk_create(
            [
                SkillLink(campaign_id=campaign.pk, skill_id=skill.pk)
                for campaign in campaigns
                for skill in self.random.sample(skills, 2)
            ],
            batch_size=5000,
        )
        planned = []
        per_campaign, extra = divmod(events, count)
        for index, campaign in enumerate(campaigns):
            street = campaign.center.area
            own = communities.get(street.pk, ())
            size = per_campaign + (index < extra)
            for number in range(size):
                area = self.random.choice(own) if own else street
                day = campaign.starts_on + timedelta(days=number * CAMPAIGN_DAYS // max(size, 1))
                first, last = SLOTS[(number + index) % len(SLOTS)]
                starts_at = datetime(day.year, day.month, day.day, first, tzinfo=LOCAL_TZ)
                planned.append(
                    Event(
                        campaign=campaign,
                        title=f"{area.name}·{EVENT_TITLES[campaign.theme]}",
                        area=area,
                        address=f"北京市海淀区{area.name}活动站",
                        starts_at=starts_at,
                        ends_at=starts_at.replace(hour=last),
                        capacity=self.random.choice(CAPACITIES),
                        description=campaign.description,
                    )
                )
        return planned

    def plan_places(self, events: Sequence[Event], total: int) -> list[int]:
        """How many volunteers register for each event: fills like the demo's, adjusted to add up to `total`."""
        overflow_campaigns: set[int] = set()
        wanted, ceiling = [], []
        for event in sorted(events, key=lambda e: e.starts_at):
            upcoming = event.starts_at > self.now
            overflow = upcoming and event.campaign.pk not in overflow_campaigns
            if overflow:
                overflow_campaigns.add(event.campaign.pk)
                event._bench_overflow = True
        for event in events:
            if getattr(event, "_bench_overflow", False):
                wanted.append(event.capacity + OVERFLOW_WAITLIST)
                ceiling.append(event.capacity + OVERFLOW_WAITLIST)
                continue
            low, high = UPCOMING_FILL if event.starts_at > self.now else PAST_FILL
            wanted.append(max(1, round(event.capacity * self.random.uniform(low, high))))
            ceiling.append(event.capacity)
        order = list(range(len(events)))
        self.random.shuffle(order)
        difference = total - sum(wanted)
        while difference:
            moved = False
            for i in order:
                if difference > 0 and wanted[i] < ceiling[i]:
                    wanted[i] += 1
                    difference -= 1
                    moved = True
                elif difference < 0 and wanted[i] > 1 and not getattr(events[i], "_bench_overflow", False):
                    wanted[i] -= 1
                    difference += 1
                    moved = True
                if not difference:
                    break
            if not moved:  # every event is full (or at one place): the total cannot be reached
                break
        return wanted

    # Registrations and the hour ledger --------------------------------------------------------------
    def build_district_registrations(
        self, events: list[Event], wanted: list[int], *, progress: Callable[[int], None]
    ) -> dict[int, int]:
        """Register volunteers for every event (written in chunks); returns event id → confirmed places taken."""
        by_street: dict[int, list[int]] = {}
        everyone: list[int] = []
        for volunteer_id, street_id in Volunteer.objects.active().values_list("id", "home_area__parent_id"):
            by_street.setdefault(street_id, []).append(volunteer_id)
            everyone.append(volunteer_id)
        cap = settings.MAX_UPCOMING_REGISTRATIONS
        busy: set[tuple[int, datetime]] = set()
        upcoming_places: dict[int, int] = {}
        next_id = (Registration.objects.aggregate(top=Max("id"))["top"] or 0) + 1
        record_id = (ServiceRecord.objects.aggregate(top=Max("id"))["top"] or 0) + 1
        confirmed: dict[int, int] = {}
        registration_columns = [f.attname for f in Registration._meta.concrete_fields]
        record_columns = [
            "id",
            "volunteer_id",
            "hours",
            "source",
            "served_on",
            "description",
            "registration_id",
            "reason",
            "created_at",
        ]
        pairs = list(zip(events, wanted, strict=True))
        for start in range(0, len(pairs), EVENT_CHUNK):
            registration_rows, record_rows = [], []
            for event, places in pairs[start : start + EVENT_CHUNK]:
                upcoming = event.starts_at > self.now
                street_pool = by_street.get(event.area.parent_id if event.area.parent_id else event.area_id, [])
                chosen: list[int] = []
                taken: set[int] = set()
                attempts = 0
                while len(chosen) < places and attempts < places * 10 + 50:
                    attempts += 1
                    pool = street_pool if street_pool and self.random.random() >= FROM_ELSEWHERE else everyone
                    volunteer_id = pool[self.random.randrange(len(pool))]
                    if volunteer_id in taken or (volunteer_id, event.starts_at) in busy:
                        continue
                    will_confirm = len(chosen) < event.capacity
                    if upcoming and will_confirm and upcoming_places.get(volunteer_id, 0) >= cap:
                        continue
                    taken.add(volunteer_id)
                    chosen.append(volunteer_id)
                    busy.add((volunteer_id, event.starts_at))
                    if upcoming and will_confirm:
                        upcoming_places[volunteer_id] = upcoming_places.get(volunteer_id, 0) + 1
                created = min(event.starts_at - timedelta(days=self.random.randint(2, 20)), self.now)
                created -= timedelta(seconds=7 * len(chosen))
                confirmed[event.pk] = min(len(chosen), event.capacity)
                served_on = event.starts_at.astimezone(LOCAL_TZ).date()
                for position, volunteer_id in enumerate(chosen):
                    status = (
                        Registration.Status.CONFIRMED if position < event.capacity else Registration.Status.WAITLISTED
                    )
                    registration = self._registration(event, volunteer_id, status, now=self.now, created=created)
                    registration.pk, registration.updated_at = next_id, created
                    registration_rows.append([getattr(registration, column) for column in registration_columns])
                    if registration.checked_out_at is not None:
                        record_rows.append(
                            [
                                record_id,
                                volunteer_id,
                                Decimal("2"),
                                ServiceRecord.Source.EVENT,
                                served_on,
                                event.title,
                                next_id,
                                "",
                                registration.checked_out_at,
                            ]
                        )
                        record_id += 1
                    next_id += 1
                    created += timedelta(seconds=7)
            with transaction.atomic():
                insert_rows(Registration, registration_columns, registration_rows)
                insert_rows(ServiceRecord, record_columns, record_rows)
            progress(len(registration_rows))
        with connection.cursor() as cursor:
            for statement in connection.ops.sequence_reset_sql(no_style(), [Registration, ServiceRecord]):
                cursor.execute(statement)
        return confirmed


def prefill_match_stats(*, now: datetime) -> int:
    """What `refresh_match_stats` computes, written set-based (COPY + one UPDATE) instead of bulk_update.

    Same inputs and formulas (the app's `penalty_rows`, `reliability_score`, RECENT_HOURS_DAYS): the app's own
    `refresh_match_stats()` runs afterwards and finds (next to) nothing left to change. Its bulk_update of
    ~300k changed volunteers in 2,000-row CASE statements would take most of the generation's time.
    """
    penalties: dict[int, list] = {}
    for volunteer_id, weight, when in penalty_rows():
        penalties.setdefault(volunteer_id, []).append((weight, when))
    since = (now - timedelta(days=RECENT_HOURS_DAYS)).date()
    hours = dict(
        ServiceRecord.objects.filter(served_on__gte=since)
        .values("volunteer_id")
        .annotate(total=Sum("hours"))
        .values_list("volunteer_id", "total")
    )
    default = (
        Volunteer._meta.get_field("reliability").default,
        Decimal(Volunteer._meta.get_field("recent_hours").default),
    )
    rows = []
    for volunteer_id in penalties.keys() | hours.keys():
        values = (
            reliability_score(penalties.get(volunteer_id, ()), now=now),
            max(hours.get(volunteer_id) or Decimal("0"), Decimal("0")),
        )
        if values != default:
            rows.append((volunteer_id, *values))
    table = connection.ops.quote_name(Volunteer._meta.db_table)
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "CREATE TEMPORARY TABLE bench_match_stats (id bigint, reliability smallint, recent_hours numeric(7, 2))"
                " ON COMMIT DROP"
            )
            with cursor.cursor.copy("COPY bench_match_stats (id, reliability, recent_hours) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            cursor.execute(
                f"UPDATE {table} AS v SET reliability = s.reliability, recent_hours = s.recent_hours"
                " FROM bench_match_stats AS s WHERE v.id = s.id"
            )
        else:
            field = Volunteer._meta.get_field("recent_hours")
            cursor.executemany(
                f"UPDATE {table} SET reliability = %s, recent_hours = %s WHERE id = %s",
                [(reliability, field.get_db_prep_save(recent, connection), pk) for pk, reliability, recent in rows],
            )
    return len(rows)


def insert_rows(model: type[models.Model], columns: Sequence[str], rows: Iterable[Sequence]) -> None:
    """Insert plain rows (explicit ids): COPY on PostgreSQL, executemany elsewhere."""
    table = connection.ops.quote_name(model._meta.db_table)
    names = ", ".join(connection.ops.quote_name(model._meta.get_field(c).column) for c in columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        convert = []
        for column in columns:
            model_field = model._meta.get_field(column)
            if isinstance(model_field, models.DateField | models.DecimalField):
                convert.append(lambda value, f=model_field: f.get_db_prep_save(value, connection))
            else:
                convert.append(None)
        prepared = [[c(v) if c else v for c, v in zip(convert, row, strict=True)] for row in rows]
        placeholders = ", ".join(["%s"] * len(columns))
        cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({placeholders})", prepared)


def _stage(summary: Summary, name: str, started: float) -> None:
    summary.seconds[name] = round(time.perf_counter() - started, 1)
    tqdm.write(f"  {name}: {summary.seconds[name]:.1f} s")


def generate_district(*, scale: float = 1.0, seed: int = 2021, flush: bool = False) -> Summary:
    """Migrate, then build the district at `scale` × DESIGN.md's counts. Returns timings and row counts."""
    summary = Summary()
    counts = scaled_counts(scale)
    started = time.perf_counter()
    call_command("migrate", interactive=False, verbosity=0)
    if Area.objects.exists():
        if not flush:
            raise SystemExit("The database already holds data: pass --flush to empty it, or use a new database.")
        call_command("flush", interactive=False, verbosity=0)
    _stage(summary, "migrate", started)

    now = timezone.now()
    generator = DistrictGenerator(seed=seed, now=now)
    started = time.perf_counter()
    with transaction.atomic():
        generator.build_areas()
        generator.build_centers()
        generator.build_skills()
    password_hash = make_password(DEMO_PASSWORD)
    with transaction.atomic():
        partners = generator.build_partners(
            counts["partners"], password_hash=password_hash, first_phone=PARTNER_FIRST_PHONE
        )
    _stage(summary, "areas, centers, skills, partners", started)

    started = time.perf_counter()
    with tqdm(total=counts["volunteers"], desc="volunteers", unit="row", unit_scale=True) as bar:

        def advance(done: int) -> None:
            bar.update(done - bar.n)

        generator.build_volunteers(
            counts["volunteers"],
            password_hash=password_hash,
            first_phone=VOLUNTEER_FIRST_PHONE,
            partners=partners,
            batch_size=5000,
            progress=advance,
        )
    _stage(summary, "volunteers", started)

    started = time.perf_counter()
    with transaction.atomic():
        events = generator.build_district_campaigns(count=counts["campaigns"], events=counts["events"])
        wanted = generator.plan_places(events, counts["registrations"])
        for event, places in zip(events, wanted, strict=True):
            event.confirmed_count = min(places, event.capacity)
        with tqdm(total=len(events), desc="events", unit="row", unit_scale=True) as bar:
            saved = []
            for start in range(0, len(events), 5000):
                saved += Event.objects.bulk_create(events[start : start + 5000])
                bar.update(len(events[start : start + 5000]))
        events = saved
    _stage(summary, "campaigns and events", started)

    started = time.perf_counter()
    with tqdm(total=sum(wanted), desc="registrations", unit="row", unit_scale=True) as bar:
        confirmed = generator.build_district_registrations(events, wanted, progress=bar.update)
    short = [event for event in events if confirmed[event.pk] != event.confirmed_count]
    for event in short:  # an event that found fewer free volunteers than planned (only at tiny scales)
        Event.objects.filter(pk=event.pk).update(confirmed_count=confirmed[event.pk])
    _stage(summary, "registrations and service records", started)

    started = time.perf_counter()
    summary.rows["match_stats_prefilled"] = prefill_match_stats(now=timezone.now())
    _stage(summary, "match statistics (set-based)", started)
    started = time.perf_counter()
    summary.rows["match_stats_changed_by_refresh"] = refresh_match_stats()
    _stage(summary, "refresh_match_stats()", started)

    started = time.perf_counter()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    else:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    _stage(summary, "analyze", started)

    summary.rows = {**row_counts(), **summary.rows}
    summary.rows["volunteers_with_recent_hours"] = Volunteer.objects.filter(recent_hours__gt=0).count()
    summary.rows["events_upcoming"] = Event.objects.filter(starts_at__gt=now).count()
    summary.rows["largest_street_volunteers"] = (
        Volunteer.objects.values("home_area__parent")
        .annotate(n=Count("id"))
        .order_by("-n")
        .values_list("n", flat=True)
        .first()
        or 0
    )
    return summary
