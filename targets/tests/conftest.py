from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine

from areas.models import Area
from targets.models import Target
from targets.periods import Period
from targets.tests.factories import SCALE_COMMITTEE, YES_NO_AWARENESS, answer, make_survey, make_target

SHANGHAI = ZoneInfo("Asia/Shanghai")
WEDNESDAY = datetime(2026, 5, 20, 10, 0, tzinfo=SHANGHAI)
MONDAY = WEDNESDAY - timedelta(days=2)
YEAR = Period.parse("2026")
MAY = Period.parse("2026-05")


@pytest.fixture
def wednesday():
    """The clock at Wednesday 20 May 2026, 10:00 in Beijing (ticking). Ask for it before `world`."""
    with time_machine.travel(WEDNESDAY, tick=True):
        yield WEDNESDAY


def respond(survey, community, scores: list[int], aware: int, when=MONDAY):
    """len(scores) responses: committee scores as given, the first `aware` of them aware."""
    for index, score in enumerate(scores):
        answer(survey, community, values={1: index < aware, 2: score}, when=when)


@pytest.fixture
def district(wednesday, world):
    """A district survey answered on Monday 18 May, and targets for the year and for May.

    A1 (2,000 residents): 9 of 10 satisfied; A2 (6,000): 5 of 10; B1 (4,000): 4 of 4, too few to show.
    """
    Area.objects.filter(pk=world.community_a1.pk).update(population=2000)
    Area.objects.filter(pk=world.community_a2.pk).update(population=6000)
    Area.objects.filter(pk=world.community_b1.pk).update(population=4000)
    survey = make_survey(world.district, questions=[YES_NO_AWARENESS, SCALE_COMMITTEE], opened_days_ago=60)
    respond(survey, world.community_a1, [5] * 9 + [2], aware=10)
    respond(survey, world.community_a2, [5] * 5 + [3] * 5, aware=6)
    respond(survey, world.community_b1, [5] * 4, aware=4)
    make_target(area=world.district, threshold="0.90", period=YEAR)
    make_target(area=world.street_a, threshold="0.50", period=YEAR)
    make_target(area=world.street_a, metric=Target.Metric.VOLUNTEER_HOURS, threshold="100", period=MAY)
    make_target(area=world.street_b, metric=Target.Metric.EVENTS_HELD, threshold="1", period=MAY)
    return survey
