"""The registration endpoints: registering with retries, listing, cancelling, the roster and check-in."""

import re
from datetime import datetime, timedelta
from decimal import Decimal
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
import segno
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from drf_spectacular.generators import SchemaGenerator

from campaigns.models import Event, Registration
from campaigns.services import close_attendance
from campaigns.tests.factories import CampaignFactory, EventFactory, RegistrationFactory
from core.models import IdempotencyRecord, Notice
from volunteers.models import ServiceRecord
from volunteers.tests.factories import SkillFactory, VolunteerFactory

SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def event(world):
    return EventFactory(campaign=CampaignFactory(center=world.institute_a), area=world.community_a1, capacity=1)


def register(client, event, payload=None, key=None):
    headers = {"HTTP_IDEMPOTENCY_KEY": key} if key else {}
    return client.post(f"/api/v1/events/{event.pk}/registrations/", payload or {}, format="json", **headers)


def registrations(event) -> list[tuple]:
    return list(event.registrations.order_by("id").values_list("volunteer_id", "status"))


def volunteer_of(world, persona: str):
    return world.users[persona].volunteer


# Registering -------------------------------------------------------------------------------------


def test_a_volunteer_registers_and_the_next_one_is_waitlisted(world, client_for, event):
    # given
    third = VolunteerFactory()
    # when
    confirmed = register(client_for(world.users["volunteer"]), event, {"note": "会急救"})
    waitlisted = register(client_for(world.users["other_volunteer"]), event)
    last = register(client_for(third.user), event)
    # then
    assert confirmed.status_code == 201
    body = confirmed.json()
    assert (body["status"], body["waitlist_position"], body["note"]) == ("confirmed", None, "会急救")
    assert (body["volunteer"]["id"], body["volunteer"]["real_name"]) == (volunteer_of(world, "volunteer").pk, "张三")
    assert re.fullmatch(r"1[0-9]{2}\*{4}[0-9]{4}", body["volunteer"]["phone"])
    assert body["event"]["id"] == event.pk
    assert (body["attendance"], body["checked_in_at"], body["late_cancellation"]) == ("pending", None, False)
    assert (waitlisted.status_code, waitlisted.json()["status"], waitlisted.json()["waitlist_position"]) == (
        201,
        "waitlisted",
        1,
    )
    assert (last.json()["status"], last.json()["waitlist_position"]) == ("waitlisted", 2)
    assert registrations(event) == [
        (volunteer_of(world, "volunteer").pk, "confirmed"),
        (volunteer_of(world, "other_volunteer").pk, "waitlisted"),
        (third.pk, "waitlisted"),
    ]


def required_fields(schema: dict, component: str) -> dict:
    """The fields the OpenAPI schema promises, nested components by name: what generated clients rely on."""
    spec = schema["components"]["schemas"][component]
    fields = {}
    for name in spec.get("required", []):
        prop = spec["properties"][name]
        ref = prop.get("$ref") or next((part["$ref"] for part in prop.get("allOf", []) if "$ref" in part), None)
        fields[name] = required_fields(schema, ref.rsplit("/", 1)[1]) if ref else None
    return fields


def assert_has_fields(body, fields: dict) -> None:
    assert set(fields) <= set(body), sorted(set(fields) - set(body))
    for name, nested in fields.items():
        if nested and body[name] is not None:
            for item in body[name] if isinstance(body[name], list) else [body[name]]:
                assert_has_fields(item, nested)


def test_registration_bodies_carry_every_field_the_schema_promises(world, client_for, event):
    # given
    schema = SchemaGenerator().get_schema(request=None, public=True)
    client = client_for(world.users["volunteer"])
    # when
    created = register(client, event).json()
    listed = client.get("/api/v1/registrations/").json()["results"]
    roster = client_for(world.users["coordinator"]).get(f"/api/v1/events/{event.pk}/registrations/").json()
    # then
    assert_has_fields(created, required_fields(schema, "Registration"))
    assert_has_fields(listed[0], required_fields(schema, "Registration"))
    assert_has_fields(roster["results"][0], required_fields(schema, "EventRegistration"))
    assert created["event"]["id"] == event.pk


