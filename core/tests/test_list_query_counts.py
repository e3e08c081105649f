"""Every list endpoint runs the same number of SQL queries for a page of 5 rows as for a page of 50.

Each case fills a list with more than 60 rows that one persona can see, with the related rows its
serializer shows (skills, commitments, users, areas, events), so a missing select_related or
prefetch_related shows up as queries that grow with the page.
"""

from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from rest_framework.mixins import ListModelMixin

from accounts.models import AuditEvent, Membership
from accounts.tests.factories import MembershipFactory, UserFactory
from areas.tests.factories import AreaFactory, CenterFactory
from campaigns.models import Invitation, Reservation
from campaigns.tests.factories import CampaignFactory, EventFactory, RegistrationFactory
from orders.models import FollowUp, Offer, OrderPhoto, Rating, ServiceOrder
from orders.tests.factories import OrderFactory, ServiceItemFactory
from partners.models import CampaignParticipation
from partners.tests.factories import (
    ActivityFactory,
    AgreementFactory,
    CommitmentFactory,
    ParticipantFactory,
    PartnerFactory,
)
from targets.models import Report
from targets.periods import Period
from targets.tests.factories import make_survey, make_target
from volunteers.models import Certificate, ServiceRecord
from volunteers.tests.factories import SkillFactory, VolunteerFactory, VolunteerTeamFactory

ROWS = 65


def areas(world):
    AreaFactory.create_batch(ROWS, parent=world.street_a)
    return "anonymous", {}


def centers(world):
    CenterFactory.create_batch(ROWS)
    return "anonymous", {}


def volunteers(world):
    skills = SkillFactory.create_batch(3)
    for _ in range(ROWS):
        VolunteerFactory(home_area=world.community_a2).skills.set(skills)
    return "coordinator", {}


def partners(world):
    PartnerFactory.create_batch(ROWS, area=world.street_a)
    return "coordinator", {}


def partner_directory(world):
    PartnerFactory.create_batch(ROWS, area=world.street_b)
    return "anonymous", {}


def partner_members(world):
    for n in range(ROWS):
        user = VolunteerFactory().user if n % 2 else UserFactory()  # with and without a volunteer profile
        MembershipFactory(user=user, partner=world.partner_x, role=Membership.Role.PARTNER_MEMBER)
    return "partner_admin", {"partner_id": world.partner_x.pk}


def partner_agreements(world):
    for _ in range(ROWS):
        agreement = AgreementFactory(partner=world.partner_x, center=world.institute_a)
        CommitmentFactory(agreement=agreement)
        CommitmentFactory(agreement=agreement, quantity=Decimal("4.5"))
    return "partner_admin", {"partner_id": world.partner_x.pk}


def memberships(world):
    for n in range(ROWS):
        partner = world.partner_x if n % 2 else world.partner_y
        MembershipFactory(partner=partner, role=Membership.Role.PARTNER_MEMBER)
    return "district_admin", {}


def audit_events(world):
    actor = world.users["coordinator"]
    AuditEvent.objects.bulk_create(
        AuditEvent(actor=actor, action="partner_approved", target_type="partners.partner", target_id=str(n))
        for n in range(ROWS)
    )
    return "district_admin", {}


def skills(world):
    SkillFactory.create_batch(ROWS)
    return "anonymous", {}


def _ledger(volunteer):
    for n in range(ROWS):
        record = ServiceRecord.objects.create(
            volunteer=volunteer, hours=Decimal("2"), source="adjustment", served_on=date(2026, 1, 1), reason=f"补录{n}"
        )
        if n % 3 == 0:
            ServiceRecord.objects.create(
                volunteer=volunteer, hours=-record.hours, source="reversal", served_on=record.served_on,
                reverses=record, reason="重复",
            )  # fmt: skip


def own_service_records(world):
    _ledger(world.users["volunteer"].volunteer)
    return "volunteer", {}


def volunteer_service_records(world):
    _ledger(world.users["volunteer"].volunteer)
    return "coordinator", {"volunteer_id": world.users["volunteer"].volunteer.pk}


def own_certificates(world):
    volunteer = world.users["volunteer"].volunteer
    Certificate.objects.bulk_create(
        Certificate(
            number=f"GJ2026{n:08d}", verification_code="ABC234", volunteer=volunteer, holder_name="张三",
            masked_id_number="110***********0011", total_hours=Decimal("12"), star_level=0,
            issuing_center=world.institute_a if n % 2 else None, issued_at=timezone.now(),
        )
        for n in range(ROWS)
    )  # fmt: skip
    return "volunteer", {}


