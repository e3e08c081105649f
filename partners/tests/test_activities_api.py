"""Activity logs (共建活动台账): a partner drafts, lists participants and photos, submits; a coordinator verifies."""

import threading
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, connections
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import AuditEvent, Membership
from accounts.tests.factories import MembershipFactory
from campaigns.tests.factories import CampaignFactory
from core.models import Notice
from partners.models import CampaignParticipation, PartnerActivity
from partners.services import MAX_PHOTOS_PER_ACTIVITY, add_activity_photo, verify_activity
from partners.tests.factories import (
    ActivityFactory,
    ParticipantFactory,
    PartnerAdminFactory,
    PartnerFactory,
    PhotoFactory,
    image_bytes,
)
from volunteers.models import ServiceRecord
from volunteers.services import credit_activity_hours
from volunteers.tests.factories import VolunteerFactory


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def admin_client(world, client_for):
    return client_for(world.users["partner_admin"])


@pytest.fixture
def members(world):
    """The volunteer profiles of partner X's two volunteer members (张三 and 王五)."""
    return world.users["volunteer"].volunteer, world.users["partner_member"].volunteer


@pytest.fixture
def ready(world, members):
    """A draft of partner X in community A1 with both members (2 h and 3.5 h) and one photo."""
    activity = ActivityFactory(partner=world.partner_x, area=world.community_a1, title="知春里垃圾分类宣传")
    ParticipantFactory(activity=activity, volunteer=members[0], hours=Decimal("2"))
    ParticipantFactory(activity=activity, volunteer=members[1], hours=Decimal("3.5"))
    PhotoFactory(activity=activity)
    return activity


def activity_url(activity, action: str = "") -> str:
    return f"/api/v1/activities/{activity.pk}/{action + '/' if action else ''}"


def state_of(activity) -> tuple:
    activity.refresh_from_db()
    participants = list(activity.participants.order_by("volunteer_id").values_list("volunteer_id", "hours"))
    return activity.status, activity.title, activity.review_reason, activity.reviewed_by_id, participants


def payload(world, **extra) -> dict:
    return {
        "title": "中关村科技园区文明交通劝导",
        "occurred_on": (timezone.localdate() - timedelta(days=1)).isoformat(),
        "address": "中关村大街 27 号路口",
        "area": world.community_a1.pk,
        **extra,
    }


# Drafting


def test_a_partner_admin_drafts_an_activity(world, admin_client):
    # when
    response = admin_client.post(f"/api/v1/partners/{world.partner_x.pk}/activities/", payload(world), format="json")

    # then
    assert response.status_code == 201
    activity = PartnerActivity.objects.get()
    body = response.json()
    assert body == {
        "id": activity.pk,
        "partner": {"id": world.partner_x.pk, "name": "中关村科技有限公司"},
        "campaign": None,
        "title": "中关村科技园区文明交通劝导",
        "occurred_on": (timezone.localdate() - timedelta(days=1)).isoformat(),
        "address": "中关村大街 27 号路口",
        "area": {"id": world.community_a1.pk, "name": "科南社区"},
        "status": "draft",
        "review_reason": "",
        "submitted_at": None,
        "reviewed_at": None,
        "participant_count": 0,
        "total_hours": "0.00",
        "photo_count": 0,
        "created_at": body["created_at"],
        "description": "",
        "participants": [],
        "photos": [],
    }
    assert (activity.partner, activity.created_by) == (world.partner_x, world.users["partner_admin"])


@pytest.mark.parametrize(
    ("persona", "expected"),
    [("partner_member", 403), ("coordinator", 403), ("district_admin", 403), ("other_volunteer", 404)],
)
def test_only_the_partners_admins_draft_its_activities(world, client_for, persona, expected):
    # when
    response = client_for(world.users[persona]).post(
        f"/api/v1/partners/{world.partner_x.pk}/activities/", payload(world), format="json"
    )

    # then
    assert response.status_code == expected
    assert PartnerActivity.objects.count() == 0


def test_a_pending_partner_cannot_log_activities(world, client_for):
    # given
    partner = PartnerFactory(area=world.street_a, status="pending")
    admin = PartnerAdminFactory(partner=partner).user

    # when
    response = client_for(admin).post(f"/api/v1/partners/{partner.pk}/activities/", payload(world), format="json")

    # then
    assert response.status_code == 409
    assert response.json()["code"] == "partner_not_approved"
    assert PartnerActivity.objects.count() == 0


