"""Reviewing partners (approve / reject), listing them by scope, and the public partner directory."""

import pytest

from accounts.models import AuditEvent
from partners.models import Partner
from partners.tests.factories import PartnerAdminFactory, PartnerFactory

LIST_URL = "/api/v1/partners/"
DIRECTORY_URL = "/api/v1/partner-directory/"
MISSING_ID = 999_999


def approve_url(partner_id: int) -> str:
    return f"{LIST_URL}{partner_id}/approve/"


def reject_url(partner_id: int) -> str:
    return f"{LIST_URL}{partner_id}/reject/"


@pytest.fixture
def pending_a(world):
    """A partner in community A1, awaiting review, with its own admin."""
    partner = PartnerFactory(name="科南社区物业公司", area=world.community_a1, status=Partner.Status.PENDING)
    PartnerAdminFactory(partner=partner)
    return partner


def review_state(partner: Partner) -> tuple:
    partner.refresh_from_db()
    return partner.status, partner.review_reason, partner.reviewed_at, partner.reviewed_by_id


def ids(response) -> list[int]:
    return sorted(row["id"] for row in response.json()["results"])


def test_the_coordinator_of_the_street_approves_a_pending_partner(world, client_for, pending_a):
    # given
    coordinator = world.users["coordinator"]

    # when
    response = client_for(coordinator).post(approve_url(pending_a.pk), {}, format="json")

    # then
    assert response.status_code == 200
    assert response.json()["status"] == "approved"
    assert response.json()["reviewed_at"] is not None
    pending_a.refresh_from_db()
    assert (pending_a.status, pending_a.reviewed_by, pending_a.review_reason) == ("approved", coordinator, "")
    assert pending_a.reviewed_at is not None
    event = AuditEvent.objects.get(action="partner_approved")
    assert (event.actor, event.outcome, event.target_type, event.target_id) == (
        coordinator,
        "success",
        "partners.partner",
        str(pending_a.pk),
    )
    assert event.ip == "127.0.0.1"


def test_the_district_admin_approves_with_a_note(world, client_for, pending_a):
    # when
    response = client_for(world.users["district_admin"]).post(
        approve_url(pending_a.pk), {"reason": "材料齐全"}, format="json"
    )

    # then
    assert response.status_code == 200
    pending_a.refresh_from_db()
    assert (pending_a.status, pending_a.reviewed_by, pending_a.review_reason) == (
        "approved",
        world.users["district_admin"],
        "材料齐全",
    )


@pytest.mark.parametrize(
    ("persona", "expected_status", "expected_code"),
    [
        ("anonymous", 401, "not_authenticated"),
        ("volunteer", 404, "not_found"),
        ("other_volunteer", 404, "not_found"),
        ("partner_admin", 404, "not_found"),  # admin of another partner (X)
        ("partner_member", 404, "not_found"),
        ("other_coordinator", 404, "not_found"),
    ],
)
def test_people_outside_the_partners_scope_cannot_review_it(
    world, client_for, pending_a, persona, expected_status, expected_code
):
    # given
    before = review_state(pending_a)

    # when
    approve = client_for(world.users[persona]).post(approve_url(pending_a.pk), {}, format="json")
    reject = client_for(world.users[persona]).post(reject_url(pending_a.pk), {"reason": "不合格"}, format="json")

    # then
    assert (approve.status_code, reject.status_code) == (expected_status, expected_status)
    assert approve.json()["code"] == reject.json()["code"] == expected_code
    assert review_state(pending_a) == before
    assert not AuditEvent.objects.filter(action__in=["partner_approved", "partner_rejected"]).exists()


def test_out_of_scope_answers_exactly_like_a_missing_partner(world, client_for, pending_a):
    # given
    client = client_for(world.users["other_coordinator"])

    # when
    out_of_scope = client.post(approve_url(pending_a.pk), {}, format="json")
    missing = client.post(approve_url(MISSING_ID), {}, format="json")

    # then
    assert out_of_scope.status_code == missing.status_code == 404
    assert out_of_scope.content == missing.content
    assert review_state(pending_a)[0] == "pending"


def test_the_partners_own_admin_cannot_approve_it(world, client_for, pending_a):
    # given
    own_admin = pending_a.memberships.get().user
    before = review_state(pending_a)

    # when
    response = client_for(own_admin).post(approve_url(pending_a.pk), {}, format="json")

    # then
    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"
    assert review_state(pending_a) == before
    assert not AuditEvent.objects.filter(action="partner_approved").exists()


