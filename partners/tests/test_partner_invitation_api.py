"""Organizers invite partners to a campaign: the partner's admins accept, saying what they commit to, or decline."""

import pytest
from django.db import IntegrityError, connection
from django.db.models import QuerySet
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import AuditEvent
from campaigns.models import Campaign
from campaigns.tests.factories import CampaignFactory
from core.models import Notice
from partners import services
from partners.exceptions import AlreadyInCampaign
from partners.models import CampaignParticipation
from partners.tests.factories import PartnerAdminFactory, PartnerFactory

COMMITMENT = "每周六派 10 名员工参加路口文明劝导"
MESSAGE = "贵单位紧邻主干道，诚邀参加路口文明劝导"


@pytest.fixture
def campaign(world):
    """A published campaign of street A's institute: coordinator A organizes it."""
    return CampaignFactory(center=world.institute_a, title="文明交通劝导专项行动")


def invitations_url(campaign) -> str:
    return f"/api/v1/campaigns/{campaign.pk}/partner-invitations/"


def answer_url(participation, action: str) -> str:
    return f"/api/v1/campaign-participations/{participation.pk}/{action}/"


def participations() -> list[tuple]:
    return list(
        CampaignParticipation.objects.order_by("id").values_list(
            "partner_id", "campaign_id", "origin", "status", "message", "commitment", "review_reason", "reviewed_by_id"
        )
    )


def invitation(world, partner, campaign, status: str = "invited", **fields) -> CampaignParticipation:
    return CampaignParticipation.objects.create(
        partner=partner,
        campaign=campaign,
        origin="invitation",
        status=status,
        message=MESSAGE,
        created_by=world.users["coordinator"],
        reviewed_at=None if status == "invited" else timezone.now(),
        **fields,
    )


# Inviting


@pytest.mark.parametrize("persona", ["coordinator", "district_admin"])
def test_an_organizer_invites_an_approved_partner_and_its_admins_are_told(
    world, client_for, campaign, persona, django_capture_on_commit_callbacks
):
    # given
    organizer = world.users[persona]
    second_admin = PartnerAdminFactory(partner=world.partner_x).user

    # when
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(organizer).post(
            invitations_url(campaign), {"partner": world.partner_x.pk, "message": MESSAGE}, format="json"
        )

    # then
    assert response.status_code == 201
    participation = CampaignParticipation.objects.get()
    assert response.json() == {
        "id": participation.pk,
        "partner": {"id": world.partner_x.pk, "name": "中关村科技有限公司"},
        "campaign": {"id": campaign.pk, "title": "文明交通劝导专项行动"},
        "origin": "invitation",
        "status": "invited",
        "message": MESSAGE,
        "commitment": "",
        "review_reason": "",
        "reviewed_at": None,
        "created_at": response.json()["created_at"],
    }
    assert participation.created_by == organizer
    audit = AuditEvent.objects.get(action="participation_invited")
    assert (audit.actor, audit.target_id, audit.detail) == (
        organizer,
        str(participation.pk),
        {"partner": world.partner_x.pk, "campaign": campaign.pk},
    )
    notices = Notice.objects.order_by("user_id")
    assert [notice.user_id for notice in notices] == sorted([world.users["partner_admin"].pk, second_admin.pk])
    assert "文明交通劝导专项行动" in notices[0].subject
    assert MESSAGE in notices[0].body


def test_the_message_is_optional_and_a_partner_in_another_street_may_be_invited(world, client_for, campaign):
    # when
    response = client_for(world.users["coordinator"]).post(
        invitations_url(campaign), {"partner": world.partner_y.pk}, format="json"
    )

    # then
    assert response.status_code == 201
    assert participations() == [(world.partner_y.pk, campaign.pk, "invitation", "invited", "", "", "", None)]