def test_an_activity_goes_under_a_campaign_only_once_the_partner_was_accepted(world, admin_client):
    # given
    campaign = CampaignFactory(center=world.institute_a)
    participation = CampaignParticipation.objects.create(
        partner=world.partner_x, campaign=campaign, commitment="每月组织一次劝导"
    )
    url = f"/api/v1/partners/{world.partner_x.pk}/activities/"

    # when
    refused = admin_client.post(url, payload(world, campaign=campaign.pk), format="json")
    CampaignParticipation.objects.filter(pk=participation.pk).update(status="accepted", reviewed_at=timezone.now())
    accepted = admin_client.post(url, payload(world, campaign=campaign.pk), format="json")

    # then
    assert refused.status_code == 400
    assert [(e["field"], e["code"]) for e in refused.json()["errors"]] == [("campaign", "not_participating")]
    assert accepted.status_code == 201
    assert accepted.json()["campaign"] == {"id": campaign.pk, "title": campaign.title}
    assert list(PartnerActivity.objects.values_list("campaign_id", flat=True)) == [campaign.pk]


def test_a_draft_is_edited(world, admin_client):
    # given
    activity = ActivityFactory(partner=world.partner_x)

    # when
    response = admin_client.patch(
        activity_url(activity), {"title": "改过的标题", "description": "二十人参加"}, format="json"
    )

    # then
    assert response.status_code == 200
    assert (response.json()["title"], response.json()["description"]) == ("改过的标题", "二十人参加")
    activity.refresh_from_db()
    assert (activity.title, activity.description) == ("改过的标题", "二十人参加")


@pytest.mark.parametrize("state", [{"submitted": True}, {"verified": True}], ids=["submitted", "verified"])
def test_a_log_under_review_or_verified_cannot_be_edited(world, admin_client, state):
    # given
    activity = ActivityFactory(partner=world.partner_x, **state)
    before = state_of(activity)

    # when
    response = admin_client.patch(activity_url(activity), {"title": "改过的标题"}, format="json")

    # then
    assert response.status_code == 409
    assert response.json()["code"] == "not_editable"
    assert state_of(activity) == before


def test_status_and_review_fields_cannot_be_written(world, admin_client):
    # given
    activity = ActivityFactory(partner=world.partner_x)
    before = state_of(activity)

    # when
    response = admin_client.patch(activity_url(activity), {"status": "verified", "reviewed_by": 1}, format="json")

    # then
    assert response.status_code == 400
    assert sorted((e["field"], e["code"]) for e in response.json()["errors"]) == [
        ("reviewed_by", "unknown_field"),
        ("status", "unknown_field"),
    ]
    assert state_of(activity) == before


# Participants


def test_participants_are_set_from_the_partners_members(world, admin_client, members):
    # given
    activity = ActivityFactory(partner=world.partner_x)
    ParticipantFactory(activity=activity, volunteer=members[0], hours=Decimal("1"))

    # when
    response = admin_client.put(
        activity_url(activity, "participants"),
        {"participants": [{"volunteer": members[1].pk, "hours": "3.5"}, {"volunteer": members[0].pk, "hours": "2"}]},
        format="json",
    )

    # then
    assert response.status_code == 200
    body = response.json()
    assert body["participants"] == [
        {"volunteer": members[1].pk, "name": "王五", "phone": masked(members[1]), "hours": "3.50"},
        {"volunteer": members[0].pk, "name": "张三", "phone": masked(members[0]), "hours": "2.00"},
    ]
    assert (body["participant_count"], body["total_hours"]) == (2, "5.50")
    assert state_of(activity)[4] == sorted([(members[0].pk, Decimal("2.00")), (members[1].pk, Decimal("3.50"))])


def masked(volunteer) -> str:
    phone = volunteer.user.phone
    return f"{phone[:3]}****{phone[-4:]}"


def outsider_volunteer(world):
    return world.users["other_volunteer"].volunteer.pk


def pending_member(world):
    volunteer = VolunteerFactory(home_area=world.community_a1)
    MembershipFactory(user=volunteer.user, partner=world.partner_x, status=Membership.Status.PENDING)
    return volunteer.pk