def _campaign(world, **fields):
    campaign = CampaignFactory(center=world.institute_a, **fields)
    campaign.target_areas.set([world.community_a1, world.community_a2])
    campaign.skills_wanted.set(SkillFactory.create_batch(2))
    return campaign


def _events(world, campaign, count=ROWS):
    wanted = SkillFactory.create_batch(2)
    events = []
    for n in range(count):
        starts_at = timezone.now() + timedelta(days=3, hours=3 * n)
        event = EventFactory(campaign=campaign, area=world.community_a1, starts_at=starts_at, capacity=100)
        event.skills_wanted.set(wanted)
        events.append(event)
    return events


def campaigns(world):
    for _ in range(ROWS):
        EventFactory(campaign=_campaign(world), area=world.community_a1)
    return "anonymous", {}


def events(world):
    _events(world, _campaign(world))
    return "anonymous", {}


def campaign_events(world):
    campaign = _campaign(world)
    _events(world, campaign)
    return "anonymous", {"campaign_id": campaign.pk}


def event_registrations(world):
    (event,) = _events(world, _campaign(world), count=1)
    RegistrationFactory.create_batch(ROWS, event=event)
    return "coordinator", {"event_id": event.pk}


def registrations(world):
    volunteer = world.users["volunteer"].volunteer
    for n, event in enumerate(_events(world, _campaign(world))):
        RegistrationFactory(event=event, volunteer=volunteer, status="waitlisted" if n % 4 == 0 else "confirmed")
    return "volunteer", {}


def reservations(world):
    (event,) = _events(world, _campaign(world), count=1)
    Reservation.objects.bulk_create(
        Reservation(event=event, partner=partner, places=1)
        for partner in PartnerFactory.create_batch(ROWS, area=world.street_a)
    )
    return "coordinator", {}


def _invitations(world, event):
    volunteers = [VolunteerFactory(home_area=world.community_a1) for _ in range(ROWS)]
    Invitation.objects.bulk_create(Invitation(event=event, volunteer=volunteer) for volunteer in volunteers)


def event_invitations(world):
    (event,) = _events(world, _campaign(world), count=1)
    _invitations(world, event)
    return "coordinator", {"event_id": event.pk}


def invitations(world):
    volunteer = world.users["volunteer"].volunteer
    Invitation.objects.bulk_create(
        Invitation(event=event, volunteer=volunteer) for event in _events(world, _campaign(world))
    )
    return "volunteer", {}


def activities(world):
    member = world.users["partner_member"].volunteer
    campaign = _campaign(world)
    for n in range(ROWS):
        activity = ActivityFactory(
            partner=world.partner_x, area=world.community_a1, campaign=campaign if n % 2 else None
        )
        ParticipantFactory(activity=activity, volunteer=member)
    return "coordinator", {}


def _offer(partner, campaign):
    return CampaignParticipation(partner=partner, campaign=campaign, commitment="每周组织一次志愿服务")


def campaign_participations(world):
    CampaignParticipation.objects.bulk_create(
        _offer(world.partner_x, CampaignFactory(center=world.institute_a)) for _ in range(ROWS)
    )
    return "partner_admin", {}


def campaign_partners(world):
    campaign = _campaign(world)
    CampaignParticipation.objects.bulk_create(
        _offer(partner, campaign) for partner in PartnerFactory.create_batch(ROWS, area=world.street_a)
    )
    return "coordinator", {"campaign_id": campaign.pk}


def surveys(world):
    for _ in range(ROWS):
        make_survey(world.street_a)
    return "anonymous", {}


def targets_of_areas(world):
    first = Period.parse("2026-W01")
    for week in range(ROWS):
        period = Period.containing("week", first.start + timedelta(weeks=week))
        make_target(area=world.community_a1 if week % 2 else world.street_a, period=period)
    return "coordinator", {}


def reports(world):
    first = date(2026, 1, 1)
    Report.objects.bulk_create(
        Report(kind="daily", area=world.street_a, period_start=day, period_end=day)
        for day in (first + timedelta(days=n) for n in range(ROWS))
    )
    return "coordinator", {}


def service_items(world):
    for _ in range(ROWS):
        ServiceItemFactory(center=world.institute_a).skills.set(SkillFactory.create_batch(2))
    return "anonymous", {}


def _team(world):
    members = [VolunteerFactory(home_area=world.community_a1) for _ in range(3)]
    return VolunteerTeamFactory(center=world.institute_a, members=members)


