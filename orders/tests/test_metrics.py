"""`order_metrics`: the figures the targets dashboard shows for an area and a period."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from orders.models import Rating, ServiceOrder
from orders.selectors import order_metrics
from orders.tests.factories import OrderFactory

BEIJING = ZoneInfo("Asia/Shanghai")
START = datetime(2026, 11, 2, 9, tzinfo=BEIJING)


def order_placed(world, community, *, hours=(), status="submitted", score=None, missed=0, created=START, **fields):
    """An order placed at `created`, dispatched, taken and completed the given hours apart."""
    steps = dict(zip(["dispatched_at", "taken_at", "completed_at"], hours, strict=False))
    moments, moment = {}, created
    for field, gap in steps.items():
        moment += timedelta(hours=gap)
        moments[field] = moment
    if "taken_at" in moments:
        fields.setdefault("volunteer", world.users["volunteer"].volunteer)
    if status == "completed":
        fields["completion_note"] = "完成"
    if status == "cancelled":
        fields.update(cancel_reason="重复下单", cancelled_at=created)
    order = OrderFactory(community=community, status=status, missed_deadlines=missed, **moments, **fields)
    ServiceOrder.objects.filter(pk=order.pk).update(created_at=created)
    if score is not None:
        Rating.objects.create(order=order, score=score)
    return order


def test_counts_response_times_completion_and_ratings_of_the_orders_placed(world):
    # given
    a1, a2, b1 = world.community_a1, world.community_a2, world.community_b1
    order_placed(world, a1, hours=(2, 4, 10), status="completed", score=5)
    order_placed(world, a1, hours=(4, 8, 20), status="completed", score=4)
    order_placed(world, a2, hours=(6, 12, 30), status="completed", score=2, missed=1)
    order_placed(world, a2, hours=(1, 2), status="accepted")
    order_placed(world, a1, hours=(3,), status="dispatched", missed=2)
    order_placed(world, a1)
    order_placed(world, a2, status="cancelled")
    order_placed(world, b1, hours=(1, 1, 1), status="completed", score=1)  # another street
    order_placed(world, a1, created=START - timedelta(days=1))  # before the period
    order_placed(world, a1, created=datetime(2026, 11, 30, 23, 59, tzinfo=BEIJING))  # last minute of it

    # when
    figures = order_metrics(area_paths=[world.street_a.path], start=date(2026, 11, 2), end=date(2026, 11, 30))

    # then
    assert figures == {
        "orders": 8,
        "by_status": {
            "submitted": 2,
            "dispatched": 1,
            "published": 0,
            "accepted": 1,
            "completed": 3,
            "cancelled": 1,
        },
        "response_hours": {
            "dispatch": {"n": 5, "median": 3.0, "mean": 3.2},
            "take": {"n": 4, "median": 6.0, "mean": 6.5},
            "complete": {"n": 3, "median": 20.0, "mean": 20.0},
        },
        "completion": {"completed": 3, "n": 7, "rate": 0.4286},
        "ratings": {"n": 3, "mean": 3.67, "satisfied": 2, "satisfied_share": 0.6667},
        "missed_deadline": 2,
    }


def test_several_areas_add_up_and_no_order_is_no_figure(world):
    # given
    order_placed(world, world.community_a1, hours=(2,), status="dispatched")
    order_placed(world, world.community_b1, hours=(4,), status="dispatched")

    # when
    both = order_metrics(
        area_paths=[world.community_a1.path, world.community_b1.path], start=date(2026, 11, 2), end=date(2026, 11, 2)
    )
    none = order_metrics(area_paths=[world.community_a2.path], start=date(2026, 11, 2), end=date(2026, 11, 2))

    # then
    assert (both["orders"], both["response_hours"]["dispatch"]) == (2, {"n": 2, "median": 3.0, "mean": 3.0})
    assert none["orders"] == 0
    assert none["response_hours"]["take"] == {"n": 0, "median": None, "mean": None}
    assert none["completion"] == {"completed": 0, "n": 0, "rate": None}
    assert none["ratings"] == {"n": 0, "mean": None, "satisfied": 0, "satisfied_share": None}
