"""Where an area or a campaign stands in a period: its metrics, its targets and their status, trend series and
the ranking below it. Read from the roll-ups with a fixed number of queries, whatever the number of responses or
communities; used by the dashboard and by the reports alike.
"""

from collections import defaultdict
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from django.db.models import Count, Q, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from areas.models import Area
from campaigns.models import Campaign, Event
from orders.selectors import order_metrics
from partners.models import PartnerActivity
from targets import metrics
from targets.metrics import MIN_SAMPLE, Group, Rate
from targets.models import Question, Target
from targets.periods import Period
from targets.rollups import (
    AreaTree,
    Sums,
    campaign_sums,
    community_sums,
    daily_series,
    figures_for,
    local_midnight,
    measure_sums,
    path_prefixes,
)
from volunteers.models import ServiceRecord

COMMUNITY_LEVELS = (Area.Level.COMMUNITY, Area.Level.VILLAGE)
STREET_LEVELS = (Area.Level.STREET, Area.Level.TOWN)
Metric = Target.Metric
SURVEY_MEASURES = {
    Metric.AWARENESS_RATE: Question.Measure.AWARENESS,
    Metric.PARTICIPATION_RATE: Question.Measure.PARTICIPATION,
    Metric.SATISFACTION_RATE: Question.Measure.SATISFACTION,
}
CUMULATIVE = (Metric.VOLUNTEER_HOURS, Metric.EVENTS_HELD, Metric.PARTNERS_ACTIVE, Metric.NEW_VOLUNTEERS)
CAMPAIGN_METRICS = (Metric.SATISFACTION_RATE, Metric.VOLUNTEER_HOURS, Metric.EVENTS_HELD, Metric.PARTNERS_ACTIVE)
SUBJECTS = list(Question.Subject.values)
TREND_DAYS = 30
TREND_WEEKS = 12


def target_period(target: Target) -> Period:
    return Period.containing(target.period_kind, target.period_start)


class Tree:
    """A subtree of areas (and the areas above its root) with, for each area, the communities below it."""

    def __init__(self, areas: AreaTree):
        self.areas = areas
        self.communities_under: dict[int, list[int]] = defaultdict(list)
        for area_id, row in areas.rows.items():
            if row["level"] in COMMUNITY_LEVELS:
                for above in areas.ancestors_and_self(area_id):
                    self.communities_under[above].append(area_id)

    @classmethod
    def around(cls, area: Area) -> "Tree":
        """The area, everything below it and everything above it (one query)."""
        return cls(
            AreaTree.load(Area.objects.filter(Q(path__startswith=area.path) | Q(path__in=path_prefixes(area.path))))
        )

    def row(self, area_id: int) -> dict:
        return self.areas.rows[area_id]

    def is_community(self, area_id: int) -> bool:
        return self.row(area_id)["level"] in COMMUNITY_LEVELS

    def children(self, area_id: int, levels) -> list[int]:
        return [i for i, row in self.areas.rows.items() if row["parent_id"] == area_id and row["level"] in levels]

    def ref(self, area_id: int) -> dict:
        row = self.row(area_id)
        return {"id": area_id, "name": row["name"], "level": row["level"]}


def _pick(sums: Sums, measure: str, subject: str = "") -> tuple[int, int]:
    if subject:
        n, positive = sums.get((measure, subject), (0, 0))
        return n, positive
    n = positive = 0
    for (m, _subject), (count, good) in sums.items():
        if m == measure:
            n, positive = n + count, positive + good
    return n, positive


def area_rate(tree: Tree, sums: dict[int, Sums], area_id: int, measure: str, subject: str = "") -> Rate:
    """A community's own share; above a community, communities weighted by population (unweighted alongside)."""
    if tree.is_community(area_id):
        n, positive = _pick(sums.get(area_id, {}), measure, subject)
        rate = metrics.proportion(positive, n)
        return replace(rate, unweighted=rate)
    groups = []
    for community in tree.communities_under[area_id]:
        n, positive = _pick(sums.get(community, {}), measure, subject)
        groups.append(Group(positive=positive, n=n, population=tree.row(community)["population"]))
    return metrics.weighted_proportion(groups)


def area_share(tree: Tree, sums: dict[int, Sums], area_id: int, measure: str, subject: str = "") -> float | None:
    """`area_rate`'s value alone, without intervals: what rankings compare, hundreds of areas at a time."""
    if tree.is_community(area_id):
        n, positive = _pick(sums.get(area_id, {}), measure, subject)
        return metrics.share(positive, n)
    groups = []
    for community in tree.communities_under[area_id]:
        n, positive = _pick(sums.get(community, {}), measure, subject)
        if n:
            groups.append(Group(positive=positive, n=n, population=tree.row(community)["population"]))
    return metrics.weighted_share(groups)


