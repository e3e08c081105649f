"""Every list endpoint runs the same number of SQL queries for a page of 5 rows as for a page of 50.

Each case fills a list with more than 60 rows that one persona can see, with the related rows its
serializer shows (skills, commitments, users, areas), so a missing select_related/prefetch_related shows
up as queries that grow with the page.
"""

from collections.abc import Callable
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import AuditEvent, Membership
from accounts.tests.factories import MembershipFactory, UserFactory
from areas.tests.factories import AreaFactory, CenterFactory
from partners.tests.factories import AgreementFactory, CommitmentFactory, PartnerFactory
from volunteers.tests.factories import SkillFactory, VolunteerFactory

ROWS = 65


def areas(world):
    AreaFactory.create_batch(ROWS, parent=world.street_a)
    return "anonymous", "/api/v1/areas/"


def centers(world):
    CenterFactory.create_batch(ROWS)
    return "anonymous", "/api/v1/centers/"


def volunteers(world):
    skills = SkillFactory.create_batch(3)
    for _ in range(ROWS):
        VolunteerFactory(home_area=world.community_a2).skills.set(skills)
    return "coordinator", "/api/v1/volunteers/"


def partners(world):
    PartnerFactory.create_batch(ROWS, area=world.street_a)
    return "coordinator", "/api/v1/partners/"


def partner_directory(world):
    PartnerFactory.create_batch(ROWS, area=world.street_b)
    return "anonymous", "/api/v1/partner-directory/"


def partner_members(world):
    for n in range(ROWS):
        user = VolunteerFactory().user if n % 2 else UserFactory()  # with and without a volunteer profile
        MembershipFactory(user=user, partner=world.partner_x, role=Membership.Role.PARTNER_MEMBER)
    return "partner_admin", f"/api/v1/partners/{world.partner_x.pk}/members/"


def partner_agreements(world):
    for _ in range(ROWS):
        agreement = AgreementFactory(partner=world.partner_x, center=world.institute_a)
        CommitmentFactory(agreement=agreement)
        CommitmentFactory(agreement=agreement, quantity=Decimal("4.5"))
    return "partner_admin", f"/api/v1/partners/{world.partner_x.pk}/agreements/"


def memberships(world):
    for n in range(ROWS):
        partner = world.partner_x if n % 2 else world.partner_y
        MembershipFactory(partner=partner, role=Membership.Role.PARTNER_MEMBER)
    return "district_admin", "/api/v1/memberships/"


def audit_events(world):
    actor = world.users["coordinator"]
    AuditEvent.objects.bulk_create(
        AuditEvent(actor=actor, action="partner_approved", target_type="partners.partner", target_id=str(n))
        for n in range(ROWS)
    )
    return "district_admin", "/api/v1/audit-events/"


def skills(world):
    SkillFactory.create_batch(ROWS)
    return "anonymous", "/api/v1/skills/"


LISTS: list[Callable] = [
    areas,
    centers,
    volunteers,
    partners,
    partner_directory,
    partner_members,
    partner_agreements,
    memberships,
    audit_events,
    skills,
]


def queries_for(client, url: str) -> tuple[int, list]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, response.content[:300]
    body = response.json()
    return len(queries), body["results"] if isinstance(body, dict) else body


@pytest.mark.parametrize("fill", LISTS, ids=lambda fill: fill.__name__)
def test_query_count_does_not_grow_with_the_page(world, client_for, fill):
    persona, url = fill(world)
    client = client_for(world.users[persona])
    queries_for(client, url)  # warm-up: anything cached per process is loaded once, outside the counts

    small, small_rows = queries_for(client, f"{url}?page_size=5")
    large, large_rows = queries_for(client, f"{url}?page_size=50")

    assert small == large, f"{url}: {small} queries for 5 rows, {large} for 50"
    paginated = isinstance(client.get(url).json(), dict)
    if paginated:
        assert (len(small_rows), len(large_rows)) == (5, 50)
    else:
        assert len(small_rows) == len(large_rows) >= ROWS
