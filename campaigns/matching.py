"""Scoring volunteers for events, and planning a whole campaign's places at once.

Everything here is pure (numbers in, numbers out) so that it can be tested exhaustively and run
vectorized over tens of thousands of candidates. Loading candidates from the database is in
`campaigns.selectors`; turning a plan into invitations is in `campaigns.services`.

A candidate's score is the weighted mean of five parts, each between 0 and 1:

- skills: the share of the event's wanted skills the volunteer has (1 when the event wants none);
- proximity: 1 for the event's own community, 0.6 for its street/town, 0.3 for elsewhere in the district;
- availability: 1 when the volunteer's weekly availability covers the event's time, else 0;
- reliability: the volunteer's reliability score / 100 (no-shows and late cancellations, decaying);
- fairness: 1 / (1 + hours served in the last 90 days / 20), so the same few are not asked every time.

Weights are non-negative, so raising any part can never lower the score.
"""

from dataclasses import asdict, dataclass, fields
from datetime import datetime
from zoneinfo import ZoneInfo

import numpy as np
from scipy.optimize import linear_sum_assignment

from volunteers.models import AVAILABILITY_SLOTS, PERIODS, WEEKDAYS

PARTS = ("skills", "proximity", "availability", "reliability", "fairness")
PROXIMITY_COMMUNITY, PROXIMITY_STREET, PROXIMITY_DISTRICT = 1.0, 0.6, 0.3
FAIRNESS_HOURS = 20.0
PERIOD_HOURS = {"morning": (6, 12), "afternoon": (12, 18), "evening": (18, 24)}
FORBIDDEN = -1.0  # a score no real candidate has: the pair breaks a hard rule
FILL_PREFERENCE = 1e-12  # of two plans with the same total score, the one that fills more places


@dataclass(frozen=True)
class Weights:
    skills: float = 0.35
    proximity: float = 0.25
    availability: float = 0.15
    reliability: float = 0.15
    fairness: float = 0.10

    @classmethod
    def from_mapping(cls, values: dict | None) -> "Weights":
        """Defaults overridden by the given parts; unknown names are ignored, negatives are refused."""
        known = {f.name for f in fields(cls)}
        chosen = {name: float(value) for name, value in (values or {}).items() if name in known}
        weights = cls(**{**asdict(cls()), **chosen})
        if any(value < 0 for value in weights.as_array()) or weights.as_array().sum() <= 0:
            raise ValueError("weights must be non-negative and not all zero")
        return weights

    def as_array(self) -> np.ndarray:
        return np.array([getattr(self, name) for name in PARTS], dtype=float)


def scores(parts: np.ndarray, weights: Weights) -> np.ndarray:
    """Weighted mean of each row of `parts` (shape n × 5, columns in PARTS order)."""
    w = weights.as_array()
    return parts @ w / w.sum()


def event_slot_mask(starts_at: datetime, ends_at: datetime, tz: ZoneInfo) -> int:
    """The availability bits an event needs: every (weekday, period) its local time overlaps."""
    start, end = starts_at.astimezone(tz), ends_at.astimezone(tz)
    mask = 0
    day = start.date()
    weekday = WEEKDAYS[day.weekday()]
    for period in PERIODS:
        first, last = PERIOD_HOURS[period]
        period_start = start.replace(hour=first, minute=0, second=0, microsecond=0)
        period_end = period_start.replace(hour=last - 1, minute=59, second=59)
        if start <= period_end and end > period_start:
            mask |= 1 << AVAILABILITY_SLOTS.index(f"{weekday}-{period}")
    return mask


def parts_matrix(
    *,
    wanted_skills: int,
    skill_hits: np.ndarray,
    same_community: np.ndarray,
    same_street: np.ndarray,
    availability: np.ndarray,
    slot_mask: int,
    reliability: np.ndarray,
    recent_hours: np.ndarray,
) -> np.ndarray:
    """The five parts for n candidates of one event, from plain arrays (one entry per candidate)."""
    skills = skill_hits / wanted_skills if wanted_skills else np.ones(len(skill_hits))
    proximity = np.where(
        same_community, PROXIMITY_COMMUNITY, np.where(same_street, PROXIMITY_STREET, PROXIMITY_DISTRICT)
    )
    available = ((availability & slot_mask) == slot_mask).astype(float) if slot_mask else np.ones(len(availability))
    return np.column_stack(
        [
            np.clip(skills, 0, 1),
            proximity,
            available,
            np.clip(reliability / 100.0, 0, 1),
            1.0 / (1.0 + np.maximum(recent_hours, 0) / FAIRNESS_HOURS),
        ]
    )


def top_indices(values: np.ndarray, limit: int) -> np.ndarray:
    """Indices of the `limit` largest values, best first (ties by position, so results are stable)."""
    if limit >= len(values):
        return np.lexsort((np.arange(len(values)), -values))
    part = np.argpartition(-values, limit - 1)[:limit]
    return part[np.lexsort((part, -values[part]))]


@dataclass
class PlanResult:
    assignments: list[tuple[int, int, float]]  # (row = place index, column = candidate index, score)
    total: float


