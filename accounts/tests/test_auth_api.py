"""Logging in and out, lockout, API tokens, password change, and the audit trail they leave."""

import json
import re
from datetime import UTC, datetime, timedelta
from importlib import import_module

import pytest
import time_machine
from django.conf import settings
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from accounts.models import AuditEvent
from accounts.tests.factories import PASSWORD, UserFactory

LOGIN_URL = "/api/v1/auth/login/"
LOGOUT_URL = "/api/v1/auth/logout/"
TOKEN_URL = "/api/v1/auth/token/"
ME_URL = "/api/v1/auth/me/"
PASSWORD_URL = "/api/v1/auth/password/"

PHONE = "13800138000"
UNKNOWN_PHONE = "13900139000"
NEW_PASSWORD = "a much longer passphrase 2026"
MOBILE = re.compile(r"1[3-9]\d{9}")
ID_NUMBER = re.compile(r"\d{17}[\dX]")

SessionStore = import_module(settings.SESSION_ENGINE).SessionStore


@pytest.fixture
def user(db):
    return UserFactory(phone=PHONE, name="周九")


def log_in(client: APIClient, phone: str = PHONE, password: str = PASSWORD):
    return client.post(LOGIN_URL, {"phone": phone, "password": password}, format="json")


def session_key(client: APIClient) -> str | None:
    cookie = client.cookies.get(settings.SESSION_COOKIE_NAME)
    return cookie.value if cookie is not None and cookie.value else None


def client_with_session(key: str) -> APIClient:
    client = APIClient()
    client.cookies[settings.SESSION_COOKIE_NAME] = key
    return client


