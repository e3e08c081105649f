"""The volunteer API: sign-up, the own profile (see, edit, export, delete) and scoped reads."""

import json
import re
from datetime import date

import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.models import AuditEvent, Membership, User, phone_hash
from accounts.tests.factories import MembershipFactory
from partners.models import Partner
from partners.tests.factories import PartnerFactory
from volunteers.models import Consent, Volunteer, availability_mask
from volunteers.services import id_number_hash
from volunteers.tests.factories import SkillFactory, VolunteerFactory

URL = "/api/v1/volunteers/"
ME = "/api/v1/volunteers/me/"
EXPORT = "/api/v1/volunteers/me/export/"
LOGIN = "/api/v1/auth/login/"

ID_NUMBER = "110108199203080817"  # born 1992-03-08, male
OTHER_ID_NUMBER = "110108199203080729"  # born 1992-03-08, female
CHILD_ID_NUMBER = "110108201501010016"  # born 2015-01-01
PHONE = "13812345678"
PASSWORD = "lantern-harbour-2026"

ID_NUMBER_PLAINTEXT = re.compile(r"[0-9]{17}[0-9Xx]")
PHONE_PLAINTEXT = re.compile(r"1[3-9][0-9]{9}")


@pytest.fixture
def skills(db):
    return {
        "first-aid": SkillFactory(code="first-aid", name="急救"),
        "photography": SkillFactory(code="photography", name="摄影"),
    }


def sign_up_payload(world, **overrides) -> dict:
    return {
        "real_name": "赵六",
        "id_number": ID_NUMBER,
        "phone": "138 1234 5678",
        "password": PASSWORD,
        "home_area": world.community_a1.pk,
        "skills": ["first-aid"],
        "availability": ["sat-morning", "sun-afternoon"],
        "sensitive_pi_consent": True,
        "consent_version": settings.PRIVACY_CONSENT_VERSION,
        **overrides,
    }


def sign_up(world, **overrides):
    return APIClient().post(URL, sign_up_payload(world, **overrides), format="json")


def errors_of(response) -> list[tuple]:
    return sorted((error["field"], error["code"]) for error in response.json()["errors"])


def counts() -> dict:
    return {
        "users": User.objects.count(),
        "volunteers": Volunteer.objects.count(),
        "consents": Consent.objects.count(),
        "memberships": Membership.objects.count(),
        "registrations": AuditEvent.objects.filter(action="volunteer_registered").count(),
    }


def raw_row(sql: str, params: list) -> tuple:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()


def names(response) -> set[str]:
    return {row["real_name"] for row in response.json()["results"]}


@pytest.fixture
def registered(world, skills, client_for):
    """A volunteer who signed up through the API, and a client signed in as them."""
    response = sign_up(world)
    assert response.status_code == 201, response.json()
    volunteer = Volunteer.objects.get(pk=response.json()["id"])
    return volunteer, client_for(volunteer.user)


# Sign-up


def test_anyone_signs_up_and_sees_the_id_number_and_phone_masked(world, skills):
    # when
    response = sign_up(world)
    # then
    assert response.status_code == 201
    body = response.json()
    volunteer = Volunteer.objects.get(pk=body["id"])
    assert body.pop("created_at") == timezone.localtime(volunteer.created_at).isoformat()
    assert body == {
        "id": volunteer.pk,
        "real_name": "赵六",
        "id_number": "110108********0817",
        "phone": "138****5678",
        "gender": "male",
        "home_area": {"id": world.community_a1.pk, "name": "科南社区"},
        "skills": ["first-aid"],
        "availability": ["sat-morning", "sun-afternoon"],
    }
    assert volunteer.id_number == ID_NUMBER
    assert volunteer.birth_date == date(1992, 3, 8)
    assert volunteer.user.phone == PHONE
    assert volunteer.availability == availability_mask(["sat-morning", "sun-afternoon"])
    assert list(volunteer.consents.values_list("purpose", "version")) == [
        (Consent.Purpose.SENSITIVE_PERSONAL_INFORMATION, settings.PRIVACY_CONSENT_VERSION)
    ]
    assert ID_NUMBER not in response.content.decode()
    assert PHONE not in response.content.decode()


def test_signing_up_lets_the_volunteer_log_in_with_the_phone(world, skills):
    # given
    assert sign_up(world).status_code == 201
    # when
    response = APIClient().post(LOGIN, {"phone": "138-1234-5678", "password": PASSWORD}, format="json")
    # then
    assert response.status_code == 200
    assert response.json()["volunteer"] == Volunteer.objects.get(user__phone_hash=phone_hash(PHONE)).pk