@pytest.mark.parametrize(("persona", "expected"), [("anonymous", 401), ("partner_admin", 403), ("coordinator", 403)])
def test_only_volunteers_register(world, client_for, event, persona, expected):
    # when
    response = register(client_for(world.users[persona]), event)
    # then
    assert response.status_code == expected
    assert registrations(event) == []


def test_registering_for_an_event_of_a_draft_is_not_found(world, client_for):
    # given
    event = EventFactory(campaign=CampaignFactory(center=world.institute_a, status="draft"))
    # when
    response = register(client_for(world.users["volunteer"]), event)
    # then
    assert response.status_code == 404
    assert registrations(event) == []


def test_a_refusal_has_its_code(world, client_for, event):
    # given
    client = client_for(world.users["volunteer"])
    register(client, event)
    # when
    response = register(client, event)
    # then
    assert response.status_code == 409
    assert response.json()["code"] == "already_registered"
    assert registrations(event) == [(volunteer_of(world, "volunteer").pk, "confirmed")]


# Retries with an Idempotency-Key -----------------------------------------------------------------


def test_a_retry_with_the_same_key_replays_the_first_answer(
    world, client_for, event, django_capture_on_commit_callbacks
):
    # given
    client = client_for(world.users["volunteer"])
    with django_capture_on_commit_callbacks(execute=True):
        first = register(client, event, {"note": "第一次"}, key="4b1d7c1e-0d1f-4f47-9d3f-0a3c2f1b9e11")
    # when
    with django_capture_on_commit_callbacks(execute=True):
        retry = register(client, event, {"note": "第一次"}, key="4b1d7c1e-0d1f-4f47-9d3f-0a3c2f1b9e11")
    # then
    assert first.status_code == retry.status_code == 201
    assert retry.content == first.content  # byte-identical, on PostgreSQL too
    assert retry["Idempotent-Replayed"] == "true"
    assert "Idempotent-Replayed" not in first
    assert registrations(event) == [(volunteer_of(world, "volunteer").pk, "confirmed")]
    assert IdempotencyRecord.objects.count() == 1
    assert Notice.objects.count() == 1


def test_the_same_key_with_another_body_is_refused(world, client_for, event):
    # given
    client = client_for(world.users["volunteer"])
    register(client, event, {"note": "第一次"}, key="key-1")
    # when
    response = register(client, event, {"note": "改了内容"}, key="key-1")
    # then
    assert (response.status_code, response.json()["code"]) == (422, "idempotency_key_reused")
    assert Registration.objects.get().note == "第一次"
    assert IdempotencyRecord.objects.count() == 1


def test_a_refused_request_replays_its_refusal(world, client_for, event):
    # given: registration has closed
    client = client_for(world.users["volunteer"])
    Event.objects.filter(pk=event.pk).update(registration_closes_at=event.starts_at - timedelta(days=5))
    refused = register(client, event, key="key-1")
    # when: it opens again, but the client retries the old request
    Event.objects.filter(pk=event.pk).update(registration_closes_at=None)
    retry = register(client, event, key="key-1")
    # then
    assert (refused.status_code, refused.json()["code"]) == (409, "registration_closed")
    assert (retry.status_code, retry.json()) == (409, refused.json())
    assert retry["Idempotent-Replayed"] == "true"
    assert registrations(event) == []
    # and a new key is a new request
    assert register(client, event, key="key-2").status_code == 201


def test_one_key_string_of_two_volunteers_are_two_requests(world, client_for, event):
    # when
    mine = register(client_for(world.users["volunteer"]), event, key="same")
    theirs = register(client_for(world.users["other_volunteer"]), event, key="same")
    # then
    assert (mine.json()["status"], theirs.json()["status"]) == ("confirmed", "waitlisted")
    assert "Idempotent-Replayed" not in theirs
    assert theirs.json()["volunteer"]["id"] == volunteer_of(world, "other_volunteer").pk


