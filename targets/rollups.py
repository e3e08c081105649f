"""Roll-up tables: kept current by each survey response, refreshed on a schedule for participation data.

The dashboard and the reports read these small tables, never the million responses or the hour ledger:
- `MeasureTally`: answers per (area at every level, day or month, measure, subject, campaign): n and positive.
- `AnswerTally`: answers per (question, community, value), for a survey's results.
- `AreaFigures`: volunteers, hours, events, partners and pledges per (area at every level, period).
"""

from collections import defaultdict
from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from functools import cache
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Count, F, Q, Sum
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone

from areas.models import Area
from campaigns.models import Event
from partners.models import Commitment, PartnerActivity
from targets.models import Answer, AnswerTally, AreaFigures, MeasureTally, Question, SurveyResponse
from targets.periods import Period, PeriodKind
from volunteers.models import ServiceRecord, Volunteer

LOCAL_TZ = ZoneInfo(settings.TIME_ZONE)
RESPONSES = MeasureTally.Measure.RESPONSES
ACTIVE_WINDOW_DAYS = 365  # "active volunteers": service in the twelve months up to the day


def local_midnight(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=LOCAL_TZ)


def path_prefixes(path: str) -> list[str]:
    """`110108/110108001/110108001001/` → the paths of the area and of every area above it."""
    parts = path.rstrip("/").split("/")
    return ["/".join(parts[: i + 1]) + "/" for i in range(len(parts))]


class AreaTree:
    """Every area's id, path, level and population, loaded once, with its ancestors found by path."""

    def __init__(self, rows: Iterable[dict]):
        self.rows = {row["id"]: row for row in rows}
        self.by_path = {row["path"]: row["id"] for row in self.rows.values()}

    @classmethod
    def load(cls, queryset=None) -> "AreaTree":
        queryset = Area.objects.all() if queryset is None else queryset
        return cls(queryset.values("id", "name", "code", "path", "level", "population", "parent_id"))

    def ancestors_and_self(self, area_id: int) -> list[int]:
        return [self.by_path[p] for p in path_prefixes(self.rows[area_id]["path"]) if p in self.by_path]


# Survey tallies -------------------------------------------------------------------------------------

TallyKey = tuple[str, str, int | None]  # measure, subject, campaign id


def response_counts(answers: Iterable[tuple[Question, str]]) -> dict[TallyKey, list[int]]:
    """What one response adds to the tallies: itself, and each measured answer (n) and whether it is positive."""
    counts: dict[TallyKey, list[int]] = {(RESPONSES, "", None): [1, 1]}
    for question, value in answers:
        if question.measures == Question.Measure.NONE:
            continue
        entry = counts.setdefault((question.measures, question.satisfaction_subject, question.campaign_id), [0, 0])
        entry[0] += 1
        entry[1] += question.is_positive(value)
    return counts


@cache
def _buckets(day: date) -> tuple[tuple[str, date], ...]:
    """(period kind, period start) of every period the day belongs to."""
    return tuple((kind, Period.containing(kind, day).start) for kind in PeriodKind.values)


def _sort_key(key: TallyKey) -> tuple:
    measure, subject, campaign_id = key
    return measure, subject, campaign_id or 0


