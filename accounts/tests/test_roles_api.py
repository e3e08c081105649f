"""District admins grant and revoke staff roles; the audit trail is theirs alone to read."""

import pytest

from accounts.models import AuditEvent, Membership
from accounts.tests.factories import MembershipFactory, UserFactory

MEMBERSHIPS_URL = "/api/v1/memberships/"
AUDIT_URL = "/api/v1/audit-events/"
ME_URL = "/api/v1/auth/me/"
VOLUNTEERS_URL = "/api/v1/volunteers/"
GRANTEE_PHONE = "13711110000"


def membership_url(membership) -> str:
    return f"{MEMBERSHIPS_URL}{membership.pk}/"


@pytest.fixture
def grantee(db):
    return UserFactory(name="郑十一", phone=GRANTEE_PHONE)


@pytest.fixture
def admin_client(world, client_for):
    return client_for(world.users["district_admin"])


def roles_of(user) -> list[tuple]:
    return list(
        Membership.objects.filter(user=user).order_by("id").values_list("role", "status", "center_id", "partner_id")
    )


def all_memberships() -> list[tuple]:
    return list(Membership.objects.order_by("id").values_list("id", "user_id", "role", "status", "center_id"))


def field_errors(response) -> list[tuple[str, str]]:
    return [(error["field"], error["code"]) for error in response.json()["errors"]]


def volunteer_ids(response) -> list[int]:
    return sorted(row["id"] for row in response.json()["results"])


# Granting


@pytest.mark.parametrize("spelling", [GRANTEE_PHONE, "+86 137-1111-0000"], ids=["plain", "international"])
def test_the_district_admin_grants_a_coordinator_role_by_phone(world, admin_client, grantee, spelling):
    # when
    response = admin_client.post(
        MEMBERSHIPS_URL,
        {"phone": spelling, "role": "coordinator", "center": world.institute_a.pk},
        format="json",
    )

    # then
    assert response.status_code == 201
    membership = Membership.objects.get(user=grantee)
    assert response.json() == {
        "id": membership.pk,
        "user": grantee.pk,
        "role": "coordinator",
        "status": "active",
        "center": {"id": world.institute_a.pk, "name": "中关村街道新时代文明实践所"},
        "partner": None,
        "created_at": response.json()["created_at"],
        "person": {"id": grantee.pk, "name": "郑十一", "phone": "137****0000"},
    }
    assert roles_of(grantee) == [("coordinator", "active", world.institute_a.pk, None)]
    event = AuditEvent.objects.get(action="role_granted")
    assert (event.actor, event.outcome, event.target_type, event.target_id, event.ip) == (
        world.users["district_admin"],
        "success",
        "accounts.membership",
        str(membership.pk),
        "127.0.0.1",
    )
    assert event.detail == {"user": grantee.pk, "role": "coordinator", "center": world.institute_a.pk, "partner": None}


def test_the_district_admin_grants_a_district_admin_role(world, admin_client, grantee):
    # when: a center sent along with a district role is dropped, not stored
    response = admin_client.post(
        MEMBERSHIPS_URL,
        {"phone": GRANTEE_PHONE, "role": "district_admin", "center": world.institute_a.pk},
        format="json",
    )

    # then
    assert response.status_code == 201
    assert (response.json()["role"], response.json()["center"]) == ("district_admin", None)
    assert roles_of(grantee) == [("district_admin", "active", None, None)]
    assert AuditEvent.objects.get(action="role_granted").detail == {
        "user": grantee.pk,
        "role": "district_admin",
        "center": None,
        "partner": None,
    }


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ({"phone": GRANTEE_PHONE, "role": "coordinator"}, [("center", "invalid")]),
        ({"phone": GRANTEE_PHONE, "role": "coordinator", "center": None}, [("center", "invalid")]),
        ({"phone": GRANTEE_PHONE, "role": "coordinator", "center": 999_999}, [("center", "does_not_exist")]),
        ({"phone": "13799998888", "role": "district_admin"}, [("phone", "no_account")]),
        ({"phone": "12345", "role": "district_admin"}, [("phone", "invalid_phone")]),
        ({"phone": GRANTEE_PHONE, "role": "partner_admin"}, [("role", "invalid_choice")]),
        ({"phone": GRANTEE_PHONE, "role": "superuser"}, [("role", "invalid_choice")]),
        ({"phone": GRANTEE_PHONE, "role": "district_admin", "status": "active"}, [("status", "unknown_field")]),
        ({"phone": GRANTEE_PHONE, "role": "district_admin", "user": 1}, [("user", "unknown_field")]),
    ],
    ids=[
        "coordinator-without-center",
        "coordinator-null-center",
        "unknown-center",
        "unknown-phone",
        "malformed-phone",
        "partner-role",
        "made-up-role",
        "unknown-field-status",
        "unknown-field-user",
    ],
)
def test_a_bad_grant_is_refused_naming_the_field(world, admin_client, grantee, body, expected):
    # given
    before = all_memberships()

    # when
    response = admin_client.post(MEMBERSHIPS_URL, body, format="json")

    # then
    assert response.status_code == 400
    assert field_errors(response) == expected
    assert all_memberships() == before
    assert not AuditEvent.objects.exists()


