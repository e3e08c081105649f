"""Check-in with the rotating code, check-out, attendance and the service-hour ledger it credits."""

from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import DatabaseError, connection, transaction

from accounts.models import AuditEvent
from campaigns.exceptions import (
    BadCheckInCode,
    CheckInClosed,
    InvalidTransition,
    NotCancellable,
    NotCheckedIn,
    NotConfirmed,
)
from campaigns.models import Registration
from campaigns.services import (
    cancel_registration,
    check_in,
    check_in_code,
    check_out,
    close_attendance,
    excuse_no_show,
)
from campaigns.tests.factories import EventFactory, RegistrationFactory
from volunteers.exceptions import AlreadyReversed
from volunteers.models import ServiceRecord, star_level
from volunteers.services import adjust_hours, reverse_record
from volunteers.tests.factories import VolunteerFactory

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")
START = datetime(2026, 12, 5, 9, 0, tzinfo=SHANGHAI)  # a Saturday morning, 09:00–11:00
END = START + timedelta(hours=2)


@pytest.fixture
def event():
    return EventFactory(starts_at=START, ends_at=END, title="周六清洁")


@pytest.fixture
def registration(event):
    return RegistrationFactory(event=event)


def attendance(registration: Registration) -> tuple:
    registration.refresh_from_db()
    return registration.attendance, registration.checked_in_at, registration.checked_out_at


def ledger() -> list[tuple]:
    return list(ServiceRecord.objects.order_by("id").values_list("volunteer_id", "hours", "source", "registration_id"))


# The rotating code -------------------------------------------------------------------------------


def test_the_code_is_six_digits_and_changes_every_30_seconds(event):
    # given
    other_event = EventFactory(starts_at=START, ends_at=END)
    # when
    first = check_in_code(event=event, now=START)
    same_period = check_in_code(event=event, now=START + timedelta(seconds=29))
    next_period = check_in_code(event=event, now=START + timedelta(seconds=30))
    # then
    assert len(first["code"]) == 6
    assert first["code"].isdigit()
    assert same_period["code"] == first["code"]
    assert next_period["code"] != first["code"]
    assert check_in_code(event=other_event, now=START)["code"] != first["code"]
    assert first["refresh_at"] == START + timedelta(seconds=30)
    assert first["valid_until"] == START + timedelta(seconds=60)


@pytest.mark.parametrize("seconds_later", [0, 29, 30, 59])
def test_the_current_and_the_previous_period_code_check_in(event, registration, seconds_later):
    # given
    code = check_in_code(event=event, now=START)["code"]
    moment = START + timedelta(seconds=seconds_later)
    # when
    with time_machine.travel(moment, tick=False):
        check_in(registration=registration, code=code)
    # then
    assert attendance(registration) == (Registration.Attendance.ATTENDED, moment, None)


@pytest.mark.parametrize("code", ["older", "000000", ""])
def test_an_older_or_made_up_code_is_refused(event, registration, code):
    # given
    if code == "older":
        code = check_in_code(event=event, now=START - timedelta(seconds=30))["code"]
    before = attendance(registration)
    # when
    with time_machine.travel(START + timedelta(seconds=30), tick=False), pytest.raises(BadCheckInCode) as refusal:
        check_in(registration=registration, code=code)
    # then
    assert (refusal.value.code, refusal.value.field) == ("bad_check_in_code", "code")
    assert attendance(registration) == before


def test_the_code_of_another_event_is_refused(event, registration):
    # given
    other_code = check_in_code(event=EventFactory(starts_at=START, ends_at=END), now=START)["code"]
    # when
    with time_machine.travel(START, tick=False), pytest.raises(BadCheckInCode):
        check_in(registration=registration, code=other_code)
    # then
    assert attendance(registration) == (Registration.Attendance.PENDING, None, None)


# The check-in window -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("moment", "opens"),
    [
        (START - timedelta(hours=1, seconds=1), False),
        (START - timedelta(hours=1), True),
        (END, True),
        (END + timedelta(seconds=1), False),
    ],
)
def test_check_in_opens_an_hour_before_the_start_and_closes_at_the_end(event, registration, moment, opens):
    # given
    code = check_in_code(event=event, now=moment)["code"]
    # when
    with time_machine.travel(moment, tick=False):
        if opens:
            check_in(registration=registration, code=code)
        else:
            with pytest.raises(CheckInClosed) as refusal:
                check_in(registration=registration, code=code)
            assert refusal.value.code == "check_in_closed"
    # then
    expected = (
        (Registration.Attendance.ATTENDED, moment, None) if opens else (Registration.Attendance.PENDING, None, None)
    )
    assert attendance(registration) == expected


def test_a_waitlisted_volunteer_cannot_check_in(event):
    # given
    waiting = RegistrationFactory(event=event, status=Registration.Status.WAITLISTED)
    # when
    with time_machine.travel(START, tick=False), pytest.raises(NotConfirmed) as refusal:
        check_in(registration=waiting)
    # then
    assert refusal.value.code == "not_confirmed"
    assert attendance(waiting) == (Registration.Attendance.PENDING, None, None)