@pytest.mark.parametrize(
    ("_case", "overrides", "id_number"),
    [
        ("lowercase x", {"id_number": "11010519491231002x"}, "11010519491231002X"),
        ("full-width digits", {"id_number": "１１０１０８１９９２０３０８０８１７"}, ID_NUMBER),
        ("zero-width and spaces", {"id_number": " 110108\u200b19920308 0817 "}, ID_NUMBER),
    ],
)
def test_id_numbers_are_normalized_before_they_are_stored(world, skills, _case, overrides, id_number):
    response = sign_up(world, **overrides)
    assert response.status_code == 201, response.json()
    assert Volunteer.objects.get(pk=response.json()["id"]).id_number == id_number


def test_a_phone_sent_as_a_json_number_is_read_as_digits(world, skills):
    response = sign_up(world, phone=13812345678)
    assert response.status_code == 201, response.json()
    assert Volunteer.objects.get(pk=response.json()["id"]).user.phone == PHONE


def test_a_minority_name_with_a_middle_dot_is_accepted(world, skills):
    response = sign_up(world, real_name="阿依古丽·买买提")
    assert response.status_code == 201, response.json()
    assert Volunteer.objects.get(pk=response.json()["id"]).real_name == "阿依古丽·买买提"


def test_a_child_signs_up_with_a_guardian(world, skills):
    # when
    response = sign_up(world, id_number=CHILD_ID_NUMBER, guardian_name="赵大", guardian_phone="+86 139 8765 4321")
    # then
    assert response.status_code == 201, response.json()
    volunteer = Volunteer.objects.get(pk=response.json()["id"])
    assert (volunteer.guardian_name, volunteer.guardian_phone) == ("赵大", "13987654321")
    assert sorted(volunteer.consents.values_list("purpose", flat=True)) == ["guardian", "sensitive_pi"]


LONG = "长" * 10_000


@pytest.mark.parametrize(
    ("_case", "overrides", "expected"),
    [
        ("wrong check character", {"id_number": "110108199203080818"}, ("id_number", "bad_check_character")),
        ("17 characters", {"id_number": "11010819920308081"}, ("id_number", "invalid_format")),
        ("19 characters", {"id_number": "1101081992030808170"}, ("id_number", "invalid_format")),
        ("X not last", {"id_number": "11010819920308X817"}, ("id_number", "invalid_format")),
        ("Arabic-Indic digits", {"id_number": "١١٠١٠٨١٩٩٢٠٣٠٨٠٨١٧"}, ("id_number", "invalid_format")),
        ("SQL in the ID number", {"id_number": "' OR 1=1--"}, ("id_number", "invalid_format")),
        ("15-digit number", {"id_number": "110108920308081"}, ("id_number", "invalid_format")),
        ("30 February", {"id_number": "110108202302300011"}, ("id_number", "bad_birth_date")),
        ("born in the future", {"id_number": "110108209901010011"}, ("id_number", "bad_birth_date")),
        ("born before 1900", {"id_number": "110108189912310011"}, ("id_number", "bad_birth_date")),
        ("province 00", {"id_number": "000108199203080815"}, ("id_number", "bad_region")),
        ("province 99", {"id_number": "990108199203080811"}, ("id_number", "bad_region")),
        ("blank ID number", {"id_number": ""}, ("id_number", "blank")),
        ("10,000-character ID number", {"id_number": "1" * 10_000}, ("id_number", "max_length")),
        ("10 digits", {"phone": "1381234567"}, ("phone", "invalid_phone")),
        ("12 digits", {"phone": "138123456789"}, ("phone", "invalid_phone")),
        ("leading 2", {"phone": "23812345678"}, ("phone", "invalid_phone")),
        ("landline", {"phone": "010-62345678"}, ("phone", "invalid_phone")),
        ("emoji", {"phone": "138123456📱8"}, ("phone", "invalid_phone")),
        ("10,000-character phone", {"phone": "1" * 10_000}, ("phone", "max_length")),
        ("markup in the name", {"real_name": "<img src=x onerror=alert(1)>"}, ("real_name", "bad_name")),
        ("right-to-left override", {"real_name": "赵\u202e六"}, ("real_name", "bad_name")),
        ("template in the name", {"real_name": "{{7*7}}"}, ("real_name", "bad_name")),
        ("line break in the name", {"real_name": "赵六\r\nadmin"}, ("real_name", "bad_name")),
        ("digits in the name", {"real_name": "赵六1"}, ("real_name", "bad_name")),
        ("middle dots only", {"real_name": "··"}, ("real_name", "bad_name")),
        ("punctuation only", {"real_name": "- . -"}, ("real_name", "bad_name")),
        ("combining marks only", {"real_name": "\u0301\u0301"}, ("real_name", "bad_name")),
        ("one-character name", {"real_name": "赵"}, ("real_name", "min_length")),
        ("empty name", {"real_name": ""}, ("real_name", "blank")),
        ("10,000-character name", {"real_name": LONG}, ("real_name", "max_length")),
        ("10,000-character password", {"password": "p" * 10_000}, ("password", "max_length")),
        ("10,000-character consent version", {"consent_version": LONG}, ("consent_version", "max_length")),
        ("10,000-character guardian", {"guardian_name": LONG}, ("guardian_name", "max_length")),
        ("consent false", {"sensitive_pi_consent": False}, ("sensitive_pi_consent", "consent_required")),
        ("stale consent version", {"consent_version": "2020-01"}, ("consent_version", "stale_consent_version")),
        ("unknown skill", {"skills": ["juggling"]}, ("skills", "does_not_exist")),
        ("unknown time slot", {"availability": ["mon-morning", "mon-midnight"]}, ("availability.1", "invalid_choice")),
        ("home area that does not exist", {"home_area": 999_999}, ("home_area", "does_not_exist")),
        ("is_staff", {"is_staff": True}, ("is_staff", "unknown_field")),
        ("is_superuser", {"is_superuser": True}, ("is_superuser", "unknown_field")),
        ("status", {"status": "active"}, ("status", "unknown_field")),
        ("role", {"role": "district_admin"}, ("role", "unknown_field")),
        ("verified", {"verified": True}, ("verified", "unknown_field")),
        ("birth_date", {"birth_date": "1990-01-01"}, ("birth_date", "unknown_field")),
    ],
)
def test_a_bad_sign_up_is_refused_naming_the_field_and_writes_nothing(world, skills, _case, overrides, expected):
    # given
    before = counts()
    # when
    response = sign_up(world, **overrides)
    # then
    assert response.status_code == 400
    assert response.json()["code"] == "invalid"
    assert errors_of(response) == [expected]
    assert counts() == before


