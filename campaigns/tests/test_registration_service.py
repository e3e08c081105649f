"""The rules of registering for an event, the waitlist and partner block booking, called on the services."""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import IntegrityError, transaction
from django.utils import timezone, translation

from accounts.models import Membership
from accounts.tests.factories import MembershipFactory
from campaigns import tasks
from campaigns.exceptions import (
    AlreadyRegistered,
    CapacityBelowConfirmed,
    EventCancelled,
    NotEnoughPlaces,
    PartnerOnly,
    RegistrationClosed,
    ReservationFull,
    TimeClash,
    TooManyRegistrations,
    TooYoung,
)
from campaigns.models import Campaign, Event, Registration, Reservation
from campaigns.services import (
    assign_reserved_place,
    cancel_event,
    cancel_registration,
    create_recurring_events,
    register_for_event,
    release_places,
    reserve_places,
    update_event,
    waitlist_position,
)
from campaigns.tests.factories import CampaignFactory, EventFactory, RegistrationFactory
from core.models import Notice
from partners.tests.factories import PartnerAdminFactory, PartnerFactory
from volunteers.tests.factories import VolunteerFactory

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")


def state(event: Event) -> dict:
    """What a refused request must leave untouched: the counter and every registration of the event."""
    event.refresh_from_db()
    return {
        "capacity": event.capacity,
        "confirmed_count": event.confirmed_count,
        "status": event.status,
        "registrations": sorted(event.registrations.values_list("volunteer_id", "status", "reservation_id")),
    }


def statuses(event: Event) -> dict:
    return dict(event.registrations.values_list("volunteer_id", "status"))


def notice_keys() -> list[str]:
    return sorted(Notice.objects.values_list("key", flat=True))


def member_of(partner, **kwargs):
    volunteer = VolunteerFactory(**kwargs)
    MembershipFactory(user=volunteer.user, partner=partner, role=Membership.Role.PARTNER_MEMBER)
    return volunteer


# Confirmed or waitlisted -------------------------------------------------------------------------


def test_a_volunteer_is_confirmed_while_the_event_has_room():
    # given
    event = EventFactory(capacity=2)
    volunteer = VolunteerFactory()
    # when
    registration = register_for_event(volunteer=volunteer, event=event, note="会手语")
    # then
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CONFIRMED
    assert registration.note == "会手语"
    assert waitlist_position(registration) is None
    event.refresh_from_db()
    assert event.confirmed_count == 1
    assert event.free_places == 1


def test_a_full_event_waitlists_first_come_first_served():
    # given
    event = EventFactory(capacity=1)
    RegistrationFactory(event=event)
    first, second, third = VolunteerFactory(), VolunteerFactory(), VolunteerFactory()
    # when
    registrations = [register_for_event(volunteer=v, event=event) for v in (first, second, third)]
    # then
    assert [r.status for r in registrations] == [Registration.Status.WAITLISTED] * 3
    assert [waitlist_position(r) for r in registrations] == [1, 2, 3]
    event.refresh_from_db()
    assert event.confirmed_count == 1


# Refusals ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("_case", "field", "from_now"),
    [
        ("the window closed", "registration_closes_at", timedelta(minutes=-1)),
        ("the window is not open yet", "registration_opens_at", timedelta(hours=1)),
        ("the event has started", "starts_at", timedelta(minutes=-5)),
    ],
)
def test_registration_outside_the_window_is_refused(_case, field, from_now):
    # given
    event = EventFactory(capacity=5, **{field: timezone.now() + from_now})
    before = state(event)
    # when
    with pytest.raises(RegistrationClosed) as refusal:
        register_for_event(volunteer=VolunteerFactory(), event=event)
    # then
    assert refusal.value.code == "registration_closed"
    assert state(event) == before


def test_registration_inside_an_explicit_window_is_accepted():
    # given
    now = timezone.now()
    event = EventFactory(
        registration_opens_at=now - timedelta(hours=1), registration_closes_at=now + timedelta(hours=1)
    )
    # when
    registration = register_for_event(volunteer=VolunteerFactory(), event=event)
    # then
    assert registration.status == Registration.Status.CONFIRMED


@pytest.mark.parametrize("campaign_status", [Campaign.Status.DRAFT, Campaign.Status.CLOSED, Campaign.Status.CANCELLED])
def test_registration_for_an_event_of_an_unpublished_campaign_is_refused(campaign_status):
    # given
    event = EventFactory(campaign=CampaignFactory(status=campaign_status))
    before = state(event)
    # when
    with pytest.raises(RegistrationClosed):
        register_for_event(volunteer=VolunteerFactory(), event=event)
    # then
    assert state(event) == before