def test_an_overlong_key_is_refused(world, client_for, event):
    # when
    response = register(client_for(world.users["volunteer"]), event, key="k" * 101)
    # then
    assert (response.status_code, response.json()["code"]) == (400, "invalid_idempotency_key")
    assert registrations(event) == []
    assert IdempotencyRecord.objects.count() == 0


# Listing and cancelling --------------------------------------------------------------------------


def test_a_volunteer_lists_their_own_registrations_with_waitlist_positions(world, client_for, event):
    # given
    volunteer = volunteer_of(world, "volunteer")
    RegistrationFactory(event=event)
    RegistrationFactory(event=event, status=Registration.Status.WAITLISTED)
    waiting = RegistrationFactory(event=event, volunteer=volunteer, status=Registration.Status.WAITLISTED)
    RegistrationFactory(event=event, status=Registration.Status.WAITLISTED)
    later = EventFactory(campaign=event.campaign, starts_at=event.starts_at + timedelta(days=1))
    confirmed = RegistrationFactory(event=later, volunteer=volunteer)
    RegistrationFactory(event=later)
    # when
    response = client_for(world.users["volunteer"]).get("/api/v1/registrations/")
    # then
    assert response.status_code == 200
    rows = [(row["id"], row["status"], row["waitlist_position"]) for row in response.json()["results"]]
    assert rows == [(waiting.pk, "waitlisted", 2), (confirmed.pk, "confirmed", None)]
    detail = client_for(world.users["volunteer"]).get(f"/api/v1/registrations/{waiting.pk}/")
    assert detail.json()["waitlist_position"] == 2


def test_the_owner_cancels_and_the_waitlist_moves_up(world, client_for, event):
    # given
    client = client_for(world.users["volunteer"])
    mine = register(client, event).json()
    register(client_for(world.users["other_volunteer"]), event)
    # when
    response = client.post(f"/api/v1/registrations/{mine['id']}/cancel/")
    # then
    assert response.status_code == 200
    assert (response.json()["status"], response.json()["late_cancellation"]) == ("cancelled", False)
    assert registrations(event) == [
        (volunteer_of(world, "volunteer").pk, "cancelled"),
        (volunteer_of(world, "other_volunteer").pk, "confirmed"),
    ]


def test_the_events_coordinator_cancels_a_registration(world, client_for, event):
    # given
    registration = RegistrationFactory(event=event)
    # when
    response = client_for(world.users["coordinator"]).post(f"/api/v1/registrations/{registration.pk}/cancel/")
    # then
    assert (response.status_code, response.json()["status"]) == (200, "cancelled")
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CANCELLED


@pytest.mark.parametrize("persona", ["other_volunteer", "other_coordinator", "partner_admin"])
def test_someone_elses_registration_is_not_found(world, client_for, event, persona):
    # given
    registration = RegistrationFactory(event=event, volunteer=volunteer_of(world, "volunteer"))
    client = client_for(world.users[persona])
    # when
    responses = [
        client.get(f"/api/v1/registrations/{registration.pk}/"),
        client.post(f"/api/v1/registrations/{registration.pk}/cancel/"),
    ]
    # then
    assert [r.status_code for r in responses] == [404, 404]
    assert registrations(event) == [(volunteer_of(world, "volunteer").pk, "confirmed")]
    event.refresh_from_db()
    assert event.confirmed_count == 1


def test_cancelling_twice_is_refused(world, client_for, event):
    # given
    client = client_for(world.users["volunteer"])
    registration_id = register(client, event).json()["id"]
    client.post(f"/api/v1/registrations/{registration_id}/cancel/")
    # when
    response = client.post(f"/api/v1/registrations/{registration_id}/cancel/")
    # then
    assert (response.status_code, response.json()["code"]) == (409, "not_cancellable")
    assert registrations(event) == [(volunteer_of(world, "volunteer").pk, "cancelled")]


# The organizer's roster --------------------------------------------------------------------------