def erased_member(world):
    volunteer = VolunteerFactory(home_area=world.community_a1, status="erased")
    MembershipFactory(user=volunteer.user, partner=world.partner_x)
    return volunteer.pk


@pytest.mark.parametrize(
    "make_volunteer",
    [outsider_volunteer, pending_member, erased_member, lambda world: 999_999],
    ids=["other-partner", "pending-member", "erased-member", "unknown-id"],
)
def test_a_participant_who_is_not_an_active_member_is_refused(world, admin_client, members, make_volunteer):
    # given
    activity = ActivityFactory(partner=world.partner_x)
    ParticipantFactory(activity=activity, volunteer=members[0])
    before = state_of(activity)

    # when
    response = admin_client.put(
        activity_url(activity, "participants"),
        {
            "participants": [
                {"volunteer": members[1].pk, "hours": "2"},
                {"volunteer": make_volunteer(world), "hours": "2"},
            ]
        },
        format="json",
    )

    # then
    assert response.status_code == 400
    assert response.json()["code"] == "not_a_member"
    assert [(e["field"], e["code"]) for e in response.json()["errors"]] == [
        ("participants.1.volunteer", "not_a_member")
    ]
    assert state_of(activity) == before


@pytest.mark.parametrize(
    ("rows", "error"),
    [
        ([{"hours": "2"}, {"hours": "1"}], ("participants.1.volunteer", "duplicate_participant")),
        ([{"hours": "0"}], ("participants.0.hours", "min_value")),
        ([{"hours": "24.5"}], ("participants.0.hours", "max_value")),
        ([{"hours": "-1"}], ("participants.0.hours", "min_value")),
    ],
    ids=["duplicate", "zero-hours", "over-a-day", "negative"],
)
def test_bad_participant_rows_are_refused(world, admin_client, members, rows, error):
    # given
    activity = ActivityFactory(partner=world.partner_x)
    before = state_of(activity)

    # when
    response = admin_client.put(
        activity_url(activity, "participants"),
        {"participants": [{"volunteer": members[0].pk, **row} for row in rows]},
        format="json",
    )

    # then
    assert response.status_code == 400
    assert [(e["field"], e["code"]) for e in response.json()["errors"]] == [error]
    assert state_of(activity) == before


# Submitting


def test_a_complete_draft_is_submitted(admin_client, ready):
    # when
    response = admin_client.post(activity_url(ready, "submit"))

    # then
    assert response.status_code == 200
    assert response.json()["status"] == "submitted"
    ready.refresh_from_db()
    assert ready.status == "submitted"
    assert ready.submitted_at is not None


@pytest.mark.parametrize(
    ("strip", "code"),
    [("participants", "no_participants"), ("photos", "no_photos"), ("future", "occurred_in_future")],
)
def test_an_incomplete_draft_is_not_submitted(admin_client, ready, strip, code):
    # given
    if strip == "future":
        PartnerActivity.objects.filter(pk=ready.pk).update(occurred_on=timezone.localdate() + timedelta(days=1))
    else:
        getattr(ready, strip).all().delete()
    before = state_of(ready)

    # when
    response = admin_client.post(activity_url(ready, "submit"))

    # then
    assert response.status_code == 400
    assert response.json()["code"] == code
    assert state_of(ready) == before


def test_a_retried_submission_replays_the_first_answer(admin_client, ready):
    # when
    first = admin_client.post(activity_url(ready, "submit"), HTTP_IDEMPOTENCY_KEY="submit-1")
    retry = admin_client.post(activity_url(ready, "submit"), HTTP_IDEMPOTENCY_KEY="submit-1")

    # then
    assert (first.status_code, retry.status_code) == (200, 200)
    assert retry.json() == first.json()
    assert retry["Idempotent-Replayed"] == "true"


@pytest.mark.parametrize("persona", ["partner_member", "coordinator"])
def test_only_the_partners_admins_submit(world, client_for, ready, persona):
    # given
    before = state_of(ready)

    # when
    response = client_for(world.users[persona]).post(activity_url(ready, "submit"))

    # then
    assert response.status_code == 403
    assert state_of(ready) == before


# Verifying and rejecting


