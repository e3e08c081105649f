"""The hour ledger, star level, reliability, certificates and the calendar feed, as users meet them."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import AuditEvent
from campaigns.models import Registration
from campaigns.tests.factories import EventFactory, RegistrationFactory
from volunteers.models import Certificate, ServiceRecord
from volunteers.services import adjust_hours, credit_event_hours
from volunteers.tests.factories import VolunteerFactory

pytestmark = pytest.mark.django_db


def attended(volunteer, *, hours: str, days_ago: int = 3) -> Registration:
    start = timezone.now() - timedelta(days=days_ago)
    registration = RegistrationFactory(
        volunteer=volunteer,
        event=EventFactory(starts_at=start, ends_at=start + timedelta(hours=3), title="楼道清理"),
        attendance=Registration.Attendance.ATTENDED,
        checked_in_at=start,
        checked_out_at=start + timedelta(hours=3),
    )
    credit_event_hours(registration=registration, hours=Decimal(hours))
    return registration


def test_summary_adds_up_the_ledger_and_derives_the_star_level(world, client_for):
    volunteer = world.users["volunteer"].volunteer
    attended(volunteer, hours="2.5")
    adjust_hours(
        volunteer=volunteer,
        hours=Decimal("98"),
        served_on=date(2026, 3, 5),
        reason="补录 2026 年春季服务",
        created_by=world.users["coordinator"],
    )

    body = client_for(world.users["volunteer"]).get("/api/v1/volunteers/me/summary/").json()

    assert body["total_hours"] == "100.50"
    assert body["star_level"] == 1
    assert body["next_star_at"] == 300
    assert body["reliability"] == {"score": 100, "no_shows": 0, "late_cancellations": 0, "attended": 1}


def test_a_fresh_no_show_costs_twenty_reliability_points_and_an_excused_one_nothing(world, client_for):
    volunteer = world.users["volunteer"].volunteer
    start = timezone.now() - timedelta(hours=5)
    no_show = RegistrationFactory(
        volunteer=volunteer,
        event=EventFactory(starts_at=start, ends_at=start + timedelta(hours=2)),
        attendance=Registration.Attendance.NO_SHOW,
    )
    client = client_for(world.users["volunteer"])

    assert client.get("/api/v1/volunteers/me/summary/").json()["reliability"]["score"] == 80

    no_show.attendance = Registration.Attendance.EXCUSED
    no_show.save()
    assert client.get("/api/v1/volunteers/me/summary/").json()["reliability"]["score"] == 100


def test_coordinator_adjusts_and_reverses_hours_of_a_volunteer_in_scope(world, client_for):
    volunteer = world.users["volunteer"].volunteer
    client = client_for(world.users["coordinator"])

    created = client.post(
        f"/api/v1/volunteers/{volunteer.pk}/service-records/",
        {"hours": "4", "served_on": "2026-10-01", "reason": "国庆值守补录"},
        format="json",
    )
    assert created.status_code == 201
    record_id = created.json()["id"]

    reversed_ = client.post(f"/api/v1/service-records/{record_id}/reverse/", {"reason": "重复录入"}, format="json")
    again = client.post(f"/api/v1/service-records/{record_id}/reverse/", {"reason": "再次撤销"}, format="json")

    assert reversed_.status_code == 201
    assert reversed_.json()["hours"] == "-4.00"
    assert again.status_code == 409
    assert again.json()["code"] == "already_reversed"
    assert ServiceRecord.objects.filter(volunteer=volunteer).count() == 2
    assert {e.action for e in AuditEvent.objects.all()} >= {"hours_adjusted", "hours_reversed"}


def test_other_coordinator_and_volunteers_cannot_touch_the_ledger(world, client_for):
    volunteer = world.users["volunteer"].volunteer
    payload = {"hours": "4", "served_on": "2026-10-01", "reason": "补录"}

    other = client_for(world.users["other_coordinator"]).post(
        f"/api/v1/volunteers/{volunteer.pk}/service-records/", payload, format="json"
    )
    self_service = client_for(world.users["volunteer"]).post(
        f"/api/v1/volunteers/{volunteer.pk}/service-records/", payload, format="json"
    )

    assert other.status_code == 404
    assert self_service.status_code == 403
    assert not ServiceRecord.objects.exists()


def test_an_adjustment_needs_a_reason_and_nonzero_hours(world, client_for):
    volunteer = world.users["volunteer"].volunteer
    response = client_for(world.users["coordinator"]).post(
        f"/api/v1/volunteers/{volunteer.pk}/service-records/", {"hours": "0", "served_on": "2026-10-01"}, format="json"
    )

    assert response.status_code == 400
    assert {(e["field"], e["code"]) for e in response.json()["errors"]} == {
        ("hours", "zero_hours"),
        ("reason", "required"),
    }
    assert not ServiceRecord.objects.exists()


def test_certificate_is_issued_printed_and_verified_without_personal_data(world, client_for, api_client):
    volunteer = world.users["volunteer"].volunteer
    attended(volunteer, hours="3")
    client = client_for(world.users["volunteer"])

    issued = client.post("/api/v1/volunteers/me/certificates/")
    assert issued.status_code == 201
    certificate = issued.json()
    assert certificate["total_hours"] == "3.00"
    assert certificate["masked_id_number"] == volunteer.id_number[:6] + "********" + volunteer.id_number[-4:]

    document = client.get(f"/api/v1/volunteers/me/certificates/{certificate['id']}/document/")
    assert document.status_code == 200
    page = document.content.decode()
    assert "志愿服务证明" in page and certificate["number"] in page and volunteer.id_number not in page

    verified = api_client.get(
        "/api/v1/certificates/verify/", {"number": certificate["number"], "code": certificate["verification_code"]}
    )
    assert verified.status_code == 200
    assert verified.json()["holder"] == "张*"
    assert verified.json()["total_hours"] == "3.00"
    assert volunteer.id_number not in verified.content.decode()

    wrong_code = api_client.get("/api/v1/certificates/verify/", {"number": certificate["number"], "code": "XXXXXX"})
    no_such = api_client.get("/api/v1/certificates/verify/", {"number": "GJ2026NOTREAL", "code": "XXXXXX"})
    assert wrong_code.status_code == no_such.status_code == 404
    assert wrong_code.json() == no_such.json()


def test_another_volunteer_cannot_open_my_certificate(world, client_for):
    volunteer = world.users["volunteer"].volunteer
    certificate_id = client_for(world.users["volunteer"]).post("/api/v1/volunteers/me/certificates/").json()["id"]

    response = client_for(world.users["other_volunteer"]).get(
        f"/api/v1/volunteers/me/certificates/{certificate_id}/document/"
    )

    assert response.status_code == 404
    assert Certificate.objects.get().volunteer == volunteer


def test_calendar_feed_lists_confirmed_events_and_dies_when_reset(world, client_for, api_client):
    volunteer = world.users["volunteer"].volunteer
    RegistrationFactory(volunteer=volunteer, event=EventFactory(title="周六环境清洁"))
    RegistrationFactory(volunteer=volunteer, event=EventFactory(title="候补的活动"), status="waitlisted")
    client = client_for(world.users["volunteer"])

    url = client.get("/api/v1/volunteers/me/calendar/").json()["url"]
    path = url.removeprefix("http://testserver")
    feed = api_client.get(path)

    assert feed.status_code == 200
    assert feed["Content-Type"].startswith("text/calendar")
    body = feed.content.decode()
    assert body.count("BEGIN:VEVENT") == 1 and "周六环境清洁" in body

    new_url = client.post("/api/v1/volunteers/me/calendar/").json()["url"]
    assert new_url != url
    assert api_client.get(path).status_code == 404


def test_ledger_list_query_count_is_flat(world, client_for):
    volunteer = VolunteerFactory(home_area=world.community_a1)
    for day in range(60):
        adjust_hours(
            volunteer=volunteer,
            hours=Decimal("1"),
            served_on=date(2026, 1, 1) + timedelta(days=day),
            reason="补录",
            created_by=world.users["coordinator"],
        )
    client = client_for(world.users["coordinator"])
    counts = []
    for size in (5, 50):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(f"/api/v1/volunteers/{volunteer.pk}/service-records/?page_size={size}")
        assert len(response.json()["results"]) == size
        counts.append(len(queries))
    assert counts[0] == counts[1]
