"""A partner's members (add by phone, confirm, remove) and its co-building agreements with commitments."""

import json
import re
from datetime import date
from decimal import Decimal

import pytest

from accounts.models import AuditEvent, Membership
from accounts.tests.factories import MembershipFactory, UserFactory
from partners.models import Agreement, Commitment
from partners.tests.factories import AgreementFactory, CommitmentFactory, PartnerAdminFactory

MOBILE = re.compile(r"1[3-9]\d{9}")
NEWCOMER_PHONE = "13811112222"


def members_url(partner) -> str:
    return f"/api/v1/partners/{partner.pk}/members/"


def member_url(partner, membership) -> str:
    return f"/api/v1/partners/{partner.pk}/members/{membership.pk}/"


def agreements_url(partner) -> str:
    return f"/api/v1/partners/{partner.pk}/agreements/"


def agreement_url(partner, agreement) -> str:
    return f"/api/v1/partners/{partner.pk}/agreements/{agreement.pk}/"


def memberships_of(partner) -> list[tuple]:
    return list(Membership.objects.filter(partner=partner).order_by("id").values_list("user_id", "role", "status"))


def field_errors(response) -> list[tuple[str, str]]:
    return [(error["field"], error["code"]) for error in response.json()["errors"]]


@pytest.fixture
def newcomer(db):
    return UserFactory(name="孙八", phone=NEWCOMER_PHONE)


@pytest.fixture
def admin_client(world, client_for):
    return client_for(world.users["partner_admin"])


# Members


@pytest.mark.parametrize("spelling", [NEWCOMER_PHONE, "+86 138 1111 2222"], ids=["plain", "international"])
def test_a_partner_admin_adds_a_member_by_phone(world, admin_client, newcomer, spelling):
    # when
    response = admin_client.post(members_url(world.partner_x), {"phone": spelling}, format="json")

    # then
    assert response.status_code == 201
    body = response.json()
    assert (body["role"], body["status"], body["volunteer"]) == ("partner_member", "active", None)
    assert body["user"] == {"id": newcomer.pk, "name": "孙八", "phone": "138****2222"}
    membership = Membership.objects.get(user=newcomer, partner=world.partner_x)
    assert (membership.pk, membership.role, membership.status) == (body["id"], "partner_member", "active")
    event = AuditEvent.objects.get(action="role_granted")
    assert (event.actor, event.target_id) == (world.users["partner_admin"], str(membership.pk))
    assert event.detail == {"user": newcomer.pk, "role": "partner_member", "partner": world.partner_x.pk}


def test_a_partner_admin_adds_a_second_admin(world, admin_client, newcomer):
    # when
    response = admin_client.post(
        members_url(world.partner_x), {"phone": NEWCOMER_PHONE, "role": "partner_admin"}, format="json"
    )

    # then
    assert response.status_code == 201
    assert Membership.objects.get(user=newcomer, partner=world.partner_x).role == "partner_admin"


def test_the_new_member_sees_the_partner_afterwards(world, admin_client, newcomer, client_for):
    # given
    admin_client.post(members_url(world.partner_x), {"phone": NEWCOMER_PHONE}, format="json")

    # when
    response = client_for(newcomer).get("/api/v1/partners/")

    # then
    assert [row["id"] for row in response.json()["results"]] == [world.partner_x.pk]


@pytest.mark.parametrize(
    ("phone", "make_user"), [("13899990000", False), (NEWCOMER_PHONE, True)], ids=["unknown", "inactive"]
)
def test_adding_a_phone_with_no_usable_account_is_refused(world, admin_client, phone, make_user):
    # given
    if make_user:
        UserFactory(phone=phone, is_active=False)
    before = memberships_of(world.partner_x)

    # when
    response = admin_client.post(members_url(world.partner_x), {"phone": phone}, format="json")

    # then
    assert response.status_code == 400
    assert response.json()["code"] == "no_account"
    assert field_errors(response) == [("phone", "no_account")]
    assert memberships_of(world.partner_x) == before