def test_a_role_cannot_go_to_an_inactive_account(world, admin_client, grantee):
    # given
    grantee.is_active = False
    grantee.save(update_fields=["is_active"])

    # when
    response = admin_client.post(MEMBERSHIPS_URL, {"phone": GRANTEE_PHONE, "role": "district_admin"}, format="json")

    # then
    assert response.status_code == 400
    assert field_errors(response) == [("phone", "no_account")]
    assert roles_of(grantee) == []


@pytest.mark.parametrize(
    ("role", "with_center"), [("district_admin", False), ("coordinator", True)], ids=["district", "coordinator"]
)
def test_granting_a_role_the_user_already_holds_is_a_conflict(world, admin_client, grantee, role, with_center):
    # given
    body = {"phone": GRANTEE_PHONE, "role": role, **({"center": world.institute_a.pk} if with_center else {})}
    admin_client.post(MEMBERSHIPS_URL, body, format="json")
    before = all_memberships()

    # when
    response = admin_client.post(MEMBERSHIPS_URL, body, format="json")

    # then
    assert response.status_code == 409
    assert response.json()["code"] == "role_held"
    assert all_memberships() == before
    assert AuditEvent.objects.filter(action="role_granted").count() == 1


def test_a_coordinator_of_one_center_can_be_made_coordinator_of_another(world, admin_client, grantee):
    # given
    admin_client.post(
        MEMBERSHIPS_URL, {"phone": GRANTEE_PHONE, "role": "coordinator", "center": world.institute_a.pk}, format="json"
    )

    # when
    response = admin_client.post(
        MEMBERSHIPS_URL, {"phone": GRANTEE_PHONE, "role": "coordinator", "center": world.institute_b.pk}, format="json"
    )

    # then
    assert response.status_code == 201
    assert [center for _role, _status, center, _partner in roles_of(grantee)] == [
        world.institute_a.pk,
        world.institute_b.pk,
    ]


@pytest.mark.parametrize(
    ("persona", "expected_status"),
    [
        ("anonymous", 401),
        ("volunteer", 403),
        ("partner_admin", 403),
        ("partner_member", 403),
        ("coordinator", 403),
    ],
)
def test_only_district_admins_grant_roles(world, client_for, grantee, persona, expected_status):
    # given
    before = all_memberships()
    client = client_for(world.users[persona])

    # when
    as_coordinator = client.post(
        MEMBERSHIPS_URL, {"phone": GRANTEE_PHONE, "role": "coordinator", "center": world.institute_a.pk}, format="json"
    )
    self_promotion = client.post(
        MEMBERSHIPS_URL,
        {"phone": (world.users[persona].phone if world.users[persona] else GRANTEE_PHONE), "role": "district_admin"},
        format="json",
    )

    # then
    assert (as_coordinator.status_code, self_promotion.status_code) == (expected_status, expected_status)
    assert all_memberships() == before
    assert not AuditEvent.objects.exists()


# What the grant changes for the grantee