def test_registration_for_a_cancelled_event_is_refused():
    # given
    event = EventFactory(status=Event.Status.CANCELLED)
    before = state(event)
    # when
    with pytest.raises(EventCancelled) as refusal:
        register_for_event(volunteer=VolunteerFactory(), event=event)
    # then
    assert refusal.value.code == "event_cancelled"
    assert state(event) == before


@pytest.mark.parametrize("existing_status", [Registration.Status.CONFIRMED, Registration.Status.WAITLISTED])
def test_registering_twice_is_refused(existing_status):
    # given
    event = EventFactory(capacity=1 if existing_status == Registration.Status.WAITLISTED else 5)
    volunteer = VolunteerFactory()
    if existing_status == Registration.Status.WAITLISTED:
        RegistrationFactory(event=event)
    register_for_event(volunteer=volunteer, event=event)
    before = state(event)
    # when
    with pytest.raises(AlreadyRegistered) as refusal:
        register_for_event(volunteer=volunteer, event=event)
    # then
    assert refusal.value.code == "already_registered"
    assert state(event) == before


def test_registering_again_after_cancelling_is_accepted():
    # given
    event = EventFactory(capacity=5)
    volunteer = VolunteerFactory()
    cancel_registration(registration=register_for_event(volunteer=volunteer, event=event))
    # when
    again = register_for_event(volunteer=volunteer, event=event)
    # then
    assert again.status == Registration.Status.CONFIRMED
    assert sorted(event.registrations.values_list("status", flat=True)) == ["cancelled", "confirmed"]
    event.refresh_from_db()
    assert event.confirmed_count == 1


def test_an_event_overlapping_a_confirmed_one_is_refused():
    # given
    volunteer = VolunteerFactory()
    morning = EventFactory()
    register_for_event(volunteer=volunteer, event=morning)
    overlapping = EventFactory(
        starts_at=morning.starts_at + timedelta(hours=1), ends_at=morning.ends_at + timedelta(hours=1)
    )
    before = state(overlapping)
    # when
    with pytest.raises(TimeClash) as refusal:
        register_for_event(volunteer=volunteer, event=overlapping)
    # then
    assert refusal.value.code == "time_clash"
    assert state(overlapping) == before


def test_back_to_back_events_do_not_clash():
    # given
    volunteer = VolunteerFactory()
    morning = EventFactory()
    register_for_event(volunteer=volunteer, event=morning)
    afternoon = EventFactory(starts_at=morning.ends_at, ends_at=morning.ends_at + timedelta(hours=2))
    # when
    registration = register_for_event(volunteer=volunteer, event=afternoon)
    # then
    assert registration.status == Registration.Status.CONFIRMED


def test_a_waitlisted_place_does_not_block_an_overlapping_event():
    # given
    volunteer = VolunteerFactory()
    full = EventFactory(capacity=1)
    RegistrationFactory(event=full)
    register_for_event(volunteer=volunteer, event=full)
    overlapping = EventFactory(starts_at=full.starts_at, ends_at=full.ends_at)
    # when
    registration = register_for_event(volunteer=volunteer, event=overlapping)
    # then
    assert registration.status == Registration.Status.CONFIRMED
    assert statuses(full)[volunteer.pk] == Registration.Status.WAITLISTED


def test_the_cap_on_upcoming_confirmed_places_refuses_one_more(settings):
    # given
    settings.MAX_UPCOMING_REGISTRATIONS = 2
    volunteer = VolunteerFactory()
    start = timezone.now().replace(microsecond=0) + timedelta(days=2)
    RegistrationFactory(
        volunteer=volunteer, event=EventFactory(starts_at=timezone.now() - timedelta(days=2))
    )  # past events do not count
    for day in (0, 1):
        register_for_event(volunteer=volunteer, event=EventFactory(starts_at=start + timedelta(days=day)))
    third = EventFactory(starts_at=start + timedelta(days=2))
    before = state(third)
    # when
    with pytest.raises(TooManyRegistrations) as refusal:
        register_for_event(volunteer=volunteer, event=third)
    # then
    assert refusal.value.code == "too_many_registrations"
    assert state(third) == before