def client_with_token(key: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def password_hash(user) -> str:
    user.refresh_from_db()
    return user.password


# Logging in


@pytest.mark.parametrize(
    "spelling",
    [PHONE, "+86 138 0013 8000", "138-0013-8000", "0086 13800138000"],
    ids=["plain", "+86", "dashes", "0086"],
)
def test_login_with_phone_and_password_starts_a_session(user, spelling):
    # given
    client = APIClient()

    # when
    response = log_in(client, spelling)
    me = client.get(ME_URL)

    # then
    assert response.status_code == 200
    assert (response.json()["id"], response.json()["name"]) == (user.pk, "周九")
    assert me.status_code == 200
    assert me.json()["id"] == user.pk
    assert SessionStore(session_key=session_key(client)).get("_auth_user_id") == str(user.pk)


def test_login_rotates_a_session_key_set_before_it(user):
    # given: a session the browser already had (or an attacker planted)
    planted = SessionStore()
    planted["cart"] = "anything"
    planted.create()
    client = client_with_session(planted.session_key)

    # when
    response = log_in(client)

    # then
    assert response.status_code == 200
    assert session_key(client) not in (None, planted.session_key)
    assert SessionStore().exists(planted.session_key) is False
    assert client_with_session(planted.session_key).get(ME_URL).status_code == 401


def test_a_wrong_password_is_refused_and_starts_no_session(user):
    # given
    client = APIClient()

    # when
    response = log_in(client, password="wrong-password-1")

    # then
    assert response.status_code == 400
    assert (response.json()["code"], response.json()["errors"]) == ("login_failed", [])
    assert session_key(client) is None
    assert client.get(ME_URL).status_code == 401
    user.refresh_from_db()
    assert user.last_login is None


def test_an_unknown_phone_gets_the_byte_identical_answer(user):
    # when
    wrong_password = log_in(APIClient(), PHONE, "wrong-password-1")
    unknown_phone = log_in(APIClient(), UNKNOWN_PHONE, "wrong-password-1")

    # then
    assert wrong_password.status_code == unknown_phone.status_code == 400
    assert wrong_password.content == unknown_phone.content


def test_an_inactive_account_with_the_right_password_gets_the_same_refusal(user):
    # given
    user.is_active = False
    user.save(update_fields=["is_active"])

    # when
    inactive = log_in(APIClient())
    unknown = log_in(APIClient(), UNKNOWN_PHONE)

    # then
    assert inactive.status_code == 400
    assert inactive.content == unknown.content


@pytest.mark.parametrize(
    "body",
    [{"phone": PHONE}, {"password": PASSWORD}, {"phone": PHONE, "password": "x" * 129}],
    ids=["no-password", "no-phone", "huge-password"],
)
def test_a_malformed_login_is_refused_before_any_check(user, body):
    # when
    response = APIClient().post(LOGIN_URL, body, format="json")

    # then
    assert response.status_code == 400
    assert response.json()["code"] == "invalid"
    assert not AuditEvent.objects.exists()


# Lockout


def fail_five_times(phone: str) -> list:
    return [log_in(APIClient(), phone, f"wrong-password-{attempt}") for attempt in range(5)]


@pytest.mark.parametrize("phone", [PHONE, UNKNOWN_PHONE], ids=["registered", "unknown"])
def test_five_failures_lock_the_number_even_against_the_right_password(user, phone):
    # when
    failures = fail_five_times(phone)
    sixth = log_in(APIClient(), phone, PASSWORD)

    # then
    assert [r.status_code for r in failures] == [400, 400, 400, 400, 429]
    assert [r.json()["code"] for r in failures] == ["login_failed"] * 4 + ["account_locked"]
    assert sixth.status_code == 429
    assert sixth.json()["code"] == "account_locked"


def test_lockout_answers_do_not_reveal_whether_the_number_is_registered(user):
    # when
    registered = [*fail_five_times(PHONE), log_in(APIClient(), PHONE, PASSWORD)]
    unknown = [*fail_five_times(UNKNOWN_PHONE), log_in(APIClient(), UNKNOWN_PHONE, PASSWORD)]

    # then
    assert [(r.status_code, r.content) for r in registered] == [(r.status_code, r.content) for r in unknown]


def test_the_locked_account_starts_no_session(user):
    # given
    fail_five_times(PHONE)
    client = APIClient()

    # when
    log_in(client)

    # then
    assert session_key(client) is None
    assert client.get(ME_URL).status_code == 401
    user.refresh_from_db()
    assert user.last_login is None


def test_spelling_the_number_differently_does_not_reset_the_failure_count(user):
    # given
    spellings = [PHONE, "+86 13800138000", "138-0013-8000", "0086 138 0013 8000", "86 13800138000"]

    # when
    failures = [log_in(APIClient(), spelling, "wrong-password-1") for spelling in spellings]
    right = log_in(APIClient(), "+8613800138000", PASSWORD)

    # then
    assert failures[-1].json()["code"] == "account_locked"
    assert right.status_code == 429


def test_the_token_endpoint_honours_the_same_lock(user):
    # given
    fail_five_times(PHONE)

    # when
    response = APIClient().post(TOKEN_URL, {"phone": PHONE, "password": PASSWORD}, format="json")

    # then
    assert response.status_code == 429
    assert response.json()["code"] == "account_locked"
    assert not Token.objects.exists()


def test_the_lock_expires_after_the_lockout_window(user):
    # given
    window = settings.LOGIN_LOCKOUT_WINDOW
    with time_machine.travel(datetime(2026, 3, 2, 9, 0, tzinfo=UTC), tick=False) as traveller:
        fail_five_times(PHONE)

        # when
        traveller.shift(window - timedelta(seconds=1))
        just_before = log_in(APIClient())
        traveller.shift(timedelta(seconds=2))
        just_after = log_in(APIClient())

    # then
    assert just_before.status_code == 429
    assert just_after.status_code == 200


def test_a_success_clears_earlier_failures(user):
    # given
    for _attempt in range(4):
        log_in(APIClient(), password="wrong-password-1")
    log_in(APIClient())

    # when
    after = [log_in(APIClient(), password="wrong-password-1") for _attempt in range(4)]

    # then
    assert [r.json()["code"] for r in after] == ["login_failed"] * 4


def test_the_login_throttle_limits_guessing_across_many_numbers(db, settings):
    # given: a credential-stuffing run that never repeats a number, so per-number lockout never fires
    limit = int(settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["login"].split("/")[0])
    phones = [f"1390000{n:04d}" for n in range(limit + 1)]

    # when
    responses = [log_in(APIClient(), phone, "wrong-password-1") for phone in phones]

    # then
    assert [r.status_code for r in responses] == [400] * limit + [429]
    assert responses[-1].json()["code"] == "throttled"


# Tokens


def test_the_token_endpoint_returns_a_token_that_authenticates(user):
    # given
    client = APIClient()

    # when
    response = client.post(TOKEN_URL, {"phone": "+86 13800138000", "password": PASSWORD}, format="json")
    me = client_with_token(response.json()["token"]).get(ME_URL)

    # then
    assert response.status_code == 200
    assert response.json() == {"token": Token.objects.get(user=user).key}
    assert session_key(client) is None  # a token login starts no session
    assert me.status_code == 200
    assert me.json()["id"] == user.pk


def test_the_token_endpoint_refuses_a_wrong_password(user):
    # when
    response = APIClient().post(TOKEN_URL, {"phone": PHONE, "password": "wrong-password-1"}, format="json")

    # then
    assert response.status_code == 400
    assert response.json()["code"] == "login_failed"
    assert not Token.objects.exists()


def test_a_made_up_token_is_refused(user):
    # when
    response = client_with_token("0" * 40).get(ME_URL)

    # then
    assert response.status_code == 401
    assert response.json()["code"] == "authentication_failed"


# Logging out


def test_logout_ends_the_session_and_revokes_the_token(user):
    # given
    client = APIClient()
    log_in(client)
    old_session = session_key(client)
    token = client.post(TOKEN_URL, {"phone": PHONE, "password": PASSWORD}, format="json").json()["token"]

    # when
    response = client.post(LOGOUT_URL)

    # then
    assert response.status_code == 204
    assert client.get(ME_URL).status_code == 401
    assert client_with_session(old_session).get(ME_URL).status_code == 401  # replayed cookie
    assert client_with_token(token).get(ME_URL).status_code == 401  # replayed token
    assert not Token.objects.filter(user=user).exists()
    assert SessionStore().exists(old_session) is False


def test_logout_with_a_token_revokes_it(user):
    # given
    token = APIClient().post(TOKEN_URL, {"phone": PHONE, "password": PASSWORD}, format="json").json()["token"]
    client = client_with_token(token)

    # when
    response = client.post(LOGOUT_URL)

    # then
    assert response.status_code == 204
    assert client.get(ME_URL).status_code == 401
    assert not Token.objects.exists()


def test_anonymous_logout_is_refused(db):
    # when
    response = APIClient().post(LOGOUT_URL)

    # then
    assert response.status_code == 401
    assert not AuditEvent.objects.exists()


# Changing the password


def test_a_wrong_old_password_is_refused(user, client_for):
    # given
    before = password_hash(user)

    # when
    response = client_for(user).post(
        PASSWORD_URL, {"old_password": "wrong-password-1", "new_password": NEW_PASSWORD}, format="json"
    )

    # then
    assert response.status_code == 400
    assert response.json()["code"] == "invalid_password"
    assert [(e["field"], e["code"]) for e in response.json()["errors"]] == [("old_password", "invalid_password")]
    assert password_hash(user) == before


@pytest.mark.parametrize("weak", ["short1", "password123", "12345678", "13800138000"])
def test_a_weak_new_password_is_refused(user, client_for, weak):
    # given
    before = password_hash(user)

    # when
    response = client_for(user).post(PASSWORD_URL, {"old_password": PASSWORD, "new_password": weak}, format="json")

    # then
    assert response.status_code == 400
    assert response.json()["code"] == "weak_password"
    assert [(e["field"], e["code"]) for e in response.json()["errors"]] == [("new_password", "weak_password")]
    assert password_hash(user) == before


@pytest.mark.parametrize(
    "strong", ["密码很长也可以用中文写的", "x" * 64 + "!", "y" * 127 + "z"], ids=["unicode", "65", "128"]
)
def test_long_and_unicode_passwords_are_accepted(user, client_for, strong):
    # when
    response = client_for(user).post(PASSWORD_URL, {"old_password": PASSWORD, "new_password": strong}, format="json")

    # then
    assert response.status_code == 204
    user.refresh_from_db()
    assert user.check_password(strong)


def test_changing_the_password_ends_other_sessions_and_the_token_but_keeps_this_one(user):
    # given
    this_client, other_client = APIClient(), APIClient()
    log_in(this_client)
    log_in(other_client)
    token = APIClient().post(TOKEN_URL, {"phone": PHONE, "password": PASSWORD}, format="json").json()["token"]

    # when
    response = this_client.post(PASSWORD_URL, {"old_password": PASSWORD, "new_password": NEW_PASSWORD}, format="json")

    # then
    assert response.status_code == 204
    assert this_client.get(ME_URL).status_code == 200
    assert other_client.get(ME_URL).status_code == 401
    assert client_with_token(token).get(ME_URL).status_code == 401
    assert not Token.objects.filter(user=user).exists()
    assert log_in(APIClient(), PHONE, PASSWORD).status_code == 400
    assert log_in(APIClient(), PHONE, NEW_PASSWORD).status_code == 200


def test_an_unknown_field_in_a_password_change_is_refused(user, client_for):
    # given
    before = password_hash(user)

    # when
    response = client_for(user).post(
        PASSWORD_URL,
        {"old_password": PASSWORD, "new_password": NEW_PASSWORD, "user": user.pk + 1},
        format="json",
    )

    # then
    assert response.status_code == 400
    assert [(e["field"], e["code"]) for e in response.json()["errors"]] == [("user", "unknown_field")]
    assert password_hash(user) == before


# Inactive accounts


def test_an_inactive_users_session_and_token_stop_working(user, client_for):
    # given
    session_client = client_for(user)
    token = APIClient().post(TOKEN_URL, {"phone": PHONE, "password": PASSWORD}, format="json").json()["token"]
    user.is_active = False
    user.save(update_fields=["is_active"])

    # when
    by_session = session_client.get(ME_URL)
    by_token = client_with_token(token).get(ME_URL)

    # then
    assert by_session.status_code == 401
    assert by_token.status_code == 401


# The audit trail


def test_authentication_events_are_audited_without_personal_data(user, client_for):
    # given
    client = APIClient()
    log_in(client)  # login_succeeded
    client.post(PASSWORD_URL, {"old_password": "wrong-password-1", "new_password": NEW_PASSWORD}, format="json")
    client.post(PASSWORD_URL, {"old_password": PASSWORD, "new_password": NEW_PASSWORD}, format="json")
    client.post(LOGOUT_URL)
    fail_five_times(PHONE)  # 5 × login_failed, the last one locking
    log_in(APIClient(), PHONE, NEW_PASSWORD)  # login_locked
    UserFactory(phone="13512345678", name="吴十")

    # when
    events = list(AuditEvent.objects.order_by("id"))

    # then
    assert [(e.action, e.outcome, e.actor_id) for e in events] == [
        ("login_succeeded", "success", user.pk),
        ("password_change", "failure", user.pk),
        ("password_change", "success", user.pk),
        ("logout", "success", user.pk),
        *[("login_failed", "failure", None)] * 5,
        ("login_locked", "denied", None),
    ]
    assert {e.ip for e in events} == {"127.0.0.1"}
    # the targeted account is named by its id, never by its number
    assert [e.detail for e in events if e.action == "login_failed"] == [{"locked": False, "account": user.pk}] * 4 + [
        {"locked": True, "account": user.pk}
    ]
    assert [e.detail for e in events if e.action == "login_locked"] == [{"account": user.pk}]
    assert events[0].detail == {"method": "session"}
    dump = json.dumps(list(AuditEvent.objects.values()), default=str, ensure_ascii=False)
    assert MOBILE.search(dump) is None
    assert ID_NUMBER.search(dump) is None
    assert PASSWORD not in dump
    assert NEW_PASSWORD not in dump


def test_a_token_login_is_audited_as_such(user):
    # when
    APIClient().post(TOKEN_URL, {"phone": PHONE, "password": PASSWORD}, format="json")

    # then
    event = AuditEvent.objects.get()
    assert (event.action, event.actor, event.detail, event.ip) == (
        "login_succeeded",
        user,
        {"method": "token"},
        "127.0.0.1",
    )
