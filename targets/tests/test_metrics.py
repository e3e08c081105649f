"""The statistics on known numbers: Wilson intervals, population weighting, suppression, target status, ranking."""

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy.stats import binomtest

from targets import metrics
from targets.metrics import Group, Rate


@pytest.mark.parametrize(
    ("positive", "n", "low", "high"),
    [
        (81, 100, 0.7222, 0.8749),
        (50, 100, 0.4038, 0.5962),
        (0, 10, 0.0, 0.2775),
        (10, 10, 0.7225, 1.0),
        (8, 10, 0.4902, 0.9433),
        (900, 1000, 0.8798, 0.9171),
    ],
)
def test_wilson_interval_matches_published_values(positive, n, low, high):
    # when
    result = metrics.wilson_interval(positive, n)
    # then
    assert (round(result[0], 4), round(result[1], 4)) == (low, high)


@given(n=st.integers(min_value=1, max_value=5000), data=st.data())
def test_wilson_interval_agrees_with_scipy_and_holds_the_estimate(n, data):
    positive = data.draw(st.integers(min_value=0, max_value=n))

    low, high = metrics.wilson_interval(positive, n)

    reference = binomtest(positive, n).proportion_ci(confidence_level=0.95, method="wilson")
    assert math.isclose(low, reference.low, abs_tol=1e-9)
    assert math.isclose(high, reference.high, abs_tol=1e-9)
    assert 0 <= low <= positive / n <= high <= 1


def test_a_proportion_below_five_answers_is_suppressed():
    assert metrics.proportion(4, 4) == Rate(n=4)
    assert metrics.proportion(4, 4).as_dict() == {
        "value": None,
        "ci_low": None,
        "ci_high": None,
        "n": 4,
        "suppressed": True,
        "weighted": False,
    }


def test_a_proportion_of_five_answers_is_shown():
    rate = metrics.proportion(4, 5)

    assert rate.suppressed is False
    assert rate.value == 0.8
    assert (round(rate.ci_low, 4), round(rate.ci_high, 4)) == (0.3755, 0.9638)


def test_communities_are_weighted_by_population_with_the_unweighted_share_alongside():
    # given: a small community, mostly satisfied, and a three times larger one, half satisfied
    groups = [Group(positive=9, n=10, population=1000), Group(positive=45, n=90, population=3000)]
    # when
    rate = metrics.weighted_proportion(groups)
    # then: (1000 × 0.9 + 3000 × 0.5) / 4000 = 0.6, while the answers alone say 54 / 100
    assert rate.value == pytest.approx(0.6)
    assert rate.unweighted.value == pytest.approx(0.54)
    assert rate.n == 100
    assert rate.weighted is True
    # and the interval uses Kish's effective size: 4000² / (1000² / 10 + 3000² / 90) = 80
    assert (rate.ci_low, rate.ci_high) == pytest.approx(metrics.wilson_interval(48, 80))
    assert rate.as_dict()["unweighted"] == {"value": 0.54, "ci_low": 0.4426, "ci_high": 0.6344}


def test_equal_weights_give_the_unweighted_share_and_interval():
    groups = [Group(positive=40, n=50, population=2000), Group(positive=41, n=50, population=2000)]

    rate = metrics.weighted_proportion(groups)

    assert rate.value == pytest.approx(0.81)
    assert (round(rate.ci_low, 4), round(rate.ci_high, 4)) == (0.7222, 0.8749)


def test_weighting_is_suppressed_by_the_raw_number_of_answers():
    four = [Group(positive=2, n=2, population=9000), Group(positive=1, n=2, population=100)]
    five = [Group(positive=2, n=2, population=9000), Group(positive=1, n=3, population=100)]

    assert metrics.weighted_proportion(four).as_dict() == {
        "value": None,
        "ci_low": None,
        "ci_high": None,
        "n": 4,
        "suppressed": True,
        "weighted": True,
        "unweighted": {"value": None, "ci_low": None, "ci_high": None},
    }
    assert metrics.weighted_proportion(five).suppressed is False


