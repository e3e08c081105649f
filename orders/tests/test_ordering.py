"""Ordering (点单): residents from the menu or with a need of their own, community workers and patrols; the
center nearest above the community gets the order; the resident's number is masked, encrypted and, when the
platform asks for it, confirmed with a texted one-time code."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from rest_framework.throttling import SimpleRateThrottle

from core.models import Notice
from orders import services
from orders.exceptions import ContactPhoneRequired
from orders.models import (
    PhoneVerification,
    ServiceItem,
    ServiceOrder,
    StatusChange,
    contact_phone_hash,
    tracking_token_hash,
)
from orders.tests.builders import RESIDENT_PHONE
from orders.tests.factories import ServiceItemFactory

CREATE = "/api/v1/resident-orders/"
CODES = "/api/v1/order-verification-codes/"


def resident_payload(world, **fields) -> dict:
    payload = {
        "community": world.community_a1.pk,
        "address": "科南社区3号楼2单元",
        "title": "教老人用智能手机",
        "description": "想学会和孙子视频通话",
        "contact_name": "赵大妈",
        "contact_phone": RESIDENT_PHONE,
    }
    return {**payload, **fields}


def test_a_resident_orders_and_gets_the_secret_tracking_link(
    world, client_for, sms, django_capture_on_commit_callbacks
):
    # when
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(None).post(CREATE, resident_payload(world), format="json")

    # then
    assert response.status_code == 201, response.content
    body = response.json()
    order = ServiceOrder.objects.get()
    token = body["tracking_token"]
    assert re.fullmatch(r"[A-Za-z0-9_-]{22}", token)
    assert order.tracking_token_hash == tracking_token_hash(token)
    assert (body["status"], body["title"], body["center"]["name"]) == (
        "submitted",
        "教老人用智能手机",
        "中关村街道新时代文明实践所",
    )
    assert (body["contact_name"], body["contact_phone"], body["served_by"]) == ("赵大妈", "159****1234", None)
    assert [(row["action"], row["status"], row["actor_role"]) for row in body["history"]] == [
        ("created", "submitted", "resident")
    ]
    assert (order.source, order.category, order.created_by) == ("resident", "other", None)
    assert order.due_at is not None and order.due_at > timezone.now()
    (to_resident,) = [text for phone, text in sms if phone == RESIDENT_PHONE]
    assert f"/track/{token}" in to_resident
    assert list(Notice.objects.values_list("user", "subject")) == [
        (world.users["coordinator"].pk, "New service order: 教老人用智能手机")
    ]


def test_the_residents_number_is_encrypted_at_rest_and_found_by_its_keyed_hash(world, client_for):
    # when
    client_for(None).post(CREATE, resident_payload(world), format="json")

    # then
    with connection.cursor() as cursor:
        cursor.execute("SELECT contact_phone, tracking_token FROM orders_serviceorder")
        stored_phone, stored_token = cursor.fetchone()
    order = ServiceOrder.objects.get()
    assert RESIDENT_PHONE not in stored_phone and order.tracking_token not in stored_token
    assert order.contact_phone == RESIDENT_PHONE
    assert order.contact_phone_hash == contact_phone_hash(RESIDENT_PHONE) != RESIDENT_PHONE


def test_an_order_from_the_menu_takes_the_entrys_name_and_category(world, client_for):
    # given
    item = ServiceItemFactory(center=world.institute_a, name="法律咨询", category="legal")

    # when
    response = client_for(None).post(CREATE, resident_payload(world, service_item=item.pk, title=""), format="json")

    # then
    assert response.status_code == 201, response.content
    order = ServiceOrder.objects.get()
    assert (order.service_item, order.title, order.category) == (item, "法律咨询", "legal")


@pytest.mark.parametrize(
    ("centers", "expected"),
    [
        (["station"], "科南社区新时代文明实践站"),
        ([], "中关村街道新时代文明实践所"),
    ],
)
def test_the_order_goes_to_the_nearest_center_above_the_community(world, client_for, request, centers, expected):
    # given
    for name in centers:
        request.getfixturevalue(f"{name}_a1")

    # when
    response = client_for(None).post(CREATE, resident_payload(world), format="json")

    # then
    assert response.json()["center"]["name"] == expected
    assert ServiceOrder.objects.get().center.name == expected


@pytest.mark.parametrize(
    ("change", "field", "code"),
    [
        ({"community": "street"}, "community", "not_a_community"),
        ({"title": ""}, "title", "required"),
        ({"contact_phone": "1234"}, "contact_phone", "invalid_phone"),
        ({"source": "patrol"}, "source", "unknown_field"),
        ({"preferred_start": "2027-01-02T10:00:00+08:00", "preferred_end": "2027-01-02T09:00:00+08:00"},
         "preferred_end", "invalid_times"),
    ],
)  # fmt: skip
def test_bad_orders_are_refused_with_the_field_and_nothing_is_stored(world, client_for, change, field, code):
    # given
    if change.get("community") == "street":
        change = {"community": world.street_a.pk}

    # when
    response = client_for(None).post(CREATE, resident_payload(world, **change), format="json")

    # then
    assert response.status_code == 400
    assert [(error["field"], error["code"]) for error in response.json()["errors"]] == [(field, code)]
    assert ServiceOrder.objects.count() == 0


@pytest.mark.parametrize("kind", ["another street's", "withdrawn"])
def test_a_menu_entry_the_community_cannot_order_is_refused(world, client_for, kind):
    # given
    if kind == "withdrawn":
        item = ServiceItemFactory(center=world.institute_a, active=False)
    else:
        item = ServiceItemFactory(center=world.institute_b)

    # when
    response = client_for(None).post(CREATE, resident_payload(world, service_item=item.pk), format="json")

    # then
    assert response.status_code == 400
    assert response.json()["code"] == "item_not_offered"
    assert ServiceOrder.objects.count() == 0


def test_the_menu_of_a_community_is_that_of_the_centers_serving_it(world, client_for, station_a1, district_center):
    # given
    wanted = {
        ServiceItemFactory(center=station_a1, name="四点半课堂").pk,
        ServiceItemFactory(center=world.institute_a, name="背街小巷清洁").pk,
        ServiceItemFactory(center=district_center, name="法律咨询").pk,
    }
    ServiceItemFactory(center=world.institute_b, name="健康义诊")
    ServiceItemFactory(center=world.institute_a, name="已下架", active=False)

    # when
    response = client_for(None).get(f"/api/v1/service-items/?community={world.community_a1.pk}")

    # then
    assert {row["id"] for row in response.json()["results"]} == wanted


def test_a_community_worker_records_an_order_for_a_resident_without_a_phone(world, client_for, coordinator):
    # when
    response = client_for(coordinator).post(
        "/api/v1/service-orders/",
        {"community": world.community_a2.pk, "address": "知春里社区东门", "title": "楼道堆物清理", "source": "patrol"},
        format="json",
    )

    # then
    assert response.status_code == 201, response.content
    order = ServiceOrder.objects.get()
    assert (order.source, order.created_by, order.contact_phone, order.contact_phone_hash) == (
        "patrol",
        coordinator,
        "",
        "",
    )
    assert list(order.history.values_list("action", "actor", "actor_role")) == [("created", coordinator.pk, "staff")]


def test_staff_cannot_record_orders_outside_their_area(world, client_for):
    # when
    response = client_for(world.users["other_coordinator"]).post(
        "/api/v1/service-orders/",
        {"community": world.community_a1.pk, "address": "科南社区", "title": "楼道堆物清理"},
        format="json",
    )

    # then
    assert response.status_code == 403
    assert ServiceOrder.objects.count() == 0


# One-time codes (ORDER_OTP_REQUIRED)


@pytest.fixture
def codes_required(settings, sms):
    settings.ORDER_OTP_REQUIRED = True
    return sms


def request_code(client, phone: str = RESIDENT_PHONE):
    return client.post(CODES, {"phone": phone}, format="json")


def texted_code(sms) -> str:
    return re.search(r"\b([0-9]{6})\b", sms[-1][1]).group(1)


def test_with_codes_off_nothing_is_sent_and_none_is_needed(world, client_for, sms):
    # when
    response = request_code(client_for(None))

    # then
    assert response.status_code == 200
    assert response.json() == {"required": False, "expires_in": None}
    assert (sms, PhoneVerification.objects.count()) == ([], 0)


def test_the_texted_code_lets_the_resident_order_once(world, client_for, codes_required):
    # given
    client = client_for(None)
    assert request_code(client).json() == {"required": True, "expires_in": 600}
    code = texted_code(codes_required)

    # when
    first = client.post(CREATE, resident_payload(world, code=code), format="json")
    again = client.post(CREATE, resident_payload(world, code=code), format="json")

    # then
    assert first.status_code == 201, first.content
    assert (again.status_code, again.json()["code"]) == (400, "bad_verification_code")
    assert ServiceOrder.objects.count() == 1
    assert PhoneVerification.objects.get().used_at is not None


def test_codes_are_stored_as_keyed_hashes_only(world, client_for, codes_required):
    # when
    request_code(client_for(None))

    # then
    code = texted_code(codes_required)
    verification = PhoneVerification.objects.get()
    assert RESIDENT_PHONE not in verification.phone_hash and code not in verification.code_hash
    assert len(verification.code_hash) == 64


def test_without_the_code_the_order_is_refused(world, client_for, codes_required):
    # when
    response = client_for(None).post(CREATE, resident_payload(world), format="json")

    # then
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "code"
    assert response.json()["code"] == "verification_required"
    assert ServiceOrder.objects.count() == 0


def test_a_wrong_code_is_refused_and_five_wrong_codes_spend_the_right_one(world, client_for, codes_required):
    # given
    client = client_for(None)
    request_code(client)
    code = texted_code(codes_required)
    wrong = f"{(int(code) + 1) % 1_000_000:06d}"

    # when
    refusals = [client.post(CREATE, resident_payload(world, code=wrong), format="json") for _ in range(5)]
    right = client.post(CREATE, resident_payload(world, code=code), format="json")

    # then
    assert {(r.status_code, r.json()["code"]) for r in refusals} == {(400, "bad_verification_code")}
    assert (right.status_code, right.json()["code"]) == (400, "bad_verification_code")
    assert ServiceOrder.objects.count() == 0
    assert PhoneVerification.objects.get().used_at is None


def test_an_expired_code_is_refused(world, client_for, codes_required):
    # given
    client = client_for(None)
    with time_machine.travel(timezone.now(), tick=False) as clock:
        request_code(client)
        code = texted_code(codes_required)

        # when
        clock.shift(timedelta(minutes=10, seconds=1))
        response = client.post(CREATE, resident_payload(world, code=code), format="json")

    # then
    assert (response.status_code, response.json()["code"]) == (400, "bad_verification_code")
    assert ServiceOrder.objects.count() == 0


def test_a_code_for_another_number_is_refused(world, client_for, codes_required):
    # given
    client = client_for(None)
    request_code(client, "13911112222")
    code = texted_code(codes_required)

    # when
    response = client.post(CREATE, resident_payload(world, code=code), format="json")

    # then
    assert (response.status_code, response.json()["code"]) == (400, "bad_verification_code")
    assert ServiceOrder.objects.count() == 0


def test_at_most_five_codes_an_hour_go_to_one_number(world, client_for, codes_required, throttle_rates):
    # given
    throttle_rates(order="1000/min")
    client = client_for(None)
    with time_machine.travel(timezone.now(), tick=False) as clock:
        sent = [request_code(client).status_code for _ in range(5)]

        # when
        refused = request_code(client)
        clock.shift(timedelta(minutes=59))
        still_refused = request_code(client)
        clock.shift(timedelta(minutes=1, seconds=1))
        after_an_hour = request_code(client)

    # then
    assert sent == [200] * 5
    assert (refused.status_code, refused.json()["code"]) == (429, "too_many_codes")
    assert still_refused.status_code == 429
    assert after_an_hour.status_code == 200
    assert len(codes_required) == 6
    assert len(PhoneVerification.objects.get().sent_at) == 1  # sends older than an hour are forgotten


@pytest.fixture
def throttle_rates(monkeypatch):
    """Set throttle rates for one test (DRF reads them into the throttle class at import time)."""

    def set_rates(**rates):
        for scope, rate in rates.items():
            monkeypatch.setitem(SimpleRateThrottle.THROTTLE_RATES, scope, rate)

    return set_rates


def test_resident_orders_are_limited_by_their_own_rate(world, client_for, throttle_rates):
    # given
    throttle_rates(anon="1000/min", order="2/min")
    client = client_for(None)
    for _ in range(2):
        assert client.post(CREATE, resident_payload(world), format="json").status_code == 201

    # when
    response = client.post(CREATE, resident_payload(world), format="json")

    # then
    assert (response.status_code, response.json()["code"]) == (429, "throttled")
    assert ServiceOrder.objects.count() == 2
    assert StatusChange.objects.count() == 2


def test_the_order_history_names_no_one_to_the_resident(world, client_for, coordinator, team_a):
    # given
    token = client_for(None).post(CREATE, resident_payload(world), format="json").json()["tracking_token"]
    order = ServiceOrder.objects.get()
    client_for(coordinator).post(reverse("service-order-dispatch", args=[order.pk]), {"team": team_a.pk}, format="json")

    # when
    body = client_for(None).get(f"/api/v1/resident-orders/{token}/").json()

    # then
    assert body["history"] == [
        {"action": "created", "status": "submitted", "at": body["history"][0]["at"], "actor_role": "resident",
         "center": {"id": world.institute_a.pk, "name": "中关村街道新时代文明实践所"}},
        {"action": "dispatched", "status": "dispatched", "at": body["history"][1]["at"], "actor_role": "staff",
         "center": {"id": world.institute_a.pk, "name": "中关村街道新时代文明实践所"}},
    ]  # fmt: skip
    assert "note" not in body["history"][1] and "actor" not in body["history"][1]


def test_an_unknown_tracking_token_is_not_found(world, client_for):
    # when
    response = client_for(None).get("/api/v1/resident-orders/AAAAAAAAAAAAAAAAAAAAAA/")

    # then
    assert (response.status_code, response.json()["code"]) == (404, "not_found")


def test_a_menu_entry_taken_off_the_menu_is_hidden_from_residents_but_not_from_its_staff(world, client_for):
    # given
    item = ServiceItemFactory(center=world.institute_a, name="四点半课堂")
    coordinator = client_for(world.users["coordinator"])

    # when
    response = coordinator.patch(f"/api/v1/service-items/{item.pk}/", {"active": False}, format="json")

    # then
    assert (response.status_code, response.json()["active"]) == (200, False)
    assert client_for(None).get(f"/api/v1/service-items/{item.pk}/").status_code == 404
    assert [row["id"] for row in coordinator.get("/api/v1/service-items/").json()["results"]] == [item.pk]


def test_a_residents_order_without_a_number_is_refused_by_the_service_too(world):
    # when
    with pytest.raises(ContactPhoneRequired):
        services.place_order(community=world.community_a1, address="科南社区", title="楼道堆物清理", contact_phone="")

    # then
    assert ServiceOrder.objects.count() == 0


def test_a_menu_holds_one_service_of_a_name(world, client_for):
    # given
    ServiceItemFactory(center=world.institute_a, name="法律咨询")

    # when
    response = client_for(world.users["coordinator"]).post(
        "/api/v1/service-items/",
        {"center": world.institute_a.pk, "name": "法律咨询", "category": "legal"},
        format="json",
    )

    # then
    assert (response.status_code, response.json()["code"]) == (409, "item_name_taken")
    assert ServiceItem.objects.count() == 1