def test_the_organizer_sees_the_roster_with_masked_phones(world, client_for, event):
    # given
    volunteer = VolunteerFactory(real_name="赵六", user__phone="13812345678")
    confirmed = RegistrationFactory(event=event, volunteer=volunteer)
    waiting = RegistrationFactory(event=event, status=Registration.Status.WAITLISTED)
    RegistrationFactory(status=Registration.Status.CONFIRMED)  # another event's
    # when
    response = client_for(world.users["coordinator"]).get(f"/api/v1/events/{event.pk}/registrations/")
    # then
    assert response.status_code == 200
    rows = response.json()["results"]
    assert [(row["id"], row["status"], row["waitlist_position"]) for row in rows] == [
        (confirmed.pk, "confirmed", None),
        (waiting.pk, "waitlisted", 1),
    ]
    assert rows[0]["volunteer"] == {"id": volunteer.pk, "real_name": "赵六", "phone": "138****5678"}
    assert "event" not in rows[0]
    assert "13812345678" not in response.content.decode()


@pytest.mark.parametrize(
    ("persona", "expected"),
    [("anonymous", 401), ("volunteer", 403), ("partner_admin", 403), ("other_coordinator", 403)],
)
def test_only_the_organizer_sees_the_roster(world, client_for, event, persona, expected):
    # given
    RegistrationFactory(event=event, volunteer=volunteer_of(world, "volunteer"))
    # when
    response = client_for(world.users[persona]).get(f"/api/v1/events/{event.pk}/registrations/")
    # then
    assert response.status_code == expected
    assert "results" not in response.json()


# Check-in and check-out --------------------------------------------------------------------------

START = datetime(2026, 12, 5, 9, 0, tzinfo=SHANGHAI)
END = START + timedelta(hours=2)


@pytest.fixture
def saturday(world):
    """A two-hour Saturday-morning event of street A with the world's volunteer confirmed."""
    event = EventFactory(
        campaign=CampaignFactory(center=world.institute_a), area=world.community_a1, starts_at=START, ends_at=END
    )
    registration = RegistrationFactory(event=event, volunteer=volunteer_of(world, "volunteer"))
    return event, registration


def test_the_qr_code_on_the_organizers_screen_opens_the_web_apps_check_in_page(world, client_for, saturday):
    # given
    event, _registration = saturday
    # when
    with (
        time_machine.travel(START - timedelta(minutes=20), tick=False),
        mock.patch.object(segno, "make", wraps=segno.make) as make,
    ):
        screen = client_for(world.users["coordinator"]).get(f"/api/v1/events/{event.pk}/check-in-code/")
    # then
    assert make.call_args.args[0] == f"http://testserver/events/{event.pk}/check-in?code={screen.json()['code']}"


def test_check_in_and_out_with_the_code_on_the_organizers_screen(world, client_for, saturday):
    # given
    event, registration = saturday
    with time_machine.travel(START - timedelta(minutes=20), tick=False) as clock:
        organizer, volunteer = client_for(world.users["coordinator"]), client_for(world.users["volunteer"])
        screen = organizer.get(f"/api/v1/events/{event.pk}/check-in-code/")
        code = screen.json()["code"]
        # when
        checked_in = volunteer.post(f"/api/v1/events/{event.pk}/check-in/", {"code": code}, format="json")
        clock.move_to(END + timedelta(minutes=10))
        code = organizer.get(f"/api/v1/events/{event.pk}/check-in-code/").json()["code"]
        checked_out = volunteer.post(f"/api/v1/events/{event.pk}/check-out/", {"code": code}, format="json")
    # then
    assert screen.status_code == 200
    assert re.fullmatch(r"[0-9]{6}", screen.json()["code"])
    assert screen.json()["qr_svg"].startswith("data:image/svg+xml")
    assert screen["Cache-Control"] == "no-store"
    assert checked_in.status_code == 200
    assert (checked_in.json()["attendance"], checked_in.json()["checked_in_at"]) == (
        "attended",
        "2026-12-05T08:40:00+08:00",
    )
    assert checked_out.status_code == 200
    assert checked_out.json()["checked_out_at"] == "2026-12-05T11:10:00+08:00"
    record = ServiceRecord.objects.get()
    assert (record.volunteer_id, record.hours, record.registration_id) == (
        registration.volunteer_id,
        Decimal("2.00"),
        registration.pk,
    )


