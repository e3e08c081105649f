"""Participation figures from the source tables, rolled up the area tree, stored by the schedule."""

from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest

from campaigns.models import Event
from campaigns.tests.factories import CampaignFactory, EventFactory
from partners.models import Commitment
from partners.tests.factories import ActivityFactory, AgreementFactory, CommitmentFactory, ParticipantFactory
from targets import rollups, services
from targets.models import AreaFigures
from targets.periods import Period
from targets.tests.conftest import SHANGHAI
from volunteers import services as volunteer_services
from volunteers.models import ServiceRecord, Volunteer

MAY = Period.parse("2026-05")
TODAY = date(2026, 5, 20)


def at(day: date, hour: int) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=SHANGHAI)


@pytest.fixture
def activity_data(wednesday, world):
    """Hours, events, partner activities and an agreement around May 2026 (see each line)."""
    volunteer = world.users["volunteer"].volunteer  # lives in A1
    member = world.users["partner_member"].volunteer  # lives in A2
    ServiceRecord.objects.create(
        volunteer=volunteer, hours=Decimal("3"), source="adjustment", served_on=date(2026, 5, 10), reason="补录"
    )
    ServiceRecord.objects.create(
        volunteer=member, hours=Decimal("2"), source="adjustment", served_on=date(2025, 4, 1), reason="补录"
    )
    campaign = CampaignFactory(center=world.institute_a)
    EventFactory(campaign=campaign, area=world.community_a1, starts_at=at(TODAY, 9) - timedelta(days=1))
    EventFactory(
        campaign=campaign,
        area=world.community_a1,
        starts_at=at(TODAY, 9) - timedelta(days=2),
        status=Event.Status.CANCELLED,
    )
    EventFactory(campaign=campaign, area=world.community_a1, starts_at=at(TODAY, 9) + timedelta(days=5))
    verified = ActivityFactory(
        partner=world.partner_x, area=world.community_a1, occurred_on=date(2026, 5, 12), verified=True
    )
    ParticipantFactory(activity=verified, volunteer=member, hours=Decimal("2.5"))
    volunteer_services.credit_activity_hours(activity=verified)
    ActivityFactory(partner=world.partner_x, area=world.community_a1, occurred_on=date(2026, 5, 13))  # a draft
    ActivityFactory(partner=world.partner_y, area=world.community_b1, occurred_on=date(2026, 4, 30), verified=True)
    agreement = AgreementFactory(partner=world.partner_x, starts_on=date(2026, 1, 1), ends_on=date(2026, 12, 31))
    CommitmentFactory(agreement=agreement, kind=Commitment.Kind.VOLUNTEER_HOURS, quantity=Decimal("100"))
    CommitmentFactory(agreement=agreement, kind=Commitment.Kind.EVENTS, quantity=Decimal("4"))
    return campaign


def figures_of(figures: dict, area) -> dict:
    row = figures[area.pk]
    return {name: row[name] for name in rollups.FIGURE_FIELDS}


def test_figures_of_a_period_roll_up_the_tree(activity_data, world):
    # when
    figures = rollups.compute_figures(MAY, today=TODAY)
    # then
    assert figures_of(figures, world.community_a1) == {
        "registered_volunteers": 1,
        "new_volunteers": 1,
        "active_volunteers": 1,
        "volunteer_hours": Decimal("3"),
        "events_held": 1,
        "partners_active": 1,
        "pledged_hours": Decimal("0"),
        "delivered_hours": Decimal("0"),
        "pledged_events": Decimal("0"),
        "delivered_events": 0,
    }
    assert figures_of(figures, world.community_a2)["volunteer_hours"] == Decimal("2.5")
    assert figures_of(figures, world.street_a) == {
        "registered_volunteers": 2,
        "new_volunteers": 2,
        "active_volunteers": 2,
        "volunteer_hours": Decimal("5.5"),
        "events_held": 1,
        "partners_active": 1,
        "pledged_hours": Decimal("100"),
        "delivered_hours": Decimal("2.5"),
        "pledged_events": Decimal("4"),
        "delivered_events": 1,
    }
    district = figures_of(figures, world.district)
    assert (district["registered_volunteers"], district["active_volunteers"], district["partners_active"]) == (3, 2, 1)
    assert (district["volunteer_hours"], district["delivered_hours"]) == (Decimal("5.5"), Decimal("2.5"))
    assert figures_of(figures, world.street_b)["partners_active"] == 0  # partner Y's activity was in April
    assert figures[world.district.pk]["population"] == world.district.population


def test_a_reversed_credit_no_longer_counts(activity_data, world):
    credit = ServiceRecord.objects.get(source="partner_activity")
    volunteer_services.reverse_record(record=credit, reason="重复登记", created_by=world.users["coordinator"])

    street = figures_of(rollups.compute_figures(MAY, today=TODAY), world.street_a)

    assert (street["volunteer_hours"], street["delivered_hours"], street["active_volunteers"]) == (
        Decimal("3"),
        Decimal("0"),
        1,
    )


def test_an_erased_volunteer_stops_counting_as_registered_from_the_day(activity_data, world):
    Volunteer.objects.filter(pk=world.users["other_volunteer"].volunteer.pk).update(
        created_at=at(date(2026, 5, 1), 9), status="erased", erased_at=at(date(2026, 5, 15), 0)
    )

    assert rollups.compute_figures(MAY, today=date(2026, 5, 14))[world.street_b.pk]["registered_volunteers"] == 1
    assert rollups.compute_figures(MAY, today=TODAY)[world.street_b.pk]["registered_volunteers"] == 0


def test_the_schedule_stores_the_current_and_previous_periods(activity_data, world):
    # when
    services.refresh_figures(today=TODAY)
    # then
    stored = set(AreaFigures.objects.values_list("period_kind", "period_start").distinct())
    assert stored == {
        ("day", date(2026, 5, 20)),
        ("day", date(2026, 5, 19)),
        ("week", date(2026, 5, 18)),
        ("week", date(2026, 5, 11)),
        ("month", date(2026, 5, 1)),
        ("month", date(2026, 4, 1)),
        ("quarter", date(2026, 4, 1)),
        ("quarter", date(2026, 1, 1)),
        ("year", date(2026, 1, 1)),
        ("year", date(2025, 1, 1)),
    }
    area_ids = [world.street_a.pk, world.community_a1.pk]
    stored_may, computed_at = rollups.figures_for(area_ids, MAY, today=TODAY)
    live = rollups.compute_figures(MAY, today=TODAY)
    assert computed_at is not None
    for area_id in area_ids:
        assert {k: stored_may[area_id][k] for k in rollups.FIGURE_FIELDS} == {
            k: live[area_id][k] for k in rollups.FIGURE_FIELDS
        }


def test_a_period_the_schedule_never_stored_is_computed_on_demand(activity_data, world):
    figures, computed_at = rollups.figures_for([world.street_a.pk], MAY, today=TODAY)

    assert computed_at is None
    assert figures[world.street_a.pk]["volunteer_hours"] == Decimal("5.5")
    assert AreaFigures.objects.count() == 0