def test_adding_the_same_person_twice_is_a_conflict(world, admin_client, newcomer):
    # given
    admin_client.post(members_url(world.partner_x), {"phone": NEWCOMER_PHONE}, format="json")
    before = memberships_of(world.partner_x)

    # when
    response = admin_client.post(
        members_url(world.partner_x), {"phone": NEWCOMER_PHONE, "role": "partner_admin"}, format="json"
    )

    # then
    assert response.status_code == 409
    assert response.json()["code"] == "already_member"
    assert memberships_of(world.partner_x) == before


@pytest.mark.parametrize("role", ["coordinator", "district_admin", "owner"])
def test_a_partner_admin_cannot_hand_out_staff_roles(world, admin_client, newcomer, role):
    # given
    before = Membership.objects.count()

    # when
    response = admin_client.post(members_url(world.partner_x), {"phone": NEWCOMER_PHONE, "role": role}, format="json")

    # then
    assert response.status_code == 400
    assert field_errors(response) == [("role", "invalid_choice")]
    assert Membership.objects.count() == before


def test_the_members_list_masks_every_phone(world, admin_client):
    # when
    response = admin_client.get(members_url(world.partner_x))

    # then
    assert response.status_code == 200
    rows = response.json()["results"]
    expected_users = {
        world.users["partner_admin"].pk,
        world.users["partner_member"].pk,
        world.users["volunteer"].pk,
    }
    assert {row["user"]["id"] for row in rows} == expected_users
    for row in rows:
        full = next(u for u in world.users.values() if u is not None and u.pk == row["user"]["id"]).phone
        assert row["user"]["phone"] == f"{full[:3]}****{full[-4:]}"
    assert MOBILE.search(json.dumps(response.json())) is None
    volunteer_row = next(row for row in rows if row["user"]["id"] == world.users["volunteer"].pk)
    assert volunteer_row["volunteer"] == world.users["volunteer"].volunteer.pk


def test_a_coordinator_of_the_street_reads_the_members(world, client_for):
    # when
    response = client_for(world.users["coordinator"]).get(members_url(world.partner_x))

    # then
    assert response.status_code == 200
    assert response.json()["count"] == 3


@pytest.mark.parametrize(
    ("persona", "expected_status"),
    [
        ("anonymous", 401),
        ("partner_member", 403),
        ("volunteer", 403),  # also a plain member of X
        ("other_volunteer", 404),
        ("other_coordinator", 404),
    ],
)
def test_only_managers_of_the_partner_add_or_read_members(world, client_for, newcomer, persona, expected_status):
    # given
    client = client_for(world.users[persona])
    before = memberships_of(world.partner_x)

    # when
    listing = client.get(members_url(world.partner_x))
    adding = client.post(members_url(world.partner_x), {"phone": NEWCOMER_PHONE}, format="json")

    # then
    assert (listing.status_code, adding.status_code) == (expected_status, expected_status)
    assert memberships_of(world.partner_x) == before


def test_a_partner_admin_gets_404_on_another_partners_members(world, admin_client, newcomer):
    # given
    y_admin_membership = world.partner_y.memberships.get()
    pending_y = MembershipFactory(partner=world.partner_y, status=Membership.Status.PENDING)
    before = memberships_of(world.partner_y)
    missing_partner = type(world.partner_y)(pk=999_999)

    # when
    responses = [
        admin_client.get(members_url(world.partner_y)),
        admin_client.post(members_url(world.partner_y), {"phone": NEWCOMER_PHONE}, format="json"),
        admin_client.delete(member_url(world.partner_y, y_admin_membership)),
        admin_client.post(f"{member_url(world.partner_y, pending_y)}confirm/", {}, format="json"),
    ]
    missing = admin_client.get(members_url(missing_partner))

    # then
    assert [response.status_code for response in responses] == [404, 404, 404, 404]
    assert {response.content for response in responses} == {missing.content}
    assert memberships_of(world.partner_y) == before


def test_a_membership_of_another_partner_cannot_be_removed_through_ones_own_partner(world, admin_client):
    # given
    y_admin_membership = world.partner_y.memberships.get()

    # when
    response = admin_client.delete(member_url(world.partner_x, y_admin_membership))

    # then
    assert response.status_code == 404
    assert Membership.objects.filter(pk=y_admin_membership.pk).exists()


