"""Dispatch (派单) and taking (接单): offers to a team, a partner or volunteers, the board (抢单), escalation up
the levels, declines with a reason, and the refusals: outside one's area, already taken, not one's to take."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Membership
from accounts.tests.factories import MembershipFactory
from core.models import Notice
from orders import services
from orders.models import Offer, ServiceOrder
from orders.sla import deadline
from orders.tests.builders import place, snapshot, taken_by_team
from orders.tests.factories import ServiceItemFactory
from volunteers.tests.factories import SkillFactory, VolunteerFactory


def url(name: str, order) -> str:
    return reverse(name, args=[order.pk])


def test_the_center_dispatches_to_a_team_whose_leader_is_told(
    world, client_for, coordinator, team_a, django_capture_on_commit_callbacks
):
    # given
    order = place(world)

    # when
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(coordinator).post(
            url("service-order-dispatch", order), {"team": team_a.pk, "note": "请周末上门"}, format="json"
        )

    # then
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["status"] == "dispatched"
    assert [(o["to"], o["status"]) for o in body["offers"]] == [
        ({"kind": "team", "id": team_a.pk, "name": "科南社区志愿服务队"}, "offered")
    ]
    last = body["history"][-1]
    assert (last["action"], last["actor"]["id"], last["note"]) == ("dispatched", coordinator.pk, "请周末上门")
    order.refresh_from_db()
    assert order.due_at == deadline("take", order.dispatched_at)
    assert list(
        Notice.objects.filter(subject__startswith="A service order for you").values_list("user", flat=True)
    ) == [world.users["volunteer"].pk]


def test_dispatching_an_order_of_another_area_is_not_found(world, client_for, team_b):
    # given
    order = place(world)
    before = snapshot(order)

    # when
    response = client_for(world.users["other_coordinator"]).post(
        url("service-order-dispatch", order), {"team": team_b.pk}, format="json"
    )

    # then
    assert response.status_code == 404
    assert snapshot(order) == before


@pytest.mark.parametrize(
    ("assignee", "field"),
    [("team_b", "team"), ("partner_y", "partner"), ("other_volunteer", "volunteers")],
)
def test_dispatching_to_someone_outside_the_orders_area_is_refused(
    world, client_for, coordinator, request, assignee, field
):
    # given
    order = place(world)
    payload = {
        "team_b": lambda: {"team": request.getfixturevalue("team_b").pk},
        "partner_y": lambda: {"partner": world.partner_y.pk},
        "other_volunteer": lambda: {"volunteers": [world.users["other_volunteer"].volunteer.pk]},
    }[assignee]()
    before = snapshot(order)

    # when
    response = client_for(coordinator).post(url("service-order-dispatch", order), payload, format="json")

    # then
    assert response.status_code == 400
    assert response.json()["code"] == "assignee_outside_area"
    assert response.json()["errors"][0]["field"] == field
    assert snapshot(order) == before


def test_an_inactive_team_cannot_be_dispatched_to(world, client_for, coordinator, team_a):
    # given
    order = place(world)
    team_a.active = False
    team_a.save()
    before = snapshot(order)

    # when
    response = client_for(coordinator).post(url("service-order-dispatch", order), {"team": team_a.pk}, format="json")

    # then
    assert (response.status_code, response.json()["code"]) == (400, "assignee_not_available")
    assert snapshot(order) == before


def test_a_dispatch_names_exactly_one_kind_of_assignee(world, client_for, coordinator, team_a):
    # given
    order = place(world)
    before = snapshot(order)

    # when
    response = client_for(coordinator).post(
        url("service-order-dispatch", order), {"team": team_a.pk, "partner": world.partner_x.pk}, format="json"
    )

    # then
    assert (response.status_code, response.json()["code"]) == (400, "one_assignee_kind")
    assert snapshot(order) == before


def test_a_station_order_may_go_to_the_institutes_team_and_to_the_streets_volunteers(
    world, client_for, station_a1, team_a
):
    # given: institute A's team covers the community from above; the partner member lives in A2, same street
    order = place(world)
    assert order.center == station_a1

    # when
    to_team = services.dispatch_order(order=order, dispatched_by=world.users["coordinator"], team=team_a)
    to_neighbour = services.dispatch_order(
        order=order, dispatched_by=world.users["coordinator"], volunteers=[world.users["partner_member"].volunteer]
    )

    # then
    assert (to_team.status, to_neighbour.status) == ("dispatched", "dispatched")
    assert list(order.offers.order_by("pk").values_list("team", "volunteer", "status")) == [
        (team_a.pk, None, "withdrawn"),
        (None, world.users["partner_member"].volunteer.pk, "offered"),
    ]


def test_accepting_takes_the_order_and_withdraws_the_other_offers(world, client_for, coordinator):
    # given
    order = services.dispatch_order(
        order=place(world),
        dispatched_by=coordinator,
        volunteers=[world.users["volunteer"].volunteer, world.users["partner_member"].volunteer],
    )
    mine = order.offers.order_by("pk").first()

    # when
    response = client_for(world.users["volunteer"]).post(reverse("order-offer-accept", args=[mine.pk]))

    # then
    assert response.status_code == 200, response.content
    assert (response.json()["status"], response.json()["taker"]["kind"]) == ("accepted", "volunteer")
    order.refresh_from_db()
    assert (order.status, order.volunteer, order.team, order.partner) == (
        "accepted",
        world.users["volunteer"].volunteer,
        None,
        None,
    )
    assert order.due_at == deadline("complete", order.taken_at)
    assert list(order.offers.order_by("pk").values_list("status", flat=True)) == ["accepted", "withdrawn"]
    assert order.history.last().action == "accepted"


def test_accepting_an_offer_after_someone_else_took_the_order_is_refused(world, client_for, coordinator):
    # given
    order = services.dispatch_order(
        order=place(world),
        dispatched_by=coordinator,
        volunteers=[world.users["volunteer"].volunteer, world.users["partner_member"].volunteer],
    )
    mine, theirs = order.offers.order_by("pk")
    services.accept_offer(offer=mine, accepted_by=world.users["volunteer"])
    before = snapshot(order)

    # when
    response = client_for(world.users["partner_member"]).post(reverse("order-offer-accept", args=[theirs.pk]))

    # then
    assert (response.status_code, response.json()["code"]) == (409, "offer_closed")
    assert snapshot(order) == before


def test_declining_with_a_reason_hands_the_order_back_to_the_center(
    world, client_for, coordinator, team_a, django_capture_on_commit_callbacks
):
    # given
    order = services.dispatch_order(order=place(world), dispatched_by=coordinator, team=team_a)
    offer = order.offers.get()

    # when
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(world.users["volunteer"]).post(
            reverse("order-offer-decline", args=[offer.pk]), {"reason": "本周队员都有任务"}, format="json"
        )

    # then
    assert response.status_code == 200, response.content
    assert (response.json()["status"], response.json()["reason"]) == ("declined", "本周队员都有任务")
    order.refresh_from_db()
    declined_at = order.history.last().at
    assert (order.status, order.due_at) == ("submitted", deadline("dispatch", declined_at))
    assert list(order.history.values_list("action", "status", "note"))[-1] == (
        "declined",
        "submitted",
        "本周队员都有任务",
    )
    assert list(Notice.objects.filter(subject__startswith="Offer declined").values_list("user", flat=True)) == [
        coordinator.pk
    ]


def test_declining_needs_a_reason(world, client_for, coordinator, team_a):
    # given
    order = services.dispatch_order(order=place(world), dispatched_by=coordinator, team=team_a)
    before = snapshot(order)

    # when
    response = client_for(world.users["volunteer"]).post(
        reverse("order-offer-decline", args=[order.offers.get().pk]), {}, format="json"
    )

    # then
    assert response.status_code == 400
    assert [e["field"] for e in response.json()["errors"]] == ["reason"]
    assert snapshot(order) == before


def test_only_the_teams_leader_answers_its_offers(world, client_for, coordinator, team_a):
    # given
    order = services.dispatch_order(order=place(world), dispatched_by=coordinator, team=team_a)
    before = snapshot(order)

    # when: a member of the team, not its leader
    response = client_for(world.users["partner_member"]).post(
        reverse("order-offer-accept", args=[order.offers.get().pk])
    )

    # then
    assert response.status_code == 403
    assert snapshot(order) == before


# The board (抢单)


def test_a_published_order_goes_to_the_first_who_takes_it(world, client_for, coordinator):
    # given
    order = services.publish_order(order=place(world), published_by=coordinator)
    first = client_for(world.users["volunteer"]).post(url("service-order-grab", order), {}, format="json")
    before = snapshot(order)

    # when
    second = client_for(world.users["partner_member"]).post(url("service-order-grab", order), {}, format="json")

    # then
    assert first.status_code == 200, first.content
    assert first.json()["taker"] == {"kind": "volunteer", "id": world.users["volunteer"].volunteer.pk, "name": "张三"}
    assert (second.status_code, second.json()["code"]) == (409, "already_taken")
    assert snapshot(order) == before
    assert list(order.history.values_list("action", "status")) == [
        ("created", "submitted"),
        ("published", "published"),
        ("grabbed", "accepted"),
    ]


def test_a_team_leader_takes_a_published_order_for_the_team(world, client_for, coordinator, team_a):
    # given
    order = services.publish_order(order=place(world), published_by=coordinator)

    # when
    response = client_for(world.users["volunteer"]).post(
        url("service-order-grab", order), {"team": team_a.pk}, format="json"
    )

    # then
    assert response.status_code == 200, response.content
    order.refresh_from_db()
    assert (order.status, order.team, order.volunteer) == ("accepted", team_a, None)


def test_a_partner_admin_takes_a_published_order_for_the_partner(world, client_for, coordinator):
    # given
    order = services.publish_order(order=place(world), published_by=coordinator)

    # when
    response = client_for(world.users["partner_admin"]).post(
        url("service-order-grab", order), {"partner": world.partner_x.pk}, format="json"
    )

    # then
    assert response.status_code == 200, response.content
    order.refresh_from_db()
    assert (order.status, order.partner) == ("accepted", world.partner_x)


def test_one_takes_orders_only_for_a_team_one_leads(world, client_for, coordinator, team_a):
    # given
    order = services.publish_order(order=place(world), published_by=coordinator)
    before = snapshot(order)

    # when
    response = client_for(world.users["partner_member"]).post(
        url("service-order-grab", order), {"team": team_a.pk}, format="json"
    )

    # then
    assert (response.status_code, response.json()["code"]) == (403, "not_your_capacity")
    assert snapshot(order) == before


def test_an_order_not_yet_published_cannot_be_taken(world, client_for, coordinator, team_a):
    # given: dispatched to the team, so its leader sees it, but it is not on the board
    order = services.dispatch_order(order=place(world), dispatched_by=coordinator, team=team_a)
    before = snapshot(order)

    # when
    response = client_for(world.users["volunteer"]).post(url("service-order-grab", order), {}, format="json")

    # then
    assert (response.status_code, response.json()["code"]) == (409, "invalid_transition")
    assert snapshot(order) == before


def test_the_board_shows_the_orders_one_could_take(world, client_for, coordinator, team_b):
    # given
    street_a = services.publish_order(order=place(world, world.community_a2), published_by=coordinator)
    street_b = services.publish_order(
        order=place(world, world.community_b1), published_by=world.users["other_coordinator"]
    )
    place(world)  # not published

    # when
    mine = client_for(world.users["volunteer"]).get("/api/v1/service-orders/board/").json()
    theirs = client_for(world.users["other_volunteer"]).get("/api/v1/service-orders/board/").json()

    # then
    assert [row["id"] for row in mine["results"]] == [street_a.pk]
    assert [row["id"] for row in theirs["results"]] == [street_b.pk]
    assert (mine["results"][0]["address"], mine["results"][0]["contact_phone"]) == (None, None)


def test_a_taker_lists_the_orders_they_hold(world, client_for, coordinator, team_a):
    # given
    volunteer = world.users["volunteer"]
    by_team = taken_by_team(world, team_a)
    by_self = services.grab_order(
        order=services.publish_order(order=place(world), published_by=coordinator), grabbed_by=volunteer
    )
    on_board = services.publish_order(order=place(world, world.community_a2), published_by=coordinator)
    by_member = services.grab_order(
        order=services.publish_order(order=place(world), published_by=coordinator),
        grabbed_by=world.users["partner_member"],
    )
    services.dispatch_order(order=place(world), dispatched_by=coordinator, volunteers=[volunteer.volunteer])

    # when
    client = client_for(volunteer)
    held = client.get("/api/v1/service-orders/?held=true").json()["results"]
    others = client.get("/api/v1/service-orders/?held=false&status=published").json()["results"]
    members = client_for(world.users["partner_member"]).get("/api/v1/service-orders/?held=true").json()["results"]

    # then
    assert sorted(row["id"] for row in held) == sorted([by_team.pk, by_self.pk])
    assert [row["id"] for row in others] == [on_board.pk]
    assert [row["id"] for row in members] == [by_member.pk]  # team A's order is its leader's to work on


# Escalation and cancellation


def test_a_level_that_cannot_serve_hands_the_order_up_to_the_top(
    world, client_for, coordinator, station_a1, district_center
):
    # given
    order = place(world)
    assert order.center == station_a1

    # when
    first = client_for(coordinator).post(
        url("service-order-escalate", order), {"reason": "本站暂无志愿者"}, format="json"
    )
    second = client_for(coordinator).post(
        url("service-order-escalate", order), {"reason": "本所无法律志愿者"}, format="json"
    )
    before = snapshot(order)
    at_the_top = client_for(world.users["district_admin"]).post(
        url("service-order-escalate", order), {"reason": "再上交"}, format="json"
    )

    # then
    assert (first.status_code, first.json()["center"]["id"]) == (200, world.institute_a.pk)
    assert (second.status_code, second.json()["center"]["id"]) == (200, district_center.pk)
    assert (at_the_top.status_code, at_the_top.json()["code"]) == (409, "no_higher_level")
    assert snapshot(order) == before
    assert list(order.history.filter(action="escalated").values_list("center", "note")) == [
        (world.institute_a.pk, "本站暂无志愿者"),
        (district_center.pk, "本所无法律志愿者"),
    ]


def test_handing_up_withdraws_the_open_offers(world, coordinator, team_a, district_center):
    # given
    order = services.dispatch_order(order=place(world), dispatched_by=coordinator, team=team_a)

    # when
    services.escalate_order(order=order, escalated_by=coordinator, reason="队员不足")

    # then
    order.refresh_from_db()
    assert (order.status, order.center) == ("submitted", district_center)
    assert list(order.offers.values_list("status", flat=True)) == ["withdrawn"]


def test_an_order_says_whether_the_caller_runs_it_or_works_on_it(world, client_for, coordinator, team_a):
    # given
    order = taken_by_team(world, team_a)

    # when
    seen = {
        name: client_for(world.users[name]).get(url("service-order-detail", order)).json()
        for name in ("coordinator", "volunteer", "partner_member")
    }

    # then
    assert {name: (body["can_manage"], body["is_taker"]) for name, body in seen.items()} == {
        "coordinator": (True, False),
        "volunteer": (False, True),  # team A's leader
        "partner_member": (False, False),  # a member: sees it, the leader works on it
    }


def test_once_handed_up_the_level_below_sees_the_order_but_no_longer_runs_it(world, client_for, station_a1, team_a):
    # given
    station_coordinator = client_for(MembershipFactory(role=Membership.Role.COORDINATOR, center=station_a1).user)
    order = place(world)
    services.escalate_order(order=order, escalated_by=world.users["coordinator"], reason="本站暂无志愿者")
    before = snapshot(order)

    # when
    seen = station_coordinator.get(url("service-order-detail", order))
    dispatched = station_coordinator.post(url("service-order-dispatch", order), {"team": team_a.pk}, format="json")

    # then
    assert (seen.status_code, seen.json()["center"]["id"]) == (200, world.institute_a.pk)
    assert (seen.json()["can_manage"], seen.json()["is_taker"]) == (False, False)
    assert dispatched.status_code == 403
    assert snapshot(order) == before


def test_the_center_cancels_an_open_order_with_a_reason_and_the_resident_is_told(
    world, client_for, coordinator, team_a, sms, django_capture_on_commit_callbacks
):
    # given
    order = services.dispatch_order(order=place(world), dispatched_by=coordinator, team=team_a)

    # when
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(coordinator).post(
            url("service-order-cancel", order), {"reason": "居民已自行解决"}, format="json"
        )

    # then
    assert response.status_code == 200, response.content
    order.refresh_from_db()
    assert (order.status, order.cancel_reason, order.due_at) == ("cancelled", "居民已自行解决", None)
    assert list(order.offers.values_list("status", flat=True)) == ["withdrawn"]
    assert [text for phone, text in sms if phone == order.contact_phone] == [
        "【共建】Your order “教老人用智能手机” was cancelled: 居民已自行解决"
    ]


def test_a_closed_order_cannot_be_dispatched_again(world, client_for, coordinator, team_a):
    # given
    order = services.cancel_order(order=place(world), cancelled_by=coordinator, reason="重复下单")
    before = snapshot(order)

    # when
    response = client_for(coordinator).post(url("service-order-dispatch", order), {"team": team_a.pk}, format="json")

    # then
    assert (response.status_code, response.json()["code"]) == (409, "invalid_transition")
    assert snapshot(order) == before


# Suggestions


def test_suggestions_rank_volunteers_by_the_matching_score_and_teams_by_load(world, client_for, coordinator, team_a):
    # given
    phones = SkillFactory(code="smartphone-help", name="智能手机教学")
    item = ServiceItemFactory(center=world.institute_a)
    item.skills.set([phones])
    skilled = VolunteerFactory(real_name="孙七", home_area=world.community_a1)
    skilled.skills.set([phones])
    VolunteerFactory(real_name="周八", home_area=world.community_b1)  # another street: not suggested
    order = place(world, service_item=item, title="")
    busy = services.dispatch_order(order=place(world), dispatched_by=coordinator, team=team_a)
    services.accept_offer(offer=busy.offers.get(), accepted_by=world.users["volunteer"])

    # when
    response = client_for(coordinator).get(url("service-order-suggestions", order))

    # then
    assert response.status_code == 200
    body = response.json()
    assert body["volunteers"][0]["real_name"] == "孙七"
    assert {row["real_name"] for row in body["volunteers"]} == {"孙七", "张三", "王五"}
    assert [part["name"] for part in body["volunteers"][0]["parts"]] == [
        "skills",
        "proximity",
        "availability",
        "reliability",
        "fairness",
    ]
    assert body["teams"] == [{"id": team_a.pk, "name": "科南社区志愿服务队", "open_orders": 1}]
    assert body["partners"] == [{"id": world.partner_x.pk, "name": "中关村科技有限公司", "open_orders": 0}]


def test_the_offers_of_a_volunteer_list_what_they_were_asked(world, client_for, coordinator):
    # given
    order = services.dispatch_order(
        order=place(
            world,
            preferred_start=timezone.now() + timedelta(days=1),
            preferred_end=timezone.now() + timedelta(days=1, hours=2),
        ),
        dispatched_by=coordinator,
        volunteers=[world.users["volunteer"].volunteer],
    )

    # when
    body = client_for(world.users["volunteer"]).get("/api/v1/order-offers/").json()

    # then
    assert [(row["order"]["id"], row["status"], row["to"]["kind"]) for row in body["results"]] == [
        (order.pk, "offered", "volunteer")
    ]
    assert Offer.objects.get().offered_by == coordinator
    assert ServiceOrder.objects.get().status == "dispatched"


def test_a_retried_take_replays_the_first_answer(world, client_for, coordinator):
    # given
    order = services.publish_order(order=place(world), published_by=coordinator)
    client = client_for(world.users["volunteer"])

    # when
    first = client.post(url("service-order-grab", order), {}, format="json", HTTP_IDEMPOTENCY_KEY="grab-1")
    retry = client.post(url("service-order-grab", order), {}, format="json", HTTP_IDEMPOTENCY_KEY="grab-1")

    # then
    assert (first.status_code, retry.status_code) == (200, 200)
    assert retry["Idempotent-Replayed"] == "true"
    assert retry.content == first.content
    assert order.history.filter(action="grabbed").count() == 1


def test_staff_filter_their_orders_by_status_and_lateness(world, client_for, coordinator):
    # given
    late = place(world)
    ServiceOrder.objects.filter(pk=late.pk).update(overdue=True, missed_deadlines=1)
    published = services.publish_order(order=place(world), published_by=coordinator)
    place(world, world.community_b1)

    # when
    client = client_for(coordinator)
    overdue = client.get("/api/v1/service-orders/?overdue=true").json()["results"]
    on_board = client.get("/api/v1/service-orders/?status=published").json()["results"]
    in_a2 = client.get(f"/api/v1/service-orders/?area={world.community_a2.pk}").json()["results"]

    # then
    assert [(row["id"], row["overdue"], row["missed_deadlines"]) for row in overdue] == [(late.pk, True, 1)]
    assert [row["id"] for row in on_board] == [published.pk]
    assert in_a2 == []
