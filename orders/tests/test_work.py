"""The work: a time and place, an event when people must sign up, photos under the activity logs' rules, the
completion report with its hours going to the ledger, and the resident's number for those who must call."""

import io
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from accounts.models import AuditEvent
from campaigns.models import Event, Registration
from campaigns.services import register_for_event
from campaigns.tests.factories import CampaignFactory
from orders import services
from orders.models import OrderParticipant, OrderPhoto, ServiceOrder
from orders.tests.builders import RESIDENT_PHONE, place, ready_to_complete, snapshot, taken_by_team
from orders.tests.factories import OrderPhotoFactory
from partners.tests.factories import image_bytes
from volunteers.models import ServiceRecord
from volunteers.services import credit_order_hours


def url(name: str, order) -> str:
    return reverse(name, args=[order.pk])


def soon(hours: int = 24):
    return timezone.now().replace(microsecond=0) + timedelta(hours=hours)


def test_the_taker_fixes_the_time_and_the_resident_is_told(
    world, client_for, team_a, sms, django_capture_on_commit_callbacks
):
    # given
    order = taken_by_team(world, team_a)
    starts_at = soon()

    # when
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(world.users["volunteer"]).post(
            url("service-order-schedule", order),
            {"starts_at": starts_at.isoformat(), "ends_at": (starts_at + timedelta(hours=2)).isoformat()},
            format="json",
        )

    # then
    assert response.status_code == 200, response.content
    order.refresh_from_db()
    assert (order.starts_at, order.ends_at) == (starts_at, starts_at + timedelta(hours=2))
    assert order.history.last().actor_role == "taker"
    when = timezone.localtime(starts_at).strftime("%Y-%m-%d %H:%M")
    (text,) = [text for phone, text in sms if phone == RESIDENT_PHONE]
    assert text.startswith(f"【共建】Your order “教老人用智能手机” is scheduled for {when}.")


def test_a_schedule_that_ends_before_it_starts_is_refused(world, client_for, team_a):
    # given
    order = taken_by_team(world, team_a)
    before = snapshot(order)

    # when
    response = client_for(world.users["volunteer"]).post(
        url("service-order-schedule", order),
        {"starts_at": soon().isoformat(), "ends_at": soon(23).isoformat()},
        format="json",
    )

    # then
    assert (response.status_code, response.json()["code"]) == (400, "invalid_times")
    assert snapshot(order) == before


def test_work_that_needs_people_becomes_an_event_they_register_for(world, client_for, coordinator, team_a):
    # given
    order = taken_by_team(world, team_a)
    campaign = CampaignFactory(center=world.institute_a)
    starts_at = soon(48)

    # when
    response = client_for(coordinator).post(
        url("service-order-event", order),
        {
            "campaign": campaign.pk,
            "capacity": 6,
            "starts_at": starts_at.isoformat(),
            "ends_at": (starts_at + timedelta(hours=3)).isoformat(),
        },
        format="json",
    )

    # then
    assert response.status_code == 201, response.content
    event = Event.objects.get()
    assert (event.campaign, event.area, event.address, event.capacity, event.title) == (
        campaign,
        world.community_a1,
        "科南社区3号楼2单元",
        6,
        "教老人用智能手机",
    )
    assert response.json()["event"] == event.pk
    registration = register_for_event(volunteer=world.users["other_volunteer"].volunteer, event=event)
    assert registration.status == Registration.Status.CONFIRMED


def test_an_event_needs_a_campaign_of_the_callers_own(world, client_for, coordinator, team_a):
    # given
    order = taken_by_team(world, team_a)
    someone_elses = CampaignFactory(center=world.institute_b)
    before = snapshot(order)

    # when
    response = client_for(coordinator).post(
        url("service-order-event", order),
        {"campaign": someone_elses.pk, "capacity": 6, "starts_at": soon().isoformat(), "ends_at": soon(26).isoformat()},
        format="json",
    )

    # then
    assert response.status_code == 400
    assert [(e["field"], e["code"]) for e in response.json()["errors"]] == [("campaign", "does_not_exist")]
    assert (Event.objects.count(), snapshot(order)) == (0, before)