def test_missing_consent_is_refused_as_consent_required(world, skills):
    # given
    payload = sign_up_payload(world)
    del payload["sensitive_pi_consent"]
    before = counts()
    # when
    response = APIClient().post(URL, payload, format="json")
    # then
    assert response.status_code == 400
    assert errors_of(response) == [("sensitive_pi_consent", "consent_required")]
    assert counts() == before


def test_a_street_is_not_a_home_area(world, skills):
    before = counts()
    response = sign_up(world, home_area=world.street_a.pk)
    assert response.status_code == 400
    assert errors_of(response) == [("home_area", "does_not_exist")]
    assert counts() == before


def test_an_adult_may_send_the_guardian_fields_empty(world, skills):
    # when: the web form sends the guardian fields it did not show as empty strings
    response = sign_up(world, guardian_name="", guardian_phone="")

    # then
    assert response.status_code == 201
    volunteer = Volunteer.objects.get(pk=response.json()["id"])
    assert (volunteer.guardian_name, volunteer.guardian_phone) == ("", "")


def test_a_child_with_empty_guardian_fields_is_refused(world, skills):
    # given
    before = counts()
    # when
    response = sign_up(world, id_number=CHILD_ID_NUMBER, guardian_name="", guardian_phone="")
    # then
    assert response.status_code == 400
    assert errors_of(response) == [("guardian_name", "guardian_consent_required")]
    assert counts() == before


def test_a_child_without_a_guardian_is_refused(world, skills):
    # given
    before = counts()
    # when
    response = sign_up(world, id_number=CHILD_ID_NUMBER)
    # then
    assert response.status_code == 400
    assert response.json()["code"] == "guardian_consent_required"
    assert errors_of(response) == [("guardian_name", "guardian_consent_required")]
    assert counts() == before


def test_a_partner_that_is_not_approved_cannot_be_joined(world, skills):
    # given
    partner = PartnerFactory(status=Partner.Status.PENDING)
    before = counts()
    # when
    response = sign_up(world, partner=partner.pk)
    # then
    assert response.status_code == 400
    assert errors_of(response) == [("partner", "partner_not_open")]
    assert counts() == before


def test_joining_an_approved_partner_leaves_a_pending_membership(world, skills):
    response = sign_up(world, partner=world.partner_x.pk)
    assert response.status_code == 201
    membership = Membership.objects.get(user__volunteer__pk=response.json()["id"])
    assert (membership.role, membership.partner, membership.status) == ("partner_member", world.partner_x, "pending")


