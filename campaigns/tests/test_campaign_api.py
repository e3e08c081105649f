"""The campaign and event endpoints: who may run a campaign, what the public sees, search and calendar."""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from icalendar import Calendar

from campaigns.models import Campaign, Event, Registration
from campaigns.tests.factories import CampaignFactory, EventFactory, RegistrationFactory
from core.models import Notice
from volunteers.tests.factories import SkillFactory

SHANGHAI = ZoneInfo("Asia/Shanghai")


def campaign_payload(world, **overrides) -> dict:
    return {
        "title": "背街小巷环境整治",
        "theme": "old_compounds",
        "center": world.institute_a.pk,
        "target_areas": [world.community_a1.pk, world.community_a2.pk],
        "starts_on": "2026-12-01",
        "ends_on": "2027-02-28",
        **overrides,
    }


def campaign_row(campaign: Campaign) -> tuple:
    campaign.refresh_from_db()
    return (
        campaign.title,
        campaign.status,
        campaign.starts_on,
        campaign.ends_on,
        sorted(campaign.target_areas.values_list("pk", flat=True)),
    )


def event_row(event: Event) -> tuple:
    event.refresh_from_db()
    return event.title, event.capacity, event.confirmed_count, event.status, event.starts_at


# Running a campaign ------------------------------------------------------------------------------


def test_a_coordinator_drafts_edits_publishes_and_closes_a_campaign_of_their_institute(world, client_for):
    # given
    client = client_for(world.users["coordinator"])
    # when
    created = client.post("/api/v1/campaigns/", campaign_payload(world), format="json")
    campaign_id = created.json()["id"]
    edited = client.patch(
        f"/api/v1/campaigns/{campaign_id}/",
        {"title": "背街小巷整治（第二期）", "target_areas": [world.community_a2.pk]},
        format="json",
    )
    published = client.post(f"/api/v1/campaigns/{campaign_id}/publish/")
    closed = client.post(f"/api/v1/campaigns/{campaign_id}/close/")
    # then
    assert created.status_code == 201
    body = created.json()
    assert body["status"] == "draft"
    assert body["center"] == {"id": world.institute_a.pk, "name": "中关村街道新时代文明实践所"}
    assert [area["id"] for area in body["target_areas"]] == sorted([world.community_a1.pk, world.community_a2.pk])
    assert (body["starts_on"], body["ends_on"], body["event_count"]) == ("2026-12-01", "2027-02-28", 0)
    assert edited.status_code == 200
    assert edited.json()["title"] == "背街小巷整治（第二期）"
    assert [area["id"] for area in edited.json()["target_areas"]] == [world.community_a2.pk]
    assert (published.status_code, published.json()["status"]) == (200, "published")
    assert (closed.status_code, closed.json()["status"]) == (200, "closed")
    campaign = Campaign.objects.get(pk=campaign_id)
    assert campaign.created_by == world.users["coordinator"]
    assert campaign_row(campaign) == (
        "背街小巷整治（第二期）",
        "closed",
        date(2026, 12, 1),
        date(2027, 2, 28),
        [world.community_a2.pk],
    )


def test_cancelling_a_campaign_cancels_its_coming_events_and_tells_the_volunteers(
    world, client_for, django_capture_on_commit_callbacks
):
    # given
    campaign = CampaignFactory(center=world.institute_a)
    coming = EventFactory(campaign=campaign)
    past = EventFactory(
        campaign=campaign,
        starts_at=timezone.now() - timedelta(days=2),
        ends_at=timezone.now() - timedelta(days=2, hours=-2),
    )
    registration = RegistrationFactory(event=coming)
    # when
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(world.users["coordinator"]).post(f"/api/v1/campaigns/{campaign.pk}/cancel/")
    # then
    assert (response.status_code, response.json()["status"]) == (200, "cancelled")
    assert event_row(coming)[3] == Event.Status.CANCELLED
    assert event_row(past)[3] == Event.Status.SCHEDULED
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CANCELLED
    assert list(Notice.objects.values_list("key", flat=True)) == [f"registration:{registration.pk}:event-cancelled"]


