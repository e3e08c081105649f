"""Candidates, invitations and campaign plans through the API, as a coordinator and a volunteer use them."""

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.models import Membership
from campaigns.models import Event, Invitation, Registration
from campaigns.services import register_for_event
from campaigns.tests.factories import CampaignFactory, EventFactory, RegistrationFactory
from volunteers.models import Volunteer, availability_mask
from volunteers.tests.factories import SkillFactory, VolunteerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def setting(world):
    """A published campaign of institute A with one event in community A1 wanting first aid."""
    first_aid = SkillFactory(code="first-aid", name="应急救护")
    campaign = CampaignFactory(center=world.institute_a)
    start = (timezone.now() + timedelta(days=4)).replace(hour=1, minute=0, second=0, microsecond=0)
    event = EventFactory(
        campaign=campaign, area=world.community_a1, starts_at=start, ends_at=start + timedelta(hours=2)
    )
    event.skills_wanted.set([first_aid])
    return campaign, event, first_aid


def candidates(client, event, **params):
    return client.get(f"/api/v1/events/{event.pk}/candidates/", params)


def ranking(client, event) -> list[int]:
    return [c["volunteer"]["id"] for c in candidates(client, event, limit=200).json()]


def test_candidates_are_ranked_with_the_parts_of_their_score(world, client_for, setting):
    _campaign, event, first_aid = setting
    medic = VolunteerFactory(real_name="赵医生", home_area=world.community_a1)
    medic.skills.set([first_aid])
    VolunteerFactory(real_name="钱邻居", home_area=world.community_a2)

    response = candidates(client_for(world.users["coordinator"]), event, limit=3)

    assert response.status_code == 200
    top = response.json()[0]
    assert top["volunteer"]["real_name"] == "赵医生"
    assert top["matched_skills"] == ["应急救护"]
    assert {part["name"]: part["value"] for part in top["parts"]}["skills"] == 1.0
    assert {part["name"]: part["value"] for part in top["parts"]}["proximity"] == 1.0
    assert [c["score"] for c in response.json()] == sorted((c["score"] for c in response.json()), reverse=True)
    assert len(response.json()) == 3


def test_hard_rules_keep_out_the_registered_the_busy_the_young_and_other_streets(world, client_for, setting):
    campaign, event, _skill = setting
    registered = VolunteerFactory(home_area=world.community_a1)
    register_for_event(volunteer=registered, event=event)
    busy = VolunteerFactory(home_area=world.community_a1)
    RegistrationFactory(
        volunteer=busy, event=EventFactory(campaign=campaign, starts_at=event.starts_at, ends_at=event.ends_at)
    )
    elsewhere = VolunteerFactory(home_area=world.community_b1)
    Event.objects.filter(pk=event.pk).update(min_age=18)
    event.refresh_from_db()
    young = VolunteerFactory(home_area=world.community_a1, birth_date=timezone.localdate() - timedelta(days=365 * 16))
    ok = VolunteerFactory(home_area=world.community_a1)

    listed = {c["volunteer"]["id"] for c in candidates(client_for(world.users["coordinator"]), event, limit=200).json()}

    assert ok.pk in listed
    assert not listed & {registered.pk, busy.pk, elsewhere.pk, young.pk}


def test_partner_only_events_suggest_only_the_partners_members(world, client_for, setting):
    _campaign, event, _skill = setting
    Event.objects.filter(pk=event.pk).update(partner_only=world.partner_x)

    listed = {c["volunteer"]["id"] for c in candidates(client_for(world.users["coordinator"]), event, limit=200).json()}

    members = set(
        Membership.objects.filter(partner=world.partner_x, user__volunteer__isnull=False).values_list(
            "user__volunteer__id", flat=True
        )
    )
    assert listed and listed <= members


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("anonymous", 401),
        ("volunteer", 403),
        ("partner_admin", 403),
        ("other_coordinator", 403),
        ("coordinator", 200),
        ("district_admin", 200),
    ],
)
def test_who_may_see_candidates(world, client_for, setting, persona, expected):
    _campaign, event, _skill = setting
    assert candidates(client_for(world.users[persona]), event).status_code == expected