def test_a_new_coordinator_sees_the_role_and_the_volunteers_of_the_centers_area(
    world, admin_client, grantee, client_for
):
    # given
    grantee_client = client_for(grantee)
    volunteers_before = grantee_client.get(VOLUNTEERS_URL)

    # when
    admin_client.post(
        MEMBERSHIPS_URL, {"phone": GRANTEE_PHONE, "role": "coordinator", "center": world.institute_a.pk}, format="json"
    )
    me = grantee_client.get(ME_URL)
    volunteers_after = grantee_client.get(VOLUNTEERS_URL)

    # then
    assert volunteers_before.status_code == 200
    assert volunteer_ids(volunteers_before) == []
    assert [(m["role"], m["center"]["id"]) for m in me.json()["memberships"]] == [("coordinator", world.institute_a.pk)]
    assert me.json()["district_admin"] is False
    assert volunteer_ids(volunteers_after) == sorted(
        [world.users["volunteer"].volunteer.pk, world.users["partner_member"].volunteer.pk]
    )


def test_a_new_district_admin_is_told_so_and_reads_the_audit_trail(world, admin_client, grantee, client_for):
    # given
    grantee_client = client_for(grantee)
    denied_before = grantee_client.get(AUDIT_URL)

    # when
    admin_client.post(MEMBERSHIPS_URL, {"phone": GRANTEE_PHONE, "role": "district_admin"}, format="json")
    me = grantee_client.get(ME_URL)
    audit = grantee_client.get(AUDIT_URL)

    # then
    assert denied_before.status_code == 403
    assert me.json()["district_admin"] is True
    assert audit.status_code == 200
    assert [row["action"] for row in audit.json()["results"]] == ["role_granted"]


# Revoking


@pytest.fixture
def granted(world, grantee):
    """The grantee coordinates institute A (street A)."""
    return Membership.objects.create(user=grantee, role=Membership.Role.COORDINATOR, center=world.institute_a)


def test_the_district_admin_revokes_a_role(world, admin_client, grantee, granted, client_for):
    # given
    grantee_client = client_for(grantee)
    in_street_a = sorted([world.users["volunteer"].volunteer.pk, world.users["partner_member"].volunteer.pk])
    assert volunteer_ids(grantee_client.get(VOLUNTEERS_URL)) == in_street_a

    # when
    response = admin_client.delete(membership_url(granted))
    me = grantee_client.get(ME_URL)
    volunteers = grantee_client.get(VOLUNTEERS_URL)

    # then
    assert response.status_code == 204
    assert roles_of(grantee) == []
    assert me.json()["memberships"] == []
    assert volunteer_ids(volunteers) == []
    event = AuditEvent.objects.get(action="role_revoked")
    assert (event.actor, event.target_type, event.target_id) == (
        world.users["district_admin"],
        "accounts.membership",
        str(granted.pk),
    )
    assert event.detail == {"user": grantee.pk, "role": "coordinator", "center": world.institute_a.pk, "partner": None}


@pytest.mark.parametrize(
    ("persona", "expected_status"),
    [
        ("anonymous", 401),
        ("volunteer", 404),
        ("partner_admin", 404),
        ("coordinator", 404),
        ("other_coordinator", 404),
    ],
)
def test_someone_elses_role_is_out_of_scope_for_all_but_district_admins(
    world, client_for, granted, persona, expected_status
):
    # given
    before = all_memberships()
    client = client_for(world.users[persona])

    # when
    response = client.delete(membership_url(granted))
    missing = client.delete(f"{MEMBERSHIPS_URL}999999/")

    # then
    assert response.status_code == expected_status
    assert response.content == missing.content
    assert all_memberships() == before
    assert not AuditEvent.objects.exists()


def test_a_coordinator_cannot_revoke_even_their_own_role(world, client_for):
    # given
    own = Membership.objects.get(user=world.users["coordinator"])
    before = all_memberships()

    # when
    response = client_for(world.users["coordinator"]).delete(membership_url(own))

    # then
    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"
    assert all_memberships() == before
    assert not AuditEvent.objects.exists()


def test_partner_roles_are_not_revoked_through_this_endpoint(world, admin_client):
    # given
    partner_admin_membership = Membership.objects.get(user=world.users["partner_admin"])
    before = all_memberships()

    # when
    response = admin_client.delete(membership_url(partner_admin_membership))
    missing = admin_client.delete(f"{MEMBERSHIPS_URL}999999/")

    # then
    assert response.status_code == missing.status_code == 404
    assert response.content == missing.content
    assert all_memberships() == before


# Reading roles and the audit trail


