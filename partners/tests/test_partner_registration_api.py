"""An organization registers itself as a co-building partner: `POST /api/v1/partners/` (anonymous)."""

import pytest

from accounts.models import AuditEvent, Membership, User, phone_hash
from accounts.tests.factories import PASSWORD, UserFactory
from core.identity import USCC_ALPHABET
from partners.models import Partner
from partners.tests.factories import PartnerFactory, make_credit_code

URL = "/api/v1/partners/"
CODE = make_credit_code(1_000_001)
OTHER_CODE = make_credit_code(1_000_002)
ADMIN_PHONE = "13912345678"
CONTACT_PHONE = "13698765432"


def payload(world, **overrides) -> dict:
    data = {
        "name": "中关村创新科技有限公司",
        "kind": "enterprise",
        "credit_code": CODE,
        "area": world.community_a1.pk,
        "address": "北京市海淀区中关村大街1号",
        "description": "软件企业，员工志愿服务队三十人。",
        "contact_name": "赵六",
        "contact_phone": CONTACT_PHONE,
        "admin_name": "钱七",
        "admin_phone": ADMIN_PHONE,
        "admin_password": PASSWORD,
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not ...}


def counts() -> tuple[int, int, int]:
    return Partner.objects.count(), User.objects.count(), Membership.objects.count()


def field_errors(response) -> list[tuple[str, str]]:
    return [(error["field"], error["code"]) for error in response.json()["errors"]]


def test_anonymous_registration_creates_a_pending_partner_its_admin_and_membership(world, api_client):
    # when
    response = api_client.post(URL, payload(world), format="json")

    # then
    assert response.status_code == 201
    body = response.json()
    partner = Partner.objects.get(pk=body["id"])
    assert partner.status == Partner.Status.PENDING
    assert partner.name == "中关村创新科技有限公司"
    assert partner.credit_code == CODE
    assert partner.area == world.community_a1
    assert partner.contact_phone == CONTACT_PHONE
    assert partner.reviewed_by is None
    admin = User.objects.get(phone_hash=phone_hash(ADMIN_PHONE))
    assert admin.name == "钱七"
    assert admin.phone == ADMIN_PHONE
    assert admin.check_password(PASSWORD)
    assert admin.is_active is True
    assert list(Membership.objects.filter(partner=partner).values_list("user_id", "role", "status")) == [
        (admin.pk, Membership.Role.PARTNER_ADMIN, Membership.Status.ACTIVE)
    ]
    assert body["status"] == "pending"
    assert body["credit_code"] == CODE
    assert body["area"]["id"] == world.community_a1.pk
    assert body["contact_phone"] == CONTACT_PHONE  # the creator sees their own contact in full
    assert "admin_password" not in body
    event = AuditEvent.objects.get(action="partner_registered")
    assert (event.actor, event.target_type, event.target_id) == (admin, "partners.partner", str(partner.pk))


def test_two_registrations_in_a_row_both_succeed(world, api_client):
    # given
    first = api_client.post(URL, payload(world), format="json")

    # when
    second = api_client.post(
        URL,
        payload(world, name="学院路第二科技公司", credit_code=OTHER_CODE, admin_phone="13912340000"),
        format="json",
    )

    # then
    assert (first.status_code, second.status_code) == (201, 201)
    assert Partner.objects.filter(pk__in=[first.json()["id"], second.json()["id"]]).count() == 2
    usernames = set(User.objects.filter(memberships__role="partner_admin").values_list("username", flat=True))
    assert "" not in usernames


def test_contact_phone_is_masked_for_a_coordinator_and_full_for_the_partner_admin(world, api_client, client_for):
    # given
    partner_id = api_client.post(URL, payload(world), format="json").json()["id"]
    admin = User.objects.get(phone_hash=phone_hash(ADMIN_PHONE))

    # when
    as_coordinator = client_for(world.users["coordinator"]).get(f"{URL}{partner_id}/")
    as_admin = client_for(admin).get(f"{URL}{partner_id}/")

    # then
    assert as_coordinator.status_code == 200
    assert as_coordinator.json()["contact_phone"] == "136****5432"
    assert as_admin.status_code == 200
    assert as_admin.json()["contact_phone"] == CONTACT_PHONE


