"""The one error shape, everywhere: {"code", "message", "errors": [{"field", "code", "message"}]}.

Chinese by default, English with `Accept-Language: en`; no 500 for bad input; no existence oracle.
"""

import json
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from rest_framework.throttling import SimpleRateThrottle

from accounts.models import Membership
from accounts.tests.factories import UserFactory
from areas.tests.factories import AreaFactory
from campaigns import services as campaign_services
from campaigns.models import Campaign
from campaigns.tests.factories import CampaignFactory, EventFactory, RegistrationFactory
from partners.models import Partner
from partners.tests.factories import AgreementFactory
from volunteers import services as volunteer_services

NEVER = 987_654_321  # an id no row has


def assert_error_shape(response, status: int, code: str | None = None) -> dict:
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"code", "message", "errors"}, body
    assert isinstance(body["code"], str) and body["code"]
    assert isinstance(body["message"], str) and body["message"]
    assert isinstance(body["errors"], list)
    for item in body["errors"]:
        assert set(item) == {"field", "code", "message"}, item
    if code is not None:
        assert body["code"] == code, body
    return body


@pytest.fixture
def fail_on_purpose(monkeypatch):
    """The public skills list raises an unexpected error carrying things a response must never show."""

    def explode():
        raise RuntimeError("SELECT secret FROM volunteers_volunteer -- /work/main/volunteers/selectors.py")

    monkeypatch.setattr("volunteers.api.views.skills_list", explode)


@pytest.fixture
def throttle_rates(monkeypatch):
    """Set throttle rates for one test (DRF reads them into the throttle class at import time)."""

    def set_rates(**rates):
        for scope, rate in rates.items():
            monkeypatch.setitem(SimpleRateThrottle.THROTTLE_RATES, scope, rate)

    return set_rates


# Each kind of error: name → (persona, status, code, request); a request is (method, url, body, content type).


def error_requests(world) -> dict[str, tuple[str, int, str, tuple]]:
    agreements = reverse("partner-agreement-list", kwargs={"partner_id": world.partner_x.pk})
    return {
        "401": ("anonymous", 401, "not_authenticated", ("GET", "/api/v1/volunteers/", None, None)),
        "403": ("volunteer", 403, "permission_denied", ("GET", "/api/v1/audit-events/", None, None)),
        "404": ("district_admin", 404, "not_found", ("GET", f"/api/v1/volunteers/{NEVER}/", None, None)),
        "404 unknown URL": ("anonymous", 404, "not_found", ("GET", "/api/v1/no-such-thing/", None, None)),
        "404 page": ("anonymous", 404, "not_found", ("GET", "/api/v1/areas/?page=abc", None, None)),
        "405": ("district_admin", 405, "method_not_allowed", ("PUT", "/api/v1/areas/", "{}", "application/json")),
        "400": ("district_admin", 400, "invalid", ("POST", agreements, json.dumps(BAD_AGREEMENT), "application/json")),
        "400 parse": ("anonymous", 400, "parse_error",
                      ("POST", "/api/v1/auth/login/", '{"phone": ', "application/json")),
        "415": ("anonymous", 415, "unsupported_media_type",
                ("POST", "/api/v1/auth/login/", "phone=1&password=2", "application/x-www-form-urlencoded")),
    }  # fmt: skip


ERROR_KINDS = ["401", "403", "404", "404 unknown URL", "404 page", "405", "400", "400 parse", "415"]
BAD_AGREEMENT = {
    "title": "",
    "starts_on": "not a date",
    "ends_on": "2027-12-31",
    "commitments": [{"kind": "volunteer_hours", "quantity": "10"}, {"kind": "nonsense", "quantity": "0"}],
}


def send(client, request, **headers):
    method, url, body, content_type = request
    extra = {"content_type": content_type} if content_type else {}
    return client.generic(method, url, body or "", **extra, **headers)


@pytest.mark.parametrize("kind", ERROR_KINDS)
def test_every_error_has_the_one_shape(world, client_for, kind):
    persona, status, code, request = error_requests(world)[kind]

    assert_error_shape(send(client_for(world.users[persona]), request), status, code)