def test_the_cap_does_not_stop_joining_a_waitlist(settings):
    # given
    settings.MAX_UPCOMING_REGISTRATIONS = 1
    volunteer = VolunteerFactory()
    register_for_event(volunteer=volunteer, event=EventFactory())
    full = EventFactory(starts_at=timezone.now() + timedelta(days=5), capacity=1)
    RegistrationFactory(event=full)
    # when
    registration = register_for_event(volunteer=volunteer, event=full)
    # then
    assert registration.status == Registration.Status.WAITLISTED


def test_a_partner_only_event_refuses_a_volunteer_outside_the_partner():
    # given
    partner = PartnerFactory()
    event = EventFactory(partner_only=partner)
    outsider = VolunteerFactory()
    former = member_of(partner)
    Membership.objects.filter(user=former.user).update(status=Membership.Status.PENDING)
    before = state(event)
    # when / then
    for volunteer in (outsider, former):
        with pytest.raises(PartnerOnly) as refusal:
            register_for_event(volunteer=volunteer, event=event)
        assert refusal.value.code == "partner_only"
    assert state(event) == before
    # and a member gets in
    assert register_for_event(volunteer=member_of(partner), event=event).status == Registration.Status.CONFIRMED


def test_a_volunteer_below_the_minimum_age_is_refused():
    # given: 18 the day after the event, 18 on the event's (Shanghai) day
    starts_at = datetime(2027, 3, 6, 9, 0, tzinfo=SHANGHAI)
    event = EventFactory(starts_at=starts_at, ends_at=starts_at + timedelta(hours=2), min_age=18)
    too_young = VolunteerFactory(birth_date=date(2009, 3, 7))
    just_old_enough = VolunteerFactory(birth_date=date(2009, 3, 6))
    before = state(event)
    # when
    with pytest.raises(TooYoung) as refusal:
        register_for_event(volunteer=too_young, event=event)
    # then
    assert refusal.value.code == "below_minimum_age"
    assert state(event) == before
    assert register_for_event(volunteer=just_old_enough, event=event).status == Registration.Status.CONFIRMED


# Cancelling and the waitlist ---------------------------------------------------------------------


def test_cancelling_a_confirmed_place_promotes_the_first_waitlisted(django_capture_on_commit_callbacks):
    # given
    event = EventFactory(capacity=1)
    holder = RegistrationFactory(event=event)
    first = register_for_event(volunteer=VolunteerFactory(), event=event)
    second = register_for_event(volunteer=VolunteerFactory(), event=event)
    # when
    with django_capture_on_commit_callbacks(execute=True):
        cancel_registration(registration=holder)
    # then
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == Registration.Status.CONFIRMED
    assert first.promoted_at is not None
    assert second.status == Registration.Status.WAITLISTED
    assert waitlist_position(second) == 1
    event.refresh_from_db()
    assert event.confirmed_count == 1
    assert notice_keys() == [f"registration:{first.pk}:promoted"]


def test_cancelling_a_waitlisted_place_promotes_nobody_and_moves_the_line_up():
    # given
    event = EventFactory(capacity=1)
    RegistrationFactory(event=event)
    first = register_for_event(volunteer=VolunteerFactory(), event=event)
    second = register_for_event(volunteer=VolunteerFactory(), event=event)
    # when
    cancel_registration(registration=first)
    # then
    second.refresh_from_db()
    assert second.status == Registration.Status.WAITLISTED
    assert waitlist_position(second) == 1
    event.refresh_from_db()
    assert event.confirmed_count == 1


def test_promotion_passes_over_a_waitlisted_volunteer_with_a_clashing_confirmed_event():
    # given: the first in line has meanwhile taken a place at an overlapping event
    event = EventFactory(capacity=1)
    holder = RegistrationFactory(event=event)
    busy, free = VolunteerFactory(), VolunteerFactory()
    busy_waiting = register_for_event(volunteer=busy, event=event)
    free_waiting = register_for_event(volunteer=free, event=event)
    register_for_event(
        volunteer=busy, event=EventFactory(starts_at=event.starts_at + timedelta(minutes=30), ends_at=event.ends_at)
    )
    # when
    cancel_registration(registration=holder)
    # then
    busy_waiting.refresh_from_db()
    free_waiting.refresh_from_db()
    assert free_waiting.status == Registration.Status.CONFIRMED
    assert busy_waiting.status == Registration.Status.WAITLISTED
    assert waitlist_position(busy_waiting) == 1
    event.refresh_from_db()
    assert event.confirmed_count == 1