@pytest.mark.parametrize("persona", ["coordinator", "district_admin"])
def test_verifying_credits_each_participants_hours(world, client_for, ready, members, persona):
    # given
    PartnerActivity.objects.filter(pk=ready.pk).update(status="submitted", submitted_at=timezone.now())
    reviewer = world.users[persona]

    # when
    response = client_for(reviewer).post(activity_url(ready, "verify"))

    # then
    assert response.status_code == 200
    assert response.json()["status"] == "verified"
    ready.refresh_from_db()
    assert (ready.status, ready.reviewed_by) == ("verified", reviewer)
    records = ServiceRecord.objects.order_by("volunteer_id")
    assert [(r.volunteer_id, r.hours, r.source, r.served_on, r.partner_activity_id) for r in records] == sorted(
        [
            (members[0].pk, Decimal("2.00"), "partner_activity", ready.occurred_on, ready.pk),
            (members[1].pk, Decimal("3.50"), "partner_activity", ready.occurred_on, ready.pk),
        ]
    )
    assert {r.description for r in records} == {"知春里垃圾分类宣传"}
    audit = AuditEvent.objects.get(action="activity_verified")
    assert (audit.actor, audit.target_type, audit.target_id) == (reviewer, "partners.partneractivity", str(ready.pk))
    assert audit.detail == {"partner": world.partner_x.pk, "credited": 2, "hours": "5.50"}


def test_a_verified_log_is_not_verified_twice(world, client_for, ready):
    # given
    PartnerActivity.objects.filter(pk=ready.pk).update(status="submitted", submitted_at=timezone.now())
    coordinator = client_for(world.users["coordinator"])
    coordinator.post(activity_url(ready, "verify"))

    # when
    response = coordinator.post(activity_url(ready, "verify"))

    # then
    assert response.status_code == 409
    assert response.json()["code"] == "not_submitted"
    assert ServiceRecord.objects.count() == 2
    assert AuditEvent.objects.filter(action="activity_verified").count() == 1


@pytest.mark.parametrize(
    ("persona", "expected", "code"),
    [
        ("partner_admin", 403, "permission_denied"),
        ("partner_member", 403, "permission_denied"),
        ("other_coordinator", 404, "not_found"),
        ("other_volunteer", 404, "not_found"),
    ],
)
@pytest.mark.parametrize("action", ["verify", "reject"])
def test_only_a_coordinator_covering_the_area_reviews(world, client_for, ready, persona, expected, code, action):
    # given
    PartnerActivity.objects.filter(pk=ready.pk).update(status="submitted", submitted_at=timezone.now())
    before = state_of(ready)

    # when
    response = client_for(world.users[persona]).post(
        activity_url(ready, action), {"reason": "照片不清楚"}, format="json"
    )

    # then
    assert response.status_code == expected
    assert response.json()["code"] == code
    assert state_of(ready) == before
    assert ServiceRecord.objects.count() == 0


def test_a_coordinator_who_belongs_to_the_partner_cannot_review_its_log(world, client_for, ready):
    # given
    PartnerActivity.objects.filter(pk=ready.pk).update(status="submitted", submitted_at=timezone.now())
    coordinator = world.users["coordinator"]
    MembershipFactory(user=coordinator, partner=world.partner_x, role=Membership.Role.PARTNER_MEMBER)
    before = state_of(ready)

    # when
    response = client_for(coordinator).post(activity_url(ready, "verify"))

    # then
    assert response.status_code == 403
    assert response.json()["code"] == "own_activity"
    assert state_of(ready) == before
    assert ServiceRecord.objects.count() == 0


def test_a_draft_cannot_be_verified(world, client_for, ready):
    # given
    before = state_of(ready)

    # when
    response = client_for(world.users["coordinator"]).post(activity_url(ready, "verify"))

    # then
    assert response.status_code == 409
    assert response.json()["code"] == "not_submitted"
    assert state_of(ready) == before


def test_a_rejected_log_is_fixed_and_submitted_again(
    world, client_for, admin_client, ready, django_capture_on_commit_callbacks
):
    # given
    PartnerActivity.objects.filter(pk=ready.pk).update(status="submitted", submitted_at=timezone.now())
    coordinator = world.users["coordinator"]

    # when
    with django_capture_on_commit_callbacks(execute=True):
        rejected = client_for(coordinator).post(
            activity_url(ready, "reject"), {"reason": "缺少活动现场照片"}, format="json"
        )
    edited = admin_client.patch(activity_url(ready), {"description": "补充了现场照片"}, format="json")
    resubmitted = admin_client.post(activity_url(ready, "submit"))

    # then
    assert rejected.status_code == 200
    assert (rejected.json()["status"], rejected.json()["review_reason"]) == ("rejected", "缺少活动现场照片")
    assert edited.status_code == 200
    assert resubmitted.status_code == 200
    assert (resubmitted.json()["status"], resubmitted.json()["review_reason"]) == ("submitted", "")
    audit = AuditEvent.objects.get(action="activity_rejected")
    assert (audit.actor, audit.target_id, audit.detail) == (coordinator, str(ready.pk), {"partner": world.partner_x.pk})
    notice = Notice.objects.get()
    assert notice.user == world.users["partner_admin"]
    assert "缺少活动现场照片" in notice.body
    assert ServiceRecord.objects.count() == 0