def test_no_notice_goes_out_for_a_refused_invitation(world, client_for, campaign, django_capture_on_commit_callbacks):
    # given
    invitation(world, world.partner_x, campaign)

    # when
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        client_for(world.users["coordinator"]).post(
            invitations_url(campaign), {"partner": world.partner_x.pk}, format="json"
        )

    # then
    assert callbacks == []
    assert Notice.objects.count() == 0


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("anonymous", 401),
        ("volunteer", 403),
        ("partner_admin", 403),
        ("partner_member", 403),
        ("other_coordinator", 403),
    ],
)
def test_only_the_organizer_invites(world, client_for, campaign, persona, expected):
    # when
    response = client_for(world.users[persona]).post(
        invitations_url(campaign), {"partner": world.partner_x.pk, "message": MESSAGE}, format="json"
    )

    # then
    assert response.status_code == expected
    assert participations() == []
    assert not AuditEvent.objects.filter(action="participation_invited").exists()


def test_a_draft_of_another_street_is_not_found(world, client_for):
    # given
    draft = CampaignFactory(center=world.institute_a, status=Campaign.Status.DRAFT)

    # when
    response = client_for(world.users["other_coordinator"]).post(
        invitations_url(draft), {"partner": world.partner_y.pk}, format="json"
    )

    # then
    assert response.status_code == 404
    assert participations() == []


@pytest.mark.parametrize("status", [Campaign.Status.DRAFT, Campaign.Status.CLOSED, Campaign.Status.CANCELLED])
def test_only_a_published_campaign_takes_invitations(world, client_for, campaign, status):
    # given
    Campaign.objects.filter(pk=campaign.pk).update(status=status)

    # when
    response = client_for(world.users["coordinator"]).post(
        invitations_url(campaign), {"partner": world.partner_x.pk}, format="json"
    )

    # then
    assert response.status_code == 409
    assert response.json()["code"] == "campaign_not_open"
    assert participations() == []


@pytest.mark.parametrize("status", ["pending", "rejected"])
def test_only_an_approved_partner_is_invited(world, client_for, campaign, status):
    # given
    partner = PartnerFactory(area=world.street_a, status=status, review_reason="材料不全")

    # when
    response = client_for(world.users["coordinator"]).post(
        invitations_url(campaign), {"partner": partner.pk}, format="json"
    )

    # then
    assert response.status_code == 400
    assert response.json()["code"] == "partner_not_approved"
    assert [(e["field"], e["code"]) for e in response.json()["errors"]] == [("partner", "partner_not_approved")]
    assert participations() == []


def test_a_pending_partner_out_of_scope_is_not_named(world, client_for, campaign):
    # given
    partner = PartnerFactory(area=world.street_b, status="pending")

    # when
    response = client_for(world.users["coordinator"]).post(
        invitations_url(campaign), {"partner": partner.pk}, format="json"
    )

    # then
    assert response.status_code == 400
    assert [(e["field"], e["code"]) for e in response.json()["errors"]] == [("partner", "does_not_exist")]


@pytest.mark.parametrize(
    ("origin", "status"),
    [("invitation", "invited"), ("invitation", "declined"), ("offer", "interested"), ("offer", "accepted")],
)
def test_a_partner_is_invited_once_and_not_after_it_offered(world, client_for, campaign, origin, status):
    # given
    CampaignParticipation.objects.create(
        partner=world.partner_x,
        campaign=campaign,
        origin=origin,
        status=status,
        commitment=COMMITMENT if origin == "offer" else "",
        reviewed_at=None if status in ("invited", "interested") else timezone.now(),
    )
    before = participations()

    # when
    response = client_for(world.users["coordinator"]).post(
        invitations_url(campaign), {"partner": world.partner_x.pk, "message": "再次邀请"}, format="json"
    )

    # then
    assert response.status_code == 400
    assert response.json()["code"] == "already_in_campaign"
    assert [(e["field"], e["code"]) for e in response.json()["errors"]] == [("partner", "already_in_campaign")]
    assert participations() == before


def test_a_concurrent_double_invitation_is_refused_not_crashed(world, campaign, monkeypatch):
    # given: the first invitation commits between the check and the insert of the second
    invitation(world, world.partner_x, campaign)
    monkeypatch.setattr(QuerySet, "exists", lambda self: False)

    # when / then
    with pytest.raises(AlreadyInCampaign) as refused:
        services.invite_partner(partner=world.partner_x, campaign=campaign, invited_by=world.users["coordinator"])
    assert refused.value.field == "partner"
    assert CampaignParticipation.objects.count() == 1