def test_a_closed_campaign_cannot_be_published_again(world, client_for):
    # given
    campaign = CampaignFactory(center=world.institute_a, status=Campaign.Status.CLOSED)
    before = campaign_row(campaign)
    # when
    response = client_for(world.users["coordinator"]).post(f"/api/v1/campaigns/{campaign.pk}/publish/")
    # then
    assert (response.status_code, response.json()["code"]) == (409, "invalid_transition")
    assert campaign_row(campaign) == before


def test_another_streets_coordinator_gets_404_on_a_draft_and_403_on_a_published_campaign(world, client_for):
    # given
    draft = CampaignFactory(center=world.institute_a, status=Campaign.Status.DRAFT)
    published = CampaignFactory(center=world.institute_a, status=Campaign.Status.PUBLISHED)
    client = client_for(world.users["other_coordinator"])
    before = [campaign_row(draft), campaign_row(published)]
    # when
    responses = [
        client.get(f"/api/v1/campaigns/{draft.pk}/"),
        client.patch(f"/api/v1/campaigns/{draft.pk}/", {"title": "改掉"}, format="json"),
        client.post(f"/api/v1/campaigns/{draft.pk}/publish/"),
        client.patch(f"/api/v1/campaigns/{published.pk}/", {"title": "改掉"}, format="json"),
        client.post(f"/api/v1/campaigns/{published.pk}/close/"),
        client.post(f"/api/v1/campaigns/{published.pk}/cancel/"),
    ]
    # then
    assert [r.status_code for r in responses] == [404, 404, 404, 403, 403, 403]
    assert [r.json()["code"] for r in responses] == ["not_found"] * 3 + ["permission_denied"] * 3
    assert [campaign_row(draft), campaign_row(published)] == before


def test_a_coordinator_cannot_create_a_campaign_for_another_streets_center(world, client_for):
    # when
    response = client_for(world.users["coordinator"]).post(
        "/api/v1/campaigns/",
        campaign_payload(world, center=world.institute_b.pk, target_areas=[world.community_b1.pk]),
        format="json",
    )
    # then
    assert (response.status_code, response.json()["code"]) == (403, "permission_denied")
    assert Campaign.objects.count() == 0


def test_a_target_area_outside_the_centers_area_is_refused(world, client_for):
    # given
    client = client_for(world.users["coordinator"])
    campaign = CampaignFactory(center=world.institute_a, status=Campaign.Status.DRAFT)
    campaign.target_areas.set([world.community_a1])
    before = campaign_row(campaign)
    # when
    created = client.post(
        "/api/v1/campaigns/", campaign_payload(world, target_areas=[world.community_b1.pk]), format="json"
    )
    edited = client.patch(
        f"/api/v1/campaigns/{campaign.pk}/",
        {"title": "改掉", "target_areas": [world.community_b1.pk]},
        format="json",
    )
    # then
    for response in (created, edited):
        assert response.status_code == 400
        assert response.json()["code"] == "area_outside_center"
        assert response.json()["errors"][0]["field"] == "target_areas"
    assert Campaign.objects.count() == 1
    assert campaign_row(campaign) == before


@pytest.mark.parametrize(("persona", "expected"), [("anonymous", 401), ("volunteer", 403), ("partner_admin", 403)])
def test_only_staff_create_campaigns(world, client_for, persona, expected):
    # when
    response = client_for(world.users[persona]).post("/api/v1/campaigns/", campaign_payload(world), format="json")
    # then
    assert response.status_code == expected
    assert Campaign.objects.count() == 0