@pytest.mark.parametrize(
    ("hours_before_start", "late"),
    [(23, True), (24.5, False), (72, False)],
)
def test_a_cancellation_inside_the_late_window_is_flagged(settings, hours_before_start, late):
    # given
    settings.LATE_CANCELLATION_HOURS = 24
    event = EventFactory()
    registration = register_for_event(volunteer=VolunteerFactory(), event=event)
    moment = event.starts_at - timedelta(hours=hours_before_start)
    # when
    with time_machine.travel(moment, tick=False):
        cancel_registration(registration=registration)
    # then
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CANCELLED
    assert registration.cancelled_at == moment
    assert registration.late_cancellation is late


def test_leaving_a_waitlist_late_is_not_a_late_cancellation():
    # given
    event = EventFactory(capacity=1)
    RegistrationFactory(event=event)
    registration = register_for_event(volunteer=VolunteerFactory(), event=event)
    # when
    with time_machine.travel(event.starts_at - timedelta(hours=1), tick=False):
        cancel_registration(registration=registration)
    # then
    registration.refresh_from_db()
    assert registration.late_cancellation is False


# Capacity changes and cancelled events -----------------------------------------------------------


def test_raising_capacity_promotes_the_waitlist_in_order(django_capture_on_commit_callbacks):
    # given
    event = EventFactory(capacity=1)
    RegistrationFactory(event=event)
    waiting = [register_for_event(volunteer=VolunteerFactory(), event=event) for _ in range(3)]
    # when
    with django_capture_on_commit_callbacks(execute=True):
        update_event(event=event, capacity=3)
    # then
    for registration in waiting:
        registration.refresh_from_db()
    assert [r.status for r in waiting] == ["confirmed", "confirmed", "waitlisted"]
    assert waitlist_position(waiting[2]) == 1
    event.refresh_from_db()
    assert (event.capacity, event.confirmed_count) == (3, 3)
    assert notice_keys() == sorted(f"registration:{r.pk}:promoted" for r in waiting[:2])


def test_lowering_capacity_below_the_confirmed_places_is_refused():
    # given
    event = EventFactory(capacity=3, title="周六清洁")
    RegistrationFactory(event=event)
    RegistrationFactory(event=event)
    before = state(event)
    # when
    with pytest.raises(CapacityBelowConfirmed) as refusal:
        update_event(event=event, capacity=1, title="改过的标题")
    # then
    assert refusal.value.code == "capacity_below_confirmed"
    assert state(event) == before
    assert event.title == "周六清洁"


def test_lowering_capacity_to_the_confirmed_places_is_accepted():
    # given
    event = EventFactory(capacity=3)
    RegistrationFactory(event=event)
    # when
    update_event(event=event, capacity=1)
    # then
    event.refresh_from_db()
    assert (event.capacity, event.confirmed_count, event.free_places) == (1, 1, 0)


def test_cancelling_an_event_cancels_every_registration_and_tells_each(django_capture_on_commit_callbacks):
    # given
    event = EventFactory(capacity=2)
    registrations = [register_for_event(volunteer=VolunteerFactory(), event=event) for _ in range(3)]
    # when
    with django_capture_on_commit_callbacks(execute=True):
        cancel_event(event=event)
    # then
    event.refresh_from_db()
    assert (event.status, event.confirmed_count) == (Event.Status.CANCELLED, 0)
    assert set(statuses(event).values()) == {Registration.Status.CANCELLED}
    assert notice_keys() == sorted(f"registration:{r.pk}:event-cancelled" for r in registrations)
    assert {n.user_id for n in Notice.objects.all()} == {r.volunteer.user_id for r in registrations}


# Partner block booking ---------------------------------------------------------------------------


@pytest.fixture
def partner():
    return PartnerFactory()


@pytest.fixture
def partner_admin(partner):
    return PartnerAdminFactory(partner=partner).user


def test_reserving_places_takes_them_from_the_event(partner, partner_admin):
    # given
    event = EventFactory(capacity=10)
    RegistrationFactory(event=event)
    # when
    reservation = reserve_places(event=event, partner=partner, places=4, created_by=partner_admin)
    reserve_places(event=event, partner=partner, places=2, created_by=partner_admin)
    # then
    reservation.refresh_from_db()
    assert reservation.places == 6
    assert Reservation.objects.count() == 1
    event.refresh_from_db()
    assert (event.confirmed_count, event.free_places) == (7, 3)