def test_checking_in_twice_keeps_the_first_time(event, registration):
    # given
    with time_machine.travel(START - timedelta(minutes=10), tick=False):
        check_in(registration=registration)
    # when
    with time_machine.travel(START + timedelta(minutes=5), tick=False):
        check_in(registration=registration, code=check_in_code(event=event)["code"])
    # then
    assert attendance(registration) == (Registration.Attendance.ATTENDED, START - timedelta(minutes=10), None)


def test_a_checked_in_place_can_no_longer_be_cancelled(event, registration):
    # given: the volunteer is on site; a waitlisted one must not get their place
    waiting = RegistrationFactory(event=event, status=Registration.Status.WAITLISTED)
    event.capacity = 1
    event.save(update_fields=["capacity"])
    with time_machine.travel(START, tick=False):
        check_in(registration=registration)
    # when
    with time_machine.travel(START + timedelta(minutes=30), tick=False), pytest.raises(NotCancellable):
        cancel_registration(registration=registration)
    # then
    registration.refresh_from_db()
    waiting.refresh_from_db()
    assert (registration.status, waiting.status) == (Registration.Status.CONFIRMED, Registration.Status.WAITLISTED)
    event.refresh_from_db()
    assert event.confirmed_count == 1


# Check-out and the hours it credits --------------------------------------------------------------


def test_checking_out_before_checking_in_is_refused(registration):
    # when
    with time_machine.travel(START + timedelta(hours=1), tick=False), pytest.raises(NotCheckedIn) as refusal:
        check_out(registration=registration)
    # then
    assert refusal.value.code == "not_checked_in"
    assert attendance(registration) == (Registration.Attendance.PENDING, None, None)
    assert ledger() == []


@pytest.mark.parametrize(
    ("checked_in", "checked_out", "hours"),
    [
        (START, START + timedelta(hours=1, minutes=59), Decimal("1.5")),  # rounded down to the half hour
        (START + timedelta(minutes=7), START + timedelta(hours=1, minutes=37), Decimal("1.5")),
        (START, START + timedelta(hours=1, minutes=29, seconds=59), Decimal("1.0")),
        (START - timedelta(minutes=50), END + timedelta(hours=2), Decimal("2.0")),  # capped to the event
    ],
)
def test_checking_out_credits_the_hours_rounded_down_and_capped(registration, checked_in, checked_out, hours):
    # given
    with time_machine.travel(checked_in, tick=False):
        check_in(registration=registration)
    # when
    with time_machine.travel(checked_out, tick=False):
        check_out(registration=registration)
    # then
    assert attendance(registration) == (Registration.Attendance.ATTENDED, checked_in, checked_out)
    record = ServiceRecord.objects.get()
    assert (record.volunteer_id, record.hours, record.source) == (registration.volunteer_id, hours, "event")
    assert (record.registration_id, record.served_on, record.description) == (
        registration.pk,
        date(2026, 12, 5),
        "周六清洁",
    )


def test_the_step_is_configurable(settings, registration):
    # given
    settings.SERVICE_HOURS_STEP = "0.25"
    with time_machine.travel(START, tick=False):
        check_in(registration=registration)
    # when
    with time_machine.travel(START + timedelta(minutes=50), tick=False):
        check_out(registration=registration)
    # then
    assert ServiceRecord.objects.get().hours == Decimal("0.75")


def test_less_than_one_step_on_site_credits_nothing(registration):
    # given
    with time_machine.travel(START, tick=False):
        check_in(registration=registration)
    # when
    with time_machine.travel(START + timedelta(minutes=20), tick=False):
        check_out(registration=registration)
    # then
    assert attendance(registration)[2] == START + timedelta(minutes=20)
    assert ledger() == []


def test_checking_out_twice_credits_once(event, registration):
    # given
    with time_machine.travel(START, tick=False):
        check_in(registration=registration)
    with time_machine.travel(START + timedelta(hours=1), tick=False):
        check_out(registration=registration)
    # when
    with time_machine.travel(END, tick=False):
        check_out(registration=registration, code=check_in_code(event=event)["code"])
    # then
    assert attendance(registration)[2] == START + timedelta(hours=1)
    assert ledger() == [(registration.volunteer_id, Decimal("1.00"), "event", registration.pk)]


# Closing attendance after the event --------------------------------------------------------------


def test_closing_attendance_marks_no_shows_and_closes_forgotten_check_outs(event, registration):
    # given
    forgot = RegistrationFactory(event=event)
    absent = RegistrationFactory(event=event)
    waiting = RegistrationFactory(event=event, status=Registration.Status.WAITLISTED)
    with time_machine.travel(START, tick=False):
        check_in(registration=registration)
    with time_machine.travel(START + timedelta(minutes=30), tick=False):
        check_in(registration=forgot)
    with time_machine.travel(START + timedelta(hours=1), tick=False):
        check_out(registration=registration)
    # when: the nightly job runs the next morning
    with time_machine.travel(START + timedelta(days=1), tick=False):
        result = close_attendance()
    # then
    assert result == {"no_shows": 1, "checked_out": 1}
    assert attendance(absent) == (Registration.Attendance.NO_SHOW, None, None)
    assert attendance(forgot) == (Registration.Attendance.ATTENDED, START + timedelta(minutes=30), END)
    assert attendance(waiting) == (Registration.Attendance.PENDING, None, None)
    assert ledger() == [
        (registration.volunteer_id, Decimal("1.00"), "event", registration.pk),
        (forgot.volunteer_id, Decimal("1.50"), "event", forgot.pk),
    ]