@pytest.mark.parametrize("kind", [kind for kind in Partner.Kind.values if kind != Partner.Kind.MILITARY])
def test_every_kind_but_military_needs_a_credit_code(world, api_client, kind):
    # given
    before = counts()

    # when
    response = api_client.post(URL, payload(world, kind=kind, credit_code=...), format="json")

    # then
    assert response.status_code == 400
    assert response.json()["code"] == "credit_code_required"
    assert field_errors(response) == [("credit_code", "credit_code_required")]
    assert counts() == before


@pytest.mark.parametrize("credit_code", [..., None], ids=["omitted", "null"])
def test_a_military_unit_registers_without_a_credit_code(world, api_client, credit_code):
    # when
    response = api_client.post(
        URL, payload(world, name="某部队", kind="military", credit_code=credit_code), format="json"
    )

    # then
    assert response.status_code == 201
    partner = Partner.objects.get(pk=response.json()["id"])
    assert (partner.kind, partner.credit_code, partner.status) == ("military", None, "pending")
    assert response.json()["credit_code"] is None


def test_two_military_units_without_credit_codes_can_both_register(world, api_client):
    # when
    first = api_client.post(URL, payload(world, kind="military", credit_code=None), format="json")
    second = api_client.post(
        URL, payload(world, kind="military", credit_code=None, admin_phone="13912340000"), format="json"
    )

    # then
    assert (first.status_code, second.status_code) == (201, 201)
    assert Partner.objects.filter(kind="military", credit_code__isnull=True).count() == 2


def _replace(code: str, index: int, char: str) -> str:
    return code[:index] + char + code[index + 1 :]


WRONG_CHECK = _replace(CODE, 17, next(c for c in USCC_ALPHABET if c != CODE[17]))


@pytest.mark.parametrize(
    ("credit_code", "error_code"),
    [
        (WRONG_CHECK, "bad_check_character"),
        (_replace(CODE, 10, "I"), "invalid_format"),
        (_replace(CODE, 10, "O"), "invalid_format"),
        (_replace(CODE, 10, "Z"), "invalid_format"),
        (_replace(CODE, 10, "S"), "invalid_format"),
        (_replace(CODE, 10, "V"), "invalid_format"),
        (CODE[:17], "invalid_format"),
        (CODE + "0", "invalid_format"),
        ("110108000000000", "invalid_format"),  # a 15-digit legacy registration number
        ("", "blank"),
    ],
    ids=[
        "wrong-check",
        "letter-I",
        "letter-O",
        "letter-Z",
        "letter-S",
        "letter-V",
        "17-chars",
        "19-chars",
        "legacy-15",
        "blank",
    ],
)
def test_a_malformed_credit_code_is_refused_naming_the_field(world, api_client, credit_code, error_code):
    # given
    before = counts()

    # when
    response = api_client.post(URL, payload(world, credit_code=credit_code), format="json")

    # then
    assert response.status_code == 400
    assert response.json()["code"] == "invalid"
    assert field_errors(response) == [("credit_code", error_code)]
    assert counts() == before


@pytest.mark.parametrize(
    "spelling",
    [CODE.lower(), f"{CODE[:6]}-{CODE[6:12]}-{CODE[12:]}", f"{CODE[:9]} {CODE[9:]}", f" {CODE[:4]} {CODE[4:]} "],
    ids=["lowercase", "dashes", "space", "spaces-around"],
)
def test_credit_code_spellings_are_stored_canonically(world, api_client, spelling):
    # when
    response = api_client.post(URL, payload(world, credit_code=spelling), format="json")

    # then
    assert response.status_code == 201
    assert response.json()["credit_code"] == CODE
    assert Partner.objects.get(pk=response.json()["id"]).credit_code == CODE


def test_a_credit_code_already_used_is_a_conflict(world, api_client):
    # given
    PartnerFactory(credit_code=CODE, area=world.street_b)
    before = counts()

    # when
    response = api_client.post(URL, payload(world, credit_code=CODE.lower()), format="json")

    # then
    assert response.status_code == 409
    assert response.json()["code"] == "credit_code_taken"
    assert field_errors(response) == [("credit_code", "credit_code_taken")]
    assert counts() == before
    assert not User.objects.filter(phone_hash=phone_hash(ADMIN_PHONE)).exists()


