"""The statistics, as pure functions: rates with 95% Wilson intervals, population weighting, suppression of small
groups, target status, projections, attainment and ranking. No database here; everything is tested on numbers.
"""

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

Z95 = 1.959963984540054  # the 97.5th percentile of the standard normal distribution
MIN_SAMPLE = 5  # groups with fewer answers are never shown (PIPL: no result that could single a resident out)
AT_RISK_MARGIN = 0.1  # within 10% short of a threshold is "at risk", further is "behind"
ATTAINMENT_CAP = 1.0  # overshooting one target does not make up for missing another


def wilson_interval(positive: float, n: float, z: float = Z95) -> tuple[float, float]:
    """The Wilson score interval of a proportion `positive / n` (n may be an effective, non-integer size)."""
    if n <= 0:
        raise ValueError("a proportion needs at least one observation")
    p = positive / n
    z2 = z * z
    denominator = 1 + z2 / n
    centre = (p + z2 / (2 * n)) / denominator
    half = z / denominator * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n))
    low = 0.0 if positive <= 0 else max(0.0, centre - half)  # exact at the edges, free of rounding dust
    high = 1.0 if positive >= n else min(1.0, centre + half)
    return low, high


@dataclass(frozen=True)
class Rate:
    """A share with its 95% interval and the number of answers behind it; values are None when suppressed."""

    n: int
    value: float | None = None
    ci_low: float | None = None
    ci_high: float | None = None
    suppressed: bool = True
    weighted: bool = False
    unweighted: "Rate | None" = None

    def as_dict(self) -> dict:
        result = {
            "value": _round(self.value),
            "ci_low": _round(self.ci_low),
            "ci_high": _round(self.ci_high),
            "n": self.n,
            "suppressed": self.suppressed,
            "weighted": self.weighted,
        }
        if self.unweighted is not None:
            result["unweighted"] = {
                "value": _round(self.unweighted.value),
                "ci_low": _round(self.unweighted.ci_low),
                "ci_high": _round(self.unweighted.ci_high),
            }
        return result


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def proportion(positive: int, n: int) -> Rate:
    """An unweighted share, suppressed below the minimum sample."""
    if n < MIN_SAMPLE:
        return Rate(n=n)
    low, high = wilson_interval(positive, n)
    return Rate(n=n, value=positive / n, ci_low=low, ci_high=high, suppressed=False)


@dataclass(frozen=True)
class Group:
    """One community's answers to a measure: how many, how many positive, and its resident population."""

    positive: int
    n: int
    population: int


def weighted_proportion(groups: Iterable[Group]) -> Rate:
    """A share across communities, each weighted by its population, with the unweighted share alongside.

    Every answer of community c weighs population_c / n_c, so each community counts as much as its residents.
    The interval is Wilson's on Kish's effective sample size, (Σw)² / Σw²: unequal weights widen it honestly.
    Communities without a population figure weigh nothing in the weighted share (they still count unweighted).
    Suppression looks at the raw number of answers, never at the effective size.
    """
    groups = [g for g in groups if g.n > 0]
    n = sum(g.n for g in groups)
    if n < MIN_SAMPLE:
        return Rate(n=n, weighted=True, unweighted=Rate(n=n))
    unweighted = proportion(sum(g.positive for g in groups), n)
    value = weighted_share(groups)
    if value is None:
        return Rate(n=n, suppressed=False, weighted=True, unweighted=unweighted)
    weighted = [g for g in groups if g.population > 0]
    total_weight = sum(g.population for g in weighted)
    effective_n = total_weight**2 / sum(g.population**2 / g.n for g in weighted)
    low, high = wilson_interval(value * effective_n, effective_n)
    return Rate(n=n, value=value, ci_low=low, ci_high=high, suppressed=False, weighted=True, unweighted=unweighted)


def weighted_share(groups: Iterable[Group]) -> float | None:
    """The population-weighted share alone (what a ranking needs); None below the minimum sample or without
    any population figure. The same value `weighted_proportion` reports."""
    total_n = total_weight = weighted = 0.0
    for group in groups:
        if group.n <= 0:
            continue
        total_n += group.n
        if group.population > 0:
            total_weight += group.population
            weighted += group.population * group.positive / group.n
    if total_n < MIN_SAMPLE or not total_weight:
        return None
    return weighted / total_weight


