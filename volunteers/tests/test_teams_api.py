"""Volunteer teams (志愿服务队): formed under a practice center or a partner, led by one of their members."""

from volunteers.models import VolunteerTeam

TEAMS = "/api/v1/volunteer-teams/"


def test_a_coordinator_forms_a_team_whose_leader_is_a_member(world, client_for):
    # given
    leader, member = world.users["volunteer"].volunteer, world.users["partner_member"].volunteer

    # when
    response = client_for(world.users["coordinator"]).post(
        TEAMS,
        {"name": "科南助老服务队", "center": world.institute_a.pk, "leader": leader.pk, "members": [member.pk]},
        format="json",
    )

    # then
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["center"], body["partner"], body["leader"]) == (
        {"id": world.institute_a.pk, "name": "中关村街道新时代文明实践所"},
        None,
        {"id": leader.pk, "real_name": "张三"},
    )
    assert sorted(m["real_name"] for m in body["members"]) == ["张三", "王五"]


def test_a_partner_admin_forms_a_team_of_the_partners_members_only(world, client_for):
    # given
    client = client_for(world.users["partner_admin"])
    payload = {
        "name": "青年突击队",
        "partner": world.partner_x.pk,
        "leader": world.users["partner_member"].volunteer.pk,
    }

    # when
    outsider = client.post(TEAMS, {**payload, "members": [world.users["other_volunteer"].volunteer.pk]}, format="json")
    members = client.post(TEAMS, {**payload, "members": [world.users["volunteer"].volunteer.pk]}, format="json")

    # then
    assert (outsider.status_code, outsider.json()["code"]) == (400, "not_partner_member")
    assert members.status_code == 201, members.content
    assert list(VolunteerTeam.objects.values_list("name", "partner")) == [("青年突击队", world.partner_x.pk)]


def test_a_team_belongs_to_a_center_or_a_partner_not_both(world, client_for):
    # when
    response = client_for(world.users["district_admin"]).post(
        TEAMS,
        {
            "name": "两头挂靠",
            "center": world.institute_a.pk,
            "partner": world.partner_x.pk,
            "leader": world.users["partner_member"].volunteer.pk,
        },
        format="json",
    )

    # then
    assert (response.status_code, response.json()["code"]) == (400, "team_owner")
    assert VolunteerTeam.objects.count() == 0


def test_a_coordinator_cannot_form_a_team_for_another_streets_center(world, client_for):
    # when
    response = client_for(world.users["other_coordinator"]).post(
        TEAMS,
        {"name": "越界服务队", "center": world.institute_a.pk, "leader": world.users["volunteer"].volunteer.pk},
        format="json",
    )

    # then
    assert response.status_code == 403
    assert VolunteerTeam.objects.count() == 0


def test_changing_the_members_keeps_the_leader_and_a_team_can_be_retired(world, client_for):
    # given
    client = client_for(world.users["coordinator"])
    leader, member = world.users["volunteer"].volunteer, world.users["partner_member"].volunteer
    team_id = client.post(
        TEAMS,
        {"name": "科南助老服务队", "center": world.institute_a.pk, "leader": leader.pk, "members": [member.pk]},
        format="json",
    ).json()["id"]

    # when
    response = client.patch(f"{TEAMS}{team_id}/", {"members": [], "active": False}, format="json")

    # then
    assert response.status_code == 200, response.content
    assert ([m["id"] for m in response.json()["members"]], response.json()["active"]) == ([leader.pk], False)