@pytest.mark.parametrize("spelling", [ADMIN_PHONE, "+86 139-1234-5678"], ids=["plain", "international"])
def test_an_admin_phone_already_registered_is_a_conflict_and_creates_no_partner(world, api_client, spelling):
    # given
    existing = UserFactory(phone=ADMIN_PHONE, name="已注册用户")
    before = counts()

    # when
    response = api_client.post(URL, payload(world, admin_phone=spelling), format="json")

    # then
    assert response.status_code == 409
    assert response.json()["code"] == "phone_taken"
    assert field_errors(response) == [("admin_phone", "phone_taken")]
    assert counts() == before
    assert not Partner.objects.filter(credit_code=CODE).exists()
    existing.refresh_from_db()
    assert (existing.name, existing.check_password(PASSWORD)) == ("已注册用户", True)


@pytest.mark.parametrize("kind", ["army", "UNIVERSITY", "", 7])
def test_an_unknown_kind_is_refused(world, api_client, kind):
    # given
    before = counts()

    # when
    response = api_client.post(URL, payload(world, kind=kind), format="json")

    # then
    assert response.status_code == 400
    assert field_errors(response) == [("kind", "invalid_choice")]
    assert counts() == before


def test_an_unknown_field_is_refused_and_nothing_is_created(world, api_client):
    # given
    before = counts()

    # when
    response = api_client.post(URL, payload(world, status="approved"), format="json")

    # then
    assert response.status_code == 400
    assert response.json()["code"] == "invalid"
    assert field_errors(response) == [("status", "unknown_field")]
    assert counts() == before
    assert not Partner.objects.filter(status=Partner.Status.APPROVED, credit_code=CODE).exists()


@pytest.mark.parametrize("name", ["共" * 101, "A" * 100_000], ids=["101-chars", "100k-chars"])
def test_a_huge_name_is_refused(world, api_client, name):
    # given
    before = counts()

    # when
    response = api_client.post(URL, payload(world, name=name), format="json")

    # then
    assert response.status_code == 400
    assert field_errors(response) == [("name", "max_length")]
    assert counts() == before


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({"admin_password": "12345678"}, [("admin_password", "weak_password")]),
        ({"admin_phone": "12345"}, [("admin_phone", "invalid_phone")]),
        ({"contact_name": "<script>"}, [("contact_name", "bad_name")]),
        ({"area": 999_999}, [("area", "does_not_exist")]),
    ],
    ids=["weak-password", "bad-phone", "markup-name", "unknown-area"],
)
def test_other_bad_fields_are_refused_naming_the_field(world, api_client, overrides, expected):
    # given
    before = counts()

    # when
    response = api_client.post(URL, payload(world, **overrides), format="json")

    # then
    assert response.status_code == 400
    assert field_errors(response) == expected
    assert counts() == before


def test_a_partner_cannot_register_at_district_level(world, api_client):
    # given
    before = counts()

    # when
    response = api_client.post(URL, payload(world, area=world.district.pk), format="json")

    # then
    assert response.status_code == 400
    assert field_errors(response) == [("area", "does_not_exist")]
    assert counts() == before


def test_the_new_admin_logs_in_and_sees_their_partner_pending(world, api_client, client_for):
    # given
    partner_id = api_client.post(URL, payload(world), format="json").json()["id"]
    client = client_for(None)

    # when
    login = client.post("/api/v1/auth/login/", {"phone": ADMIN_PHONE, "password": PASSWORD}, format="json")
    detail = client.get(f"{URL}{partner_id}/")
    listing = client.get(URL)

    # then
    assert login.status_code == 200
    assert [(m["role"], m["partner"]["id"]) for m in login.json()["memberships"]] == [("partner_admin", partner_id)]
    assert detail.status_code == 200
    assert (detail.json()["status"], detail.json()["review_reason"], detail.json()["reviewed_at"]) == (
        "pending",
        "",
        None,
    )
    assert [row["id"] for row in listing.json()["results"]] == [partner_id]