@pytest.mark.parametrize(
    ("body", "error_code"), [({}, "required"), ({"reason": ""}, "blank"), ({"reason": "x" * 501}, "max_length")]
)
def test_rejecting_needs_a_reason(world, client_for, pending_a, body, error_code):
    # given
    before = review_state(pending_a)

    # when
    response = client_for(world.users["coordinator"]).post(reject_url(pending_a.pk), body, format="json")

    # then
    assert response.status_code == 400
    assert [(e["field"], e["code"]) for e in response.json()["errors"]] == [("reason", error_code)]
    assert review_state(pending_a) == before


def test_the_coordinator_rejects_with_a_reason_the_partner_admin_then_reads(world, client_for, pending_a):
    # given
    coordinator = world.users["coordinator"]
    own_admin = pending_a.memberships.get().user

    # when
    response = client_for(coordinator).post(reject_url(pending_a.pk), {"reason": "营业执照不清晰"}, format="json")
    seen_by_admin = client_for(own_admin).get(f"{LIST_URL}{pending_a.pk}/")

    # then
    assert response.status_code == 200
    assert (response.json()["status"], response.json()["review_reason"]) == ("rejected", "营业执照不清晰")
    pending_a.refresh_from_db()
    assert (pending_a.status, pending_a.reviewed_by) == ("rejected", coordinator)
    assert (seen_by_admin.json()["status"], seen_by_admin.json()["review_reason"]) == ("rejected", "营业执照不清晰")
    event = AuditEvent.objects.get(action="partner_rejected")
    assert (event.actor, event.outcome, event.target_id) == (coordinator, "success", str(pending_a.pk))


@pytest.mark.parametrize("url", [approve_url, reject_url], ids=["approve", "reject"])
def test_a_partner_already_reviewed_cannot_be_reviewed_again(world, client_for, url):
    # given
    partner_x = world.partner_x  # approved by the fixture
    before = review_state(partner_x)

    # when
    response = client_for(world.users["coordinator"]).post(url(partner_x.pk), {"reason": "再次审核"}, format="json")

    # then
    assert response.status_code == 409
    assert response.json()["code"] == "not_pending"
    assert review_state(partner_x) == before
    denied = AuditEvent.objects.get(target_type="partners.partner", target_id=str(partner_x.pk))
    assert (denied.actor, denied.outcome) == (world.users["coordinator"], "denied")


def test_an_approved_partner_cannot_be_approved_twice(world, client_for, pending_a):
    # given
    client = client_for(world.users["coordinator"])
    client.post(approve_url(pending_a.pk), {}, format="json")
    first_review = review_state(pending_a)

    # when
    again = client_for(world.users["district_admin"]).post(approve_url(pending_a.pk), {}, format="json")

    # then
    assert again.status_code == 409
    assert again.json()["code"] == "not_pending"
    assert review_state(pending_a) == first_review
    assert first_review[3] == world.users["coordinator"].pk


def test_an_unknown_field_in_a_review_is_refused(world, client_for, pending_a):
    # given
    before = review_state(pending_a)

    # when
    response = client_for(world.users["coordinator"]).post(
        approve_url(pending_a.pk), {"status": "rejected"}, format="json"
    )

    # then
    assert response.status_code == 400
    assert [(e["field"], e["code"]) for e in response.json()["errors"]] == [("status", "unknown_field")]
    assert review_state(pending_a) == before


@pytest.fixture
def more_partners(world, pending_a):
    """Besides X (street A) and Y (street B): pending A1, rejected B1, military in A2."""
    rejected_b1 = PartnerFactory(
        name="林大社区超市", area=world.community_b1, status=Partner.Status.REJECTED, review_reason="重复注册"
    )
    military_a2 = PartnerFactory(name="某部队", kind="military", credit_code=None, area=world.community_a2)
    return {"pending_a1": pending_a, "rejected_b1": rejected_b1, "military_a2": military_a2}


@pytest.mark.parametrize(
    ("persona", "visible"),
    [
        ("volunteer", ["partner_x"]),  # a member of X
        ("other_volunteer", []),
        ("partner_admin", ["partner_x"]),
        ("partner_member", ["partner_x"]),
        ("coordinator", ["partner_x", "pending_a1", "military_a2"]),
        ("other_coordinator", ["partner_y", "rejected_b1"]),
        ("district_admin", ["partner_x", "partner_y", "pending_a1", "rejected_b1", "military_a2"]),
    ],
)
def test_the_partner_list_is_scoped_to_the_caller(world, client_for, more_partners, persona, visible):
    # given
    by_name = {"partner_x": world.partner_x, "partner_y": world.partner_y, **more_partners}

    # when
    response = client_for(world.users[persona]).get(LIST_URL)

    # then
    assert response.status_code == 200
    assert ids(response) == sorted(by_name[name].pk for name in visible)
    assert response.json()["count"] == len(visible)