def test_a_check_in_retried_with_its_key_replays_and_credits_nothing_twice(world, client_for, saturday):
    # given
    event, registration = saturday
    with time_machine.travel(START + timedelta(minutes=5), tick=False):
        volunteer = client_for(world.users["volunteer"])
        code = client_for(world.users["coordinator"]).get(f"/api/v1/events/{event.pk}/check-in-code/").json()["code"]
        first = volunteer.post(
            f"/api/v1/events/{event.pk}/check-in/", {"code": code}, format="json", HTTP_IDEMPOTENCY_KEY="in-1"
        )
        # when
        retry = volunteer.post(
            f"/api/v1/events/{event.pk}/check-in/", {"code": code}, format="json", HTTP_IDEMPOTENCY_KEY="in-1"
        )
    # then
    assert (first.status_code, retry.status_code) == (200, 200)
    assert retry.json() == first.json()
    assert retry["Idempotent-Replayed"] == "true"
    registration.refresh_from_db()
    assert registration.checked_in_at == START + timedelta(minutes=5)


@pytest.mark.parametrize(
    ("_case", "moment", "code", "expected"),
    [
        ("a wrong code", START, "000000", (400, "bad_check_in_code")),
        ("too early", START - timedelta(hours=2), None, (409, "check_in_closed")),
        ("too late", END + timedelta(minutes=1), None, (409, "check_in_closed")),
    ],
)
def test_a_refused_check_in_changes_nothing(world, client_for, saturday, _case, moment, code, expected):
    # given
    event, registration = saturday
    with time_machine.travel(moment, tick=False):
        code = (
            code
            or client_for(world.users["coordinator"]).get(f"/api/v1/events/{event.pk}/check-in-code/").json()["code"]
        )
        # when
        response = client_for(world.users["volunteer"]).post(
            f"/api/v1/events/{event.pk}/check-in/", {"code": code}, format="json"
        )
    # then
    assert (response.status_code, response.json()["code"]) == expected
    registration.refresh_from_db()
    assert (registration.attendance, registration.checked_in_at) == ("pending", None)


def test_a_waitlisted_volunteer_cannot_check_in(world, client_for, saturday):
    # given
    event, _registration = saturday
    waiting = RegistrationFactory(event=event, volunteer=volunteer_of(world, "other_volunteer"), status="waitlisted")
    with time_machine.travel(START, tick=False):
        code = client_for(world.users["coordinator"]).get(f"/api/v1/events/{event.pk}/check-in-code/").json()["code"]
        # when
        response = client_for(world.users["other_volunteer"]).post(
            f"/api/v1/events/{event.pk}/check-in/", {"code": code}, format="json"
        )
    # then
    assert (response.status_code, response.json()["code"]) == (409, "not_confirmed")
    waiting.refresh_from_db()
    assert waiting.checked_in_at is None


def test_a_volunteer_without_a_place_gets_404_on_check_in(world, client_for, saturday):
    # given
    event, _registration = saturday
    with time_machine.travel(START, tick=False):
        code = client_for(world.users["coordinator"]).get(f"/api/v1/events/{event.pk}/check-in-code/").json()["code"]
        # when
        response = client_for(world.users["other_volunteer"]).post(
            f"/api/v1/events/{event.pk}/check-in/", {"code": code}, format="json"
        )
    # then
    assert response.status_code == 404
    assert Registration.objects.filter(checked_in_at__isnull=False).count() == 0


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("volunteer", (403, "permission_denied")),
        ("other_coordinator", (403, "permission_denied")),
        ("anonymous", (401, "not_authenticated")),
    ],
)
def test_only_the_organizer_sees_the_check_in_code(world, client_for, saturday, persona, expected):
    # given
    event, _registration = saturday
    # when
    response = client_for(world.users[persona]).get(f"/api/v1/events/{event.pk}/check-in-code/")
    # then
    assert (response.status_code, response.json()["code"]) == expected
    assert "qr_svg" not in response.json()