def test_the_district_admin_lists_every_role(world, admin_client):
    # when
    response = admin_client.get(MEMBERSHIPS_URL)

    # then
    assert response.status_code == 200
    assert sorted(row["id"] for row in response.json()["results"]) == [row[0] for row in all_memberships()]


def test_each_role_names_its_holder_with_the_mobile_number_masked(world, admin_client, grantee, granted):
    # when
    response = admin_client.get(f"{MEMBERSHIPS_URL}?role=coordinator&center={world.institute_a.pk}")

    # then
    rows = {row["id"]: row["person"] for row in response.json()["results"]}
    assert rows[granted.pk] == {"id": grantee.pk, "name": "郑十一", "phone": "137****0000"}


def test_everyone_else_lists_only_their_own_roles(world, client_for):
    # when
    response = client_for(world.users["partner_admin"]).get(MEMBERSHIPS_URL)

    # then
    assert response.status_code == 200
    assert [(row["role"], row["partner"]["id"]) for row in response.json()["results"]] == [
        ("partner_admin", world.partner_x.pk)
    ]


@pytest.mark.parametrize(
    ("persona", "expected_status"),
    [
        ("anonymous", 401),
        ("volunteer", 403),
        ("partner_admin", 403),
        ("coordinator", 403),
        ("other_coordinator", 403),
        ("district_admin", 200),
    ],
)
def test_the_audit_trail_is_for_district_admins_only(
    world, client_for, grantee, admin_client, persona, expected_status
):
    # given
    admin_client.post(MEMBERSHIPS_URL, {"phone": GRANTEE_PHONE, "role": "district_admin"}, format="json")

    # when
    response = client_for(world.users[persona]).get(AUDIT_URL)

    # then
    assert response.status_code == expected_status
    if expected_status == 200:
        assert [(row["action"], row["actor"]) for row in response.json()["results"]] == [
            ("role_granted", world.users["district_admin"].pk)
        ]
        assert response.json()["results"][0]["actor_person"]["id"] == world.users["district_admin"].pk
    else:
        assert "results" not in response.json()


def test_the_audit_trail_filters_by_action(world, admin_client, grantee, granted):
    # given
    admin_client.delete(membership_url(granted))
    admin_client.post(MEMBERSHIPS_URL, {"phone": GRANTEE_PHONE, "role": "district_admin"}, format="json")

    # when
    revoked = admin_client.get(f"{AUDIT_URL}?action=role_revoked")
    everything = admin_client.get(AUDIT_URL)

    # then
    assert [row["target_id"] for row in revoked.json()["results"]] == [str(granted.pk)]
    assert [row["action"] for row in everything.json()["results"]] == ["role_granted", "role_revoked"]


def test_the_audit_trail_names_the_actor_with_the_mobile_number_masked(world, admin_client, grantee):
    # given: one action by a person, one by nobody signed in
    actor = world.users["district_admin"]
    admin_client.post(MEMBERSHIPS_URL, {"phone": GRANTEE_PHONE, "role": "district_admin"}, format="json")
    AuditEvent.objects.create(action="login_failed", outcome=AuditEvent.Outcome.FAILURE)

    # when
    response = admin_client.get(AUDIT_URL)

    # then
    people = {row["action"]: row["actor_person"] for row in response.json()["results"]}
    assert people == {
        "login_failed": None,
        "role_granted": {"id": actor.pk, "name": actor.name, "phone": f"{actor.phone[:3]}****{actor.phone[-4:]}"},
    }


def test_the_last_district_admin_role_cannot_be_revoked(world, admin_client):
    """Revoking it would leave nobody able to grant roles again: refused, and nothing changes."""
    own = Membership.objects.get(user=world.users["district_admin"], role=Membership.Role.DISTRICT_ADMIN)

    response = admin_client.delete(membership_url(own))

    assert response.status_code == 409
    assert response.json()["code"] == "last_district_admin"
    assert Membership.objects.filter(pk=own.pk).exists()
    assert not AuditEvent.objects.filter(action="role_revoked").exists()


def test_a_district_admin_role_goes_when_another_remains(world, admin_client):
    other = MembershipFactory(role=Membership.Role.DISTRICT_ADMIN)

    response = admin_client.delete(membership_url(other))

    assert response.status_code == 204
    assert not Membership.objects.filter(pk=other.pk).exists()