def add_response(*, response: SurveyResponse, answers: list[tuple[Question, str]]) -> None:
    """Count one response into the roll-ups. Runs inside the response's transaction.

    Rows are first inserted at zero where missing (ON CONFLICT DO NOTHING, in one fixed order), then locked in
    id order and incremented with one UPDATE per measure (covering every area and period at once). Concurrent
    responses queue on the same rows in the same order, so none loses a count and none deadlocks.
    """
    areas = sorted(Area.objects.filter(path__in=path_prefixes(response.community.path)).values_list("id", flat=True))
    day = timezone.localtime(response.submitted_at).date()
    counts = sorted(response_counts(answers).items(), key=lambda item: _sort_key(item[0]))
    MeasureTally.objects.bulk_create(
        [
            MeasureTally(
                area_id=area_id, bucket=bucket, starts_on=start, measure=measure, subject=subject, campaign_id=campaign
            )
            for area_id in areas
            for bucket, start in _buckets(day)
            for (measure, subject, campaign), _amounts in counts
        ],
        ignore_conflicts=True,
    )
    buckets, keys = Q(pk__in=[]), Q(pk__in=[])
    for bucket, start in _buckets(day):
        buckets |= Q(bucket=bucket, starts_on=start)
    for measure, subject, campaign in (key for key, _amounts in counts):
        keys |= Q(measure=measure, subject=subject, campaign=campaign)
    rows = MeasureTally.objects.filter(buckets, keys, area_id__in=areas)
    list(rows.order_by("pk").select_for_update().values_list("pk", flat=True))
    for (measure, subject, campaign), (n, positive) in counts:
        rows.filter(measure=measure, subject=subject, campaign=campaign).update(
            n=F("n") + n, positive=F("positive") + positive
        )
    values = sorted((question.pk, value) for question, value in answers)
    AnswerTally.objects.bulk_create(
        [AnswerTally(question_id=q, community_id=response.community_id, value=v) for q, v in values],
        ignore_conflicts=True,
    )
    given = Q(pk__in=[])
    for question_id, value in values:
        given |= Q(question_id=question_id, value=value)
    counted = AnswerTally.objects.filter(given, community_id=response.community_id)
    list(counted.order_by("pk").select_for_update().values_list("pk", flat=True))
    counted.update(count=F("count") + 1)


def _insert_rows(model, columns: list[str], rows: list[tuple], batch: int = 5000) -> None:
    """Plain multi-row inserts for a rebuild: the ORM's per-object work would dominate at this volume."""
    table = connection.ops.quote_name(model._meta.db_table)
    names = ", ".join(connection.ops.quote_name(c) for c in columns)
    statement = f"INSERT INTO {table} ({names}) VALUES ({', '.join(['%s'] * len(columns))})"
    with connection.cursor() as cursor:
        for first in range(0, len(rows), batch):
            cursor.executemany(statement, rows[first : first + batch])


@transaction.atomic
def rebuild_tallies() -> int:
    """Recount every tally from the stored responses (after bulk loads or a change of the area tree)."""
    MeasureTally.objects.all().delete()
    AnswerTally.objects.all().delete()
    tree = AreaTree.load()
    questions = {q.pk: q for q in Question.objects.all()}
    per_day: dict[tuple, list[int]] = defaultdict(lambda: [0, 0])  # (community, day, *key) → [n, positive]
    answers: dict[tuple, int] = defaultdict(int)

    responses = (
        SurveyResponse.objects.annotate(day=TruncDate("submitted_at", tzinfo=LOCAL_TZ))
        .values_list("community_id", "day")
        .annotate(n=Count("id"))
        .order_by()
    )
    for community_id, day, n in responses.iterator():
        per_day[(community_id, day, RESPONSES, "", None)] = [n, n]
    rows = (
        Answer.objects.annotate(day=TruncDate("response__submitted_at", tzinfo=LOCAL_TZ))
        .values_list("response__community_id", "day", "question_id", "choice", "scale")
        .annotate(n=Count("id"))
        .order_by()
    )
    for community_id, day, question_id, choice, scale, n in rows.iterator():
        question = questions[question_id]
        value = str(scale) if scale is not None else choice
        answers[(question_id, community_id, value)] += n
        if question.measures != Question.Measure.NONE:
            entry = per_day[(community_id, day, question.measures, question.satisfaction_subject, question.campaign_id)]
            entry[0] += n
            entry[1] += n if question.is_positive(value) else 0

    measures: dict[tuple, list[int]] = defaultdict(lambda: [0, 0])
    for (community_id, day, *key), (n, positive) in per_day.items():
        buckets = _buckets(day)
        for area_id in tree.ancestors_and_self(community_id):
            for bucket, start in buckets:
                entry = measures[(area_id, bucket, start, *key)]
                entry[0] += n
                entry[1] += positive
    _insert_rows(
        MeasureTally,
        ["area_id", "bucket", "starts_on", "measure", "subject", "campaign_id", "n", "positive"],
        [(*key, n, positive) for key, (n, positive) in measures.items()],
    )
    _insert_rows(
        AnswerTally, ["question_id", "community_id", "value", "count"], [(*key, n) for key, n in answers.items()]
    )
    return len(measures)


def _bucket_filter(period: Period) -> Q:
    return Q(bucket=period.kind, starts_on=period.start)