@pytest.mark.parametrize("kind", ERROR_KINDS)
def test_messages_are_chinese_by_default_and_english_on_request(world, client_for, kind):
    persona, status, code, request = error_requests(world)[kind]
    client = client_for(world.users[persona])

    chinese = assert_error_shape(send(client, request), status, code)
    english = assert_error_shape(send(client, request, HTTP_ACCEPT_LANGUAGE="en"), status, code)

    assert chinese["message"] != english["message"]
    assert any("\u4e00" <= char <= "\u9fff" for char in chinese["message"]), chinese["message"]
    assert english["message"].isascii(), english["message"]
    for zh_item, en_item in zip(chinese["errors"], english["errors"], strict=True):
        assert (zh_item["field"], zh_item["code"]) == (en_item["field"], en_item["code"])
        assert zh_item["message"] != en_item["message"] and en_item["message"].isascii(), (zh_item, en_item)


def test_validation_errors_name_each_field_by_its_path(world, client_for):
    client = client_for(world.users["district_admin"])
    url = reverse("partner-agreement-list", kwargs={"partner_id": world.partner_x.pk})

    body = assert_error_shape(client.post(url, BAD_AGREEMENT, format="json"), 400, "invalid")

    fields = {item["field"]: item["code"] for item in body["errors"]}
    assert fields == {
        "title": "blank",
        "starts_on": "invalid",
        "commitments.1.kind": "invalid_choice",
        "commitments.1.quantity": "min_value",
    }
    assert not world.partner_x.agreements.exists()


def test_an_error_in_a_list_item_names_its_index(world, client_for):
    client = client_for(world.users["volunteer"])

    response = client.patch("/api/v1/volunteers/me/", {"availability": ["mon-morning", "someday"]}, format="json")

    body = assert_error_shape(response, 400, "invalid")
    assert [(item["field"], item["code"]) for item in body["errors"]] == [("availability.1", "invalid_choice")]


def test_unknown_fields_are_refused_by_name(world, client_for):
    client = client_for(world.users["partner_admin"])
    url = reverse("partner-detail", kwargs={"partner_id": world.partner_x.pk})

    body = assert_error_shape(client.patch(url, {"status": "approved"}, format="json"), 400, "invalid")

    assert body["errors"] == [{"field": "status", "code": "unknown_field", "message": body["errors"][0]["message"]}]


def test_method_not_allowed_names_the_allowed_methods(world, client_for):
    for method in ("PUT", "TRACE", "PROPFIND"):
        response = client_for(None).generic(method, "/api/v1/skills/")
        assert_error_shape(response, 405, "method_not_allowed")
        assert "GET" in response["Allow"] and method not in response["Allow"]


def test_throttled_requests_get_429_with_retry_after(world, client_for, throttle_rates):
    throttle_rates(anon="3/min")
    client = client_for(None)
    for _ in range(3):
        assert client.get("/api/v1/skills/").status_code == 200

    chinese = assert_error_shape(client.get("/api/v1/skills/"), 429, "throttled")
    english = client.get("/api/v1/skills/", HTTP_ACCEPT_LANGUAGE="en")

    assert 0 < int(english["Retry-After"]) <= 60
    assert chinese["message"] != english.json()["message"] and english.json()["message"].isascii()


def test_sign_ups_are_throttled_by_their_own_rate(world, client_for, throttle_rates):
    throttle_rates(anon="1000/min", signup="2/min")
    client = client_for(None)
    for _ in range(2):
        assert client.post("/api/v1/volunteers/", {}, format="json").status_code == 400

    assert_error_shape(client.post("/api/v1/volunteers/", {}, format="json"), 429, "throttled")


def test_login_attempts_are_throttled_by_their_own_rate(world, client_for, throttle_rates):
    throttle_rates(anon="1000/min", login="2/min")
    client = client_for(None)
    for n in range(2):  # different numbers each time: the per-account lockout is not what stops them
        response = client.post("/api/v1/auth/login/", {"phone": f"1391234000{n}", "password": "guess"}, format="json")
        assert response.status_code == 400

    response = client.post("/api/v1/auth/login/", {"phone": "13912340009", "password": "guess"}, format="json")

    assert_error_shape(response, 429, "throttled")


# No existence oracle: an id outside the caller's scope and an id that never existed answer alike.