@pytest.mark.parametrize("password", ["12345678", "password"])
def test_a_weak_password_is_refused(world, skills, password):
    before = counts()
    response = sign_up(world, password=password)
    assert response.status_code == 400
    assert response.json()["code"] == "weak_password"
    assert errors_of(response) == [("password", "weak_password")]
    assert counts() == before


def test_null_on_every_field_is_refused_field_by_field(world, skills):
    # given
    payload = dict.fromkeys(sign_up_payload(world, partner=None, guardian_name=None, guardian_phone=None))
    before = counts()
    # when
    response = APIClient().post(URL, payload, format="json")
    # then: every field but the optional partner says it may not be null
    assert response.status_code == 400
    assert errors_of(response) == [
        ("availability", "null"),
        ("consent_version", "null"),
        ("guardian_name", "null"),
        ("guardian_phone", "null"),
        ("home_area", "null"),
        ("id_number", "null"),
        ("password", "null"),
        ("phone", "null"),
        ("real_name", "null"),
        ("sensitive_pi_consent", "null"),
        ("skills", "null"),
    ]
    assert counts() == before


@pytest.mark.parametrize(
    ("field", "code"),
    [
        ("real_name", "invalid"),
        ("id_number", "invalid"),
        ("phone", "invalid"),
        ("password", "invalid"),
        ("consent_version", "invalid"),
        ("guardian_name", "invalid"),
        ("guardian_phone", "invalid"),
        ("sensitive_pi_consent", "invalid"),
        ("home_area", "incorrect_type"),
        ("partner", "incorrect_type"),
    ],
)
def test_an_array_instead_of_a_single_value_is_refused(world, skills, field, code):
    # given
    value = sign_up_payload(world, partner=world.partner_x.pk, guardian_name="赵大", guardian_phone=PHONE)[field]
    before = counts()
    # when
    response = sign_up(world, **{field: [value]})
    # then
    assert response.status_code == 400
    assert errors_of(response) == [(field, code)]
    assert counts() == before


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("[]", ("invalid", [(None, "invalid")])),
        ('"赵六"', ("invalid", [(None, "invalid")])),
        ("null", ("invalid", [(None, "null")])),
        ("{", ("parse_error", [])),
        ('{"real_name": "赵六"', ("parse_error", [])),
        ("1" * 10_000, ("parse_error", [])),
    ],
)
def test_a_body_that_is_not_an_object_is_refused(world, body, expected):
    before = counts()
    response = APIClient().post(URL, body, content_type="application/json")
    assert response.status_code == 400
    assert (response.json()["code"], errors_of(response)) == expected
    assert counts() == before


def test_a_taken_id_number_gets_the_same_answer_whoever_holds_it(world, skills):
    # given: two registered people, and two strangers who each try one of their ID numbers
    first, second = Volunteer.objects.get(real_name="张三"), Volunteer.objects.get(real_name="李四")
    before = counts()
    # when
    try_first = sign_up(world, id_number=first.id_number, phone="13911110001", real_name="周九")
    try_second = sign_up(world, id_number=second.id_number, phone="13911110002", real_name="吴十")
    # then
    assert try_first.status_code == try_second.status_code == 409
    assert try_first.content == try_second.content
    assert errors_of(try_first) == [("id_number", "id_number_taken")]
    assert first.real_name not in try_first.content.decode()
    assert first.home_area.name not in try_first.content.decode()
    assert counts() == before


def test_a_taken_phone_is_refused(world, skills):
    # given
    holder = world.users["volunteer"]
    before = counts()
    # when
    response = sign_up(world, phone=holder.phone)
    # then
    assert response.status_code == 409
    assert errors_of(response) == [("phone", "phone_taken")]
    assert counts() == before


# Personal data at rest


def test_the_id_number_and_phone_are_encrypted_at_rest(registered):
    # given
    volunteer, _client = registered
    # when
    stored_id, stored_hash, stored_name = raw_row(
        "SELECT id_number, id_number_hash, real_name FROM volunteers_volunteer WHERE id = %s", [volunteer.pk]
    )
    stored_phone, stored_phone_hash = raw_row(
        "SELECT phone, phone_hash FROM accounts_user WHERE id = %s", [volunteer.user_id]
    )
    # then
    assert stored_name == "赵六"
    assert ID_NUMBER not in stored_id
    assert ID_NUMBER_PLAINTEXT.search(stored_id) is None
    assert stored_id.startswith("gAAAA")  # a Fernet token
    assert stored_hash != ID_NUMBER
    assert re.fullmatch(r"[0-9a-f]{64}", stored_hash)
    assert stored_hash == id_number_hash(ID_NUMBER)
    assert PHONE not in stored_phone
    assert PHONE_PLAINTEXT.search(stored_phone) is None
    assert stored_phone_hash == phone_hash(PHONE)


