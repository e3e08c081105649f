"""Roll-ups under real concurrency: simultaneous responses never lose a count, one device never answers twice.

PostgreSQL only: SQLite serializes every writer, so races cannot happen there and a pass would prove nothing.
"""

import secrets
from collections import Counter

import pytest
from django.db import connection

from campaigns.tests.test_registration_race import run_in_threads
from targets.exceptions import AlreadyAnswered
from targets.models import MeasureTally, SurveyResponse
from targets.tests.factories import answer, answers_to_small_survey, make_survey

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="real concurrency needs PostgreSQL"),
]


def tallies(measure: str) -> Counter:
    rows = MeasureTally.objects.filter(measure=measure, subject="").values_list("area_id", "bucket", "n", "positive")
    return Counter({(area, bucket): (n, positive) for area, bucket, n, positive in rows})


def test_100_simultaneous_responses_are_all_counted(world):
    # given: nothing counted yet today, so every thread also races to create the roll-up rows
    survey = make_survey(world.street_a)
    jobs = [
        lambda aware=(n % 4 != 0): answer(survey, world.community_a1, values=answers_to_small_survey(aware, 5))
        for n in range(100)
    ]
    # when
    outcomes = run_in_threads(jobs)
    # then
    assert [o for o in outcomes if isinstance(o, Exception)] == []
    assert SurveyResponse.objects.count() == 100
    expected = {
        (area.pk, bucket): (100, 75)
        for area in (world.community_a1, world.street_a, world.district)
        for bucket in ("day", "week", "month", "quarter", "year")
    }
    assert dict(tallies("awareness")) == expected
    assert {key: n for key, (n, _positive) in tallies("responses").items()} == {key: 100 for key in expected}


def test_one_device_sending_twenty_times_at_once_is_stored_once(world):
    survey = make_survey(world.street_a)
    token = secrets.token_urlsafe(32)

    outcomes = run_in_threads(
        [lambda: answer(survey, world.community_a1, values=answers_to_small_survey(True, 5), token=token)] * 20,
        threads=20,
    )

    assert Counter(type(o).__name__ for o in outcomes) == {"SurveyResponse": 1, "AlreadyAnswered": 19}
    assert all(isinstance(o, SurveyResponse | AlreadyAnswered) for o in outcomes)
    assert SurveyResponse.objects.count() == 1
    assert set(tallies("responses").values()) == {(1, 1)}