def overlap_clusters(intervals: list[tuple[datetime, datetime]]) -> list[int]:
    """Cluster ids such that events in different clusters never overlap (sweep by start time)."""
    order = sorted(range(len(intervals)), key=lambda i: intervals[i][0])
    cluster_of = [0] * len(intervals)
    cluster, current_end = -1, None
    for i in order:
        start, end = intervals[i]
        if current_end is None or start >= current_end:
            cluster += 1
            current_end = end
        else:
            current_end = max(current_end, end)
        cluster_of[i] = cluster
    return cluster_of


def solve_plan(score_matrix: np.ndarray, place_clusters: list[int], *, max_per_volunteer: int = 1) -> PlanResult:
    """Maximize the total score: each place at most one volunteer, each volunteer at most one place per
    cluster of overlapping events and at most `max_per_volunteer` places. FORBIDDEN pairs are never used.

    Each round is one rectangular assignment problem (scipy's linear_sum_assignment), exact on its own:
    with one place per volunteer (the default) the plan is optimal. With more, later rounds fill the
    places still open, each volunteer kept away from events overlapping those they already have.
    """
    matrix = score_matrix.copy()
    clusters = np.asarray(place_clusters)
    open_rows = np.arange(matrix.shape[0])
    chosen: list[tuple[int, int, float]] = []
    for _round in range(max_per_volunteer):
        if len(open_rows) == 0 or matrix.shape[1] == 0:
            break
        sub = matrix[open_rows]
        usable = sub > FORBIDDEN
        # one "leave it open" column per place, worth 0, so no place is filled at the cost of a better
        # pair elsewhere; a real pair gets a hair more, so that of equal plans the fuller one wins
        leave_open = np.zeros((len(open_rows), len(open_rows)))
        cost = np.hstack([np.where(usable, -(sub + FILL_PREFERENCE), 1e6), leave_open])
        rows, cols = linear_sum_assignment(cost)
        taken = [
            (int(open_rows[r]), int(c), float(sub[r, c]))
            for r, c in zip(rows, cols, strict=True)
            if c < sub.shape[1] and usable[r, c]
        ]
        if not taken:
            break
        chosen.extend(taken)
        for row, candidate, _value in taken:
            matrix[clusters == clusters[row], candidate] = FORBIDDEN
        filled = {row for row, _c, _v in taken}
        open_rows = np.array([row for row in open_rows if row not in filled], dtype=int)
    return PlanResult(sorted(chosen), float(sum(value for _r, _c, value in chosen)))


def greedy_plan(score_matrix: np.ndarray, place_clusters: list[int], *, max_per_volunteer: int = 1) -> PlanResult:
    """The baseline a person would do: best remaining pair first, under the same hard rules."""
    places, candidates = score_matrix.shape
    order = np.argsort(-score_matrix, axis=None, kind="stable")
    filled: set[int] = set()
    load: dict[int, int] = {}
    used_clusters: set[tuple[int, int]] = set()
    chosen = []
    for flat in order:
        row, candidate = divmod(int(flat), candidates)
        value = float(score_matrix[row, candidate])
        if value <= FORBIDDEN:
            break
        cluster = place_clusters[row]
        if row in filled or load.get(candidate, 0) >= max_per_volunteer or (candidate, cluster) in used_clusters:
            continue
        filled.add(row)
        load[candidate] = load.get(candidate, 0) + 1
        used_clusters.add((candidate, cluster))
        chosen.append((row, candidate, value))
        if len(filled) == places:
            break
    return PlanResult(sorted(chosen), float(sum(a[2] for a in chosen)))


# Partners for a campaign -------------------------------------------------------------------------

PARTNER_PARTS = ("kind", "area", "undelivered", "delivery", "load")
PARTNER_WEIGHTS = np.array([0.30, 0.25, 0.15, 0.20, 0.10])
AREA_TARGETED, AREA_CENTER, AREA_DISTRICT = 1.0, 0.5, 0.2
NO_PLEDGE = 0.5  # neither rewarded nor punished when a partner has pledged no hours


def partner_parts(
    *, kind_wanted: bool, area_fit: float, pledged: float, delivered: float, elapsed: float, load: int
) -> list[float]:
    """The five parts of a partner's fit, each between 0 and 1.

    kind: the campaign asks for this kind of partner (or for any kind); area: the partner sits in one of the
    campaign's target areas (1), in the organizing center's area (0.5), elsewhere in the district (0.2);
    undelivered: the share of the agreement's pledged hours still to deliver (room to commit);
    delivery: hours delivered against what was due by now (pledge × elapsed share of the term), capped at 1;
    load: 1 / (1 + campaigns the partner is already running now).
    """
    if pledged > 0:
        undelivered = max(0.0, 1.0 - delivered / pledged)
        due = pledged * max(elapsed, 0.05)
        delivery = min(1.0, delivered / due)
    else:
        undelivered = delivery = NO_PLEDGE
    return [1.0 if kind_wanted else 0.0, area_fit, undelivered, delivery, 1.0 / (1.0 + max(load, 0))]


def partner_score(parts: list[float]) -> float:
    return float(np.dot(parts, PARTNER_WEIGHTS) / PARTNER_WEIGHTS.sum())