def test_a_guardians_phone_is_encrypted_at_rest(world, skills):
    response = sign_up(world, id_number=CHILD_ID_NUMBER, guardian_name="赵大", guardian_phone="13987654321")
    (stored,) = raw_row("SELECT guardian_phone FROM volunteers_volunteer WHERE id = %s", [response.json()["id"]])
    assert "13987654321" not in stored
    assert PHONE_PLAINTEXT.search(stored) is None


# The own profile


def test_the_owner_sees_their_own_profile_unmasked(registered):
    # given
    volunteer, client = registered
    # when
    response = client.get(ME)
    # then
    assert response.status_code == 200
    body = response.json()
    assert body["id"] == volunteer.pk
    assert body["id_number"] == ID_NUMBER
    assert body["phone"] == PHONE
    assert body["real_name"] == "赵六"
    assert body["birth_date"] == "1992-03-08"
    assert body["gender"] == "male"
    assert body["email"] == ""
    assert body["guardian_name"] == ""
    assert body["guardian_phone"] == ""
    assert body["skills"] == ["first-aid"]
    assert body["availability"] == ["sat-morning", "sun-afternoon"]
    assert [(c["purpose"], c["version"], c["withdrawn_at"]) for c in body["consents"]] == [
        ("sensitive_pi", settings.PRIVACY_CONSENT_VERSION, None)
    ]


@pytest.mark.parametrize("persona", ["anonymous", "coordinator", "partner_admin", "district_admin"])
def test_only_volunteers_have_an_own_profile(world, client_for, persona):
    response = client_for(world.users[persona]).get(ME)
    assert response.status_code == (401 if persona == "anonymous" else 403)


def test_the_owner_changes_skills_availability_and_home_area(registered, world):
    # given
    volunteer, client = registered
    # when
    response = client.patch(
        ME,
        {"skills": ["photography"], "availability": ["mon-evening"], "home_area": world.community_b1.pk},
        format="json",
    )
    # then
    assert response.status_code == 200
    body = response.json()
    assert (body["skills"], body["availability"], body["home_area"]) == (
        ["photography"],
        ["mon-evening"],
        {"id": world.community_b1.pk, "name": "林大社区"},
    )
    assert body["id_number"] == ID_NUMBER
    volunteer.refresh_from_db()
    assert list(volunteer.skills.values_list("code", flat=True)) == ["photography"]
    assert volunteer.availability == availability_mask(["mon-evening"])
    assert volunteer.home_area == world.community_b1


def test_a_partial_change_leaves_the_other_fields_alone(registered):
    # given
    volunteer, client = registered
    # when
    response = client.patch(ME, {"availability": []}, format="json")
    # then
    assert response.status_code == 200
    volunteer.refresh_from_db()
    assert volunteer.availability == 0
    assert list(volunteer.skills.values_list("code", flat=True)) == ["first-aid"]
    assert volunteer.home_area.name == "科南社区"


def _profile_snapshot(volunteer: Volunteer) -> dict:
    volunteer = Volunteer.objects.select_related("user").get(pk=volunteer.pk)
    return {
        "status": volunteer.status,
        "real_name": volunteer.real_name,
        "id_number": volunteer.id_number,
        "id_number_hash": volunteer.id_number_hash,
        "birth_date": volunteer.birth_date,
        "gender": volunteer.gender,
        "home_area": volunteer.home_area_id,
        "availability": volunteer.availability,
        "skills": sorted(volunteer.skills.values_list("code", flat=True)),
        "is_staff": volunteer.user.is_staff,
        "is_superuser": volunteer.user.is_superuser,
        "phone": volunteer.user.phone,
        "email": volunteer.user.email,
        "memberships": list(volunteer.user.memberships.values_list("role", "status")),
    }


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("status", "erased"),
        ("id_number", OTHER_ID_NUMBER),
        ("real_name", "李四"),
        ("birth_date", "2000-01-01"),
        ("gender", "female"),
        ("is_staff", True),
        ("is_superuser", True),
        ("role", "district_admin"),
        ("phone", "13900000000"),
        ("user", 1),
    ],
)
def test_identity_and_role_fields_cannot_be_changed(registered, field, value):
    # given
    volunteer, client = registered
    before = _profile_snapshot(volunteer)
    # when: the forbidden field rides along with an allowed change
    response = client.patch(ME, {"skills": ["photography"], field: value}, format="json")
    # then
    assert response.status_code == 400
    assert errors_of(response) == [(field, "unknown_field")]
    assert _profile_snapshot(volunteer) == before


