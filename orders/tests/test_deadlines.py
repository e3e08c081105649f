"""Deadlines per step in working days, and the scheduled sweep that flags late orders and hands them up a level,
run with a frozen clock."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings as django_settings

from core.models import Notice
from orders import services, tasks
from orders.sla import add_working_days, deadline
from orders.tests.builders import place, taken_by_team

BEIJING = ZoneInfo("Asia/Shanghai")


def at(day: int, hour: int = 9, minute: int = 0, second: int = 0, month: int = 12) -> datetime:
    """A moment of December 2026 in Beijing (2 December is a Wednesday)."""
    return datetime(2026, month, day, hour, minute, second, tzinfo=BEIJING)


@pytest.mark.parametrize(
    ("start", "days", "holidays", "workdays", "expected"),
    [
        (at(2), 1, (), (), at(3)),  # Wednesday → Thursday
        (at(4, 15), 1, (), (), at(7, 15)),  # Friday afternoon → Monday afternoon
        (at(5, 10), 1, (), (), at(8, 0)),  # Saturday: counting starts Monday at midnight
        (at(5, 10), 0, (), (), at(7, 0)),
        (at(2), 2, (date(2026, 12, 3),), (), at(7)),  # Thursday off: Friday, then Monday
        (at(4), 1, (), (date(2026, 12, 5),), at(5)),  # a Saturday worked in place of a holiday
        (at(31, 12), 3, (date(2027, 1, 1),), (), datetime(2027, 1, 6, 12, tzinfo=BEIJING)),
    ],
)
def test_working_days_skip_weekends_and_holidays(start, days, holidays, workdays, expected):
    # when
    result = add_working_days(start, days, tz=BEIJING, holidays=frozenset(holidays), workdays=frozenset(workdays))

    # then
    assert result == expected


def test_deadlines_follow_the_settings(settings):
    # given
    settings.ORDER_SLA_DISPATCH_WORKING_DAYS, settings.ORDER_SLA_TAKE_WORKING_DAYS = 3, 1
    settings.ORDER_SLA_COMPLETE_WORKING_DAYS, settings.ORDER_SLA_HOLIDAYS = 5, [date(2026, 12, 3)]

    # when / then
    assert deadline("dispatch", at(2)) == at(8)  # Friday, Monday, Tuesday
    assert deadline("take", at(2)) == at(4)
    assert deadline("complete", at(2)) == at(10)


def test_a_missed_dispatch_deadline_hands_the_order_up_until_the_top_flags_it(
    world, station_a1, district_center, django_capture_on_commit_callbacks
):
    # given: ordered on Wednesday at 09:00, at community A1's station
    with time_machine.travel(at(2), tick=False) as clock:
        order = place(world)
        assert (order.center, order.due_at) == (station_a1, at(3))

        # when: a second past each deadline, the sweep runs (twice, as a redelivered task would)
        clock.move_to(at(3, second=1))
        with django_capture_on_commit_callbacks(execute=True):
            first = [services.handle_overdue_orders(), services.handle_overdue_orders()]
        order.refresh_from_db()
        after_first = (order.center, order.status, order.due_at, order.overdue, order.missed_deadlines)

        clock.move_to(at(4, second=2))  # Friday: due again on Monday
        second = services.handle_overdue_orders()
        order.refresh_from_db()
        after_second = (order.center, order.due_at, order.missed_deadlines)

        clock.move_to(at(7, second=3))
        third = [services.handle_overdue_orders(), services.handle_overdue_orders()]

    # then
    assert first == [{"escalated": 1, "flagged": 0}, {"escalated": 0, "flagged": 0}]
    assert after_first == (world.institute_a, "submitted", at(4, second=1), False, 1)
    assert second == {"escalated": 1, "flagged": 0}
    assert after_second == (district_center, at(7, second=2), 2)
    assert third == [{"escalated": 0, "flagged": 1}, {"escalated": 0, "flagged": 0}]
    order.refresh_from_db()
    assert (order.center, order.overdue, order.missed_deadlines, order.due_at) == (
        district_center,
        True,
        3,
        at(7, second=2),
    )
    assert list(order.history.values_list("action", "actor", "actor_role", "center", "detail")) == [
        ("created", None, "resident", station_a1.pk, {"source": "resident"}),
        ("escalated", None, "system", world.institute_a.pk, {"missed_step": "dispatch", "from_center": station_a1.pk}),
        ("escalated", None, "system", district_center.pk,
         {"missed_step": "dispatch", "from_center": world.institute_a.pk}),
        ("overdue", None, "system", district_center.pk, {"missed_step": "dispatch"}),
    ]  # fmt: skip
    assert list(Notice.objects.filter(key__startswith="order-change:").values_list("user", "subject")) == [
        (world.users["coordinator"].pk, "Handed up to you: 教老人用智能手机")
    ]


def test_an_offer_nobody_accepts_in_time_goes_up_a_level(world, team_a, district_center):
    # given: dispatched on Wednesday, two working days to take it
    with time_machine.travel(at(2), tick=False) as clock:
        order = services.dispatch_order(order=place(world), dispatched_by=world.users["coordinator"], team=team_a)
        assert order.due_at == at(4)

        # when
        clock.move_to(at(4, 8, 59))
        early = services.handle_overdue_orders()
        clock.move_to(at(4, 9, 0, 1))
        late = services.handle_overdue_orders()

    # then
    assert (early, late) == ({"escalated": 0, "flagged": 0}, {"escalated": 1, "flagged": 0})
    order.refresh_from_db()
    assert (order.status, order.center, order.missed_deadlines) == ("submitted", district_center, 1)
    assert list(order.offers.values_list("status", flat=True)) == ["withdrawn"]


def test_work_not_reported_in_time_is_flagged_where_it_is_and_the_taker_is_told(
    world, team_a, district_center, django_capture_on_commit_callbacks
):
    # given: taken on Wednesday 2 December, ten working days to report it
    with time_machine.travel(at(2), tick=False) as clock:
        order = taken_by_team(world, team_a)
        assert order.due_at == at(16)

        # when
        clock.move_to(at(16, second=1))
        with django_capture_on_commit_callbacks(execute=True):
            outcome = tasks.handle_overdue_orders.delay().get()

    # then
    assert outcome == {"escalated": 0, "flagged": 1}
    order.refresh_from_db()
    assert (order.status, order.center, order.overdue, order.missed_deadlines) == (
        "accepted",
        world.institute_a,
        True,
        1,
    )
    assert sorted(Notice.objects.filter(subject="Overdue: 教老人用智能手机").values_list("user", flat=True)) == sorted(
        [world.users["coordinator"].pk, world.users["volunteer"].pk]
    )


def test_the_next_step_starts_a_fresh_deadline_and_clears_the_flag(world, team_a):
    # given: flagged overdue while nobody could take it at the top level
    with time_machine.travel(at(2), tick=False) as clock:
        order = services.dispatch_order(order=place(world), dispatched_by=world.users["coordinator"], team=team_a)
        clock.move_to(at(4, second=1))
        services.handle_overdue_orders()  # institute A has no level above it in this district: flagged
        order.refresh_from_db()
        assert (order.overdue, order.missed_deadlines) == (True, 1)

        # when
        services.accept_offer(offer=order.offers.get(), accepted_by=world.users["volunteer"])

    # then
    order.refresh_from_db()
    assert (order.status, order.overdue, order.missed_deadlines, order.due_at) == (
        "accepted",
        False,
        1,
        at(18, second=1),
    )


def test_the_sweep_is_on_the_beat_schedule():
    # then
    assert django_settings.CELERY_BEAT_SCHEDULE["service-order-deadlines"] == {
        "task": "orders.tasks.handle_overdue_orders",
        "schedule": 15 * 60,
    }
    assert tasks.handle_overdue_orders.name == "orders.tasks.handle_overdue_orders"