@pytest.mark.parametrize(("persona", "expected"), [("anonymous", 401), ("volunteer", 403), ("partner_admin", 403)])
def test_only_the_organizers_change_a_published_campaign(world, client_for, persona, expected):
    # given
    campaign = CampaignFactory(center=world.institute_a)
    event = EventFactory(campaign=campaign)
    client = client_for(world.users[persona])
    before = campaign_row(campaign), event_row(event)
    # when
    responses = [
        client.patch(f"/api/v1/campaigns/{campaign.pk}/", {"title": "改掉"}, format="json"),
        client.post(f"/api/v1/campaigns/{campaign.pk}/close/"),
        client.post(f"/api/v1/campaigns/{campaign.pk}/cancel/"),
    ]
    # then
    assert [r.status_code for r in responses] == [expected] * 3
    assert (campaign_row(campaign), event_row(event)) == before


def test_anonymous_visitors_see_only_published_and_closed_campaigns(world, client_for):
    # given
    shown = {
        CampaignFactory(center=world.institute_a, status=Campaign.Status.PUBLISHED).pk,
        CampaignFactory(center=world.institute_b, status=Campaign.Status.CLOSED).pk,
    }
    draft = CampaignFactory(center=world.institute_a, status=Campaign.Status.DRAFT)
    CampaignFactory(center=world.institute_a, status=Campaign.Status.CANCELLED)
    client = client_for(None)
    # when
    listed = client.get("/api/v1/campaigns/")
    hidden = client.get(f"/api/v1/campaigns/{draft.pk}/")
    # then
    assert listed.status_code == 200
    assert {row["id"] for row in listed.json()["results"]} == shown
    assert hidden.status_code == 404


def test_a_coordinator_also_sees_the_drafts_of_their_street(world, client_for):
    # given
    own_draft = CampaignFactory(center=world.institute_a, status=Campaign.Status.DRAFT)
    CampaignFactory(center=world.institute_b, status=Campaign.Status.DRAFT)
    published = CampaignFactory(center=world.institute_b)
    # when
    response = client_for(world.users["coordinator"]).get("/api/v1/campaigns/")
    # then
    assert {row["id"] for row in response.json()["results"]} == {own_draft.pk, published.pk}


# Events ------------------------------------------------------------------------------------------


def event_payload(world, **overrides) -> dict:
    return {
        "title": "周六义务清扫",
        "starts_at": "2026-12-05T09:00:00+08:00",
        "ends_at": "2026-12-05T11:00:00+08:00",
        "area": world.community_a1.pk,
        "address": "科南社区东门",
        "capacity": 20,
        **overrides,
    }


def test_a_coordinator_adds_an_event_in_their_area(world, client_for):
    # given
    campaign = CampaignFactory(center=world.institute_a, status=Campaign.Status.DRAFT)
    # when
    response = client_for(world.users["coordinator"]).post(
        f"/api/v1/campaigns/{campaign.pk}/events/", event_payload(world), format="json"
    )
    # then
    assert response.status_code == 201
    body = response.json()
    assert (body["starts_at"], body["ends_at"]) == ("2026-12-05T09:00:00+08:00", "2026-12-05T11:00:00+08:00")
    assert (body["capacity"], body["confirmed_count"], body["free_places"], body["waitlist_count"]) == (20, 0, 20, 0)
    event = Event.objects.get()
    assert (event.starts_at, event.area) == (datetime(2026, 12, 5, 1, 0, tzinfo=UTC), world.community_a1)


def test_an_event_outside_the_centers_area_is_refused(world, client_for):
    # given
    campaign = CampaignFactory(center=world.institute_a)
    # when
    response = client_for(world.users["coordinator"]).post(
        f"/api/v1/campaigns/{campaign.pk}/events/", event_payload(world, area=world.community_b1.pk), format="json"
    )
    # then
    assert (response.status_code, response.json()["code"]) == (400, "area_outside_center")
    assert response.json()["errors"][0]["field"] == "area"
    assert Event.objects.count() == 0