def test_hours_of_an_order_opened_for_sign_up_come_from_the_event(world, client_for, coordinator, team_a):
    # given
    order = ready_to_complete(world, team_a)
    services.open_event_for_order(
        order=order,
        opened_by=coordinator,
        campaign=CampaignFactory(center=world.institute_a),
        capacity=3,
        starts_at=soon(),
        ends_at=soon(26),
    )
    before = snapshot(order)

    # when
    response = client_for(world.users["volunteer"]).post(
        url("service-order-complete", order),
        {"note": "完成", "participants": [{"volunteer": world.users["volunteer"].volunteer.pk, "hours": "2"}]},
        format="json",
    )

    # then
    assert (response.status_code, response.json()["code"]) == (400, "hours_via_event")
    assert snapshot(order) == before


def test_completion_photos_are_cleaned_like_activity_photos(world, client_for, team_a):
    # given
    order = taken_by_team(world, team_a)
    picture = Image.new("RGB", (64, 48), (200, 40, 40))
    exif = picture.getexif()
    exif[0x8825] = {2: (39.0, 59.0, 0.0)}  # GPS latitude
    buffer = io.BytesIO()
    picture.save(buffer, "JPEG", exif=exif)
    upload = SimpleUploadedFile("现场.jpg", buffer.getvalue(), content_type="image/jpeg")

    # when
    response = client_for(world.users["volunteer"]).post(
        url("service-order-photo-upload", order), {"image": upload}, format="multipart"
    )

    # then
    assert response.status_code == 201, response.content
    photo = OrderPhoto.objects.get()
    with photo.image.open("rb") as stored:
        assert Image.open(stored).getexif().get_ifd(0x8825) == {}
    assert response.json()["url"] == f"/api/v1/order-photos/{photo.pk}/"
    assert client_for(world.users["partner_member"]).get(response.json()["thumbnail_url"]).status_code == 200


@pytest.mark.parametrize(
    ("content", "code"),
    [(b"%PDF-1.4 not a picture", "unsupported_image"), (image_bytes("GIF"), "unsupported_image")],
)
def test_what_is_not_a_photo_is_refused(world, client_for, team_a, content, code):
    # given
    order = taken_by_team(world, team_a)

    # when
    response = client_for(world.users["volunteer"]).post(
        url("service-order-photo-upload", order),
        {"image": SimpleUploadedFile("a.jpg", content, content_type="image/jpeg")},
        format="multipart",
    )

    # then
    assert (response.status_code, response.json()["code"]) == (400, code)
    assert OrderPhoto.objects.count() == 0


def test_an_order_holds_at_most_twenty_photos(world, client_for, team_a):
    # given
    order = taken_by_team(world, team_a)
    OrderPhotoFactory.create_batch(20, order=order)
    upload = SimpleUploadedFile("a.jpg", image_bytes(), content_type="image/jpeg")

    # when
    response = client_for(world.users["volunteer"]).post(
        url("service-order-photo-upload", order), {"image": upload}, format="multipart"
    )

    # then
    assert (response.status_code, response.json()["code"]) == (400, "too_many_photos")
    assert OrderPhoto.objects.count() == 20


def test_completion_needs_a_photo(world, client_for, team_a):
    # given
    order = taken_by_team(world, team_a)
    before = snapshot(order)

    # when
    response = client_for(world.users["volunteer"]).post(
        url("service-order-complete", order), {"note": "已完成"}, format="json"
    )

    # then
    assert (response.status_code, response.json()["code"]) == (400, "no_photos")
    assert snapshot(order) == before


def test_completion_credits_each_participants_hours_once_and_sends_the_rating_link(
    world, client_for, team_a, sms, django_capture_on_commit_callbacks
):
    # given
    order = ready_to_complete(world, team_a)
    leader, member = world.users["volunteer"].volunteer, world.users["partner_member"].volunteer
    starts_at = timezone.now() - timedelta(hours=5)
    services.schedule_order(
        order=order, scheduled_by=leader.user, starts_at=starts_at, ends_at=starts_at + timedelta(hours=2)
    )

    # when
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(leader.user).post(
            url("service-order-complete", order),
            {
                "note": "已上门教会视频通话",
                "participants": [{"volunteer": leader.pk, "hours": "2"}, {"volunteer": member.pk, "hours": "1.5"}],
            },
            format="json",
        )

    # then
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["status"], body["completion_note"]) == ("completed", "已上门教会视频通话")
    assert [(p["name"], p["hours"]) for p in body["participants"]] == [("张三", "2.00"), ("王五", "1.50")]
    records = ServiceRecord.objects.filter(service_order=order).order_by("volunteer_id")
    assert [(r.volunteer, r.hours, r.source, r.served_on, r.description) for r in records] == [
        (leader, Decimal("2.00"), "service_order", timezone.localtime(starts_at).date(), "教老人用智能手机"),
        (member, Decimal("1.50"), "service_order", timezone.localtime(starts_at).date(), "教老人用智能手机"),
    ]
    summary = client_for(member.user).get("/api/v1/volunteers/me/summary/").json()
    assert summary["total_hours"] == "1.50"
    (text,) = [text for phone, text in sms if phone == RESIDENT_PHONE and "rate" in text]
    assert f"/track/{order.tracking_token}" in text
    assert credit_order_hours(order=order) == []  # a second credit finds nothing left to credit