def hidden_or_missing(world):
    """(persona, method, URL name, kwargs of a real object outside their scope, kwargs of nothing, body)."""
    x, y = world.partner_x, world.partner_y
    member_of_y = Membership.objects.filter(partner=y).first()
    in_y = AgreementFactory(partner=y).pk
    coordinators_role = Membership.objects.get(user=world.users["coordinator"])
    volunteer = world.users["volunteer"].volunteer
    member_of_x = Membership.objects.get(user=world.users["partner_member"])
    in_x = AgreementFactory(partner=x).pk
    new_member = {"phone": UserFactory().phone}
    agreement = {"title": "协议", "starts_on": "2027-01-01", "ends_on": "2027-12-31", "commitments": []}
    draft = CampaignFactory(center=world.institute_a, status=Campaign.Status.DRAFT)
    draft_event = EventFactory(campaign=draft).pk
    public_event = EventFactory(campaign=CampaignFactory(center=world.institute_a))
    place = RegistrationFactory(event=public_event, volunteer=volunteer).pk
    reserved = campaign_services.reserve_places(event=public_event, partner=x, places=1, created_by=None).pk
    record = volunteer_services.adjust_hours(
        volunteer=volunteer, hours=Decimal("2"), served_on=date(2026, 5, 1), reason="补录", created_by=None
    ).pk
    certificate = volunteer_services.issue_certificate(volunteer=volunteer).pk
    return [
        ("other_volunteer", "GET", "volunteer-detail", {"volunteer_id": volunteer.pk}, {"volunteer_id": NEVER}, None),
        ("other_coordinator", "GET", "partner-detail", {"partner_id": x.pk}, {"partner_id": NEVER}, None),
        ("other_coordinator", "PATCH", "partner-detail", {"partner_id": x.pk}, {"partner_id": NEVER},
         {"address": "新地址"}),
        ("other_coordinator", "POST", "partner-approve", {"partner_id": x.pk}, {"partner_id": NEVER}, {}),
        ("other_coordinator", "POST", "partner-reject", {"partner_id": x.pk}, {"partner_id": NEVER},
         {"reason": "不符合条件"}),
        ("other_coordinator", "GET", "partner-member-list", {"partner_id": x.pk}, {"partner_id": NEVER}, None),
        ("other_coordinator", "POST", "partner-member-list", {"partner_id": x.pk}, {"partner_id": NEVER}, new_member),
        ("other_coordinator", "DELETE", "partner-member-detail", {"partner_id": x.pk, "membership_id": member_of_x.pk},
         {"partner_id": NEVER, "membership_id": member_of_x.pk}, None),
        ("partner_admin", "DELETE", "partner-member-detail", {"partner_id": x.pk, "membership_id": member_of_y.pk},
         {"partner_id": x.pk, "membership_id": NEVER}, None),
        ("partner_admin", "POST", "partner-member-confirm", {"partner_id": x.pk, "membership_id": member_of_y.pk},
         {"partner_id": x.pk, "membership_id": NEVER}, None),
        ("other_coordinator", "GET", "partner-agreement-list", {"partner_id": x.pk}, {"partner_id": NEVER}, None),
        ("other_coordinator", "POST", "partner-agreement-list", {"partner_id": x.pk}, {"partner_id": NEVER}, agreement),
        ("other_coordinator", "GET", "partner-agreement-detail", {"partner_id": x.pk, "agreement_id": in_x},
         {"partner_id": NEVER, "agreement_id": in_x}, None),
        ("partner_admin", "GET", "partner-agreement-detail", {"partner_id": x.pk, "agreement_id": in_y},
         {"partner_id": x.pk, "agreement_id": NEVER}, None),
        ("partner_admin", "PATCH", "partner-agreement-detail", {"partner_id": x.pk, "agreement_id": in_y},
         {"partner_id": x.pk, "agreement_id": NEVER}, {"title": "改"}),
        ("volunteer", "DELETE", "membership-detail", {"membership_id": coordinators_role.pk},
         {"membership_id": NEVER}, None),
        ("other_coordinator", "GET", "volunteer-service-records", {"volunteer_id": volunteer.pk},
         {"volunteer_id": NEVER}, None),
        ("other_coordinator", "POST", "service-record-reverse", {"record_id": record}, {"record_id": NEVER},
         {"reason": "重复"}),
        ("other_volunteer", "GET", "volunteer-me-certificate-document", {"certificate_id": certificate},
         {"certificate_id": NEVER}, None),
        ("anonymous", "GET", "campaign-detail", {"campaign_id": draft.pk}, {"campaign_id": NEVER}, None),
        ("anonymous", "GET", "campaign-calendar", {"campaign_id": draft.pk}, {"campaign_id": NEVER}, None),
        ("volunteer", "GET", "campaign-event-list", {"campaign_id": draft.pk}, {"campaign_id": NEVER}, None),
        ("other_coordinator", "POST", "campaign-publish", {"campaign_id": draft.pk}, {"campaign_id": NEVER}, None),
        ("anonymous", "GET", "event-detail", {"event_id": draft_event}, {"event_id": NEVER}, None),
        ("volunteer", "POST", "event-registration-list", {"event_id": draft_event}, {"event_id": NEVER}, {}),
        ("volunteer", "POST", "event-check-in", {"event_id": draft_event}, {"event_id": NEVER}, {"code": "123456"}),
        ("other_volunteer", "GET", "registration-detail", {"registration_id": place}, {"registration_id": NEVER},
         None),
        ("other_volunteer", "POST", "registration-cancel", {"registration_id": place}, {"registration_id": NEVER},
         None),
        ("other_coordinator", "POST", "registration-check-in", {"registration_id": place},
         {"registration_id": NEVER}, None),
        ("partner_member", "POST", "reservation-release", {"reservation_id": reserved},
         {"reservation_id": NEVER}, {"places": 1}),
    ]  # fmt: skip