def test_a_partner_admin_confirms_a_pending_membership(world, admin_client):
    # given
    pending = MembershipFactory(partner=world.partner_x, status=Membership.Status.PENDING)

    # when
    response = admin_client.post(f"{member_url(world.partner_x, pending)}confirm/", {}, format="json")

    # then
    assert response.status_code == 200
    assert (response.json()["id"], response.json()["status"]) == (pending.pk, "active")
    pending.refresh_from_db()
    assert pending.status == Membership.Status.ACTIVE
    event = AuditEvent.objects.get(action="role_granted")
    assert (event.actor, event.target_id) == (world.users["partner_admin"], str(pending.pk))


def test_confirming_an_active_membership_is_a_conflict(world, admin_client):
    # given
    active = Membership.objects.get(partner=world.partner_x, user=world.users["partner_member"])
    before = memberships_of(world.partner_x)

    # when
    response = admin_client.post(f"{member_url(world.partner_x, active)}confirm/", {}, format="json")

    # then
    assert response.status_code == 409
    assert response.json()["code"] == "not_pending"
    assert memberships_of(world.partner_x) == before
    assert not AuditEvent.objects.exists()


def test_a_plain_member_cannot_confirm_a_pending_membership(world, client_for):
    # given
    pending = MembershipFactory(partner=world.partner_x, status=Membership.Status.PENDING)

    # when
    response = client_for(world.users["partner_member"]).post(
        f"{member_url(world.partner_x, pending)}confirm/", {}, format="json"
    )

    # then
    assert response.status_code == 403
    pending.refresh_from_db()
    assert pending.status == Membership.Status.PENDING


def test_a_partner_admin_removes_a_member(world, admin_client, client_for):
    # given
    member = Membership.objects.get(partner=world.partner_x, user=world.users["partner_member"])

    # when
    response = admin_client.delete(member_url(world.partner_x, member))
    afterwards = client_for(world.users["partner_member"]).get(f"/api/v1/partners/{world.partner_x.pk}/")

    # then
    assert response.status_code == 204
    assert not Membership.objects.filter(pk=member.pk).exists()
    assert afterwards.status_code == 404
    event = AuditEvent.objects.get(action="role_revoked")
    assert (event.actor, event.target_id) == (world.users["partner_admin"], str(member.pk))
    assert event.detail == {
        "user": world.users["partner_member"].pk,
        "role": "partner_member",
        "partner": world.partner_x.pk,
    }


def test_a_plain_member_cannot_remove_anyone(world, client_for):
    # given
    admin_membership = Membership.objects.get(partner=world.partner_x, user=world.users["partner_admin"])
    before = memberships_of(world.partner_x)

    # when
    response = client_for(world.users["partner_member"]).delete(member_url(world.partner_x, admin_membership))

    # then
    assert response.status_code == 403
    assert memberships_of(world.partner_x) == before


def test_removing_the_last_admin_is_refused(world, admin_client):
    # given
    own = Membership.objects.get(partner=world.partner_x, user=world.users["partner_admin"])
    MembershipFactory(partner=world.partner_x, role=Membership.Role.PARTNER_ADMIN, status=Membership.Status.PENDING)
    before = memberships_of(world.partner_x)

    # when
    response = admin_client.delete(member_url(world.partner_x, own))

    # then
    assert response.status_code == 409
    assert response.json()["code"] == "last_admin"
    assert memberships_of(world.partner_x) == before
    assert not AuditEvent.objects.filter(action="role_revoked").exists()


def test_an_admin_can_be_removed_while_another_admin_remains(world, admin_client):
    # given
    second = PartnerAdminFactory(partner=world.partner_x)

    # when
    response = admin_client.delete(member_url(world.partner_x, second))

    # then
    assert response.status_code == 204
    assert not Membership.objects.filter(pk=second.pk).exists()
    assert Membership.objects.filter(partner=world.partner_x, role="partner_admin").count() == 1


# Agreements