def test_communities_without_answers_or_population_carry_no_weight():
    groups = [
        Group(positive=8, n=10, population=1000),
        Group(positive=0, n=0, population=50_000),  # no answers: no weight
        Group(positive=0, n=10, population=0),  # no population figure: counted unweighted only
    ]

    rate = metrics.weighted_proportion(groups)

    assert rate.value == pytest.approx(0.8)
    assert rate.unweighted.value == pytest.approx(0.4)


# Target status, at the boundaries ------------------------------------------------------------------


def rate_with(low: float, high: float) -> Rate:
    return Rate(n=100, value=(low + high) / 2, ci_low=low, ci_high=high, suppressed=False)


@pytest.mark.parametrize(
    ("low", "high", "ended", "expected"),
    [
        (0.90, 0.95, True, "met"),  # the lower bound on the threshold clears it
        (0.90, 0.95, False, "on_track"),
        (0.8999, 0.95, True, "at_risk"),  # straddles
        (0.85, 0.90, True, "at_risk"),  # the upper bound on the threshold still straddles
        (0.85, 0.8999, True, "behind"),
        (0.85, 0.8999, False, "behind"),
    ],
)
def test_survey_rate_status(low, high, ended, expected):
    assert metrics.survey_rate_status(rate_with(low, high), 0.90, ended=ended) == expected


def test_a_suppressed_rate_has_no_status():
    assert metrics.survey_rate_status(Rate(n=3), 0.9, ended=True) == "insufficient_data"


@pytest.mark.parametrize(
    ("value", "projected", "ended", "expected"),
    [
        (100, 100, False, "met"),  # reached: met even before the period ends
        (99.99, 500, True, "behind"),  # the period is over
        (50, 100, False, "on_track"),  # projected exactly to the threshold
        (50, 99.99, False, "at_risk"),
        (45, 90, False, "at_risk"),  # projection 10% short is still "at risk"
        (44.99, 89.99, False, "behind"),
        (0, None, False, "on_track"),  # the period has not started
    ],
)
def test_cumulative_status(value, projected, ended, expected):
    assert metrics.cumulative_status(value, 100, projected=projected, ended=ended) == expected


@pytest.mark.parametrize(
    ("value", "ended", "expected"),
    [
        (0.13, True, "met"),
        (0.13, False, "on_track"),
        (0.1299, True, "behind"),
        (0.117, False, "at_risk"),  # exactly 10% short
        (0.1169, False, "behind"),
        (None, False, "insufficient_data"),
    ],
)
def test_level_status(value, ended, expected):
    assert metrics.level_status(value, 0.13, ended=ended) == expected


def test_projection_carries_the_pace_to_the_end_of_the_period():
    assert metrics.projection(30, elapsed_days=10, total_days=31) == 93
    assert metrics.projection(30, elapsed_days=0, total_days=31) == 0
    assert metrics.projection(30, elapsed_days=40, total_days=31) == 30  # after the end: what there is


def test_attainment_is_capped_at_one():
    assert metrics.attainment(0.45, 0.9) == 0.5
    assert metrics.attainment(0.99, 0.9) == 1.0
    assert metrics.attainment(None, 0.9) is None
    assert metrics.attainment(3, 0) == 1.0


def test_ranking_shares_ranks_on_ties_and_reports_the_change():
    # given
    current = {"a": 0.9, "b": 0.95, "c": 0.9, "d": None, "e": 0.5}
    previous = {"a": 0.99, "b": 0.5, "c": 0.7, "d": 0.8, "e": None}
    # when
    rows = metrics.ranking(current, previous)
    # then
    assert [(r.key, r.rank, r.previous_rank, r.change) for r in rows] == [
        ("b", 1, 4, 3),
        ("a", 2, 1, -1),
        ("c", 2, 3, 1),
        ("e", 4, None, None),
        ("d", None, 2, None),
    ]


@given(
    st.lists(
        st.tuples(st.integers(0, 200), st.integers(0, 200), st.integers(0, 20_000)).map(
            lambda t: Group(positive=min(t[0], t[1]), n=t[1], population=t[2])
        ),
        max_size=12,
    )
)
def test_the_ranking_shares_are_the_reported_values(groups):
    rate = metrics.weighted_proportion(groups)

    assert metrics.weighted_share(groups) == (None if rate.suppressed else rate.value)