def test_the_organizer_checks_a_volunteer_in_and_out_by_hand(world, client_for, saturday):
    # given
    _event, registration = saturday
    with time_machine.travel(START + timedelta(minutes=15), tick=False) as clock:
        organizer = client_for(world.users["coordinator"])
        # when
        checked_in = organizer.post(f"/api/v1/registrations/{registration.pk}/check-in/")
        clock.move_to(END)
        checked_out = organizer.post(f"/api/v1/registrations/{registration.pk}/check-out/")
    # then
    assert (checked_in.status_code, checked_in.json()["checked_in_at"]) == (200, "2026-12-05T09:15:00+08:00")
    assert (checked_out.status_code, checked_out.json()["checked_out_at"]) == (200, "2026-12-05T11:00:00+08:00")
    assert ServiceRecord.objects.get().hours == Decimal("1.50")


@pytest.mark.parametrize(
    ("persona", "expected"), [("volunteer", 403), ("other_volunteer", 404), ("other_coordinator", 404)]
)
def test_only_the_organizer_checks_in_by_hand(world, client_for, saturday, persona, expected):
    # given
    _event, registration = saturday
    with time_machine.travel(START, tick=False):
        # when
        responses = [
            client_for(world.users[persona]).post(f"/api/v1/registrations/{registration.pk}/check-in/"),
            client_for(world.users[persona]).post(f"/api/v1/registrations/{registration.pk}/excuse/"),
        ]
    # then
    assert [r.status_code for r in responses] == [expected, expected]
    registration.refresh_from_db()
    assert (registration.attendance, registration.checked_in_at) == ("pending", None)


def test_the_organizer_excuses_a_no_show(world, client_for, saturday):
    # given
    _event, registration = saturday
    with time_machine.travel(END + timedelta(days=1), tick=False):
        close_attendance()
        # when
        response = client_for(world.users["coordinator"]).post(f"/api/v1/registrations/{registration.pk}/excuse/")
        again = client_for(world.users["coordinator"]).post(f"/api/v1/registrations/{registration.pk}/excuse/")
    # then
    assert (response.status_code, response.json()["attendance"]) == (200, "excused")
    assert (again.status_code, again.json()["code"]) == (409, "invalid_transition")
    registration.refresh_from_db()
    assert registration.attendance == Registration.Attendance.EXCUSED


# Query counts ------------------------------------------------------------------------------------

ROWS = 60


def queries_for(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def test_the_event_list_runs_as_many_queries_for_50_rows_as_for_5(world, client_for):
    # given
    skills = SkillFactory.create_batch(2)
    campaign = CampaignFactory(center=world.institute_a)
    for n in range(ROWS):
        event = EventFactory(campaign=campaign, area=world.community_a1 if n % 2 else world.community_a2)
        event.skills_wanted.set(skills)
        RegistrationFactory(event=event, status=Registration.Status.WAITLISTED)
    client = client_for(None)
    # when
    small = queries_for(client, "/api/v1/events/?page_size=5")
    large = queries_for(client, "/api/v1/events/?page_size=50")
    # then
    assert small == large
    assert len(client.get("/api/v1/events/?page_size=50").json()["results"]) == 50


def test_the_registration_list_runs_as_many_queries_for_50_rows_as_for_5(world, client_for):
    # given
    volunteer = volunteer_of(world, "volunteer")
    skills = SkillFactory.create_batch(2)
    campaign = CampaignFactory(center=world.institute_a)
    first_start = timezone.now().replace(microsecond=0) + timedelta(days=1)
    for n in range(ROWS):
        event = EventFactory(campaign=campaign, starts_at=first_start + timedelta(days=n))
        event.skills_wanted.set(skills)
        RegistrationFactory(event=event, volunteer=volunteer, status="waitlisted" if n % 3 else "confirmed")
    client = client_for(world.users["volunteer"])
    # when
    small = queries_for(client, "/api/v1/registrations/?page_size=5")
    large = queries_for(client, "/api/v1/registrations/?page_size=50")
    # then
    assert small == large
    assert len(client.get("/api/v1/registrations/?page_size=50").json()["results"]) == 50