AGREEMENT = {
    "title": "2026年度共建协议",
    "starts_on": "2026-01-01",
    "ends_on": "2026-12-31",
    "signed_on": "2025-12-20",
    "notes": "每月组织一次社区清洁。",
    "commitments": [
        {"kind": "volunteer_hours", "quantity": "500", "description": "员工志愿服务时长"},
        {"kind": "events", "quantity": 12, "description": "每月一次"},
    ],
}


def agreement_payload(**overrides) -> dict:
    return {**AGREEMENT, **overrides}


def agreement_rows(partner) -> list[tuple]:
    return [
        (a.title, a.starts_on, a.ends_on, [(c.kind, c.quantity, c.description) for c in a.commitments.all()])
        for a in Agreement.objects.filter(partner=partner).order_by("id")
    ]


def test_a_partner_admin_records_an_agreement_with_commitments(world, admin_client):
    # when
    response = admin_client.post(
        agreements_url(world.partner_x), {**agreement_payload(), "center": world.institute_a.pk}, format="json"
    )

    # then
    assert response.status_code == 201
    body = response.json()
    assert body == {
        "id": body["id"],
        "partner": world.partner_x.pk,
        "center": world.institute_a.pk,
        "title": "2026年度共建协议",
        "starts_on": "2026-01-01",
        "ends_on": "2026-12-31",
        "signed_on": "2025-12-20",
        "notes": "每月组织一次社区清洁。",
        "commitments": [
            {"kind": "volunteer_hours", "quantity": "500.0", "description": "员工志愿服务时长"},
            {"kind": "events", "quantity": "12.0", "description": "每月一次"},
        ],
    }
    assert agreement_rows(world.partner_x) == [
        (
            "2026年度共建协议",
            date(2026, 1, 1),
            date(2026, 12, 31),
            [("volunteer_hours", Decimal("500.0"), "员工志愿服务时长"), ("events", Decimal("12.0"), "每月一次")],
        )
    ]


@pytest.mark.parametrize("ends_on", ["2025-12-31", "2026-01-01"], ids=["before-start", "same-day"])
def test_an_agreement_must_end_after_it_starts(world, admin_client, ends_on):
    # when
    response = admin_client.post(agreements_url(world.partner_x), agreement_payload(ends_on=ends_on), format="json")

    # then
    assert response.status_code == 400
    assert response.json()["code"] == "invalid_term"
    assert field_errors(response) == [("ends_on", "invalid_term")]
    assert not Agreement.objects.exists()
    assert not Commitment.objects.exists()


@pytest.mark.parametrize(
    ("commitment", "expected"),
    [
        ({"kind": "events", "quantity": 0}, [("commitments.1.quantity", "min_value")]),
        ({"kind": "events", "quantity": -3}, [("commitments.1.quantity", "min_value")]),
        ({"kind": "events", "quantity": "1.25"}, [("commitments.1.quantity", "max_decimal_places")]),
        ({"kind": "events", "quantity": "NaN"}, [("commitments.1.quantity", "invalid")]),
        ({"kind": "money", "quantity": 5}, [("commitments.1.kind", "invalid_choice")]),
        ({"kind": "events"}, [("commitments.1.quantity", "required")]),
    ],
    ids=["zero", "negative", "too-precise", "nan", "unknown-kind", "no-quantity"],
)
def test_a_bad_commitment_is_refused_and_nothing_is_recorded(world, admin_client, commitment, expected):
    # when
    response = admin_client.post(
        agreements_url(world.partner_x),
        agreement_payload(commitments=[AGREEMENT["commitments"][0], commitment]),
        format="json",
    )

    # then
    assert response.status_code == 400
    assert field_errors(response) == expected
    assert not Agreement.objects.exists()
    assert not Commitment.objects.exists()


def test_an_agreement_needs_a_commitments_list(world, admin_client):
    # when
    response = admin_client.post(
        agreements_url(world.partner_x),
        {key: value for key, value in AGREEMENT.items() if key != "commitments"},
        format="json",
    )

    # then
    assert response.status_code == 400
    assert field_errors(response) == [("commitments", "required")]
    assert not Agreement.objects.exists()


