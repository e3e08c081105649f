"""Partners' completed service orders count toward their agreement's commitments: each one as an event held,
and its credited hours as volunteer hours (in the progress view and in the partner candidates' figures)."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from campaigns.tests.factories import CampaignFactory
from orders import services
from orders.models import ServiceOrder
from orders.tests.builders import completed, place
from orders.tests.factories import OrderPhotoFactory
from partners.models import Commitment
from partners.selectors import agreement_progress, agreements_of, partner_candidates
from partners.tests.factories import ActivityFactory, AgreementFactory, CommitmentFactory, ParticipantFactory
from volunteers.models import ServiceRecord
from volunteers.services import credit_activity_hours, reverse_record


@pytest.fixture
def agreement(world):
    today = timezone.localdate()
    agreement = AgreementFactory(
        partner=world.partner_x, starts_on=today - timedelta(days=100), ends_on=today + timedelta(days=200)
    )
    CommitmentFactory(agreement=agreement, kind=Commitment.Kind.VOLUNTEER_HOURS, quantity=100)
    CommitmentFactory(agreement=agreement, kind=Commitment.Kind.EVENTS, quantity=4)
    return agreement


def partner_order(world, *, complete: bool = True, partner=None, hours: str = "1.5", days_ago: int = 2):
    """An order partner X (or Y) took, done `days_ago` by a member of X (Y has no volunteer members here)."""
    partner = partner or world.partner_x
    ours = partner == world.partner_x
    coordinator = world.users["coordinator" if ours else "other_coordinator"]
    order = place(world, world.community_a1 if ours else world.community_b1)
    order = services.dispatch_order(order=order, dispatched_by=coordinator, partner=partner)
    admin = partner.memberships.get(role="partner_admin").user
    services.accept_offer(offer=order.offers.get(), accepted_by=admin)
    if not complete:
        return order
    starts_at = timezone.now() - timedelta(days=days_ago)
    services.schedule_order(
        order=order, scheduled_by=admin, starts_at=starts_at, ends_at=starts_at + timedelta(hours=2)
    )
    OrderPhotoFactory(order=order)
    member = world.users["partner_member"].volunteer
    participants = [{"volunteer": member, "hours": Decimal(hours)}] if ours else []
    order = services.complete_order(order=order, completed_by=admin, note="已完成", participants=participants)
    ServiceOrder.objects.filter(pk=order.pk).update(completed_at=starts_at + timedelta(hours=2))
    return order


@pytest.fixture
def delivered(world, agreement, team_a):
    """In the term for partner X: one verified activity (2 h) and one completed order (1.5 h); nothing else counts."""
    activity = ActivityFactory(
        partner=world.partner_x, occurred_on=timezone.localdate() - timedelta(days=5), verified=True
    )
    ParticipantFactory(activity=activity, volunteer=world.users["partner_member"].volunteer, hours=Decimal("2"))
    credit_activity_hours(activity=activity)
    ours = partner_order(world)
    partner_order(world, hours="3", days_ago=150)  # before the term
    partner_order(world, complete=False)  # taken, not completed
    completed(world, team_a)  # a team's order, not the partner's
    partner_order(world, partner=world.partner_y)
    return ours


def test_a_completed_order_counts_as_an_event_held_and_its_hours_as_volunteer_hours(world, agreement, delivered):
    # when
    progress = agreement_progress(agreements_of(world.partner_x).get(pk=agreement.pk))

    # then
    assert [(row["kind"], row["delivered"]) for row in progress] == [
        ("volunteer_hours", Decimal("3.50")),
        ("events", 2),
    ]


def test_each_measure_still_takes_one_query(world, agreement, delivered):
    # given
    loaded = agreements_of(world.partner_x).get(pk=agreement.pk)

    # when
    with CaptureQueriesContext(connection) as queries:
        agreement_progress(loaded)

    # then
    assert len(queries) == 2


def test_a_reversed_order_credit_no_longer_counts(world, agreement, delivered):
    # given
    record = ServiceRecord.objects.get(service_order=delivered)
    reverse_record(record=record, reason="重复登记", created_by=world.users["coordinator"])

    # when
    progress = agreement_progress(agreements_of(world.partner_x).get(pk=agreement.pk))

    # then
    assert progress[0]["delivered"] == Decimal("2.00")


def test_partner_candidates_count_the_same_hours(world, agreement, delivered):
    # given
    campaign = CampaignFactory(center=world.institute_a)

    def delivered_hours():
        (ours,) = [row for row in partner_candidates(campaign) if row["partner"] == world.partner_x]
        return ours["pledged_hours"], ours["delivered_hours"]

    # when
    before = delivered_hours()
    reverse_record(
        record=ServiceRecord.objects.get(service_order=delivered),
        reason="重复登记",
        created_by=world.users["coordinator"],
    )
    after = delivered_hours()

    # then
    assert (before, after) == ((Decimal("100"), Decimal("3.50")), (Decimal("100"), Decimal("2.00")))
