"""Fixtures of the service-order tests, on top of `conftest.world`.

Team A belongs to institute A (street A): the volunteer (张三, community A1) leads it, the partner member
(王五, community A2) is in it. Texts to residents are captured by `sms`; every test runs in English.
"""

import pytest
from django.utils import translation

from areas.models import PracticeCenter
from areas.tests.factories import CenterFactory
from orders.tests.builders import RecordingSms
from volunteers.services import create_team


@pytest.fixture(autouse=True)
def english(settings):
    """Texts are asserted in the source language, English, so the tests do not depend on the translations."""
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def sms(settings):
    settings.SMS_BACKEND = "orders.tests.builders.RecordingSms"
    RecordingSms.sent = []
    return RecordingSms.sent


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    """Photos go to a temporary folder, never to var/media."""
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def coordinator(world):
    return world.users["coordinator"]


@pytest.fixture
def volunteer(world):
    return world.users["volunteer"].volunteer


@pytest.fixture
def team_a(world):
    return create_team(
        name="科南社区志愿服务队",
        center=world.institute_a,
        leader=world.users["volunteer"].volunteer,
        members=[world.users["partner_member"].volunteer],
    )


@pytest.fixture
def team_b(world):
    return create_team(
        name="林大社区志愿服务队", center=world.institute_b, leader=world.users["other_volunteer"].volunteer
    )


@pytest.fixture
def district_center(world):
    return CenterFactory(name="海淀区新时代文明实践中心", level=PracticeCenter.Level.CENTER, area=world.district)


@pytest.fixture
def station_a1(world):
    return CenterFactory(name="科南社区新时代文明实践站", level=PracticeCenter.Level.STATION, area=world.community_a1)