def test_no_existence_oracle(world, client_for):
    answers_differ = []
    for persona, method, name, hidden, missing, payload in hidden_or_missing(world):
        client = client_for(world.users[persona])
        call = getattr(client, method.lower())

        for_hidden = call(reverse(name, kwargs=hidden), payload, format="json")
        for_missing = call(reverse(name, kwargs=missing), payload, format="json")

        assert_error_shape(for_hidden, for_hidden.status_code)
        if (for_hidden.status_code, for_hidden.content) != (for_missing.status_code, for_missing.content):
            answers_differ.append((persona, method, name, for_hidden.status_code, for_missing.status_code))
    assert answers_differ == []
    assert Partner.objects.get(pk=world.partner_x.pk).address == world.partner_x.address


# Pagination and request limits.


def test_page_size_is_capped_at_100(world, client_for):
    AreaFactory.create_batch(110, parent=world.street_a)

    body = client_for(None).get("/api/v1/areas/?page_size=100000").json()

    assert len(body["results"]) == 100
    assert body["count"] == 116 and body["next"]


@pytest.mark.parametrize("page", ["-1", "0", "abc", "99999", "1e3"])
def test_a_page_that_does_not_exist_is_a_404_in_the_error_shape(world, client_for, page):
    assert_error_shape(client_for(None).get(f"/api/v1/areas/?page={page}"), 404, "not_found")


@pytest.mark.parametrize("page_size", ["-1", "0", "abc", "1e3"])
def test_a_nonsense_page_size_falls_back_to_the_default(world, client_for, page_size):
    AreaFactory.create_batch(30, parent=world.street_a)

    response = client_for(None).get(f"/api/v1/areas/?page_size={page_size}")

    assert response.status_code == 200 and len(response.json()["results"]) == 20


def test_a_3_mib_json_body_is_refused_without_a_500(world, client_for):
    body = json.dumps({"phone": "1" * (3 * 1024 * 1024), "password": "x"})

    response = client_for(None).post("/api/v1/auth/login/", body, content_type="application/json")

    assert_error_shape(response, 413, "request_too_large")


def test_a_server_error_reveals_nothing(world, client_for, fail_on_purpose, settings):
    settings.DEBUG = False
    client = client_for(None)
    client.raise_request_exception = False

    chinese = client.get("/api/v1/skills/")
    english = client.get("/api/v1/skills/", HTTP_ACCEPT_LANGUAGE="en")

    body = assert_error_shape(chinese, 500, "server_error")
    assert body["errors"] == []
    for response in (chinese, english):
        text = response.content.decode()
        for leak in ("Traceback", "RuntimeError", "SELECT", "secret", "/work/", ".py", "File "):
            assert leak not in text, leak
    assert english.json()["message"].isascii() and english.json()["message"] != body["message"]


def test_a_page_outside_the_api_keeps_its_html_error_page(world, client_for):
    # pages outside /api/ other than the web app's own (which answers every route) keep Django's HTML
    response = client_for(None).get("/admin/no-such-page/")

    assert response.status_code in (302, 404)
    assert response["Content-Type"].startswith("text/html")
