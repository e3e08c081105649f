"""Partners ranked for a campaign: the parts of the score, the figures behind them, and who may ask."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from campaigns.matching import partner_parts, partner_score
from campaigns.tests.factories import CampaignFactory
from partners.models import CampaignParticipation, Partner
from partners.tests.factories import (
    ActivityFactory,
    AgreementFactory,
    CommitmentFactory,
    ParticipantFactory,
    PartnerFactory,
)
from volunteers.services import credit_activity_hours, reverse_record

URL = "/api/v1/campaigns/{}/partner-candidates/"


@given(
    pledged=st.floats(1, 5000),
    delivered=st.floats(0, 5000),
    more=st.floats(0, 500),
    elapsed=st.floats(0, 1),
    load=st.integers(0, 10),
)
def test_delivering_more_never_lowers_the_delivery_part(pledged, delivered, more, elapsed, load):
    common = {"kind_wanted": True, "area_fit": 1.0, "pledged": pledged, "elapsed": elapsed, "load": load}
    before = partner_parts(delivered=delivered, **common)
    after = partner_parts(delivered=delivered + more, **common)

    assert after[3] >= before[3]
    assert after[2] <= before[2]
    assert all(0 <= part <= 1 for part in after)


def test_a_busier_partner_scores_lower_all_else_equal():
    common = {"kind_wanted": True, "area_fit": 1.0, "pledged": 100, "delivered": 50, "elapsed": 0.5}
    assert partner_score(partner_parts(load=0, **common)) > partner_score(partner_parts(load=3, **common))


@pytest.fixture
def campaign(world):
    campaign = CampaignFactory(center=world.institute_a, partner_kinds_wanted=["university"])
    campaign.target_areas.set([world.community_a1])
    return campaign


def ranked(client, campaign) -> list[dict]:
    response = client.get(URL.format(campaign.pk), {"limit": 100})
    assert response.status_code == 200
    return response.json()


def test_the_wanted_kind_in_the_target_area_ranks_first_with_its_reasons(world, client_for, campaign):
    wanted = PartnerFactory(name="中关村大学", kind="university", area=world.street_a)
    elsewhere = PartnerFactory(name="学院路企业", kind="enterprise", area=world.street_b)

    rows = {row["partner"]["id"]: row for row in ranked(client_for(world.users["coordinator"]), campaign)}

    assert rows[wanted.pk]["score"] > rows[elsewhere.pk]["score"]
    assert {p["name"]: p["value"] for p in rows[wanted.pk]["parts"]}["kind"] == 1.0
    assert {p["name"]: p["value"] for p in rows[wanted.pk]["parts"]}["area"] == 1.0
    assert {p["name"]: p["value"] for p in rows[elsewhere.pk]["parts"]}["kind"] == 0.0
    assert {p["name"]: p["value"] for p in rows[elsewhere.pk]["parts"]}["area"] == 0.2
    assert not Partner.objects.filter(pk__in=list(rows), status="pending").exists()


def test_delivered_hours_come_from_the_ledger_and_a_reversal_takes_them_back(world, client_for, campaign):
    partner = world.partner_x
    today = timezone.localdate()
    agreement = AgreementFactory(partner=partner, starts_on=date(today.year, 1, 1), ends_on=date(today.year, 12, 31))
    CommitmentFactory(agreement=agreement, quantity=Decimal("100"))
    activity = ActivityFactory(partner=partner, verified=True, occurred_on=today - timedelta(days=1))
    ParticipantFactory(activity=activity, volunteer=world.users["volunteer"].volunteer, hours=Decimal("6"))
    ParticipantFactory(activity=activity, volunteer=world.users["partner_member"].volunteer, hours=Decimal("4"))
    records = credit_activity_hours(activity=activity)
    client = client_for(world.users["coordinator"])

    row = next(r for r in ranked(client, campaign) if r["partner"]["id"] == partner.pk)
    assert (row["pledged_hours"], row["delivered_hours"]) == ("100.0", "10.00")
    assert {p["name"]: p["value"] for p in row["parts"]}["undelivered"] == 0.9

    reverse_record(record=records[0], reason="重复登记", created_by=world.users["coordinator"])
    row = next(r for r in ranked(client, campaign) if r["partner"]["id"] == partner.pk)
    assert Decimal(row["delivered_hours"]) == Decimal("10") - records[0].hours


def test_running_campaigns_and_this_campaigns_offer_are_shown(world, client_for, campaign):
    other = CampaignFactory(center=world.institute_a)
    CampaignParticipation.objects.create(
        partner=world.partner_x, campaign=other, status="accepted", commitment="派出志愿者", reviewed_at=timezone.now()
    )
    CampaignParticipation.objects.create(
        partner=world.partner_x, campaign=campaign, status="interested", commitment="提供会议室"
    )

    row = next(
        r for r in ranked(client_for(world.users["coordinator"]), campaign) if r["partner"]["id"] == world.partner_x.pk
    )

    assert row["running_campaigns"] == 1
    assert row["participation"] == "interested"
    assert {p["name"]: p["value"] for p in row["parts"]}["load"] == 0.5


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("anonymous", 401),
        ("volunteer", 403),
        ("partner_admin", 403),
        ("other_coordinator", 403),
        ("coordinator", 200),
        ("district_admin", 200),
    ],
)
def test_who_may_ask_for_partner_candidates(world, client_for, campaign, persona, expected):
    assert client_for(world.users[persona]).get(URL.format(campaign.pk)).status_code == expected


def test_query_count_does_not_grow_with_the_number_of_partners(world, client_for, campaign):
    client = client_for(world.users["coordinator"])

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            ranked(client, campaign)
        return len(captured)

    few = queries()
    for index in range(40):
        partner = PartnerFactory(area=world.street_a if index % 2 else world.street_b)
        CommitmentFactory(agreement=AgreementFactory(partner=partner))
    assert queries() == few