@pytest.mark.parametrize(
    ("_case", "change", "expected"),
    [
        ("a street as home area", {"home_area": "street"}, ("home_area", "does_not_exist")),
        ("no home area", {"home_area": None}, ("home_area", "null")),
        ("an unknown skill", {"skills": ["photography", "juggling"]}, ("skills", "does_not_exist")),
        ("an unknown time slot", {"availability": ["mon-morning", "noon"]}, ("availability.1", "invalid_choice")),
        ("a bad email", {"email": "not-an-email"}, ("email", "invalid")),
    ],
)
def test_a_bad_change_is_refused_and_changes_nothing(registered, world, _case, change, expected):
    # given
    volunteer, client = registered
    if change.get("home_area") == "street":
        change = {"home_area": world.street_a.pk}
    before = _profile_snapshot(volunteer)
    # when
    response = client.patch(ME, change, format="json")
    # then
    assert response.status_code == 400
    assert errors_of(response) == [expected]
    assert _profile_snapshot(volunteer) == before


def test_the_owner_downloads_everything_held_about_them(registered):
    # given
    volunteer, client = registered
    MembershipFactory(user=volunteer.user, role=Membership.Role.PARTNER_MEMBER, partner=PartnerFactory(name="燕园大学"))
    # when
    response = client.get(EXPORT)
    # then
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="my-volunteer-data.json"'
    assert response["Cache-Control"] == "no-store"
    data = json.loads(response.content)
    assert set(data) == {"exported_at", "account", "volunteer", "consents", "memberships"}
    assert {key: value for key, value in data["account"].items() if key not in ("date_joined", "last_login")} == {
        "username": volunteer.user.username,
        "name": "赵六",
        "phone": PHONE,
        "email": "",
    }
    assert {key: value for key, value in data["volunteer"].items() if key != "registered_at"} == {
        "id": volunteer.pk,
        "real_name": "赵六",
        "id_number": ID_NUMBER,
        "birth_date": "1992-03-08",
        "gender": "male",
        "home_area": {"id": volunteer.home_area_id, "name": "科南社区"},
        "skills": ["first-aid"],
        "availability": ["sat-morning", "sun-afternoon"],
        "guardian_name": "",
        "guardian_phone": "",
    }
    assert [(c["purpose"], c["version"], c["withdrawn_at"]) for c in data["consents"]] == [
        ("sensitive_pi", settings.PRIVACY_CONSENT_VERSION, None)
    ]
    assert data["memberships"] == [
        {"role": "partner_member", "status": "active", "partner": "燕园大学", "center": None}
    ]
    event = AuditEvent.objects.get(action="data_exported")
    assert (event.actor, event.target_type, event.target_id) == (
        volunteer.user,
        "volunteers.volunteer",
        str(volunteer.pk),
    )
    assert event.detail == {}


def test_the_export_holds_nobody_elses_data(world, client_for):
    # given
    response = client_for(world.users["volunteer"]).get(EXPORT)
    # then
    assert response.status_code == 200
    text = response.content.decode()
    other = Volunteer.objects.get(real_name="李四")
    assert "张三" in text
    assert other.real_name not in text
    assert other.id_number not in text
    assert other.user.phone not in text


def test_anonymous_cannot_export(db):
    response = APIClient().get(EXPORT)
    assert response.status_code == 401
    assert not AuditEvent.objects.filter(action="data_exported").exists()


# Deleting the account


def test_a_wrong_password_deletes_nothing(registered):
    # given
    volunteer, client = registered
    before = _profile_snapshot(volunteer)
    # when
    response = client.delete(ME, {"password": "not-the-password"}, format="json")
    # then
    assert response.status_code == 400
    assert errors_of(response) == [("password", "invalid_password")]
    assert _profile_snapshot(volunteer) == before
    assert not AuditEvent.objects.filter(action="account_erased").exists()
    login = APIClient().post(LOGIN, {"phone": PHONE, "password": PASSWORD}, format="json")
    assert login.status_code == 200


def test_deleting_the_account_needs_a_password(registered):
    volunteer, client = registered
    before = _profile_snapshot(volunteer)
    response = client.delete(ME, {}, format="json")
    assert response.status_code == 400
    assert errors_of(response) == [("password", "required")]
    assert _profile_snapshot(volunteer) == before