def test_a_weekly_series_is_created_in_one_request(world, client_for):
    # given
    campaign = CampaignFactory(center=world.institute_a)
    payload = {
        "title": "周六义务清扫",
        "area": world.community_a1.pk,
        "address": "科南社区东门",
        "capacity": 15,
        "weekdays": ["sat"],
        "first_date": "2026-12-05",
        "weeks": 8,
        "start_time": "09:00",
        "end_time": "11:00",
    }
    # when
    response = client_for(world.users["coordinator"]).post(
        f"/api/v1/campaigns/{campaign.pk}/events/recurring/", payload, format="json"
    )
    # then
    assert response.status_code == 201
    saturdays = [date(2026, 12, 5) + timedelta(weeks=n) for n in range(8)]
    assert [row["starts_at"] for row in response.json()] == [f"{day}T09:00:00+08:00" for day in saturdays]
    assert [row["ends_at"] for row in response.json()] == [f"{day}T11:00:00+08:00" for day in saturdays]
    assert len({row["series"] for row in response.json()}) == 1
    assert list(Event.objects.order_by("starts_at").values_list("starts_at", flat=True)) == [
        datetime(day.year, day.month, day.day, 1, 0, tzinfo=UTC) for day in saturdays
    ]


@pytest.mark.parametrize(("persona", "expected"), [("anonymous", 401), ("volunteer", 403), ("other_coordinator", 403)])
def test_only_the_organizers_add_a_weekly_series(world, client_for, persona, expected):
    # given
    campaign = CampaignFactory(center=world.institute_a)
    payload = {
        "title": "周六义务清扫",
        "area": world.community_a1.pk,
        "address": "科南社区东门",
        "capacity": 15,
        "weekdays": ["sat"],
        "first_date": "2026-12-05",
        "weeks": 8,
        "start_time": "09:00",
        "end_time": "11:00",
    }
    # when
    response = client_for(world.users[persona]).post(
        f"/api/v1/campaigns/{campaign.pk}/events/recurring/", payload, format="json"
    )
    # then
    assert response.status_code == expected
    assert Event.objects.count() == 0


def test_the_organizer_edits_and_cancels_an_event(world, client_for):
    # given
    event = EventFactory(campaign=CampaignFactory(center=world.institute_a), capacity=10)
    client = client_for(world.users["coordinator"])
    # when
    edited = client.patch(f"/api/v1/events/{event.pk}/", {"title": "改期后的清扫", "capacity": 12}, format="json")
    cancelled = client.post(f"/api/v1/events/{event.pk}/cancel/")
    # then
    assert edited.status_code == 200
    assert (edited.json()["title"], edited.json()["capacity"], edited.json()["free_places"]) == ("改期后的清扫", 12, 12)
    assert (cancelled.status_code, cancelled.json()["status"]) == (200, "cancelled")
    assert event_row(event)[:4] == ("改期后的清扫", 12, 0, Event.Status.CANCELLED)


def test_the_volunteers_of_a_cancelled_event_are_told_the_organizers_reason(
    world, client_for, django_capture_on_commit_callbacks
):
    # given
    event = EventFactory(campaign=CampaignFactory(center=world.institute_a))
    registration = RegistrationFactory(event=event)
    # when
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(world.users["coordinator"]).post(
            f"/api/v1/events/{event.pk}/cancel/", {"reason": "暴雨预警，改期另行通知。"}, format="json"
        )
    # then
    assert (response.status_code, response.json()["status"]) == (200, "cancelled")
    notice = Notice.objects.get(key=f"registration:{registration.pk}:event-cancelled")
    assert "暴雨预警，改期另行通知。" in notice.body


def test_an_event_cancel_reason_longer_than_500_characters_is_refused(world, client_for):
    # given
    event = EventFactory(campaign=CampaignFactory(center=world.institute_a))
    # when
    response = client_for(world.users["coordinator"]).post(
        f"/api/v1/events/{event.pk}/cancel/", {"reason": "雨" * 501}, format="json"
    )
    # then
    assert (response.status_code, response.json()["errors"][0]["field"]) == (400, "reason")
    assert event_row(event)[3] == Event.Status.SCHEDULED