Sums = dict[tuple[str, str], list[int]]  # (measure, subject) → [n, positive]


def measure_sums(area_ids: Iterable[int], period: Period) -> dict[int, Sums]:
    """Per area: answers and positive answers of each measure and subject over the period (one query)."""
    return measure_sums_of(MeasureTally.objects.filter(area_id__in=list(area_ids)), [period])[period]


def community_sums(area: Area, periods: list[Period]) -> dict[Period, dict[int, Sums]]:
    """`measure_sums` of every community and village under the area, for several periods (one query)."""
    under = MeasureTally.objects.filter(
        area__path__startswith=area.path, area__level__in=[Area.Level.COMMUNITY, Area.Level.VILLAGE]
    )
    return measure_sums_of(under, periods)


def measure_sums_of(tallies, periods: list[Period]) -> dict[Period, dict[int, Sums]]:
    which = Q(pk__in=[])
    for period in periods:
        which |= _bucket_filter(period)
    by_start = {(period.kind, period.start): period for period in periods}
    sums: dict[Period, dict[int, Sums]] = {period: defaultdict(dict) for period in periods}
    rows = tallies.filter(which).values_list("bucket", "starts_on", "area_id", "measure", "subject", "n", "positive")
    for bucket, starts_on, area_id, measure, subject, n, positive in rows.order_by():
        entry = sums[by_start[(bucket, starts_on)]][area_id].setdefault((measure, subject), [0, 0])
        entry[0] += n  # rows of different campaigns add up
        entry[1] += positive
    return sums


def campaign_sums(campaign_ids: Iterable[int], period: Period) -> dict[int, Sums]:
    """Per campaign: answers to questions about it over the period, counted at the top of the tree (one query)."""
    rows = (
        MeasureTally.objects.filter(
            _bucket_filter(period), campaign_id__in=list(campaign_ids), area__parent__isnull=True
        )
        .values("campaign_id", "measure", "subject")
        .annotate(total=Sum("n"), positives=Sum("positive"))
        .order_by()
    )
    sums: dict[int, Sums] = defaultdict(dict)
    for row in rows:
        sums[row["campaign_id"]][(row["measure"], row["subject"])] = [row["total"], row["positives"]]
    return sums


def daily_series(*, start: date, end: date, area_id: int | None = None, campaign_id: int | None = None) -> dict:
    """Per day: (measure) → [n, positive] for an area, or for the questions about a campaign (one query)."""
    scope = Q(area_id=area_id) if campaign_id is None else Q(campaign_id=campaign_id, area__parent__isnull=True)
    rows = (
        MeasureTally.objects.filter(scope, bucket=PeriodKind.DAY, starts_on__gte=start, starts_on__lte=end)
        .values("starts_on", "measure")
        .annotate(total=Sum("n"), positives=Sum("positive"))
        .order_by()
    )
    series: dict[date, dict[str, list[int]]] = defaultdict(dict)
    for row in rows:
        series[row["starts_on"]][row["measure"]] = [row["total"], row["positives"]]
    return series


# Participation figures ----------------------------------------------------------------------------

FIGURE_FIELDS = (
    "registered_volunteers",
    "new_volunteers",
    "active_volunteers",
    "volunteer_hours",
    "events_held",
    "partners_active",
    "pledged_hours",
    "delivered_hours",
    "pledged_events",
    "delivered_events",
)
_DECIMAL_FIELDS = {"volunteer_hours", "pledged_hours", "delivered_hours", "pledged_events"}


def _empty_figures() -> dict:
    return {name: Decimal("0") if name in _DECIMAL_FIELDS else 0 for name in FIGURE_FIELDS}


def _credited_partner():
    """The partner a ledger entry's hours were delivered for: its verified activity or its reserved place."""
    return Coalesce(
        "partner_activity__partner_id",
        "registration__reservation__partner_id",
        "reverses__partner_activity__partner_id",
        "reverses__registration__reservation__partner_id",
    )