def test_a_rejection_needs_a_reason(world, client_for, ready):
    # given
    PartnerActivity.objects.filter(pk=ready.pk).update(status="submitted", submitted_at=timezone.now())
    before = state_of(ready)

    # when
    response = client_for(world.users["coordinator"]).post(activity_url(ready, "reject"), {}, format="json")

    # then
    assert response.status_code == 400
    assert [(e["field"], e["code"]) for e in response.json()["errors"]] == [("reason", "required")]
    assert state_of(ready) == before


# Reading


def test_the_detail_shows_participants_with_masked_phones_and_photo_urls(world, client_for, ready, members):
    # given
    photo = ready.photos.get()

    # when
    response = client_for(world.users["coordinator"]).get(activity_url(ready))

    # then
    assert response.status_code == 200
    body = response.json()
    assert body["participants"] == [
        {"volunteer": members[0].pk, "name": "张三", "phone": masked(members[0]), "hours": "2.00"},
        {"volunteer": members[1].pk, "name": "王五", "phone": masked(members[1]), "hours": "3.50"},
    ]
    assert body["photos"] == [
        {
            "id": photo.pk,
            "url": f"/api/v1/activity-photos/{photo.pk}/",
            "thumbnail_url": f"/api/v1/activity-photos/{photo.pk}/thumbnail/",
            "width": 64,
            "height": 48,
            "uploaded_at": body["photos"][0]["uploaded_at"],
        }
    ]
    assert (body["participant_count"], body["total_hours"], body["photo_count"]) == (2, "5.50", 1)


@pytest.fixture
def logs(world):
    """Partner X's logs in A1 (draft) and in B1 (submitted); partner Y's in B1 (verified); another in A2."""
    other = PartnerFactory(area=world.street_a)
    return {
        "x_a1": ActivityFactory(partner=world.partner_x, area=world.community_a1),
        "x_b1": ActivityFactory(partner=world.partner_x, area=world.community_b1, submitted=True),
        "y_b1": ActivityFactory(partner=world.partner_y, area=world.community_b1, verified=True),
        "other_a2": ActivityFactory(partner=other, area=world.community_a2, submitted=True),
    }


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("partner_admin", {"x_a1", "x_b1"}),
        ("partner_member", {"x_a1", "x_b1"}),
        ("volunteer", {"x_a1", "x_b1"}),
        ("other_volunteer", set()),
        ("coordinator", {"x_a1", "other_a2"}),
        ("other_coordinator", {"x_b1", "y_b1"}),
        ("district_admin", {"x_a1", "x_b1", "y_b1", "other_a2"}),
    ],
)
def test_the_list_is_scoped(world, client_for, logs, persona, expected):
    # when
    response = client_for(world.users[persona]).get("/api/v1/activities/")

    # then
    assert response.status_code == 200
    assert {row["id"] for row in response.json()["results"]} == {logs[key].pk for key in expected}


def test_anonymous_cannot_list_activities(api_client, logs):
    # when
    response = api_client.get("/api/v1/activities/")

    # then
    assert response.status_code == 401


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        (lambda world, logs: {"status": "submitted"}, {"x_b1", "other_a2"}),
        (lambda world, logs: {"partner": world.partner_x.pk}, {"x_a1", "x_b1"}),
        (lambda world, logs: {"area": world.street_a.pk}, {"x_a1", "other_a2"}),
        (lambda world, logs: {"area": world.community_b1.pk, "status": "verified"}, {"y_b1"}),
        (lambda world, logs: {"campaign": logs["campaign"].pk}, {"x_a1"}),
    ],
    ids=["status", "partner", "area-subtree", "area-and-status", "campaign"],
)
def test_the_list_filters(world, client_for, logs, query, expected):
    # given
    logs["campaign"] = CampaignFactory(center=world.institute_a)
    PartnerActivity.objects.filter(pk=logs["x_a1"].pk).update(campaign=logs["campaign"])

    # when
    response = client_for(world.users["district_admin"]).get("/api/v1/activities/", query(world, logs))

    # then
    assert response.status_code == 200
    assert {row["id"] for row in response.json()["results"]} == {logs[key].pk for key in expected}