def share(positive: int, n: int) -> float | None:
    """An unweighted share alone; None below the minimum sample."""
    return positive / n if n >= MIN_SAMPLE else None


def ratio(numerator: float, denominator: float) -> float | None:
    return None if not denominator else numerator / denominator


# Targets -----------------------------------------------------------------------------------------

MET, ON_TRACK, AT_RISK, BEHIND, INSUFFICIENT_DATA = "met", "on_track", "at_risk", "behind", "insufficient_data"
STATUSES = (MET, ON_TRACK, AT_RISK, BEHIND, INSUFFICIENT_DATA)


def projection(value: float, *, elapsed_days: int, total_days: int) -> float:
    """A cumulative figure carried on at its pace so far to the end of the period."""
    if elapsed_days <= 0:
        return 0.0
    return value * total_days / min(elapsed_days, total_days)


def survey_rate_status(rate: Rate, threshold: float, *, ended: bool) -> str:
    """A rate measured by a survey: met (or on track while the period runs) when the whole interval clears the
    threshold, behind when the whole interval falls short, at risk when the interval straddles it."""
    if rate.suppressed or rate.value is None:
        return INSUFFICIENT_DATA
    if rate.ci_low >= threshold:
        return MET if ended else ON_TRACK
    if rate.ci_high < threshold:
        return BEHIND
    return AT_RISK


def cumulative_status(value: float, threshold: float, *, projected: float | None, ended: bool) -> str:
    """A figure that adds up over the period (hours, events): met once reached; otherwise judged by projection
    (None before the period starts: nothing can be late yet)."""
    if value >= threshold:
        return MET
    if ended:
        return BEHIND
    if projected is None or projected >= threshold:
        return ON_TRACK
    if projected >= threshold * (1 - AT_RISK_MARGIN):
        return AT_RISK
    return BEHIND


def level_status(value: float | None, threshold: float, *, ended: bool) -> str:
    """A level read at a moment (a share of residents, a count of active volunteers): judged as it stands."""
    if value is None:
        return INSUFFICIENT_DATA
    if value >= threshold:
        return MET if ended else ON_TRACK
    if ended:
        return BEHIND
    if value >= threshold * (1 - AT_RISK_MARGIN):
        return AT_RISK
    return BEHIND


def attainment(value: float | None, threshold: float) -> float | None:
    """How far a figure has come toward its threshold, capped at 1; None when there is nothing to judge."""
    if value is None:
        return None
    if threshold <= 0:
        return ATTAINMENT_CAP
    return min(value / threshold, ATTAINMENT_CAP)


def mean(values: Sequence[float | None]) -> float | None:
    known = [v for v in values if v is not None]
    return sum(known) / len(known) if known else None


@dataclass
class Ranked:
    key: object
    score: float | None
    rank: int | None = None
    previous_rank: int | None = None
    extra: dict = field(default_factory=dict)

    @property
    def change(self) -> int | None:
        """Places moved up since the previous period (negative: down)."""
        if self.rank is None or self.previous_rank is None:
            return None
        return self.previous_rank - self.rank


def competition_ranks(scores: dict) -> dict:
    """Rank keys by score, highest first; equal scores share a rank ("1, 2, 2, 4"); None is unranked."""
    ordered = sorted(((key, score) for key, score in scores.items() if score is not None), key=lambda row: -row[1])
    ranks, previous_score, previous_rank = {}, None, 0
    for position, (key, score) in enumerate(ordered, start=1):
        rank = previous_rank if score == previous_score else position
        ranks[key] = rank
        previous_score, previous_rank = score, rank
    return {key: ranks.get(key) for key in scores}


def ranking(current: dict, previous: dict) -> list[Ranked]:
    """Rows ordered by rank (unranked last), each with its rank in the previous period."""
    now, before = competition_ranks(current), competition_ranks(previous)
    rows = [Ranked(key=key, score=current[key], rank=now[key], previous_rank=before.get(key)) for key in current]
    rows.sort(key=lambda row: (row.rank is None, row.rank or 0))
    return rows
