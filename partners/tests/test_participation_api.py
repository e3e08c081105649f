"""Partners take part in campaigns: a partner admin offers what it commits to, the organizer accepts or declines."""

import pytest
from django.utils import timezone

from accounts.models import AuditEvent
from campaigns.models import Campaign
from campaigns.tests.factories import CampaignFactory
from core.models import Notice
from partners.models import CampaignParticipation
from partners.tests.factories import PartnerAdminFactory, PartnerFactory

COMMITMENT = "每周六派 10 名员工参加路口文明劝导"


@pytest.fixture
def campaign(world):
    """A published campaign of street A's institute: coordinator A organizes it."""
    return CampaignFactory(center=world.institute_a, title="文明交通劝导专项行动")


@pytest.fixture
def admin_client(world, client_for):
    return client_for(world.users["partner_admin"])


def partners_url(campaign) -> str:
    return f"/api/v1/campaigns/{campaign.pk}/partners/"


def review_url(participation, action: str) -> str:
    return f"/api/v1/campaign-participations/{participation.pk}/{action}/"


def participations() -> list[tuple]:
    return list(
        CampaignParticipation.objects.order_by("id").values_list(
            "partner_id", "campaign_id", "status", "review_reason", "reviewed_by_id"
        )
    )


def offer(partner, campaign, status: str = "interested") -> CampaignParticipation:
    reviewed_at = None if status == "interested" else timezone.now()
    return CampaignParticipation.objects.create(
        partner=partner, campaign=campaign, commitment=COMMITMENT, status=status, reviewed_at=reviewed_at
    )


# Expressing interest


def test_a_partner_admin_offers_to_take_part(world, admin_client, campaign):
    # when
    response = admin_client.post(
        partners_url(campaign), {"partner": world.partner_x.pk, "commitment": COMMITMENT}, format="json"
    )

    # then
    assert response.status_code == 201
    participation = CampaignParticipation.objects.get()
    assert response.json() == {
        "id": participation.pk,
        "partner": {"id": world.partner_x.pk, "name": "中关村科技有限公司"},
        "campaign": {"id": campaign.pk, "title": "文明交通劝导专项行动"},
        "origin": "offer",
        "status": "interested",
        "message": "",
        "commitment": COMMITMENT,
        "review_reason": "",
        "reviewed_at": None,
        "created_at": response.json()["created_at"],
    }
    assert participation.created_by == world.users["partner_admin"]


def test_a_partner_admin_of_a_partner_in_another_street_may_join(world, client_for, campaign):
    # given
    admin = PartnerAdminFactory(partner=world.partner_y).user

    # when
    response = client_for(admin).post(
        partners_url(campaign), {"partner": world.partner_y.pk, "commitment": COMMITMENT}, format="json"
    )

    # then
    assert response.status_code == 201
    assert participations() == [(world.partner_y.pk, campaign.pk, "interested", "", None)]


@pytest.mark.parametrize("persona", ["volunteer", "partner_member", "coordinator", "district_admin"])
def test_only_partner_admins_offer(world, client_for, campaign, persona):
    # when
    response = client_for(world.users[persona]).post(
        partners_url(campaign), {"partner": world.partner_x.pk, "commitment": COMMITMENT}, format="json"
    )

    # then
    assert response.status_code == 403
    assert participations() == []


def test_an_admin_offers_only_for_a_partner_they_administer(world, admin_client, campaign):
    # when
    response = admin_client.post(
        partners_url(campaign), {"partner": world.partner_y.pk, "commitment": COMMITMENT}, format="json"
    )

    # then
    assert response.status_code == 400
    assert [(e["field"], e["code"]) for e in response.json()["errors"]] == [("partner", "does_not_exist")]
    assert participations() == []


@pytest.mark.parametrize(
    ("status", "expected", "code"),
    [
        (Campaign.Status.CLOSED, 409, "campaign_not_open"),
        (Campaign.Status.DRAFT, 404, "not_found"),
        (Campaign.Status.CANCELLED, 404, "not_found"),
    ],
)
def test_only_a_published_campaign_takes_offers(world, admin_client, campaign, status, expected, code):
    # given
    Campaign.objects.filter(pk=campaign.pk).update(status=status)

    # when
    response = admin_client.post(
        partners_url(campaign), {"partner": world.partner_x.pk, "commitment": COMMITMENT}, format="json"
    )

    # then
    assert response.status_code == expected
    assert response.json()["code"] == code
    assert participations() == []


def test_a_pending_partner_cannot_offer(world, client_for, campaign):
    # given
    partner = PartnerFactory(area=world.street_a, status="pending")
    admin = PartnerAdminFactory(partner=partner).user

    # when
    response = client_for(admin).post(
        partners_url(campaign), {"partner": partner.pk, "commitment": COMMITMENT}, format="json"
    )

    # then
    assert response.status_code == 409
    assert response.json()["code"] == "partner_not_approved"
    assert participations() == []


def test_a_partner_offers_once_per_campaign(world, admin_client, campaign):
    # given
    offer(world.partner_x, campaign, status="declined")
    before = participations()

    # when
    response = admin_client.post(
        partners_url(campaign), {"partner": world.partner_x.pk, "commitment": "再次申请"}, format="json"
    )

    # then
    assert response.status_code == 409
    assert response.json()["code"] == "already_participating"
    assert participations() == before


def test_a_commitment_is_required(world, admin_client, campaign):
    # when
    response = admin_client.post(partners_url(campaign), {"partner": world.partner_x.pk}, format="json")

    # then
    assert response.status_code == 400
    assert [(e["field"], e["code"]) for e in response.json()["errors"]] == [("commitment", "required")]
    assert participations() == []