@pytest.mark.parametrize(
    ("payload", "field", "code"),
    [
        ({"partner": 999999}, "partner", "does_not_exist"),
        ({}, "partner", "required"),
        ({"partner": "X", "message": "x" * 501}, "message", "max_length"),
        ({"partner": "X", "commitment": COMMITMENT}, "commitment", "unknown_field"),
    ],
)
def test_an_invitation_names_a_partner_and_carries_no_commitment(world, client_for, campaign, payload, field, code):
    # given
    payload = {key: world.partner_x.pk if value == "X" else value for key, value in payload.items()}

    # when
    response = client_for(world.users["coordinator"]).post(invitations_url(campaign), payload, format="json")

    # then
    assert response.status_code == 400
    assert (field, code) in [(e["field"], e["code"]) for e in response.json()["errors"]]
    assert participations() == []


# Answering


def test_a_partner_admin_accepts_with_a_commitment_and_the_organizer_is_told(
    world, client_for, campaign, django_capture_on_commit_callbacks
):
    # given
    participation = invitation(world, world.partner_x, campaign)
    admin = world.users["partner_admin"]

    # when
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(admin).post(
            answer_url(participation, "accept"), {"commitment": f"  {COMMITMENT} "}, format="json"
        )

    # then
    assert response.status_code == 200
    assert (response.json()["status"], response.json()["commitment"]) == ("accepted", COMMITMENT)
    assert participations() == [
        (world.partner_x.pk, campaign.pk, "invitation", "accepted", MESSAGE, COMMITMENT, "", admin.pk)
    ]
    assert CampaignParticipation.objects.get().reviewed_at is not None
    audit = AuditEvent.objects.get(action="participation_accepted")
    assert (audit.actor, audit.target_id) == (admin, str(participation.pk))
    notice = Notice.objects.get()
    assert notice.user == world.users["coordinator"]
    assert "中关村科技有限公司" in notice.body


def test_a_partner_admin_declines_with_a_reason(world, client_for, campaign, django_capture_on_commit_callbacks):
    # given
    participation = invitation(world, world.partner_x, campaign)
    admin = world.users["partner_admin"]

    # when
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(admin).post(
            answer_url(participation, "decline"), {"reason": "本月员工外派，人手不足"}, format="json"
        )

    # then
    assert response.status_code == 200
    assert (response.json()["status"], response.json()["review_reason"]) == ("declined", "本月员工外派，人手不足")
    assert participations() == [
        (world.partner_x.pk, campaign.pk, "invitation", "declined", MESSAGE, "", "本月员工外派，人手不足", admin.pk)
    ]
    assert AuditEvent.objects.filter(action="participation_declined", actor=admin).exists()
    notice = Notice.objects.get()
    assert notice.user == world.users["coordinator"]
    assert "本月员工外派，人手不足" in notice.body


@pytest.mark.parametrize(
    ("payload", "code"),
    [({}, "required"), ({"commitment": "   "}, "blank"), ({"commitment": "x" * 2001}, "max_length")],
)
def test_accepting_an_invitation_needs_a_commitment(world, client_for, campaign, payload, code):
    # given
    participation = invitation(world, world.partner_x, campaign)
    before = participations()

    # when
    response = client_for(world.users["partner_admin"]).post(
        answer_url(participation, "accept"), payload, format="json"
    )

    # then
    assert response.status_code == 400
    assert [(e["field"], e["code"]) for e in response.json()["errors"]] == [("commitment", code)]
    assert participations() == before