def test_deleting_the_account_erases_personal_data_and_keeps_the_pseudonymous_row(registered, world):
    # given
    volunteer, client = registered
    # when
    response = client.delete(ME, {"password": PASSWORD}, format="json")
    # then
    assert response.status_code == 204
    real_name, stored_id, stored_hash, birth_date, status, gender, home_area_id = raw_row(
        "SELECT real_name, id_number, id_number_hash, birth_date, status, gender, home_area_id "
        "FROM volunteers_volunteer WHERE id = %s",
        [volunteer.pk],
    )
    assert (real_name, stored_id, stored_hash, birth_date) == ("", "", None, None)
    assert (status, gender, home_area_id) == ("erased", "male", world.community_a1.pk)
    name, phone, stored_phone_hash, is_active = raw_row(
        "SELECT name, phone, phone_hash, is_active FROM accounts_user WHERE id = %s", [volunteer.user_id]
    )
    assert (name, phone, stored_phone_hash, bool(is_active)) == ("", "", None, False)
    assert Volunteer.objects.get(pk=volunteer.pk).erased_at is not None
    assert AuditEvent.objects.filter(action="account_erased", target_id=str(volunteer.pk)).count() == 1


def test_an_erased_account_can_no_longer_log_in(registered):
    # given
    _volunteer, client = registered
    assert client.delete(ME, {"password": PASSWORD}, format="json").status_code == 204
    # when
    login = APIClient().post(LOGIN, {"phone": PHONE, "password": PASSWORD}, format="json")
    # then
    assert login.status_code == 400
    assert login.json()["code"] == "login_failed"
    assert client.get(ME).status_code == 401


def test_the_same_id_number_and_phone_can_register_again_after_erasure(registered, world):
    # given
    volunteer, client = registered
    assert client.delete(ME, {"password": PASSWORD}, format="json").status_code == 204
    # when
    response = sign_up(world)
    # then
    assert response.status_code == 201
    again = Volunteer.objects.get(pk=response.json()["id"])
    assert again.pk != volunteer.pk
    assert again.id_number == ID_NUMBER
    assert Volunteer.objects.get(pk=volunteer.pk).status == Volunteer.Status.ERASED


# Reading volunteers


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("volunteer", {"张三"}),
        ("other_volunteer", {"李四"}),
        ("partner_member", {"王五"}),
        ("partner_admin", {"张三", "王五"}),
        ("coordinator", {"张三", "王五"}),
        ("other_coordinator", {"李四"}),
        ("district_admin", {"张三", "李四", "王五"}),
    ],
)
def test_each_persona_lists_the_volunteers_in_their_scope(world, client_for, persona, expected):
    response = client_for(world.users[persona]).get(URL)
    assert response.status_code == 200
    assert names(response) == expected
    assert response.json()["count"] == len(expected)


def test_anonymous_cannot_list_volunteers(world):
    response = APIClient().get(URL)
    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"


def test_a_coordinator_sees_their_streets_volunteers_and_not_the_other_streets(world, client_for):
    # given: one more volunteer in each street, neither of them in a partner
    VolunteerFactory(real_name="知春", home_area=world.community_a2)
    VolunteerFactory(real_name="林大", home_area=world.community_b1)
    # when
    response = client_for(world.users["coordinator"]).get(URL)
    # then
    assert names(response) == {"张三", "王五", "知春"}


def test_a_partner_admin_sees_their_members_wherever_they_live_and_nobody_else(world, client_for):
    # given: a member of partner X living in street B, and a non-member living in street A
    member_in_b = VolunteerFactory(real_name="林中", home_area=world.community_b1)
    MembershipFactory(user=member_in_b.user, role=Membership.Role.PARTNER_MEMBER, partner=world.partner_x)
    VolunteerFactory(real_name="知春", home_area=world.community_a2)
    # when
    response = client_for(world.users["partner_admin"]).get(URL)
    # then
    assert names(response) == {"张三", "王五", "林中"}


def test_erased_volunteers_are_not_listed(world, client_for):
    Volunteer.objects.filter(real_name="王五").update(status=Volunteer.Status.ERASED, id_number_hash=None)
    response = client_for(world.users["district_admin"]).get(URL)
    assert names(response) == {"张三", "李四"}


@pytest.mark.parametrize("persona", ["volunteer", "partner_admin", "coordinator", "district_admin"])
def test_lists_show_id_numbers_and_phones_masked(world, client_for, persona):
    # when
    response = client_for(world.users[persona]).get(URL)
    # then: no unmasked identifier anywhere, and each row's mask fits its own holder
    text = response.content.decode()
    assert ID_NUMBER_PLAINTEXT.search(text) is None
    assert PHONE_PLAINTEXT.search(text) is None
    for row in response.json()["results"]:
        volunteer = Volunteer.objects.get(pk=row["id"])
        assert row["id_number"] == f"{volunteer.id_number[:6]}********{volunteer.id_number[-4:]}"
        assert row["phone"] == f"{volunteer.user.phone[:3]}****{volunteer.user.phone[-4:]}"