def test_reserving_more_places_than_are_free_is_refused(partner, partner_admin):
    # given
    event = EventFactory(capacity=5)
    RegistrationFactory(event=event)
    RegistrationFactory(event=event)
    before = state(event)
    # when
    with pytest.raises(NotEnoughPlaces) as refusal:
        reserve_places(event=event, partner=partner, places=4, created_by=partner_admin)
    # then
    assert refusal.value.code == "not_enough_places"
    assert state(event) == before
    assert Reservation.objects.count() == 0


def test_a_reserved_place_goes_to_a_member_without_taking_another_place(partner, partner_admin):
    # given
    event = EventFactory(capacity=5)
    reservation = reserve_places(event=event, partner=partner, places=2, created_by=partner_admin)
    member = member_of(partner)
    # when
    registration = assign_reserved_place(reservation=reservation, volunteer=member)
    # then
    assert registration.status == Registration.Status.CONFIRMED
    assert registration.reservation_id == reservation.pk
    event.refresh_from_db()
    assert event.confirmed_count == 2


def test_a_reserved_place_is_refused_to_a_non_member(partner, partner_admin):
    # given
    event = EventFactory(capacity=5)
    reservation = reserve_places(event=event, partner=partner, places=2, created_by=partner_admin)
    member_of_another = member_of(PartnerFactory())
    before = state(event)
    # when
    with pytest.raises(PartnerOnly) as refusal:
        assign_reserved_place(reservation=reservation, volunteer=member_of_another)
    # then
    assert (refusal.value.code, refusal.value.field) == ("partner_only", "volunteer")
    assert state(event) == before


def test_a_fully_assigned_reservation_refuses_one_more(partner, partner_admin):
    # given
    event = EventFactory(capacity=5)
    reservation = reserve_places(event=event, partner=partner, places=1, created_by=partner_admin)
    assign_reserved_place(reservation=reservation, volunteer=member_of(partner))
    before = state(event)
    # when
    with pytest.raises(ReservationFull) as refusal:
        assign_reserved_place(reservation=reservation, volunteer=member_of(partner))
    # then
    assert refusal.value.code == "reservation_full"
    assert state(event) == before


def test_a_cancelled_reserved_place_returns_to_the_reservation_not_the_waitlist(partner, partner_admin):
    # given: a full event with a waitlist, one of its places reserved and assigned
    event = EventFactory(capacity=2)
    RegistrationFactory(event=event)
    reservation = reserve_places(event=event, partner=partner, places=1, created_by=partner_admin)
    assigned = assign_reserved_place(reservation=reservation, volunteer=member_of(partner))
    waiting = register_for_event(volunteer=VolunteerFactory(), event=event)
    # when
    cancel_registration(registration=assigned)
    # then
    waiting.refresh_from_db()
    assert waiting.status == Registration.Status.WAITLISTED
    event.refresh_from_db()
    assert event.confirmed_count == 2
    replacement = assign_reserved_place(reservation=reservation, volunteer=member_of(partner))
    assert replacement.status == Registration.Status.CONFIRMED


def test_releasing_reserved_places_promotes_the_waitlist(partner, partner_admin):
    # given
    event = EventFactory(capacity=3)
    reservation = reserve_places(event=event, partner=partner, places=3, created_by=partner_admin)
    assign_reserved_place(reservation=reservation, volunteer=member_of(partner))
    waiting = [register_for_event(volunteer=VolunteerFactory(), event=event) for _ in range(3)]
    # when
    release_places(reservation=reservation, places=2)
    # then
    reservation.refresh_from_db()
    assert reservation.places == 1
    assert [statuses(event)[r.volunteer_id] for r in waiting] == ["confirmed", "confirmed", "waitlisted"]
    event.refresh_from_db()
    assert event.confirmed_count == 3


def test_releasing_assigned_places_is_refused(partner, partner_admin):
    # given
    event = EventFactory(capacity=3)
    reservation = reserve_places(event=event, partner=partner, places=2, created_by=partner_admin)
    assign_reserved_place(reservation=reservation, volunteer=member_of(partner))
    before = state(event)
    # when
    with pytest.raises(NotEnoughPlaces):
        release_places(reservation=reservation, places=2)
    # then
    assert state(event) == before
    reservation.refresh_from_db()
    assert reservation.places == 2