def test_the_ledger_itself_refuses_a_second_credit_for_one_order(world, team_a):
    # given
    order = services.complete_order(
        order=ready_to_complete(world, team_a),
        completed_by=world.users["volunteer"],
        note="已完成",
        participants=[{"volunteer": world.users["volunteer"].volunteer, "hours": Decimal("2")}],
    )

    # when / then
    with pytest.raises(IntegrityError), transaction.atomic():
        ServiceRecord.objects.create(
            volunteer=world.users["volunteer"].volunteer,
            hours=Decimal("2"),
            source=ServiceRecord.Source.SERVICE_ORDER,
            served_on=timezone.localdate(),
            service_order=order,
        )
    assert ServiceRecord.objects.filter(service_order=order).count() == 1


@pytest.mark.parametrize("who", ["other_volunteer", "twice"])
def test_hours_go_only_to_the_takers_people_and_once_each(world, client_for, team_a, who):
    # given
    order = ready_to_complete(world, team_a)
    volunteer = world.users["other_volunteer" if who == "other_volunteer" else "volunteer"].volunteer
    rows = [{"volunteer": volunteer.pk, "hours": "2"}] * (2 if who == "twice" else 1)
    before = snapshot(order)

    # when
    response = client_for(world.users["volunteer"]).post(
        url("service-order-complete", order), {"note": "已完成", "participants": rows}, format="json"
    )

    # then
    code = "duplicate_participant" if who == "twice" else "participant_not_eligible"
    assert (response.status_code, response.json()["code"]) == (400, code)
    assert snapshot(order) == before
    assert (OrderParticipant.objects.count(), ServiceRecord.objects.count()) == (0, 0)


def test_a_partners_people_may_be_credited_for_its_order(world, coordinator):
    # given
    order = services.dispatch_order(order=place(world), dispatched_by=coordinator, partner=world.partner_x)
    services.accept_offer(offer=order.offers.get(), accepted_by=world.users["partner_admin"])
    OrderPhotoFactory(order=order)

    # when
    services.complete_order(
        order=order,
        completed_by=world.users["partner_admin"],
        note="律师志愿者已上门解答",
        participants=[{"volunteer": world.users["partner_member"].volunteer, "hours": Decimal("1")}],
    )

    # then
    assert list(ServiceRecord.objects.values_list("volunteer", "hours")) == [
        (world.users["partner_member"].volunteer.pk, Decimal("1.00"))
    ]


def test_photos_stay_once_the_work_is_reported(world, client_for, team_a):
    # given
    order = ready_to_complete(world, team_a)
    services.complete_order(order=order, completed_by=world.users["volunteer"], note="已完成")
    photo = order.photos.get()

    # when
    response = client_for(world.users["volunteer"]).delete(reverse("order-photo", args=[photo.pk]))

    # then
    assert (response.status_code, response.json()["code"]) == (409, "invalid_transition")
    assert OrderPhoto.objects.filter(pk=photo.pk).exists()


def test_the_residents_number_is_shown_in_full_only_on_request_and_audited(world, client_for, team_a):
    # given
    order = taken_by_team(world, team_a)
    leader = world.users["volunteer"]

    # when
    listed = client_for(leader).get(url("service-order-detail", order)).json()
    response = client_for(leader).get(url("service-order-contact", order))

    # then
    assert (listed["contact_phone"], listed["address"]) == ("159****1234", "科南社区3号楼2单元")
    assert response.json() == {"contact_name": "赵大妈", "contact_phone": RESIDENT_PHONE}
    assert response["Cache-Control"] == "no-store"
    assert list(AuditEvent.objects.filter(action="order_contact_viewed").values_list("actor", "target_id")) == [
        (leader.pk, str(order.pk))
    ]
    assert ServiceOrder.objects.get().status == "accepted"
