"""Taking an order under real concurrency: threads with their own database connections, released together.

PostgreSQL only: SQLite serializes every writer (IMMEDIATE transactions), so races cannot happen there and a
passing test would prove nothing.
"""

import threading
from collections import Counter

import pytest
from django.db import connection, connections

from orders import services
from orders.exceptions import AlreadyRated, AlreadyTaken, OfferClosed
from orders.models import Offer, Rating, ServiceOrder, StatusChange
from orders.tests.builders import completed, place
from volunteers.tests.factories import VolunteerFactory

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks and races need PostgreSQL"),
]


def all_at_once(jobs: list) -> list:
    """Run each job on its own thread, released together by one barrier; return results or exceptions."""
    barrier = threading.Barrier(len(jobs))
    outcomes = [None] * len(jobs)

    def work(index: int, job) -> None:
        try:
            barrier.wait()
            outcomes[index] = job()
        except Exception as exc:
            outcomes[index] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work, args=(index, job)) for index, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


@pytest.mark.parametrize("attempt", [1, 2, 3])
def test_of_30_volunteers_taking_one_order_from_the_board_at_once_exactly_one_gets_it(world, attempt):
    # given
    order = services.publish_order(order=place(world), published_by=world.users["coordinator"])
    takers = [VolunteerFactory(home_area=world.community_a1) for _ in range(30)]

    # when
    outcomes = all_at_once([lambda v=v: services.grab_order(order=order, grabbed_by=v.user) for v in takers])

    # then
    winners = [o for o in outcomes if isinstance(o, ServiceOrder)]
    assert Counter(type(o).__name__ for o in outcomes) == {"ServiceOrder": 1, "AlreadyTaken": 29}
    order.refresh_from_db()
    assert (order.status, order.volunteer_id) == ("accepted", winners[0].volunteer_id)
    assert StatusChange.objects.filter(order=order, action="grabbed").count() == 1
    assert all(isinstance(o, AlreadyTaken) for o in outcomes if o is not winners[0])


def test_ten_volunteers_accepting_their_offers_at_once_leave_one_taker(world):
    # given
    volunteers = [VolunteerFactory(home_area=world.community_a2) for _ in range(10)]
    order = services.dispatch_order(order=place(world), dispatched_by=world.users["coordinator"], volunteers=volunteers)
    offers = list(order.offers.select_related("volunteer__user"))

    # when
    outcomes = all_at_once([lambda o=o: services.accept_offer(offer=o, accepted_by=o.volunteer.user) for o in offers])

    # then
    assert [type(o) for o in outcomes].count(ServiceOrder) == 1
    assert all(isinstance(o, ServiceOrder | OfferClosed | AlreadyTaken) for o in outcomes)
    assert Counter(Offer.objects.filter(order=order).values_list("status", flat=True)) == {
        "accepted": 1,
        "withdrawn": 9,
    }
    order.refresh_from_db()
    assert order.volunteer_id == Offer.objects.get(order=order, status="accepted").volunteer_id


def test_a_rating_sent_ten_times_at_once_is_stored_once(world, team_a):
    # given
    order = completed(world, team_a)

    # when
    outcomes = all_at_once([lambda s=s: services.rate_order(order=order, score=s % 5 + 1) for s in range(10)])

    # then
    assert Counter(type(o).__name__ for o in outcomes) == {"Rating": 1, "AlreadyRated": 9}
    assert Rating.objects.filter(order=order).count() == 1
    assert all(isinstance(o, Rating | AlreadyRated) for o in outcomes)