@pytest.mark.parametrize(
    ("persona", "expected", "code"),
    [
        ("coordinator", 403, "permission_denied"),
        ("district_admin", 403, "permission_denied"),
        ("other_coordinator", 404, "not_found"),
        ("partner_member", 404, "not_found"),
        ("volunteer", 404, "not_found"),
        ("admin_of_y", 404, "not_found"),
    ],
)
@pytest.mark.parametrize("action", ["accept", "decline"])
def test_only_the_partners_admins_answer_an_invitation(
    world, client_for, campaign, persona, expected, code, action, django_capture_on_commit_callbacks
):
    # given
    participation = invitation(world, world.partner_x, campaign)
    user = PartnerAdminFactory(partner=world.partner_y).user if persona == "admin_of_y" else world.users[persona]
    before = participations()

    # when
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(user).post(answer_url(participation, action), {"commitment": COMMITMENT}, format="json")

    # then
    assert response.status_code == expected
    assert response.json()["code"] == code
    assert participations() == before
    assert not AuditEvent.objects.filter(action__startswith="participation_").exists()
    assert Notice.objects.count() == 0


@pytest.mark.parametrize("action", ["accept", "decline"])
def test_an_invitation_is_answered_once(world, client_for, campaign, action):
    # given
    participation = invitation(world, world.partner_x, campaign)
    admin = client_for(world.users["partner_admin"])
    admin.post(answer_url(participation, "decline"), {"reason": "人手不足"}, format="json")
    before = participations()

    payload = {"commitment": COMMITMENT} if action == "accept" else {"reason": "人手不足"}

    # when
    response = admin.post(answer_url(participation, action), payload, format="json")

    # then
    assert response.status_code == 409
    assert response.json()["code"] == "already_reviewed"
    assert participations() == before


def test_the_organizer_accepting_an_offer_cannot_rewrite_its_commitment(world, client_for, campaign):
    # given
    offer = CampaignParticipation.objects.create(partner=world.partner_x, campaign=campaign, commitment=COMMITMENT)
    before = participations()

    # when
    response = client_for(world.users["coordinator"]).post(
        answer_url(offer, "accept"), {"commitment": "改写的承诺"}, format="json"
    )

    # then
    assert response.status_code == 400
    assert [(e["field"], e["code"]) for e in response.json()["errors"]] == [("commitment", "unknown_field")]
    assert participations() == before


# Rules the database keeps


def test_an_accepted_participation_has_a_commitment(world, campaign):
    with pytest.raises(IntegrityError):
        invitation(world, world.partner_x, campaign, status="accepted")


@pytest.mark.parametrize(("origin", "status"), [("offer", "invited"), ("invitation", "interested")])
def test_an_open_participation_waits_for_the_side_that_did_not_begin_it(world, campaign, origin, status):
    with pytest.raises(IntegrityError):
        CampaignParticipation.objects.create(
            partner=world.partner_x, campaign=campaign, origin=origin, status=status, commitment=COMMITMENT
        )


# Where invitations show


@pytest.mark.parametrize(
    ("persona", "expected"),
    [("partner_admin", True), ("coordinator", True), ("district_admin", True), ("other_coordinator", False)],
)
def test_both_sides_see_the_invitation(world, client_for, campaign, persona, expected):
    # given
    participation = invitation(world, world.partner_x, campaign)

    # when
    response = client_for(world.users[persona]).get("/api/v1/campaign-participations/", {"status": "invited"})

    # then
    assert response.status_code == 200
    assert [row["id"] for row in response.json()["results"]] == ([participation.pk] if expected else [])


def test_partner_candidates_say_who_is_invited_in_a_constant_number_of_queries(world, client_for, campaign):
    # given
    client = client_for(world.users["coordinator"])
    url = f"/api/v1/campaigns/{campaign.pk}/partner-candidates/"
    invitation(world, world.partner_x, campaign)

    def ranked() -> tuple[int, dict]:
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url, {"limit": 100})
        return len(captured), {row["partner"]["id"]: row["participation"] for row in response.json()}

    few, rows = ranked()
    for partner in PartnerFactory.create_batch(20, area=world.street_a):
        invitation(world, partner, campaign)

    many, more_rows = ranked()

    # then
    assert (rows[world.partner_x.pk], rows[world.partner_y.pk]) == ("invited", None)
    assert list(more_rows.values()).count("invited") == 21
    assert many == few