def test_lowering_an_events_capacity_below_its_confirmed_places_is_refused(world, client_for):
    # given
    event = EventFactory(campaign=CampaignFactory(center=world.institute_a), capacity=3)
    RegistrationFactory(event=event)
    RegistrationFactory(event=event)
    before = event_row(event)
    # when
    response = client_for(world.users["coordinator"]).patch(
        f"/api/v1/events/{event.pk}/", {"title": "改掉", "capacity": 1}, format="json"
    )
    # then
    assert (response.status_code, response.json()["code"]) == (409, "capacity_below_confirmed")
    assert event_row(event) == before


@pytest.mark.parametrize(
    ("persona", "expected"),
    [("anonymous", 401), ("volunteer", 403), ("partner_admin", 403), ("other_coordinator", 403)],
)
def test_only_the_organizers_edit_or_cancel_an_event(world, client_for, persona, expected):
    # given
    event = EventFactory(campaign=CampaignFactory(center=world.institute_a))
    RegistrationFactory(event=event)
    client = client_for(world.users[persona])
    before = event_row(event)
    # when
    responses = [
        client.patch(f"/api/v1/events/{event.pk}/", {"capacity": 1}, format="json"),
        client.post(f"/api/v1/events/{event.pk}/cancel/"),
    ]
    # then
    assert [r.status_code for r in responses] == [expected, expected]
    assert event_row(event) == before
    assert Registration.objects.get().status == Registration.Status.CONFIRMED


def test_events_of_another_streets_draft_are_not_found(world, client_for):
    # given
    event = EventFactory(campaign=CampaignFactory(center=world.institute_a, status=Campaign.Status.DRAFT))
    client = client_for(world.users["other_coordinator"])
    before = event_row(event)
    # when
    responses = [
        client.get(f"/api/v1/events/{event.pk}/"),
        client.patch(f"/api/v1/events/{event.pk}/", {"capacity": 1}, format="json"),
        client.post(f"/api/v1/events/{event.pk}/cancel/"),
    ]
    # then
    assert [r.status_code for r in responses] == [404, 404, 404]
    assert event_row(event) == before


# The public event search -------------------------------------------------------------------------


@pytest.fixture
def listed(world):
    """Published events across both streets, plus one of a draft that nobody outside should see."""
    tomorrow = timezone.now().replace(microsecond=0) + timedelta(days=1)
    first_aid = SkillFactory(code="first-aid")
    old_compounds = CampaignFactory(center=world.institute_a, theme=Campaign.Theme.OLD_COMPOUNDS)
    traffic = CampaignFactory(center=world.institute_b, theme=Campaign.Theme.TRAFFIC)
    events = {
        "a1_day3": EventFactory(
            campaign=old_compounds, area=world.community_a1, starts_at=tomorrow + timedelta(days=2)
        ),
        "a2_day1": EventFactory(campaign=old_compounds, area=world.community_a2, starts_at=tomorrow, capacity=1),
        "b1_day2": EventFactory(campaign=traffic, area=world.community_b1, starts_at=tomorrow + timedelta(days=1)),
        "street_a_day5": EventFactory(
            campaign=old_compounds, area=world.street_a, starts_at=tomorrow + timedelta(days=4)
        ),
    }
    events["b1_day2"].skills_wanted.set([first_aid])
    RegistrationFactory(event=events["a2_day1"])  # now full
    EventFactory(campaign=CampaignFactory(center=world.institute_a, status=Campaign.Status.DRAFT), starts_at=tomorrow)
    return events, tomorrow


def listed_names(response, events) -> list[str]:
    names = {event.pk: name for name, event in events.items()}
    assert response.status_code == 200
    return [names[row["id"]] for row in response.json()["results"]]