def test_the_list_counts_participants_hours_and_photos(world, client_for, ready):
    # when
    response = client_for(world.users["partner_admin"]).get("/api/v1/activities/")

    # then
    [row] = response.json()["results"]
    assert (row["id"], row["participant_count"], row["total_hours"], row["photo_count"]) == (ready.pk, 2, "5.50", 1)


def test_the_list_query_count_does_not_grow_with_the_page(world, client_for):
    # given
    campaign = CampaignFactory(center=world.institute_a)
    for n in range(60):
        activity = ActivityFactory(
            partner=world.partner_x, area=world.community_a1, campaign=campaign if n % 2 else None
        )
        ParticipantFactory(activity=activity, volunteer=world.users["partner_member"].volunteer)
    client = client_for(world.users["coordinator"])
    client.get("/api/v1/activities/")

    # when
    with CaptureQueriesContext(connection) as small:
        small_rows = client.get("/api/v1/activities/?page_size=5").json()["results"]
    with CaptureQueriesContext(connection) as large:
        large_rows = client.get("/api/v1/activities/?page_size=50").json()["results"]

    # then
    assert (len(small_rows), len(large_rows)) == (5, 50)
    assert len(small) == len(large)


def test_the_detail_of_a_log_out_of_scope_is_not_found(world, client_for, logs):
    # when
    response = client_for(world.users["coordinator"]).get(activity_url(logs["y_b1"]))

    # then
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_crediting_a_verified_activity_again_adds_nothing(world, ready):
    # given
    PartnerActivity.objects.filter(pk=ready.pk).update(
        status="verified", submitted_at=timezone.now(), reviewed_at=timezone.now()
    )
    first = credit_activity_hours(activity=ready)

    # when
    again = credit_activity_hours(activity=ready)

    # then
    assert (len(first), again) == (2, [])
    assert ServiceRecord.objects.filter(partner_activity=ready).count() == 2


# Races (PostgreSQL only: SQLite serializes every writer, so a passing test there would prove nothing)


def run_together(jobs) -> list:
    """Run the callables on one thread each, released together; their results or exceptions."""
    barrier, outcomes = threading.Barrier(len(jobs)), []

    def work(job):
        try:
            barrier.wait()
            outcomes.append(job())
        except Exception as exc:
            outcomes.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks and races need PostgreSQL")
def test_concurrent_verifications_credit_the_hours_once(world, ready):
    # given
    PartnerActivity.objects.filter(pk=ready.pk).update(status="submitted", submitted_at=timezone.now())
    reviewers = [world.users["coordinator"], world.users["district_admin"]] * 4

    # when
    outcomes = run_together(
        [lambda reviewer=reviewer: verify_activity(activity=ready, reviewed_by=reviewer) for reviewer in reviewers]
    )

    # then
    assert sorted(type(outcome).__name__ for outcome in outcomes) == ["NotSubmitted"] * 7 + ["PartnerActivity"]
    assert ServiceRecord.objects.filter(partner_activity=ready).count() == 2
    assert AuditEvent.objects.filter(action="activity_verified").count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks and races need PostgreSQL")
def test_concurrent_uploads_stop_at_twenty_photos(world, ready):
    # given
    PhotoFactory.create_batch(MAX_PHOTOS_PER_ACTIVITY - 3, activity=ready)  # 18 with the fixture's one
    admin = world.users["partner_admin"]

    def upload():
        return add_activity_photo(
            activity=ready, upload=SimpleUploadedFile("photo.jpg", image_bytes()), uploaded_by=admin
        )

    # when
    outcomes = run_together([upload] * 6)

    # then
    assert sorted(type(outcome).__name__ for outcome in outcomes) == ["ActivityPhoto"] * 2 + ["TooManyPhotos"] * 4
    assert ready.photos.count() == MAX_PHOTOS_PER_ACTIVITY