def test_anonymous_cannot_list_partners(api_client, world):
    # when
    response = api_client.get(LIST_URL)

    # then
    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"


def test_contact_phones_in_the_list_are_masked_except_for_the_own_partner_admin(world, client_for):
    # when
    as_district = client_for(world.users["district_admin"]).get(LIST_URL)
    as_own_admin = client_for(world.users["partner_admin"]).get(LIST_URL)
    as_member = client_for(world.users["partner_member"]).get(LIST_URL)

    # then
    x_phone = world.partner_x.contact_phone
    masked = f"{x_phone[:3]}****{x_phone[-4:]}"
    assert {row["id"]: row["contact_phone"] for row in as_district.json()["results"]} == {
        world.partner_x.pk: masked,
        world.partner_y.pk: f"{world.partner_y.contact_phone[:3]}****{world.partner_y.contact_phone[-4:]}",
    }
    assert [row["contact_phone"] for row in as_own_admin.json()["results"]] == [x_phone]
    assert [row["contact_phone"] for row in as_member.json()["results"]] == [masked]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("kind=military", ["military_a2"]),
        ("kind=university", ["partner_y"]),
        ("status=pending", ["pending_a1"]),
        ("status=rejected", ["rejected_b1"]),
        ("status=approved&kind=enterprise", ["partner_x"]),
        ("area={street_a}", ["partner_x", "pending_a1", "military_a2"]),
        ("area={community_a1}", ["pending_a1"]),
        ("area={street_b}", ["partner_y", "rejected_b1"]),
        ("search=物业", ["pending_a1"]),
        ("search=学院路", ["partner_y"]),
        ("search=不存在的单位", []),
    ],
)
def test_district_admin_filters_the_partner_list(world, client_for, more_partners, query, expected):
    # given
    by_name = {"partner_x": world.partner_x, "partner_y": world.partner_y, **more_partners}
    query = query.format(street_a=world.street_a.pk, street_b=world.street_b.pk, community_a1=world.community_a1.pk)

    # when
    response = client_for(world.users["district_admin"]).get(f"{LIST_URL}?{query}")

    # then
    assert response.status_code == 200
    assert ids(response) == sorted(by_name[name].pk for name in expected)


def test_a_filter_cannot_widen_a_coordinators_scope(world, client_for, more_partners):
    # when
    response = client_for(world.users["coordinator"]).get(f"{LIST_URL}?area={world.street_b.pk}")

    # then
    assert response.status_code == 200
    assert response.json()["results"] == []


@pytest.mark.parametrize("query", ["kind=army", "status=done", "area=999999", "area=abc"])
def test_an_invalid_filter_value_is_refused(world, client_for, query):
    # when
    response = client_for(world.users["district_admin"]).get(f"{LIST_URL}?{query}")

    # then
    assert response.status_code == 400
    assert response.json()["code"] == "invalid"
    assert [error["field"] for error in response.json()["errors"]] == [query.split("=")[0]]


def test_the_partner_directory_is_public_and_lists_only_approved_partners(world, api_client, more_partners):
    # when
    response = api_client.get(DIRECTORY_URL)

    # then
    assert response.status_code == 200
    rows = response.json()["results"]
    assert [row["id"] for row in rows] == sorted(
        [world.partner_x.pk, world.partner_y.pk, more_partners["military_a2"].pk],
        key=lambda pk: Partner.objects.get(pk=pk).name,
    )
    assert {tuple(sorted(row)) for row in rows} == {("area", "id", "kind", "name")}


def test_the_partner_directory_ignores_a_status_filter_asking_for_pending(world, api_client, more_partners):
    # when
    response = api_client.get(f"{DIRECTORY_URL}?status=pending")

    # then
    assert response.status_code == 200
    assert response.json()["results"] == []


def test_the_partner_directory_can_be_searched_by_name(world, api_client, more_partners):
    # when
    response = api_client.get(f"{DIRECTORY_URL}?search=部队")

    # then
    assert [row["name"] for row in response.json()["results"]] == ["某部队"]