def responses_in(tree: Tree, sums: dict[int, Sums], area_id: int) -> int:
    communities = [area_id] if tree.is_community(area_id) else tree.communities_under[area_id]
    return sum(_pick(sums.get(c, {}), "responses")[0] for c in communities)


def _float(value) -> float | None:
    return None if value is None else float(value)


def figure_value(metric: str, figures: dict | None) -> float | None:
    """A participation-data metric from an area's figures."""
    if figures is None:
        return None
    if metric == Metric.REGISTRATION_RATE:
        return metrics.ratio(figures["registered_volunteers"], figures["population"])
    if metric == Metric.PLEDGE_DELIVERY_RATE:
        return metrics.ratio(float(figures["delivered_hours"]), float(figures["pledged_hours"]))
    return _float(figures[metric])


def campaign_figures(campaign_ids: list[int], period: Period, *, today: date) -> dict[int, dict]:
    """Hours served, events held and partners with verified activity for each campaign (three queries)."""
    as_of = min(period.end, today)
    figures = {cid: {"volunteer_hours": 0.0, "events_held": 0, "partners_active": 0} for cid in campaign_ids}
    if not campaign_ids:
        return figures
    hours = (
        ServiceRecord.objects.filter(served_on__gte=period.start, served_on__lte=as_of)
        .annotate(
            campaign=Coalesce(
                "registration__event__campaign_id",
                "partner_activity__campaign_id",
                "reverses__registration__event__campaign_id",
                "reverses__partner_activity__campaign_id",
            )
        )
        .filter(campaign__in=campaign_ids)
        .values("campaign")
        .annotate(total=Sum("hours"))
        .order_by()
    )
    for row in hours:
        figures[row["campaign"]]["volunteer_hours"] = float(row["total"] or 0)
    events = (
        Event.objects.filter(
            campaign_id__in=campaign_ids,
            status=Event.Status.SCHEDULED,
            starts_at__gte=local_midnight(period.start),
            starts_at__lt=local_midnight(as_of + timedelta(days=1)),
            ends_at__lte=timezone.now(),
        )
        .values("campaign_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    for row in events:
        figures[row["campaign_id"]]["events_held"] = row["n"]
    partners = (
        PartnerActivity.objects.filter(
            campaign_id__in=campaign_ids,
            status=PartnerActivity.Status.VERIFIED,
            occurred_on__gte=period.start,
            occurred_on__lte=as_of,
        )
        .values("campaign_id")
        .annotate(n=Count("partner_id", distinct=True))
        .order_by()
    )
    for row in partners:
        figures[row["campaign_id"]]["partners_active"] = row["n"]
    return figures


# Targets -----------------------------------------------------------------------------------------


@dataclass
class Evaluation:
    target: Target
    period: Period
    value: float | None
    status: str
    rate: Rate | None = None
    projection: float | None = None

    @property
    def attainment(self) -> float | None:
        return metrics.attainment(self.value, float(self.target.threshold))

    def as_dict(self) -> dict:
        target = self.target
        if target.area_id:
            scope = {"type": "area", "id": target.area_id, "name": target.area.name}
        else:
            scope = {"type": "campaign", "id": target.campaign_id, "name": target.campaign.title}
        rate = self.rate.as_dict() if self.rate else {}
        return {
            "id": target.pk,
            "metric": target.metric,
            "subject": target.subject,
            "scope": scope,
            "period": self.period.as_dict(),
            "threshold": float(target.threshold),
            "value": rate.get("value", _round(self.value)),
            "ci_low": rate.get("ci_low"),
            "ci_high": rate.get("ci_high"),
            "n": rate.get("n"),
            "suppressed": rate.get("suppressed", False),
            "projection": _round(self.projection),
            "status": self.status,
            "attainment": _round(self.attainment),
        }


def _round(value):
    return None if value is None else round(value, 4)


def judge(metric: str, threshold: float, *, value: float | None, rate: Rate | None, period: Period, today: date):
    """(status, projection) of a metric's value against a threshold over a period, by the metric's kind."""
    ended = period.ended(today)
    if rate is not None:
        return metrics.survey_rate_status(rate, threshold, ended=ended), None
    if metric in CUMULATIVE:
        elapsed = period.elapsed_days(today)
        projected = metrics.projection(value or 0.0, elapsed_days=elapsed, total_days=period.days) if elapsed else None
        return metrics.cumulative_status(value or 0.0, threshold, projected=projected, ended=ended), projected
    return metrics.level_status(value, threshold, ended=ended), None


def evaluate_targets(targets: list[Target], tree: Tree, *, today: date) -> list[Evaluation]:
    """Each target's value over its own period and its status; a few queries per distinct period."""
    by_period: dict[Period, list[Target]] = defaultdict(list)
    for target in targets:
        by_period[target_period(target)].append(target)
    evaluations = {}
    for period, group in by_period.items():
        area_targets = [t for t in group if t.area_id]
        campaign_targets = [t for t in group if t.campaign_id]
        survey_areas = {t.area_id for t in area_targets if t.metric in SURVEY_MEASURES}
        communities = {c for a in survey_areas for c in ([a] if tree.is_community(a) else tree.communities_under[a])}
        sums = measure_sums(communities, period) if communities else {}
        figure_areas = sorted({t.area_id for t in area_targets if t.metric not in SURVEY_MEASURES})
        figures = figures_for(figure_areas, period, today=today)[0] if figure_areas else {}
        campaign_ids = sorted({t.campaign_id for t in campaign_targets})
        c_sums = campaign_sums(campaign_ids, period) if campaign_ids else {}
        c_figures = campaign_figures(campaign_ids, period, today=today) if campaign_ids else {}
        for target in group:
            rate, value = None, None
            if target.metric in SURVEY_MEASURES:
                measure = SURVEY_MEASURES[target.metric]
                if target.area_id:
                    rate = area_rate(tree, sums, target.area_id, measure, target.subject)
                else:
                    n, positive = _pick(c_sums.get(target.campaign_id, {}), measure, target.subject)
                    rate = metrics.proportion(positive, n)
                value = rate.value
            elif target.area_id:
                value = figure_value(target.metric, figures.get(target.area_id))
            else:
                value = _float(c_figures[target.campaign_id].get(target.metric))
            status, projected = judge(
                target.metric, float(target.threshold), value=value, rate=rate, period=period, today=today
            )
            evaluations[target.pk] = Evaluation(target, period, value, status, rate, projected)
    return [evaluations[t.pk] for t in targets]


def targets_overlapping(queryset, period: Period) -> list[Target]:
    """Targets of the queryset whose period overlaps the given one."""
    candidates = queryset.filter(
        period_start__lte=period.end, period_start__gt=period.start - timedelta(days=366)
    ).select_related("area", "campaign")
    return [t for t in candidates if target_period(t).end >= period.start]


# Ranking -----------------------------------------------------------------------------------------


@dataclass
class Standard:
    """One thing an area is measured against in a ranking: a metric, a threshold for the period."""

    metric: str
    subject: str
    threshold: float


def standards_for(area_id: int, tree: Tree, by_area: dict[int, list[Target]], period: Period) -> list[Standard]:
    """The area's own targets, and the rate targets of the areas above it (a district's 90% holds everywhere).

    Cumulative thresholds are prorated to the period's length; those of areas above are not inherited.
    """
    standards = []
    for above in tree.areas.ancestors_and_self(area_id):
        for target in by_area.get(above, ()):
            if above != area_id and target.metric not in Target.RATES:
                continue
            threshold = float(target.threshold)
            if target.metric in CUMULATIVE:
                threshold *= period.days / target_period(target).days
            standards.append(Standard(target.metric, target.subject, threshold))
    return standards


def attainment_of(area_id: int, standards: list[Standard], tree: Tree, sums, figures, rates: dict):
    """(mean attainment across the standards that can be judged, how many could); rates are cached in `rates`."""
    ratios = []
    for standard in standards:
        if standard.metric in SURVEY_MEASURES:
            key = (area_id, SURVEY_MEASURES[standard.metric], standard.subject)
            if key not in rates:
                rates[key] = area_share(tree, sums, *key)
            value = rates[key]
        else:
            value = figure_value(standard.metric, figures.get(area_id))
        ratios.append(metrics.attainment(value, standard.threshold))
    known = [r for r in ratios if r is not None]
    return metrics.mean(known), len(known)


def rank(area_ids: list[int], tree: Tree, *, targets, period: Period, previous: Period, data) -> list[dict]:
    """Areas ordered by their mean attainment across their standards, with the change since the previous period."""
    scores: dict[Period, dict] = {}
    counts: dict[int, int] = {}
    for p in (period, previous):
        by_area: dict[int, list[Target]] = defaultdict(list)
        for target in targets[p]:
            by_area[target.area_id].append(target)
        rates: dict = {}
        scores[p] = {}
        for area_id in area_ids:
            standards = standards_for(area_id, tree, by_area, p)
            scores[p][area_id], known = attainment_of(
                area_id, standards, tree, data[p]["sums"], data[p]["figures"], rates
            )
            if p == period:
                counts[area_id] = known
    return [
        {
            "area": tree.ref(row.key),
            "attainment": _round(row.score),
            "targets": counts[row.key],
            "rank": row.rank,
            "previous_rank": row.previous_rank,
            "change": row.change,
        }
        for row in metrics.ranking(scores[period], scores[previous])
    ]


# The overview -----------------------------------------------------------------------------------


def rate_metrics(tree: Tree, sums: dict[int, Sums], area_id: int) -> dict:
    return {
        "awareness_rate": area_rate(tree, sums, area_id, Question.Measure.AWARENESS).as_dict(),
        "participation_rate": area_rate(tree, sums, area_id, Question.Measure.PARTICIPATION).as_dict(),
        "satisfaction_rate": area_rate(tree, sums, area_id, Question.Measure.SATISFACTION).as_dict(),
        "satisfaction_by_subject": {
            subject: area_rate(tree, sums, area_id, Question.Measure.SATISFACTION, subject).as_dict()
            for subject in SUBJECTS
        },
        "responses": responses_in(tree, sums, area_id),
    }


def participation_metrics(figures: dict | None) -> dict:
    figures = figures or {}

    def number(name):
        value = figures.get(name)
        return None if value is None else float(value)

    return {
        "population": figures.get("population"),
        "registered_volunteers": figures.get("registered_volunteers"),
        "registration_rate": _round(figure_value(Metric.REGISTRATION_RATE, figures) if figures else None),
        "new_volunteers": figures.get("new_volunteers"),
        "active_volunteers": figures.get("active_volunteers"),
        "volunteer_hours": number("volunteer_hours"),
        "events_held": figures.get("events_held"),
        "partners_active": figures.get("partners_active"),
        "pledged_hours": number("pledged_hours"),
        "delivered_hours": number("delivered_hours"),
        "pledge_delivery_rate": _round(figure_value(Metric.PLEDGE_DELIVERY_RATE, figures) if figures else None),
        "pledged_events": number("pledged_events"),
        "delivered_events": figures.get("delivered_events"),
    }


def _point(values: dict[str, list[int]]) -> dict:
    responses = values.get("responses", [0, 0])[0]
    point = {"responses": responses}
    for measure in (Question.Measure.AWARENESS, Question.Measure.PARTICIPATION, Question.Measure.SATISFACTION):
        n, positive = values.get(measure, (0, 0))
        rate = metrics.proportion(positive, n)
        point[measure] = {
            "value": _round(rate.value),
            "ci_low": _round(rate.ci_low),
            "ci_high": _round(rate.ci_high),
            "n": n,
            "suppressed": rate.suppressed,
        }
    return point


def trend(series: dict[date, dict], end: date) -> dict:
    """Daily points for the 30 days up to `end`, weekly points for the 12 ISO weeks up to it (unweighted)."""
    daily = []
    for offset in range(TREND_DAYS - 1, -1, -1):
        day = end - timedelta(days=offset)
        daily.append({"date": day, **_point(series.get(day, {}))})
    last_monday = end - timedelta(days=end.weekday())
    weekly = []
    for offset in range(TREND_WEEKS - 1, -1, -1):
        monday = last_monday - timedelta(weeks=offset)
        totals: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        for day in (monday + timedelta(days=i) for i in range(7)):
            for measure, (n, positive) in series.get(day, {}).items():
                totals[measure][0] += n
                totals[measure][1] += positive
        weekly.append({"week": Period.containing("week", monday).label, "start": monday, **_point(totals)})
    return {"daily": daily, "weekly": weekly, "weighted": False}


def trend_window(period: Period, today: date) -> tuple[date, date]:
    end = min(period.end, today)
    start = min(
        end - timedelta(days=TREND_DAYS - 1), end - timedelta(days=end.weekday()) - timedelta(weeks=TREND_WEEKS - 1)
    )
    return start, end


@dataclass
class AreaOverview:
    area: Area
    period: Period
    previous: Period
    metrics: dict
    targets: list[Evaluation]
    trend: dict
    streets: list[dict] = field(default_factory=list)
    communities: list[dict] = field(default_factory=list)
    figures_as_of: object = None
    tree: Tree | None = None
    data: dict = field(default_factory=dict)
    service_orders: dict = field(default_factory=dict)

    def community_rows(self) -> list[dict]:
        """Each community's metrics and figures in the period (for the reports' detail sheet)."""
        tree, sums, figures = self.tree, self.data[self.period]["sums"], self.data[self.period]["figures"]
        rows = []
        for community in sorted(tree.communities_under[self.area.pk], key=lambda c: tree.row(c)["path"]):
            parent = tree.row(community)["parent_id"]
            rows.append(
                {
                    "area": tree.ref(community),
                    "street": tree.ref(parent) if parent in tree.areas.rows else None,
                    **rate_metrics(tree, sums, community),
                    **participation_metrics(figures.get(community)),
                }
            )
        return rows


def service_order_figures(area: Area, period: Period, *, today: date) -> dict:
    """The residents' service orders of the area in the period: counts, response times, completion, and
    their ratings as a satisfaction source beside the surveys (shown apart from them; fewer than 5 ratings
    are suppressed like any answers)."""
    figures = order_metrics(area_paths=[area.path], start=period.start, end=min(period.end, today))
    ratings = figures["ratings"]
    suppressed = ratings["n"] < MIN_SAMPLE
    figures["ratings"] = {
        **ratings,
        "mean": None if suppressed else ratings["mean"],
        "satisfied": None if suppressed else ratings["satisfied"],
        "satisfied_share": None if suppressed else ratings["satisfied_share"],
        "suppressed": suppressed,
    }
    return figures


def area_overview(area: Area, period: Period, *, today: date | None = None) -> AreaOverview:
    """Everything the dashboard and the reports show about an area in a period."""
    today = today or timezone.localdate()
    tree = Tree.around(area)
    previous = period.previous()
    communities = sorted(tree.communities_under[area.pk])
    streets = tree.children(area.pk, STREET_LEVELS) if area.level == Area.Level.DISTRICT else []
    figure_areas = sorted({area.pk, *streets, *communities})
    sums = community_sums(area, [period, previous])
    data = {}
    for p in (period, previous):
        figures, as_of = figures_for(figure_areas, p, today=today)
        data[p] = {"sums": sums[p], "figures": figures, "as_of": as_of}

    # One query for every target in play: those shown (the subtree's and its campaigns'), and those the ranking
    # holds areas to in this and the previous period (the subtree's and the ones above it).
    above = path_prefixes(area.path)
    campaigns = Campaign.objects.filter(center__area__path__startswith=area.path).values("pk")
    candidates = targets_overlapping(
        Target.objects.filter(
            Q(area__path__startswith=area.path) | Q(area__path__in=above) | Q(campaign__in=campaigns)
        ),
        Period(period.kind, previous.start, period.end),
    )
    in_subtree = [t for t in candidates if t.campaign_id or t.area.path.startswith(area.path)]
    shown = [t for t in in_subtree if target_period(t).end >= period.start and target_period(t).start <= period.end]
    standards = {
        p: [t for t in candidates if t.area_id and target_period(t).end >= p.start and target_period(t).start <= p.end]
        for p in (period, previous)
    }
    evaluations = evaluate_targets(shown, tree, today=today)

    sums, figures = data[period]["sums"], data[period]["figures"]
    overview_metrics = {**rate_metrics(tree, sums, area.pk), **participation_metrics(figures.get(area.pk))}
    start, end = trend_window(period, today)
    return AreaOverview(
        area=area,
        period=period,
        previous=previous,
        metrics=overview_metrics,
        targets=evaluations,
        trend=trend(daily_series(area_id=area.pk, start=start, end=end), end),
        streets=rank(streets, tree, targets=standards, period=period, previous=previous, data=data),
        communities=rank(communities, tree, targets=standards, period=period, previous=previous, data=data),
        figures_as_of=data[period]["as_of"],
        tree=tree,
        data=data,
        service_orders=service_order_figures(area, period, today=today),
    )


@dataclass
class CampaignOverview:
    campaign: Campaign
    period: Period
    metrics: dict
    targets: list[Evaluation]
    trend: dict


def campaign_overview(campaign: Campaign, period: Period, *, today: date | None = None) -> CampaignOverview:
    """A campaign's satisfaction (questions about it), hours, events and partners in a period, and its targets."""
    today = today or timezone.localdate()
    tree = Tree.around(campaign.center.area)
    sums = campaign_sums([campaign.pk], period).get(campaign.pk, {})
    n, positive = _pick(sums, Question.Measure.SATISFACTION)
    figures = campaign_figures([campaign.pk], period, today=today)[campaign.pk]
    evaluations = evaluate_targets(targets_overlapping(campaign.targets.all(), period), tree, today=today)
    start, end = trend_window(period, today)
    return CampaignOverview(
        campaign=campaign,
        period=period,
        metrics={"satisfaction_rate": metrics.proportion(positive, n).as_dict(), **figures},
        targets=evaluations,
        trend=trend(daily_series(campaign_id=campaign.pk, start=start, end=end), end),
    )