def _orders_of_every_kind(world, **fields):
    """Orders with every kind of taker, menu entry, rating and photo the list rows show."""
    team, item = _team(world), ServiceItemFactory(center=world.institute_a)
    volunteer = world.users["volunteer"].volunteer
    for n in range(ROWS):
        taker = [{}, {"team": team}, {"partner": world.partner_x}, {"volunteer": volunteer}][n % 4]
        kind = {"taken": True} if taker else {}
        order = OrderFactory(
            community=world.community_a1, service_item=item if n % 2 else None, **kind, **taker, **fields
        )
        if n % 3 == 0 and taker:  # rows only: the list counts photos, it never opens them
            OrderPhoto.objects.create(
                order=order, image="order-photos/a.jpg", thumbnail="order-photos/b.jpg", width=4, height=3
            )


def service_orders(world):
    _orders_of_every_kind(world)
    for order in ServiceOrder.objects.filter(status="accepted")[:10]:
        ServiceOrder.objects.filter(pk=order.pk).update(
            status="completed", completed_at=timezone.now(), completion_note="完成"
        )
        Rating.objects.create(order=order, score=4, comment="满意")
    return "coordinator", {}


def service_order_board(world):
    item = ServiceItemFactory(center=world.institute_a)
    for n in range(ROWS):
        OrderFactory(community=world.community_a2, published=True, service_item=item if n % 2 else None)
    return "volunteer", {}


def order_offers(world):
    team = VolunteerTeamFactory(center=world.institute_a, leader=world.users["volunteer"].volunteer)
    Offer.objects.bulk_create(
        Offer(order=OrderFactory(community=world.community_a1, status="dispatched"), team=team) for _ in range(ROWS)
    )
    return "volunteer", {}


def order_follow_ups(world):
    volunteer = world.users["volunteer"].volunteer
    for _ in range(ROWS):
        order = OrderFactory(community=world.community_a1, completed=True, volunteer=volunteer)
        Rating.objects.create(order=order, score=2, comment="不准时")
        FollowUp.objects.create(order=order, center=world.institute_a)
    return "coordinator", {}


def volunteer_teams(world):
    for _ in range(ROWS):
        _team(world)
    return "coordinator", {}


LISTS: dict[str, Callable] = {
    "area-list": areas,
    "center-list": centers,
    "volunteer-list": volunteers,
    "partner-list": partners,
    "partner-directory": partner_directory,
    "partner-member-list": partner_members,
    "partner-agreement-list": partner_agreements,
    "membership-list": memberships,
    "audit-event-list": audit_events,
    "skill-list": skills,
    "volunteer-me-records": own_service_records,
    "volunteer-service-records": volunteer_service_records,
    "volunteer-me-certificates": own_certificates,
    "campaign-list": campaigns,
    "event-list": events,
    "campaign-event-list": campaign_events,
    "event-registration-list": event_registrations,
    "registration-list": registrations,
    "reservation-list": reservations,
    "activity-list": activities,
    "campaign-participation-list": campaign_participations,
    "campaign-partner-list": campaign_partners,
    "event-invitations": event_invitations,
    "invitation-list": invitations,
    "service-item-list": service_items,
    "service-order-list": service_orders,
    "service-order-board": service_order_board,
    "order-offer-list": order_offers,
    "order-follow-up-list": order_follow_ups,
    "volunteer-team-list": volunteer_teams,
    "survey-list": surveys,
    "target-list": targets_of_areas,
    "report-list": reports,
}


def queries_for(client, url: str) -> tuple[int, list]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, response.content[:300]
    body = response.json()
    return len(queries), body["results"] if isinstance(body, dict) else body


@pytest.mark.parametrize("url_name", LISTS)
def test_query_count_does_not_grow_with_the_page(world, client_for, url_name):
    persona, kwargs = LISTS[url_name](world)
    url = reverse(url_name, kwargs=kwargs)
    client = client_for(world.users[persona])
    queries_for(client, url)  # warm-up: anything cached per process is loaded once, outside the counts

    small, small_rows = queries_for(client, f"{url}?page_size=5")
    large, large_rows = queries_for(client, f"{url}?page_size=50")

    assert small == large, f"{url}: {small} queries for 5 rows, {large} for 50"
    if isinstance(client.get(url).json(), dict):
        assert (len(small_rows), len(large_rows)) == (5, 50)
    else:  # unpaginated: the whole (small) catalogue either way
        assert len(small_rows) == len(large_rows) >= ROWS


def _list_routes(patterns):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            yield from _list_routes(entry.url_patterns)
        elif isinstance(entry, URLPattern):
            view = getattr(entry.callback, "view_class", None)
            if view is not None and issubclass(view, ListModelMixin):
                yield entry.name


def test_every_list_endpoint_is_counted():
    assert sorted(set(_list_routes(get_resolver().url_patterns)) - set(LISTS)) == []
