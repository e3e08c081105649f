"""Rating (评单) through the secret link: once, 1 to 5 with a comment; a low rating opens a follow-up for the
center. And what else the resident does with the link: follow the order, withdraw it while nobody took it."""

import pytest
from django.urls import reverse

from core.models import Notice
from orders import services
from orders.models import FollowUp, Rating, ServiceOrder
from orders.tests.builders import completed, place, snapshot, taken_by_team


def link(order, action: str = "") -> str:
    return f"/api/v1/resident-orders/{order.tracking_token}/{action + '/' if action else ''}"


def test_the_resident_rates_a_completed_order(world, client_for, team_a):
    # given
    order = completed(world, team_a)

    # when
    response = client_for(None).post(link(order, "rating"), {"score": 5, "comment": "很耐心"}, format="json")

    # then
    assert response.status_code == 201, response.content
    assert response.json()["rating"]["score"] == 5
    assert list(Rating.objects.values_list("order", "score", "comment")) == [(order.pk, 5, "很耐心")]
    assert FollowUp.objects.count() == 0
    assert list(order.history.values_list("action", "actor", "actor_role"))[-1] == ("rated", None, "resident")


def test_rating_twice_is_refused_and_the_first_rating_stands(world, client_for, team_a):
    # given
    order = completed(world, team_a)
    client = client_for(None)
    client.post(link(order, "rating"), {"score": 4, "comment": "不错"}, format="json")
    before = snapshot(order)

    # when
    response = client.post(link(order, "rating"), {"score": 1, "comment": "改主意了"}, format="json")

    # then
    assert (response.status_code, response.json()["code"]) == (409, "already_rated")
    assert list(Rating.objects.values_list("score", "comment")) == [(4, "不错")]
    assert snapshot(order) == before


def test_an_order_is_rated_only_once_it_is_completed(world, client_for, team_a):
    # given
    order = taken_by_team(world, team_a)
    before = snapshot(order)

    # when
    response = client_for(None).post(link(order, "rating"), {"score": 5}, format="json")

    # then
    assert (response.status_code, response.json()["code"]) == (409, "not_completed")
    assert (Rating.objects.count(), snapshot(order)) == (0, before)


@pytest.mark.parametrize("score", [0, 6, "five", None])
def test_a_score_is_a_whole_number_from_one_to_five(world, client_for, team_a, score):
    # given
    order = completed(world, team_a)

    # when
    response = client_for(None).post(link(order, "rating"), {"score": score}, format="json")

    # then
    assert response.status_code == 400
    assert [e["field"] for e in response.json()["errors"]] == ["score"]
    assert Rating.objects.count() == 0


def test_a_low_rating_opens_a_follow_up_for_the_center(world, client_for, team_a, django_capture_on_commit_callbacks):
    # given
    order = completed(world, team_a)

    # when
    with django_capture_on_commit_callbacks(execute=True):
        client_for(None).post(link(order, "rating"), {"score": 2, "comment": "来晚了两个小时"}, format="json")

    # then
    follow_up = FollowUp.objects.get()
    assert (follow_up.order, follow_up.center, follow_up.status) == (order, world.institute_a, "open")
    assert list(Notice.objects.filter(subject__startswith="Low rating").values_list("user", "body")) == [
        (
            world.users["coordinator"].pk,
            "A resident rated 教老人用智能手机 2 of 5. A follow-up is open for your center.",
        )
    ]
    listed = client_for(world.users["coordinator"]).get("/api/v1/order-follow-ups/").json()["results"]
    assert [(row["id"], row["order"]["rating"]["score"]) for row in listed] == [(follow_up.pk, 2)]


def test_the_coordinator_closes_a_follow_up_once_with_a_note(world, client_for, coordinator, team_a):
    # given
    order = completed(world, team_a)
    services.rate_order(order=order, score=1, comment="没修好")
    follow_up = FollowUp.objects.get()
    client = client_for(coordinator)

    # when
    without_note = client.post(reverse("order-follow-up-close", args=[follow_up.pk]), {}, format="json")
    closed = client.post(
        reverse("order-follow-up-close", args=[follow_up.pk]), {"note": "已回访道歉，安排重修"}, format="json"
    )
    again = client.post(reverse("order-follow-up-close", args=[follow_up.pk]), {"note": "再次关闭"}, format="json")

    # then
    assert without_note.status_code == 400
    assert (closed.status_code, closed.json()["status"], closed.json()["note"]) == (
        200,
        "closed",
        "已回访道歉，安排重修",
    )
    assert (again.status_code, again.json()["code"]) == (409, "follow_up_closed")
    follow_up.refresh_from_db()
    assert (follow_up.note, follow_up.closed_by) == ("已回访道歉，安排重修", coordinator)
    assert list(order.history.values_list("action", flat=True))[-1] == "follow_up_closed"


def test_the_resident_follows_the_order_and_sees_who_serves_it(world, client_for, team_a):
    # given
    order = taken_by_team(world, team_a)

    # when
    response = client_for(None).get(link(order))

    # then
    assert response.status_code == 200
    body = response.json()
    assert (body["status"], body["served_by"], body["contact_phone"]) == (
        "accepted",
        "科南社区志愿服务队",
        "159****1234",
    )
    assert [row["action"] for row in body["history"]] == ["created", "dispatched", "accepted"]
    assert response["Cache-Control"] == "no-store"


def test_a_volunteer_serving_a_resident_is_not_named_to_them(world, client_for, coordinator):
    # given
    order = services.dispatch_order(
        order=place(world), dispatched_by=coordinator, volunteers=[world.users["volunteer"].volunteer]
    )
    services.accept_offer(offer=order.offers.get(), accepted_by=world.users["volunteer"])

    # when
    body = client_for(None).get(link(order)).json()

    # then
    assert body["served_by"] == "A volunteer"


def test_the_resident_withdraws_an_order_nobody_has_taken(world, client_for, coordinator, team_a):
    # given
    order = services.dispatch_order(order=place(world), dispatched_by=coordinator, team=team_a)

    # when
    response = client_for(None).post(link(order, "cancel"), {}, format="json")

    # then
    assert response.status_code == 200, response.content
    order.refresh_from_db()
    assert (order.status, order.cancel_reason) == ("cancelled", "Withdrawn by the resident.")
    assert list(order.offers.values_list("status", flat=True)) == ["withdrawn"]
    assert list(order.history.values_list("action", "actor_role"))[-1] == ("cancelled", "resident")


def test_a_taken_order_is_no_longer_the_residents_to_withdraw(world, client_for, team_a):
    # given
    order = taken_by_team(world, team_a)
    before = snapshot(order)

    # when
    response = client_for(None).post(link(order, "cancel"), {"reason": "不需要了"}, format="json")

    # then
    assert (response.status_code, response.json()["code"]) == (409, "invalid_transition")
    assert snapshot(order) == before
    assert ServiceOrder.objects.get().status == "accepted"
