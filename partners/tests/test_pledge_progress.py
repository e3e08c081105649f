"""Pledged against delivered: what a partner committed to in an agreement and what it did within the term."""

from datetime import datetime, time, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from campaigns.models import Reservation
from campaigns.tests.factories import EventFactory, RegistrationFactory
from partners.models import Commitment
from partners.selectors import agreement_progress, agreements_of
from partners.tests.factories import ActivityFactory, AgreementFactory, CommitmentFactory, ParticipantFactory
from volunteers.models import ServiceRecord
from volunteers.services import credit_activity_hours, credit_event_hours, reverse_record


@pytest.fixture
def agreement(world):
    """Partner X's agreement from 100 days ago to 200 days ahead: 100 hours, 4 activities and a venue."""
    today = timezone.localdate()
    agreement = AgreementFactory(
        partner=world.partner_x, starts_on=today - timedelta(days=100), ends_on=today + timedelta(days=200)
    )
    CommitmentFactory(agreement=agreement, kind=Commitment.Kind.VOLUNTEER_HOURS, quantity=100, description="志愿服务")
    CommitmentFactory(agreement=agreement, kind=Commitment.Kind.EVENTS, quantity=4, description="共建活动")
    CommitmentFactory(agreement=agreement, kind=Commitment.Kind.RESOURCE, quantity=1, description="开放礼堂")
    return agreement


def days_ago(days: int):
    return timezone.localdate() - timedelta(days=days)


def verified_activity(partner, occurred_on, hours: list[str], volunteers) -> object:
    activity = ActivityFactory(partner=partner, occurred_on=occurred_on, verified=True)
    for volunteer, amount in zip(volunteers, hours, strict=False):
        ParticipantFactory(activity=activity, volunteer=volunteer, hours=Decimal(amount))
    credit_activity_hours(activity=activity)
    return activity


def event_hours(partner, volunteer, *, days: int, hours: str, reserved: bool = True):
    """A checked-out place at an event `days` ago, taken through the partner's reservation or not."""
    starts_at = timezone.make_aware(datetime.combine(days_ago(days), time(9)))
    event = EventFactory(starts_at=starts_at, ends_at=starts_at + timedelta(hours=3))
    reservation = Reservation.objects.create(event=event, partner=partner, places=2) if reserved else None
    registration = RegistrationFactory(event=event, volunteer=volunteer, reservation=reservation)
    return credit_event_hours(registration=registration, hours=Decimal(hours))


@pytest.fixture
def delivered(world, agreement):
    """7.5 hours and 2 activities fall within the term for partner X; everything else must not count."""
    zhang, wang = world.users["volunteer"].volunteer, world.users["partner_member"].volunteer
    verified_activity(world.partner_x, days_ago(10), ["2", "3.5"], [zhang, wang])  # 5.5 h, 1 activity
    reversed_one = verified_activity(world.partner_x, days_ago(20), ["1"], [zhang])  # 1 activity, 0 h
    reverse_record(
        record=ServiceRecord.objects.get(partner_activity=reversed_one),
        reason="重复登记",
        created_by=world.users["coordinator"],
    )
    event_hours(world.partner_x, wang, days=5, hours="2")  # 2 h through the reservation
    # Outside what counts:
    verified_activity(world.partner_x, days_ago(150), ["4"], [zhang])  # before the term
    submitted = ActivityFactory(partner=world.partner_x, occurred_on=days_ago(3), submitted=True)
    ParticipantFactory(activity=submitted, volunteer=zhang, hours=Decimal("6"))  # not verified
    event_hours(world.partner_x, zhang, days=6, hours="3", reserved=False)  # a member's own sign-up
    event_hours(world.partner_y, world.users["other_volunteer"].volunteer, days=6, hours="3")  # partner Y's
    verified_activity(world.partner_y, days_ago(10), ["8"], [world.users["other_volunteer"].volunteer])


def progress_url(agreement) -> str:
    return f"/api/v1/partners/{agreement.partner_id}/agreements/{agreement.pk}/progress/"


def test_progress_sets_each_pledge_against_what_was_delivered_in_the_term(world, client_for, agreement, delivered):
    # when
    response = client_for(world.users["partner_admin"]).get(progress_url(agreement))

    # then
    assert response.status_code == 200
    hours, events, resource = agreement.commitments.order_by("id")
    assert response.json() == {
        "agreement": agreement.pk,
        "starts_on": agreement.starts_on.isoformat(),
        "ends_on": agreement.ends_on.isoformat(),
        "commitments": [
            {
                "id": hours.pk,
                "kind": "volunteer_hours",
                "description": "志愿服务",
                "pledged": "100.0",
                "delivered": "7.50",
            },
            {"id": events.pk, "kind": "events", "description": "共建活动", "pledged": "4.0", "delivered": "2.00"},
            {"id": resource.pk, "kind": "resource", "description": "开放礼堂", "pledged": "1.0", "delivered": None},
        ],
    }


def test_nothing_delivered_yet_is_zero(world, client_for, agreement):
    # when
    response = client_for(world.users["partner_admin"]).get(progress_url(agreement))

    # then
    assert [row["delivered"] for row in response.json()["commitments"]] == ["0.00", "0.00", None]


def test_progress_takes_one_query_a_measure(world, agreement, delivered):
    # given
    CommitmentFactory(agreement=agreement, kind=Commitment.Kind.VOLUNTEER_HOURS, quantity=50, description="第二项")
    loaded = agreements_of(world.partner_x).get(pk=agreement.pk)

    # when
    with CaptureQueriesContext(connection) as queries:
        progress = agreement_progress(loaded)

    # then
    assert len(queries) == 2
    assert [(row["kind"], row["delivered"]) for row in progress] == [
        ("volunteer_hours", Decimal("7.50")),
        ("events", 2),
        ("resource", None),
        ("volunteer_hours", Decimal("7.50")),
    ]


def test_an_agreement_of_resources_only_needs_no_query(world):
    # given
    agreement = AgreementFactory(partner=world.partner_x)
    CommitmentFactory(agreement=agreement, kind=Commitment.Kind.RESOURCE, quantity=1)
    loaded = agreements_of(world.partner_x).get(pk=agreement.pk)

    # when
    with CaptureQueriesContext(connection) as queries:
        progress = agreement_progress(loaded)

    # then
    assert len(queries) == 0
    assert [row["delivered"] for row in progress] == [None]


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("partner_admin", 200),
        ("partner_member", 200),
        ("coordinator", 200),
        ("district_admin", 200),
        ("other_coordinator", 404),
        ("other_volunteer", 404),
    ],
)
def test_progress_is_seen_by_those_who_see_the_agreement(world, client_for, agreement, persona, expected):
    # when
    response = client_for(world.users[persona]).get(progress_url(agreement))

    # then
    assert response.status_code == expected


def test_an_agreement_of_another_partner_is_not_found_under_this_one(world, client_for):
    # given
    other = AgreementFactory(partner=world.partner_y)

    # when
    response = client_for(world.users["partner_admin"]).get(
        f"/api/v1/partners/{world.partner_x.pk}/agreements/{other.pk}/progress/"
    )

    # then
    assert response.status_code == 404