def test_invitation_accepted_goes_through_registration_and_can_be_waitlisted(world, client_for, setting):
    _campaign, event, _skill = setting
    Event.objects.filter(pk=event.pk).update(capacity=1)
    invitee = world.users["volunteer"].volunteer
    register_for_event(volunteer=VolunteerFactory(home_area=world.community_a2), event=event)  # fills the event
    coordinator = client_for(world.users["coordinator"])

    invited = coordinator.post(f"/api/v1/events/{event.pk}/invitations/", {"volunteers": [invitee.pk]}, format="json")
    assert invited.status_code == 201
    invitation_id = invited.json()[0]["id"]

    mine = client_for(world.users["volunteer"]).get("/api/v1/invitations/").json()["results"]
    assert [i["id"] for i in mine] == [invitation_id]

    accepted = client_for(world.users["volunteer"]).post(f"/api/v1/invitations/{invitation_id}/accept/")
    assert accepted.status_code == 200
    assert accepted.json()["status"] == "accepted"
    registration = Registration.objects.get(event=event, volunteer=invitee)
    assert registration.status == Registration.Status.WAITLISTED  # the capacity rule held
    again = client_for(world.users["volunteer"]).post(f"/api/v1/invitations/{invitation_id}/decline/")
    assert again.status_code == 409
    assert again.json()["code"] == "invitation_closed"


def test_someone_else_cannot_answer_my_invitation(world, client_for, setting):
    _campaign, event, _skill = setting
    invitation = Invitation.objects.create(event=event, volunteer=world.users["volunteer"].volunteer)

    response = client_for(world.users["other_volunteer"]).post(f"/api/v1/invitations/{invitation.pk}/accept/")

    assert response.status_code == 404
    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.PENDING
    assert not Registration.objects.filter(event=event).exists()


def test_inviting_someone_the_rules_exclude_is_refused_and_writes_nothing(world, client_for, setting):
    _campaign, event, _skill = setting
    elsewhere = VolunteerFactory(home_area=world.community_b1)

    response = client_for(world.users["coordinator"]).post(
        f"/api/v1/events/{event.pk}/invitations/", {"volunteers": [elsewhere.pk]}, format="json"
    )

    assert response.status_code == 400
    assert response.json()["code"] == "not_invitable"
    assert not Invitation.objects.exists()


def test_campaign_plan_fills_places_beats_or_equals_greedy_and_applies_as_invitations(world, client_for, setting):
    campaign, event, first_aid = setting
    Event.objects.filter(pk=event.pk).update(capacity=3)
    second = EventFactory(
        campaign=campaign,
        area=world.community_a2,
        capacity=2,
        starts_at=event.starts_at + timedelta(days=1),
        ends_at=event.ends_at + timedelta(days=1),
    )
    saturday = availability_mask(["sat-morning", "sun-morning"])
    for index in range(8):
        volunteer = VolunteerFactory(
            home_area=world.community_a1 if index % 2 else world.community_a2, availability=saturday
        )
        if index < 3:
            volunteer.skills.set([first_aid])
    coordinator = client_for(world.users["coordinator"])

    plan = coordinator.post(f"/api/v1/campaigns/{campaign.pk}/assignment-plan/", {}, format="json")

    assert plan.status_code == 200
    body = plan.json()
    assert body["places"] == 5
    assert len(body["assignments"]) == 5
    assert body["total_score"] >= body["greedy_total_score"]
    assert len({a["volunteer"] for a in body["assignments"]}) == 5  # one place each
    assert {a["event"] for a in body["assignments"]} == {event.pk, second.pk}
    names = dict(Volunteer.objects.values_list("pk", "real_name"))
    assert all(a["volunteer_name"] == names[a["volunteer"]] for a in body["assignments"])

    applied = coordinator.post(
        f"/api/v1/campaigns/{campaign.pk}/assignment-plan/apply/",
        {"assignments": [{"event": a["event"], "volunteer": a["volunteer"]} for a in body["assignments"]]},
        format="json",
    )
    assert applied.status_code == 201
    assert Invitation.objects.filter(status="pending").count() == 5
    assert not Registration.objects.filter(event__campaign=campaign).exists()  # invitations, not registrations