# Accepting and declining


@pytest.mark.parametrize("persona", ["coordinator", "district_admin"])
def test_the_organizer_accepts(world, client_for, campaign, persona, django_capture_on_commit_callbacks):
    # given
    participation = offer(world.partner_x, campaign)
    reviewer = world.users[persona]

    # when
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(reviewer).post(review_url(participation, "accept"), {}, format="json")

    # then
    assert response.status_code == 200
    assert response.json()["status"] == "accepted"
    assert participations() == [(world.partner_x.pk, campaign.pk, "accepted", "", reviewer.pk)]
    audit = AuditEvent.objects.get(action="participation_accepted")
    assert (audit.actor, audit.target_type, audit.target_id) == (
        reviewer,
        "partners.campaignparticipation",
        str(participation.pk),
    )
    assert audit.detail == {"partner": world.partner_x.pk, "campaign": campaign.pk}
    assert list(Notice.objects.values_list("user_id", flat=True)) == [world.users["partner_admin"].pk]


def test_the_organizer_declines_with_a_reason(world, client_for, campaign):
    # given
    participation = offer(world.partner_x, campaign)
    coordinator = world.users["coordinator"]

    # when
    response = client_for(coordinator).post(
        review_url(participation, "decline"), {"reason": "本次行动名额已满"}, format="json"
    )

    # then
    assert response.status_code == 200
    assert (response.json()["status"], response.json()["review_reason"]) == ("declined", "本次行动名额已满")
    assert participations() == [(world.partner_x.pk, campaign.pk, "declined", "本次行动名额已满", coordinator.pk)]
    audit = AuditEvent.objects.get(action="participation_declined")
    assert (audit.actor, audit.target_id) == (coordinator, str(participation.pk))


@pytest.mark.parametrize(
    ("persona", "expected", "code"),
    [
        ("partner_admin", 403, "permission_denied"),
        ("other_coordinator", 404, "not_found"),
        ("partner_member", 404, "not_found"),
        ("volunteer", 404, "not_found"),
    ],
)
@pytest.mark.parametrize("action", ["accept", "decline"])
def test_only_the_organizer_reviews_an_offer(world, client_for, campaign, persona, expected, code, action):
    # given
    participation = offer(world.partner_x, campaign)
    before = participations()

    # when
    response = client_for(world.users[persona]).post(review_url(participation, action), {}, format="json")

    # then
    assert response.status_code == expected
    assert response.json()["code"] == code
    assert participations() == before
    assert AuditEvent.objects.filter(action__startswith="participation_").count() == 0


@pytest.mark.parametrize("action", ["accept", "decline"])
def test_an_offer_is_reviewed_once(world, client_for, campaign, action):
    # given
    participation = offer(world.partner_x, campaign)
    coordinator = client_for(world.users["coordinator"])
    coordinator.post(review_url(participation, "accept"), {}, format="json")
    before = participations()

    # when
    response = coordinator.post(review_url(participation, action), {}, format="json")

    # then
    assert response.status_code == 409
    assert response.json()["code"] == "already_reviewed"
    assert participations() == before


# Lists


@pytest.fixture
def offers(world, campaign):
    """Partners X and Y in coordinator A's campaign, and X in coordinator B's."""
    other_campaign = CampaignFactory(center=world.institute_b)
    return {
        "x": offer(world.partner_x, campaign),
        "y": offer(world.partner_y, campaign, status="accepted"),
        "x_in_b": offer(world.partner_x, other_campaign),
    }


@pytest.mark.parametrize(
    ("persona", "expected"),
    [("coordinator", {"x", "y"}), ("district_admin", {"x", "y"}), ("partner_admin", {"x"})],
)
def test_a_campaigns_partners_are_listed_for_organizers_and_partner_admins(
    world, client_for, campaign, offers, persona, expected
):
    # when
    response = client_for(world.users[persona]).get(partners_url(campaign))

    # then
    assert response.status_code == 200
    assert {row["id"] for row in response.json()["results"]} == {offers[key].pk for key in expected}


@pytest.mark.parametrize("persona", ["volunteer", "partner_member", "other_coordinator"])
def test_others_may_not_list_a_campaigns_partners(world, client_for, campaign, offers, persona):
    # when
    response = client_for(world.users[persona]).get(partners_url(campaign))

    # then
    assert response.status_code == 403


def test_the_campaign_partner_list_filters_by_status(world, client_for, campaign, offers):
    # when
    response = client_for(world.users["coordinator"]).get(partners_url(campaign), {"status": "accepted"})

    # then
    assert [row["id"] for row in response.json()["results"]] == [offers["y"].pk]


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("partner_admin", {"x", "x_in_b"}),
        ("coordinator", {"x", "y"}),
        ("other_coordinator", {"x_in_b"}),
        ("district_admin", {"x", "y", "x_in_b"}),
        ("partner_member", set()),
        ("volunteer", set()),
    ],
)
def test_participations_are_scoped(world, client_for, offers, persona, expected):
    # when
    response = client_for(world.users[persona]).get("/api/v1/campaign-participations/")

    # then
    assert response.status_code == 200
    assert {row["id"] for row in response.json()["results"]} == {offers[key].pk for key in expected}


def test_participations_filter_by_campaign_and_status(world, client_for, campaign, offers):
    # when
    response = client_for(world.users["district_admin"]).get(
        "/api/v1/campaign-participations/", {"campaign": campaign.pk, "status": "interested"}
    )

    # then
    assert [row["id"] for row in response.json()["results"]] == [offers["x"].pk]
