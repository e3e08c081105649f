"""Shared fixtures: a small district with two streets, and one signed-in client per persona.

district
├── street A  (institute A, coordinator_a) ── community A1 (volunteer, partner X), community A2
└── street B  (institute B, coordinator_b) ── community B1 (other_volunteer, partner Y)
"""

from dataclasses import dataclass

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from accounts.models import Membership
from accounts.tests.factories import MembershipFactory, UserFactory
from areas.models import Area, PracticeCenter
from areas.tests.factories import AreaFactory, CenterFactory, DistrictFactory, StreetFactory
from partners.tests.factories import PartnerAdminFactory, PartnerFactory
from volunteers.tests.factories import VolunteerFactory

PERSONAS = [
    "anonymous",
    "volunteer",
    "other_volunteer",
    "partner_admin",
    "partner_member",
    "coordinator",
    "other_coordinator",
    "district_admin",
]


@pytest.fixture(autouse=True)
def _isolation(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    cache.clear()
    yield
    cache.clear()


@dataclass
class World:
    district: Area
    street_a: Area
    street_b: Area
    community_a1: Area
    community_a2: Area
    community_b1: Area
    institute_a: PracticeCenter
    institute_b: PracticeCenter
    partner_x: object
    partner_y: object
    users: dict


@pytest.fixture
def world(db) -> World:
    district = DistrictFactory(name="海淀区")
    street_a = StreetFactory(name="中关村街道", parent=district)
    street_b = StreetFactory(name="学院路街道", parent=district)
    a1 = AreaFactory(name="科南社区", parent=street_a)
    a2 = AreaFactory(name="知春里社区", parent=street_a)
    b1 = AreaFactory(name="林大社区", parent=street_b)
    institute_a = CenterFactory(name="中关村街道新时代文明实践所", level=PracticeCenter.Level.INSTITUTE, area=street_a)
    institute_b = CenterFactory(name="学院路街道新时代文明实践所", level=PracticeCenter.Level.INSTITUTE, area=street_b)
    partner_x = PartnerFactory(name="中关村科技有限公司", area=street_a)
    partner_y = PartnerFactory(name="学院路大学", kind="university", area=street_b)

    volunteer = VolunteerFactory(real_name="张三", home_area=a1)
    other_volunteer = VolunteerFactory(real_name="李四", home_area=b1)
    partner_admin = PartnerAdminFactory(partner=partner_x).user
    PartnerAdminFactory(partner=partner_y)
    partner_member = VolunteerFactory(real_name="王五", home_area=a2).user
    MembershipFactory(user=partner_member, role=Membership.Role.PARTNER_MEMBER, partner=partner_x)
    MembershipFactory(user=volunteer.user, role=Membership.Role.PARTNER_MEMBER, partner=partner_x)
    coordinator = MembershipFactory(role=Membership.Role.COORDINATOR, center=institute_a).user
    other_coordinator = MembershipFactory(role=Membership.Role.COORDINATOR, center=institute_b).user
    district_admin = MembershipFactory(role=Membership.Role.DISTRICT_ADMIN).user
    users = {
        "anonymous": None,
        "volunteer": volunteer.user,
        "other_volunteer": other_volunteer.user,
        "partner_admin": partner_admin,
        "partner_member": partner_member,
        "coordinator": coordinator,
        "other_coordinator": other_coordinator,
        "district_admin": district_admin,
    }
    return World(district, street_a, street_b, a1, a2, b1, institute_a, institute_b, partner_x, partner_y, users)


@pytest.fixture
def api_client() -> APIClient:
    return APIClient()


@pytest.fixture
def client_for():
    """`client_for(user)`: an API client with a real session for the user (anonymous for None)."""

    def make(user) -> APIClient:
        client = APIClient()
        if user is not None:
            client.force_login(user)
        return client

    return make


@pytest.fixture
def any_user(db):
    return UserFactory()