def test_anonymous_visitors_find_published_events_sorted_by_start(client_for, listed):
    # given
    events, _tomorrow = listed
    # when
    response = client_for(None).get("/api/v1/events/")
    # then
    assert listed_names(response, events) == ["a2_day1", "b1_day2", "a1_day3", "street_a_day5"]
    full = response.json()["results"][0]
    assert (full["capacity"], full["confirmed_count"], full["free_places"]) == (1, 1, 0)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("area={street_a}", ["a2_day1", "a1_day3", "street_a_day5"]),
        ("area={community_a1}", ["a1_day3"]),
        ("area={district}", ["a2_day1", "b1_day2", "a1_day3", "street_a_day5"]),
        ("starts_after={day2}", ["b1_day2", "a1_day3", "street_a_day5"]),
        ("starts_before={day2}", ["a2_day1"]),
        ("starts_after={day2}&starts_before={day4}", ["b1_day2", "a1_day3"]),
        ("theme=traffic", ["b1_day2"]),
        ("skill=first-aid", ["b1_day2"]),
        ("has_free_places=true", ["b1_day2", "a1_day3", "street_a_day5"]),
        ("has_free_places=false", ["a2_day1"]),
        ("theme=traffic&area={street_a}", []),
    ],
)
def test_the_event_search_filters(world, client_for, listed, query, expected):
    # given
    events, tomorrow = listed
    values = {
        "street_a": world.street_a.pk,
        "community_a1": world.community_a1.pk,
        "district": world.district.pk,
        "day2": (tomorrow + timedelta(days=1)).isoformat().replace("+00:00", "Z"),
        "day4": (tomorrow + timedelta(days=3)).isoformat().replace("+00:00", "Z"),
    }
    # when
    response = client_for(None).get(f"/api/v1/events/?{query.format(**values)}")
    # then
    assert listed_names(response, events) == expected


def test_an_unknown_skill_or_area_is_a_field_error(client_for, listed):
    # when
    responses = [client_for(None).get("/api/v1/events/?skill=juggling"), client_for(None).get("/api/v1/events/?area=0")]
    # then
    assert [r.status_code for r in responses] == [400, 400]
    assert [r.json()["errors"][0]["field"] for r in responses] == ["skill", "area"]


# The calendar feed -------------------------------------------------------------------------------


def test_a_campaigns_calendar_has_one_vevent_per_event(world, client_for):
    # given
    campaign = CampaignFactory(center=world.institute_a, title="背街小巷整治")
    starts = datetime(2026, 12, 5, 9, 0, tzinfo=SHANGHAI)
    EventFactory(campaign=campaign, title="第一次清扫", starts_at=starts, ends_at=starts + timedelta(hours=2))
    EventFactory(
        campaign=campaign,
        title="第二次清扫",
        starts_at=starts + timedelta(weeks=1),
        ends_at=starts + timedelta(weeks=1, hours=2),
        status=Event.Status.CANCELLED,
    )
    EventFactory(title="别的行动的活动")
    # when
    response = client_for(None).get(f"/api/v1/campaigns/{campaign.pk}/calendar.ics")
    # then
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response.content.count(b"BEGIN:VEVENT") == 2
    calendar = Calendar.from_ical(response.content)
    entries = [(str(e["summary"]), e.decoded("dtstart"), str(e["status"])) for e in calendar.walk("VEVENT")]
    assert entries == [
        ("第一次清扫", datetime(2026, 12, 5, 1, 0, tzinfo=UTC), "CONFIRMED"),
        ("第二次清扫", datetime(2026, 12, 12, 1, 0, tzinfo=UTC), "CANCELLED"),
    ]
    assert str(calendar["x-wr-calname"]) == "背街小巷整治"


def test_a_drafts_calendar_is_not_public(world, client_for):
    # given
    campaign = CampaignFactory(center=world.institute_a, status=Campaign.Status.DRAFT)
    EventFactory(campaign=campaign)
    # when
    response = client_for(None).get(f"/api/v1/campaigns/{campaign.pk}/calendar.ics")
    # then
    assert response.status_code == 404