def test_other_coordinator_cannot_plan_or_apply(world, client_for, setting):
    campaign, _event, _skill = setting
    client = client_for(world.users["other_coordinator"])

    assert client.post(f"/api/v1/campaigns/{campaign.pk}/assignment-plan/", {}, format="json").status_code == 403
    assert (
        client.post(
            f"/api/v1/campaigns/{campaign.pk}/assignment-plan/apply/", {"assignments": []}, format="json"
        ).status_code
        == 403
    )
    assert not Invitation.objects.exists()


def test_campaign_weights_change_the_ranking(world, client_for, setting):
    campaign, event, first_aid = setting
    near = VolunteerFactory(real_name="近邻", home_area=world.community_a1)
    skilled = VolunteerFactory(real_name="专业", home_area=world.community_a2)
    skilled.skills.set([first_aid])
    coordinator = client_for(world.users["coordinator"])

    changed = coordinator.patch(
        f"/api/v1/campaigns/{campaign.pk}/",
        {"matching_weights": {"skills": 0, "proximity": 1, "availability": 0, "reliability": 0, "fairness": 0}},
        format="json",
    )
    assert changed.status_code == 200
    assert ranking(coordinator, event).index(near.pk) < ranking(coordinator, event).index(skilled.pk)

    coordinator.patch(
        f"/api/v1/campaigns/{campaign.pk}/", {"matching_weights": {"skills": 1, "proximity": 0}}, format="json"
    )
    assert ranking(coordinator, event)[0] == skilled.pk

    refused = coordinator.patch(f"/api/v1/campaigns/{campaign.pk}/", {"matching_weights": {"luck": 1}}, format="json")
    assert refused.status_code == 400
    assert refused.json()["errors"][0]["code"] == "unknown_part"


def test_a_plan_over_two_streets_keeps_each_events_own_hard_rules(world, client_for, setting):
    """One pool and one busy read serve every event; each event still sees only its street, and its clashes."""
    campaign, event_a, _skill = setting
    Event.objects.filter(pk=event_a.pk).update(capacity=2)
    event_b = EventFactory(
        campaign=campaign, area=world.community_b1, capacity=2, starts_at=event_a.starts_at, ends_at=event_a.ends_at
    )
    later_a = EventFactory(
        campaign=campaign,
        area=world.community_a2,
        capacity=1,
        starts_at=event_a.starts_at + timedelta(days=1),
        ends_at=event_a.ends_at + timedelta(days=1),
    )
    street_a = [VolunteerFactory(home_area=world.community_a1) for _ in range(3)]
    for _ in range(3):
        VolunteerFactory(home_area=world.community_b1)
    on_a = street_a[0]
    register_for_event(volunteer=on_a, event=event_a)  # already there: not proposed for it again
    busy = street_a[1]  # confirmed elsewhere at event_a's time: free only for later_a
    RegistrationFactory(
        volunteer=busy,
        event=EventFactory(area=world.community_a1, starts_at=event_a.starts_at, ends_at=event_a.ends_at),
    )

    body = (
        client_for(world.users["district_admin"])
        .post(f"/api/v1/campaigns/{campaign.pk}/assignment-plan/", {}, format="json")
        .json()
    )

    homes = dict(Volunteer.objects.values_list("pk", "home_area__parent"))
    streets = {event_a.pk: world.street_a.pk, event_b.pk: world.street_b.pk, later_a.pk: world.street_a.pk}
    assert all(homes[a["volunteer"]] == streets[a["event"]] for a in body["assignments"])
    proposed = {(a["event"], a["volunteer"]) for a in body["assignments"]}
    assert not {(event_a.pk, on_a.pk), (event_a.pk, busy.pk)} & proposed
    assert body["places"] == 4  # event_a has one place left, event_b two, later_a one