def _volunteers_as_of(as_of: date) -> dict[str, dict[int, int]]:
    """Registered and active volunteers per home area on a day (the same for every period ending that day)."""
    after_as_of = local_midnight(as_of + timedelta(days=1))
    registered = (
        Volunteer.objects.filter(created_at__lt=after_as_of)
        .filter(Q(erased_at__isnull=True) | Q(erased_at__gte=after_as_of))
        .values_list("home_area_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    served = (
        ServiceRecord.objects.filter(served_on__gt=as_of - timedelta(days=ACTIVE_WINDOW_DAYS), served_on__lte=as_of)
        .values("volunteer_id")
        .annotate(total=Sum("hours"))
        .filter(total__gt=0)
        .values("volunteer_id")
    )
    active = Volunteer.objects.filter(pk__in=served).values_list("home_area_id").annotate(n=Count("id")).order_by()
    return {"registered_volunteers": dict(registered), "active_volunteers": dict(active)}


def compute_figures(
    period: Period, *, today: date | None = None, tree: AreaTree | None = None, memo: dict | None = None
) -> dict[int, dict]:
    """Participation figures of every area for the period, from the source tables (a fixed number of queries).

    `memo` carries what several periods share (the volunteers counted on the same day) from one call to the next.
    """
    today = today or timezone.localdate()
    tree = tree or AreaTree.load()
    as_of = min(period.end, today)
    after_as_of = local_midnight(as_of + timedelta(days=1))
    own: dict[int, dict] = defaultdict(_empty_figures)  # area → its own figures, before rolling up
    partner_sets: dict[int, set] = defaultdict(set)

    memo = {} if memo is None else memo
    if as_of not in memo:
        memo[as_of] = _volunteers_as_of(as_of)
    for name, counts in memo[as_of].items():
        for area_id, n in counts.items():
            own[area_id][name] = n
    new = (
        Volunteer.objects.filter(created_at__gte=local_midnight(period.start), created_at__lt=after_as_of)
        .values("home_area_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    for row in new:
        own[row["home_area_id"]]["new_volunteers"] = row["n"]
    hours = (
        ServiceRecord.objects.filter(served_on__gte=period.start, served_on__lte=as_of)
        .values("volunteer__home_area_id")
        .annotate(total=Sum("hours"))
        .order_by()
    )
    for row in hours:
        own[row["volunteer__home_area_id"]]["volunteer_hours"] = row["total"] or Decimal("0")
    events = (
        Event.objects.filter(
            status=Event.Status.SCHEDULED,
            starts_at__gte=local_midnight(period.start),
            starts_at__lt=after_as_of,
            ends_at__lte=timezone.now(),
        )
        .values("area_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    for row in events:
        own[row["area_id"]]["events_held"] = row["n"]
    activities = (
        PartnerActivity.objects.filter(
            status=PartnerActivity.Status.VERIFIED, occurred_on__gte=period.start, occurred_on__lte=as_of
        )
        .values_list("area_id", "partner_id")
        .distinct()
        .order_by()
    )
    for area_id, partner_id in activities:
        partner_sets[area_id].add(partner_id)
    _add_pledges(own, period, as_of)

    figures: dict[int, dict] = {area_id: _empty_figures() for area_id in tree.rows}
    partners: dict[int, set] = defaultdict(set)
    for area_id in set(own) | set(partner_sets):
        if area_id not in tree.rows:
            continue
        for target in tree.ancestors_and_self(area_id):
            for name, value in own[area_id].items():
                figures[target][name] += value
            partners[target] |= partner_sets[area_id]
    for area_id, row in figures.items():
        row["partners_active"] = len(partners[area_id])
        row["population"] = tree.rows[area_id]["population"]
    return figures


def _add_pledges(own: dict[int, dict], period: Period, as_of: date) -> None:
    """Pledged hours and events of agreements in force during the period, and what was delivered in each term."""
    commitments = (
        Commitment.objects.filter(
            agreement__starts_on__lte=period.end,
            agreement__ends_on__gte=period.start,
            kind__in=[Commitment.Kind.VOLUNTEER_HOURS, Commitment.Kind.EVENTS],
        )
        .values(
            "agreement_id",
            "kind",
            "agreement__partner_id",
            "agreement__partner__area_id",
            "agreement__starts_on",
            "agreement__ends_on",
        )
        .annotate(quantity=Sum("quantity"))
        .order_by()
    )
    agreements: dict[int, dict] = {}
    for row in commitments:
        agreement = agreements.setdefault(
            row["agreement_id"],
            {
                "partner": row["agreement__partner_id"],
                "area": row["agreement__partner__area_id"],
                "starts_on": row["agreement__starts_on"],
                "ends_on": min(row["agreement__ends_on"], as_of),
                "hours": Decimal("0"),
                "events": Decimal("0"),
            },
        )
        agreement["hours" if row["kind"] == Commitment.Kind.VOLUNTEER_HOURS else "events"] += row["quantity"]
    if not agreements:
        return
    first_day = min(a["starts_on"] for a in agreements.values())
    partner_ids = {a["partner"] for a in agreements.values()}
    delivered_hours: dict[int, list] = defaultdict(list)
    credited = (
        ServiceRecord.objects.filter(served_on__gte=first_day, served_on__lte=as_of)
        .annotate(partner=_credited_partner())
        .filter(partner__in=partner_ids)
        .values("partner", "served_on")
        .annotate(total=Sum("hours"))
        .order_by()
    )
    for row in credited:
        delivered_hours[row["partner"]].append((row["served_on"], row["total"]))
    delivered_events: dict[int, list] = defaultdict(list)
    verified = (
        PartnerActivity.objects.filter(
            status=PartnerActivity.Status.VERIFIED,
            partner_id__in=partner_ids,
            occurred_on__gte=first_day,
            occurred_on__lte=as_of,
        )
        .values("partner_id", "occurred_on")
        .annotate(n=Count("id"))
        .order_by()
    )
    for row in verified:
        delivered_events[row["partner_id"]].append((row["occurred_on"], row["n"]))
    for agreement in agreements.values():
        term = agreement["starts_on"], agreement["ends_on"]
        target = own[agreement["area"]]
        target["pledged_hours"] += agreement["hours"]
        target["pledged_events"] += agreement["events"]
        if agreement["hours"]:
            target["delivered_hours"] += sum(
                (h for day, h in delivered_hours[agreement["partner"]] if term[0] <= day <= term[1]), Decimal("0")
            )
        if agreement["events"]:
            target["delivered_events"] += sum(
                n for day, n in delivered_events[agreement["partner"]] if term[0] <= day <= term[1]
            )


@transaction.atomic
def store_figures(period: Period, *, today: date | None = None, memo: dict | None = None) -> int:
    """Compute and store the period's figures for every area (replacing what was stored)."""
    tree = AreaTree.load()
    figures = compute_figures(period, today=today, tree=tree, memo=memo)
    now = timezone.now()
    AreaFigures.objects.filter(period_kind=period.kind, period_start=period.start).delete()
    AreaFigures.objects.bulk_create(
        (
            AreaFigures(
                area_id=area_id,
                period_kind=period.kind,
                period_start=period.start,
                period_end=period.end,
                computed_at=now,
                **row,
            )
            for area_id, row in figures.items()
        ),
        batch_size=2000,
    )
    return len(figures)


def stored_figures(area_ids: list[int], period: Period) -> tuple[dict[int, dict], datetime | None] | None:
    """The stored figures of the areas for the period, or None when the period was never computed."""
    names = ("population", *FIGURE_FIELDS)
    rows = list(
        AreaFigures.objects.filter(period_kind=period.kind, period_start=period.start, area_id__in=area_ids)
        .values_list("area_id", "computed_at", *names)
        .order_by()
    )
    if not rows:
        return None
    figures = {area_id: {**_empty_figures(), "population": 0} for area_id in area_ids}
    figures.update({row[0]: dict(zip(names, row[2:], strict=True)) for row in rows})
    return figures, min(row[1] for row in rows)


def figures_for(
    area_ids: list[int], period: Period, *, today: date | None = None
) -> tuple[dict[int, dict], datetime | None]:
    """Stored figures when the schedule has computed the period; otherwise computed now (and not stored)."""
    stored = stored_figures(area_ids, period)
    if stored is not None:
        return stored
    computed = compute_figures(period, today=today)
    return {area_id: computed[area_id] for area_id in area_ids if area_id in computed}, None


def periods_to_refresh(today: date) -> list[Period]:
    """The current and the previous period of every kind: what the dashboard and the reports ask for most."""
    periods = []
    for kind in PeriodKind.values:
        current = Period.containing(kind, today)
        periods += [current, current.previous()]
    return periods