def test_a_volunteer_in_scope_is_shown_masked(world, client_for):
    # given
    zhang = Volunteer.objects.get(real_name="张三")
    # when
    response = client_for(world.users["coordinator"]).get(f"{URL}{zhang.pk}/")
    # then
    assert response.status_code == 200
    body = response.json()
    assert body["real_name"] == "张三"
    assert body["id_number"] == f"{zhang.id_number[:6]}********{zhang.id_number[-4:]}"
    assert body["phone"] == f"{zhang.user.phone[:3]}****{zhang.user.phone[-4:]}"
    assert body["home_area"] == {"id": world.community_a1.pk, "name": "科南社区"}


@pytest.mark.parametrize(
    ("persona", "target"),
    [
        ("coordinator", "李四"),
        ("other_coordinator", "张三"),
        ("partner_admin", "李四"),
        ("volunteer", "王五"),
        ("partner_member", "张三"),
    ],
)
def test_a_volunteer_out_of_scope_looks_exactly_like_one_that_does_not_exist(world, client_for, persona, target):
    # given
    client = client_for(world.users[persona])
    existing = Volunteer.objects.get(real_name=target)
    missing = Volunteer.objects.order_by("-pk").first().pk + 1000
    # when
    out_of_scope = client.get(f"{URL}{existing.pk}/")
    not_there = client.get(f"{URL}{missing}/")
    # then
    assert out_of_scope.status_code == not_there.status_code == 404
    assert out_of_scope.content == not_there.content
    assert out_of_scope.json()["code"] == "not_found"


def test_anonymous_cannot_read_a_volunteer(world):
    zhang = Volunteer.objects.get(real_name="张三")
    response = APIClient().get(f"{URL}{zhang.pk}/")
    assert response.status_code == 401


def test_filtering_by_a_street_includes_its_communities(world, client_for):
    client = client_for(world.users["district_admin"])
    assert names(client.get(URL, {"area": world.street_a.pk})) == {"张三", "王五"}
    assert names(client.get(URL, {"area": world.community_a1.pk})) == {"张三"}
    assert names(client.get(URL, {"area": world.street_b.pk})) == {"李四"}
    assert names(client.get(URL, {"area": world.district.pk})) == {"张三", "李四", "王五"}


def test_an_area_filter_cannot_widen_a_coordinators_scope(world, client_for):
    response = client_for(world.users["coordinator"]).get(URL, {"area": world.street_b.pk})
    assert response.status_code == 200
    assert names(response) == set()


def test_an_area_filter_narrows_a_coordinators_scope_from_either_side(world, client_for):
    client = client_for(world.users["coordinator"])  # of street A
    assert names(client.get(URL, {"area": world.community_a1.pk})) == {"张三"}
    assert names(client.get(URL, {"area": world.district.pk})) == {"张三", "王五"}


def test_an_unknown_area_filter_is_a_field_error(world, client_for):
    for value in ("999999", "abc"):
        response = client_for(world.users["coordinator"]).get(URL, {"area": value})
        assert response.status_code == 400
        assert errors_of(response) == [("area", "invalid_choice")]


def test_filtering_by_skill(world, client_for, skills):
    # given
    Volunteer.objects.get(real_name="张三").skills.set([skills["first-aid"], skills["photography"]])
    Volunteer.objects.get(real_name="李四").skills.set([skills["photography"]])
    client = client_for(world.users["district_admin"])
    # then
    assert names(client.get(URL, {"skill": "first-aid"})) == {"张三"}
    assert names(client.get(URL, {"skill": "photography"})) == {"张三", "李四"}


def test_an_unknown_skill_filter_is_a_field_error(world, client_for):
    response = client_for(world.users["district_admin"]).get(URL, {"skill": "juggling"})
    assert response.status_code == 400
    assert errors_of(response) == [("skill", "invalid_choice")]


def test_searching_by_name(world, client_for):
    client = client_for(world.users["district_admin"])
    assert names(client.get(URL, {"search": "张"})) == {"张三"}
    assert names(client.get(URL, {"search": "五"})) == {"王五"}
    assert names(client.get(URL, {"search": "赵"})) == set()


def test_anyone_lists_the_skills(skills):
    # when
    response = APIClient().get("/api/v1/skills/")
    # then
    assert response.status_code == 200
    assert response.json() == [
        {"id": skills["first-aid"].pk, "code": "first-aid", "name": "急救", "name_en": ""},
        {"id": skills["photography"].pk, "code": "photography", "name": "摄影", "name_en": ""},
    ]