def test_closing_attendance_leaves_events_still_open_for_check_out(event, registration):
    # given
    with time_machine.travel(START, tick=False):
        check_in(registration=registration)
    absent = RegistrationFactory(event=event)
    # when: the event ended, but check-out stays open for three hours
    with time_machine.travel(END + timedelta(hours=2), tick=False):
        result = close_attendance()
    # then
    assert result == {"no_shows": 0, "checked_out": 0}
    assert attendance(absent) == (Registration.Attendance.PENDING, None, None)
    assert ledger() == []


def test_closing_attendance_twice_changes_nothing_more(event, registration):
    # given
    with time_machine.travel(START, tick=False):
        check_in(registration=registration)
    RegistrationFactory(event=event)
    with time_machine.travel(START + timedelta(days=1), tick=False):
        close_attendance()
    # when
    with time_machine.travel(START + timedelta(days=2), tick=False):
        result = close_attendance()
    # then
    assert result == {"no_shows": 0, "checked_out": 0}
    assert ledger() == [(registration.volunteer_id, Decimal("2.00"), "event", registration.pk)]


def test_an_excused_no_show_stays_excused(event, registration):
    # given
    with time_machine.travel(START + timedelta(days=1), tick=False):
        close_attendance()
    # when
    excuse_no_show(registration=registration)
    with time_machine.travel(START + timedelta(days=2), tick=False):
        close_attendance()
    # then
    assert attendance(registration) == (Registration.Attendance.EXCUSED, None, None)


def test_only_a_no_show_can_be_excused(registration):
    # when
    with pytest.raises(InvalidTransition) as refusal:
        excuse_no_show(registration=registration)
    # then
    assert refusal.value.code == "invalid_transition"
    assert attendance(registration) == (Registration.Attendance.PENDING, None, None)


# Star levels and the append-only ledger ----------------------------------------------------------


@pytest.mark.parametrize(
    ("hours", "stars"),
    [(Decimal("0"), 0), (Decimal("99.5"), 0), (Decimal("100"), 1), (Decimal("300"), 2), (Decimal("1500"), 5)],
)
def test_star_level_by_cumulative_hours(hours, stars):
    assert star_level(hours) == stars


@pytest.fixture
def coordinator():
    return VolunteerFactory().user


def test_reversing_an_entry_adds_the_opposite_entry_once(registration, coordinator):
    # given
    with time_machine.travel(START, tick=False):
        check_in(registration=registration)
    with time_machine.travel(END, tick=False):
        check_out(registration=registration)
    credit = ServiceRecord.objects.get()
    # when
    reversal = reverse_record(record=credit, reason="签到有误", created_by=coordinator)
    # then
    assert (reversal.hours, reversal.source, reversal.reverses_id) == (Decimal("-2.00"), "reversal", credit.pk)
    assert (reversal.served_on, reversal.reason, reversal.created_by) == (credit.served_on, "签到有误", coordinator)
    assert sum(ServiceRecord.objects.values_list("hours", flat=True)) == 0
    assert AuditEvent.objects.filter(action="hours_reversed", target_id=str(reversal.pk)).count() == 1


@pytest.mark.parametrize("target", ["the reversed entry", "the reversal"])
def test_an_entry_is_reversed_only_once(coordinator, target):
    # given
    volunteer = VolunteerFactory()
    entry = adjust_hours(
        volunteer=volunteer, hours=Decimal("3"), served_on=date(2026, 12, 1), reason="补录", created_by=coordinator
    )
    reversal = reverse_record(record=entry, reason="重复补录", created_by=coordinator)
    before = ledger()
    # when
    with pytest.raises(AlreadyReversed) as refusal:
        reverse_record(
            record=entry if target == "the reversed entry" else reversal, reason="再撤销", created_by=coordinator
        )
    # then
    assert refusal.value.code == "already_reversed"
    assert ledger() == before


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="the append-only trigger exists on PostgreSQL only")
@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE volunteers_servicerecord SET hours = 100 WHERE id = %s",
        "DELETE FROM volunteers_servicerecord WHERE id = %s",
    ],
)
def test_the_database_refuses_to_change_or_delete_a_ledger_entry(coordinator, statement):
    # given
    entry = adjust_hours(
        volunteer=VolunteerFactory(),
        hours=Decimal("3"),
        served_on=date(2026, 12, 1),
        reason="补录",
        created_by=coordinator,
    )
    # when
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(statement, [entry.pk])
    # then
    assert ledger() == [(entry.volunteer_id, Decimal("3.00"), "adjustment", None)]