# Notices -----------------------------------------------------------------------------------------


def test_a_notice_is_sent_per_confirmation_and_per_waitlisting(django_capture_on_commit_callbacks):
    # given
    event = EventFactory(capacity=1, title="周六清洁活动")
    confirmed_volunteer, waiting_volunteer = VolunteerFactory(), VolunteerFactory()
    # when
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        confirmed = register_for_event(volunteer=confirmed_volunteer, event=event)
        waiting = register_for_event(volunteer=waiting_volunteer, event=event)
    # then
    assert notice_keys() == sorted([f"registration:{confirmed.pk}:confirmed", f"registration:{waiting.pk}:waitlisted"])
    assert Notice.objects.get(user=confirmed_volunteer.user).subject == "Registered: 周六清洁活动"
    assert Notice.objects.get(user=waiting_volunteer.user).subject == "Waitlisted: 周六清洁活动"


def test_no_notice_is_sent_when_the_transaction_rolls_back(django_capture_on_commit_callbacks, mailoutbox):
    # given
    event = EventFactory(capacity=1)
    volunteer = VolunteerFactory(user__email="zhang@example.com")
    # when
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        register_for_event(volunteer=volunteer, event=event)
        raise RuntimeError("the caller fails after registering")
    # then
    assert callbacks == []
    assert mailoutbox == []
    assert Notice.objects.count() == 0
    assert Registration.objects.count() == 0
    event.refresh_from_db()
    assert event.confirmed_count == 0


def test_a_redelivered_notice_task_sends_once(mailoutbox):
    # given
    registration = RegistrationFactory(volunteer=VolunteerFactory(user__email="zhang@example.com"))
    # when
    tasks.send_registration_notice(registration.pk)
    tasks.send_registration_notice(registration.pk)
    tasks.send_promotion_notice(registration.pk)
    tasks.send_promotion_notice(registration.pk)
    # then
    assert notice_keys() == [f"registration:{registration.pk}:confirmed", f"registration:{registration.pk}:promoted"]
    assert len(mailoutbox) == 2
    assert Notice.objects.first().channels == ["sms", "email"]


# Database constraints as the backstop ------------------------------------------------------------


def test_the_database_refuses_more_confirmed_places_than_capacity():
    # given
    event = EventFactory(capacity=3)
    # when / then
    with pytest.raises(IntegrityError), transaction.atomic():
        Event.objects.filter(pk=event.pk).update(confirmed_count=event.capacity + 1)
    event.refresh_from_db()
    assert event.confirmed_count == 0


def test_the_database_refuses_a_second_active_registration_of_one_volunteer():
    # given
    registration = RegistrationFactory(status=Registration.Status.WAITLISTED)
    # when / then
    with pytest.raises(IntegrityError), transaction.atomic():
        Registration.objects.create(
            event=registration.event, volunteer=registration.volunteer, status=Registration.Status.CONFIRMED
        )
    assert Registration.objects.count() == 1
    # and a cancelled one is history, not a second active row
    Registration.objects.create(
        event=registration.event, volunteer=registration.volunteer, status=Registration.Status.CANCELLED
    )
    assert Registration.objects.count() == 2


# Recurring events --------------------------------------------------------------------------------


def test_every_saturday_morning_for_eight_weeks_makes_eight_events_stored_in_utc():
    # given
    campaign = CampaignFactory()
    # when
    events = create_recurring_events(
        campaign=campaign,
        weekdays=["sat"],
        first_date=date(2026, 12, 1),  # a Tuesday: the first Saturday is 5 December
        weeks=8,
        start_time=time(9, 0),
        end_time=time(11, 0),
        title="周六义务清扫",
        area=campaign.center.area,
        address="海淀区测试路 1 号",
        capacity=20,
    )
    # then
    saturdays = [date(2026, 12, 5) + timedelta(weeks=n) for n in range(8)]
    stored = list(Event.objects.filter(campaign=campaign).order_by("starts_at"))
    assert len(events) == 8
    assert [e.starts_at for e in stored] == [datetime.combine(d, time(1, 0), tzinfo=UTC) for d in saturdays]
    assert [e.ends_at for e in stored] == [datetime.combine(d, time(3, 0), tzinfo=UTC) for d in saturdays]
    assert {timezone.localtime(e.starts_at).strftime("%a %H:%M") for e in stored} == {"Sat 09:00"}
    assert len({e.series for e in stored}) == 1
    assert stored[0].series is not None
