"""Capacity under real concurrency: threads with their own database connections, released together.

PostgreSQL only: SQLite serializes every writer (IMMEDIATE transactions), so races cannot happen there and
a passing test would prove nothing.
"""

import threading
from collections import Counter
from datetime import timedelta

import pytest
from django.db import connection, connections
from django.utils import timezone

from campaigns.exceptions import AlreadyRegistered
from campaigns.models import Event, Registration
from campaigns.services import cancel_registration, register_for_event
from campaigns.tests.factories import EventFactory
from volunteers.tests.factories import VolunteerFactory

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks and races need PostgreSQL"),
]

THREADS = 40


def run_in_threads(jobs, threads: int = THREADS) -> list:
    """Run callables on `threads` threads released by one barrier; return their results or exceptions."""
    barrier = threading.Barrier(threads)
    lock = threading.Lock()
    pending = list(jobs)
    outcomes = []

    def worker():
        try:
            barrier.wait()
            while True:
                with lock:
                    if not pending:
                        return
                    job = pending.pop(0)
                try:
                    outcome = job()
                except Exception as exc:
                    outcome = exc
                with lock:
                    outcomes.append(outcome)
        finally:
            connections.close_all()

    workers = [threading.Thread(target=worker) for _ in range(threads)]
    for thread in workers:
        thread.start()
    for thread in workers:
        thread.join()
    return outcomes


@pytest.mark.parametrize("attempt", [1, 2, 3])
def test_200_simultaneous_registrations_on_capacity_50(attempt):
    event = EventFactory(capacity=50)
    volunteers = [VolunteerFactory() for _ in range(200)]

    outcomes = run_in_threads([lambda v=v: register_for_event(volunteer=v, event=event) for v in volunteers])

    assert [o for o in outcomes if isinstance(o, Exception)] == []
    statuses = Counter(Registration.objects.filter(event=event).values_list("status", flat=True))
    assert statuses == {"confirmed": 50, "waitlisted": 150}
    event.refresh_from_db()
    assert event.confirmed_count == 50


def test_20_identical_requests_of_one_volunteer_leave_one_registration():
    event = EventFactory(capacity=50)
    volunteer = VolunteerFactory()

    outcomes = run_in_threads([lambda: register_for_event(volunteer=volunteer, event=event)] * 20, threads=20)

    created = [o for o in outcomes if isinstance(o, Registration)]
    refused = [o for o in outcomes if isinstance(o, AlreadyRegistered)]
    assert (len(created), len(refused)) == (1, 19)
    assert Registration.objects.filter(event=event).count() == 1
    event.refresh_from_db()
    assert event.confirmed_count == 1


def test_cancellations_racing_registrations_never_oversell_and_promote_in_order():
    event = EventFactory(capacity=30, starts_at=timezone.now() + timedelta(days=5))
    holders = [register_for_event(volunteer=VolunteerFactory(), event=event) for _ in range(30)]
    waitlisted = [register_for_event(volunteer=VolunteerFactory(), event=event) for _ in range(30)]
    newcomers = [VolunteerFactory() for _ in range(20)]
    samples = []
    stop = threading.Event()

    def sampler():
        try:
            while not stop.is_set():
                samples.append(Event.objects.values_list("confirmed_count", flat=True).get(pk=event.pk))
                confirmed = Registration.objects.filter(event=event, status="confirmed").count()
                samples.append(confirmed)
        finally:
            connections.close_all()

    watcher = threading.Thread(target=sampler)
    watcher.start()
    jobs = [lambda r=r: cancel_registration(registration=r) for r in holders[:20]]
    jobs += [lambda v=v: register_for_event(volunteer=v, event=event) for v in newcomers]
    outcomes = run_in_threads(jobs, threads=20)
    stop.set()
    watcher.join()

    assert [o for o in outcomes if isinstance(o, Exception)] == []
    assert max(samples) <= 30
    confirmed = Registration.objects.filter(event=event, status="confirmed")
    assert confirmed.count() == 30
    event.refresh_from_db()
    assert event.confirmed_count == 30
    promoted = set(confirmed.filter(promoted_at__isnull=False).values_list("pk", flat=True))
    # the first 20 of the original waitlist moved up, in order; later arrivals queue behind the rest
    assert promoted == {r.pk for r in waitlisted[:20]}