@pytest.fixture
def agreement(world):
    agreement = AgreementFactory(partner=world.partner_x, title="旧协议")
    CommitmentFactory(agreement=agreement, kind="volunteer_hours", quantity=100)
    CommitmentFactory(agreement=agreement, kind="resource", quantity=2, description="会议室")
    return agreement


def test_patch_with_commitments_replaces_them(world, admin_client, agreement):
    # when
    response = admin_client.patch(
        agreement_url(world.partner_x, agreement),
        {"title": "续签协议", "commitments": [{"kind": "events", "quantity": 4, "description": "每季度一次"}]},
        format="json",
    )

    # then
    assert response.status_code == 200
    assert response.json()["title"] == "续签协议"
    assert response.json()["commitments"] == [{"kind": "events", "quantity": "4.0", "description": "每季度一次"}]
    assert agreement_rows(world.partner_x) == [
        ("续签协议", date(2026, 1, 1), date(2026, 12, 31), [("events", Decimal("4.0"), "每季度一次")])
    ]


def test_patch_without_commitments_keeps_them(world, admin_client, agreement):
    # when
    response = admin_client.patch(agreement_url(world.partner_x, agreement), {"notes": "补充说明"}, format="json")

    # then
    assert response.status_code == 200
    assert [(c["kind"], c["quantity"]) for c in response.json()["commitments"]] == [
        ("volunteer_hours", "100.0"),
        ("resource", "2.0"),
    ]
    agreement.refresh_from_db()
    assert (agreement.title, agreement.notes) == ("旧协议", "补充说明")


def test_patch_moving_the_end_before_the_start_is_refused(world, admin_client, agreement):
    # given
    before = agreement_rows(world.partner_x)

    # when
    response = admin_client.patch(
        agreement_url(world.partner_x, agreement),
        {"ends_on": "2025-06-30", "commitments": [{"kind": "events", "quantity": 1}]},
        format="json",
    )

    # then
    assert response.status_code == 400
    assert field_errors(response) == [("ends_on", "invalid_term")]
    assert agreement_rows(world.partner_x) == before


def test_a_plain_member_reads_agreements_but_cannot_write_them(world, client_for, agreement):
    # given
    client = client_for(world.users["partner_member"])
    before = agreement_rows(world.partner_x)

    # when
    listing = client.get(agreements_url(world.partner_x))
    detail = client.get(agreement_url(world.partner_x, agreement))
    created = client.post(agreements_url(world.partner_x), agreement_payload(), format="json")
    patched = client.patch(
        agreement_url(world.partner_x, agreement), {"commitments": [], "title": "改掉"}, format="json"
    )

    # then
    assert (listing.status_code, detail.status_code) == (200, 200)
    assert [row["id"] for row in listing.json()["results"]] == [agreement.pk]
    assert detail.json()["title"] == "旧协议"
    assert (created.status_code, patched.status_code) == (403, 403)
    assert created.json()["code"] == patched.json()["code"] == "permission_denied"
    assert agreement_rows(world.partner_x) == before


def test_another_partners_agreements_are_not_found(world, admin_client):
    # given
    y_agreement = AgreementFactory(partner=world.partner_y, title="Y协议")
    CommitmentFactory(agreement=y_agreement)
    before = agreement_rows(world.partner_y)

    # when
    responses = [
        admin_client.get(agreements_url(world.partner_y)),
        admin_client.get(agreement_url(world.partner_y, y_agreement)),
        admin_client.post(agreements_url(world.partner_y), agreement_payload(), format="json"),
        admin_client.patch(agreement_url(world.partner_y, y_agreement), {"title": "改掉"}, format="json"),
        admin_client.get(agreement_url(world.partner_x, y_agreement)),  # Y's agreement under X's URL
        admin_client.patch(agreement_url(world.partner_x, y_agreement), {"title": "改掉"}, format="json"),
    ]

    # then
    assert [response.status_code for response in responses] == [404] * 6
    assert agreement_rows(world.partner_y) == before
    assert not Agreement.objects.filter(partner=world.partner_x).exists()
