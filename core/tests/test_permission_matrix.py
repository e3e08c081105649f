"""Who may do what: every API operation against every persona of `conftest.world`.

The expected statuses come from DESIGN.md ("Who may see what", API conventions), not from the code:

- anonymous gets 401 for anything that is not public data;
- an object named in the URL that lies outside the caller's scope gets 404, never 403, so a status
  never tells whether an id exists;
- an operation the role may not do, on nothing in particular or on an object the caller can see, gets 403.

Where DESIGN.md is silent, these are the decisions the table holds:

- Sign-ups (`POST /volunteers/`, `POST /partners/`) are open to everyone, signed in or not: each creates
  a new account from the payload and touches nothing of the caller's, and staff at a service desk sign
  people up on their behalf.
- Partner members see their partner and its agreements; the member roster, member changes and other
  members' volunteer profiles belong to the partner's admins (personal information, PIPL: need to know).
- `/volunteers/me/…` answers 403 to a signed-in user without a volunteer profile; a volunteer asking for
  another's certificate, or checking in to an event they hold no place on, gets 404.
- A role is revoked by district admins only; to anyone else another user's role is out of scope (404),
  their own visible but not theirs to revoke (403). The hour ledger of a volunteer is read and corrected by
  staff in scope: others who can see the volunteer get 403, those who cannot get 404.
- Public reads (areas, centers, skills, the partner directory, published campaigns and their events, the
  calendar feeds, certificate checks) answer everyone; a draft is 404 to whoever cannot see it, anonymous
  included, since a public endpoint has no login to ask for.
- Coordinators look after the partners, campaigns and events of their area (edit, members, agreements,
  reservations, attendance); partner admins reserve and assign places for their own partner.
- A partner's part in a campaign is answered by the side that did not begin it: the organizer answers a
  partner's offer, the invited partner's admins answer an organizer's invitation; the other side gets 403.

A refused call must leave the database as it was: every table is dumped before and after (appended audit
records of failures and denials excepted: recording those is the point of an audit trail). A write that
succeeds must change something.
"""

import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import NamedTuple

import pytest
from django.apps import apps
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from drf_spectacular.generators import SchemaGenerator

from accounts.models import AuditEvent, Membership
from accounts.tests.factories import PASSWORD, MembershipFactory, UserFactory
from areas.models import PracticeCenter
from areas.tests.factories import CenterFactory
from campaigns import services as campaign_services
from campaigns.models import Campaign, Invitation, Registration
from campaigns.tests.factories import CampaignFactory, EventFactory, RegistrationFactory
from conftest import PERSONAS
from orders import services as order_services
from orders.models import FollowUp, ServiceOrder
from orders.tests.factories import OrderPhotoFactory, ServiceItemFactory
from partners.models import CampaignParticipation, Partner, PartnerActivity
from partners.tests.factories import (
    ActivityFactory,
    AgreementFactory,
    CommitmentFactory,
    ParticipantFactory,
    PhotoFactory,
    image_bytes,
    make_credit_code,
)
from targets.models import EvidenceArchive, Report, Survey
from targets.tests.factories import SCALE_COMMITTEE, make_survey, make_target
from volunteers import services as volunteer_services
from volunteers.models import ServiceRecord, VolunteerTeam
from volunteers.tests.factories import make_id_number

_serial = itertools.count(1)


@dataclass
class Call:
    """What one row sends: URL arguments, a JSON body, and the ids the caller should see (lists)."""

    kwargs: dict = field(default_factory=dict)
    payload: dict | None = None
    visible: Callable[[str], set[int]] | None = None
    format: str = "json"
    writes: bool = True  # False for a POST that only computes (a proposed plan)


class Op(NamedTuple):
    method: str
    url_name: str
    build: Callable  # (world) -> Call; runs once per persona, so every write gets a fresh payload
    expected: str  # statuses in PERSONAS order, blank-separated
    case: str = ""  # names a second row of one operation whose answer depends on the object (who may act on it)


# Builders. Each one creates what its call needs, so targets are chosen to exercise scope:
# partner X and community A1 lie in street A (coordinator's), partner Y and community B1 in street B.


def nothing(world) -> Call:
    return Call()


def fresh_phone() -> str:
    return f"159{next(_serial):08d}"


def credentials(world) -> Call:
    user = UserFactory()
    return Call(payload={"phone": user.phone, "password": PASSWORD})


def password_change(world) -> Call:
    return Call(payload={"old_password": PASSWORD, "new_password": "a-new-long-passphrase-2026"})


def own_memberships_or_all(world, persona: str) -> set[int]:
    if persona == "district_admin":
        return set(Membership.objects.values_list("id", flat=True))
    return set(Membership.objects.filter(user=world.users[persona]).values_list("id", flat=True))


def memberships(world) -> Call:
    return Call(visible=lambda persona: own_memberships_or_all(world, persona))


def role_grant(world) -> Call:
    user = UserFactory()
    return Call(payload={"phone": user.phone, "role": "coordinator", "center": world.institute_a.pk})


def coordinators_role(world) -> Call:
    membership = Membership.objects.get(user=world.users["coordinator"], role=Membership.Role.COORDINATOR)
    return Call(kwargs={"membership_id": membership.pk})


def new_area(world) -> Call:
    n = next(_serial)
    return Call(
        payload={
            "name": f"新建社区{n}",
            "code": f"{990000000000 + n}",
            "level": "community",
            "parent": world.street_a.pk,
        }
    )


def area_a1(world) -> Call:
    return Call(kwargs={"area_id": world.community_a1.pk})


def area_a1_edit(world) -> Call:
    return Call(kwargs={"area_id": world.community_a1.pk}, payload={"name": "科南社区（更名）", "population": 6100})


def new_station(world) -> Call:
    return Call(
        payload={
            "name": "科南社区新时代文明实践站",
            "level": PracticeCenter.Level.STATION,
            "area": world.community_a1.pk,
        }
    )


def institute_a(world) -> Call:
    return Call(kwargs={"center_id": world.institute_a.pk})


def institute_a_edit(world) -> Call:
    return Call(kwargs={"center_id": world.institute_a.pk}, payload={"address": "北京市海淀区中关村大街1号"})


def volunteers(world) -> Call:
    profile = {name: world.users[name].volunteer.pk for name in ("volunteer", "other_volunteer", "partner_member")}
    sees = {
        "volunteer": {profile["volunteer"]},
        "other_volunteer": {profile["other_volunteer"]},
        "partner_admin": {profile["volunteer"], profile["partner_member"]},  # partner X's members
        "partner_member": {profile["partner_member"]},
        "coordinator": {profile["volunteer"], profile["partner_member"]},  # A1 and A2, below street A
        "other_coordinator": {profile["other_volunteer"]},
        "district_admin": set(profile.values()),
    }
    return Call(visible=sees.get)


def volunteer_signup(world) -> Call:
    n = next(_serial)
    return Call(
        payload={
            "real_name": "赵六",
            "id_number": make_id_number(n, born=date(1995, 3, 3)),
            "phone": fresh_phone(),
            "password": "a-long-passphrase-2026",
            "home_area": world.community_a1.pk,
            "sensitive_pi_consent": True,
            "consent_version": settings.PRIVACY_CONSENT_VERSION,
        }
    )


def volunteer_in_a1(world) -> Call:
    return Call(kwargs={"volunteer_id": world.users["volunteer"].volunteer.pk})


def profile_edit(world) -> Call:
    return Call(payload={"availability": ["sat-morning", "sun-afternoon"]})


def erasure(world) -> Call:
    return Call(payload={"password": PASSWORD})


def certificate_of_volunteer(world) -> Call:
    certificate = volunteer_services.issue_certificate(volunteer=world.users["volunteer"].volunteer)
    return Call(kwargs={"certificate_id": certificate.pk})


def certificate_query(world) -> Call:
    certificate = volunteer_services.issue_certificate(volunteer=world.users["volunteer"].volunteer)
    return Call(payload={"number": certificate.number, "code": certificate.verification_code})


def calendar_feed(world) -> Call:
    return Call(kwargs={"token": volunteer_services.reset_calendar_token(volunteer=world.users["volunteer"].volunteer)})


def adjustment_in_a1(world) -> Call:
    return Call(
        kwargs={"volunteer_id": world.users["volunteer"].volunteer.pk},
        payload={"hours": "2.50", "served_on": "2026-05-01", "reason": "补录线下活动时长"},
    )


def service_record_in_a1(world) -> Call:
    record = ServiceRecord.objects.create(
        volunteer=world.users["volunteer"].volunteer,
        hours=Decimal("3"),
        source=ServiceRecord.Source.ADJUSTMENT,
        served_on=date(2026, 5, 1),
        reason="补录",
    )
    return Call(kwargs={"record_id": record.pk}, payload={"reason": "重复登记"})


def partners(world) -> Call:
    x, y = world.partner_x.pk, world.partner_y.pk
    sees = {
        "volunteer": {x},  # a member of partner X
        "other_volunteer": set(),
        "partner_admin": {x},
        "partner_member": {x},
        "coordinator": {x},
        "other_coordinator": {y},
        "district_admin": {x, y},
    }
    return Call(visible=sees.get)


def partner_signup(world) -> Call:
    n = next(_serial)
    return Call(
        payload={
            "name": f"新共建单位{n}",
            "kind": "enterprise",
            "credit_code": make_credit_code(100_000 + n),
            "area": world.street_a.pk,
            "address": "北京市海淀区中关村南大街5号",
            "contact_name": "钱七",
            "contact_phone": fresh_phone(),
            "admin_name": "钱七",
            "admin_phone": fresh_phone(),
            "admin_password": "a-long-passphrase-2026",
        }
    )


def partner_x(world) -> Call:
    return Call(kwargs={"partner_id": world.partner_x.pk})


def partner_x_edit(world) -> Call:
    return Call(kwargs={"partner_id": world.partner_x.pk}, payload={"address": "北京市海淀区中关村东路8号"})


def pending_partner_x(payload: dict) -> Callable[..., Call]:
    def build(world) -> Call:
        Partner.objects.filter(pk=world.partner_x.pk).update(status=Partner.Status.PENDING)
        return Call(kwargs={"partner_id": world.partner_x.pk}, payload=payload)

    return build


def member_add(world) -> Call:
    return Call(
        kwargs={"partner_id": world.partner_x.pk}, payload={"phone": UserFactory().phone, "role": "partner_member"}
    )


def member_of_x(status: str) -> Callable[..., Call]:
    def build(world) -> Call:
        membership = MembershipFactory(partner=world.partner_x, role=Membership.Role.PARTNER_MEMBER, status=status)
        return Call(kwargs={"partner_id": world.partner_x.pk, "membership_id": membership.pk})

    return build


def agreements_of_x(world) -> Call:
    ours = CommitmentFactory(agreement=AgreementFactory(partner=world.partner_x)).agreement
    CommitmentFactory(agreement=AgreementFactory(partner=world.partner_y))
    return Call(kwargs={"partner_id": world.partner_x.pk}, visible=lambda persona: {ours.pk})


def agreement_create(world) -> Call:
    return Call(
        kwargs={"partner_id": world.partner_x.pk},
        payload={
            "title": "2027年度共建协议",
            "starts_on": "2027-01-01",
            "ends_on": "2027-12-31",
            "center": world.institute_a.pk,
            "commitments": [{"kind": "volunteer_hours", "quantity": "200.0", "description": "全年志愿服务"}],
        },
    )


def agreement_of_x(payload: dict | None) -> Callable[..., Call]:
    def build(world) -> Call:
        agreement = CommitmentFactory(agreement=AgreementFactory(partner=world.partner_x)).agreement
        return Call(kwargs={"partner_id": world.partner_x.pk, "agreement_id": agreement.pk}, payload=payload)

    return build


# Campaigns, events and registrations: the published campaign and its events are public; drafts are
# seen by the staff whose area holds the organizing center.


def campaign(world, status=Campaign.Status.PUBLISHED, center=None) -> Campaign:
    return CampaignFactory(center=center or world.institute_a, status=status)


def event(world, *, campaign_status=Campaign.Status.PUBLISHED, starts_in=timedelta(days=3), hours=2, center=None):
    starts_at = timezone.now().replace(microsecond=0) + starts_in
    return EventFactory(
        campaign=campaign(world, campaign_status, center),
        area=(center or world.institute_a).area,
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=hours),
    )


def registration(world, *, persona="volunteer", **event_options) -> Registration:
    return RegistrationFactory(event=event(world, **event_options), volunteer=world.users[persona].volunteer)


def campaigns(world) -> Call:
    public = campaign(world).pk
    draft_a = campaign(world, Campaign.Status.DRAFT).pk
    draft_b = campaign(world, Campaign.Status.DRAFT, world.institute_b).pk
    staff = {
        "coordinator": {public, draft_a},
        "other_coordinator": {public, draft_b},
        "district_admin": {public, draft_a, draft_b},
    }
    return Call(visible=lambda persona: staff.get(persona, {public}))


def events(world) -> Call:
    public = event(world).pk
    draft_a = event(world, campaign_status=Campaign.Status.DRAFT).pk
    draft_b = event(world, campaign_status=Campaign.Status.DRAFT, center=world.institute_b).pk
    staff = {
        "coordinator": {public, draft_a},
        "other_coordinator": {public, draft_b},
        "district_admin": {public, draft_a, draft_b},
    }
    return Call(visible=lambda persona: staff.get(persona, {public}))


def campaign_draft(world) -> Call:
    payload = {
        "title": "共享单车停放整治",
        "theme": Campaign.Theme.TRAFFIC,
        "center": world.institute_a.pk,
        "target_areas": [world.community_a1.pk],
        "starts_on": "2027-03-01",
        "ends_on": "2027-03-31",
    }
    return Call(payload=payload)


def campaign_in_a(status=Campaign.Status.PUBLISHED, payload=None) -> Callable[..., Call]:
    def build(world) -> Call:
        return Call(kwargs={"campaign_id": campaign(world, status).pk}, payload=payload)

    return build


def new_event(world) -> Call:
    starts_at = timezone.now().replace(microsecond=0) + timedelta(days=7)
    payload = {
        "title": "周末清洁行动",
        "area": world.community_a1.pk,
        "address": "科南社区东门",
        "capacity": 20,
        "starts_at": starts_at.isoformat(),
        "ends_at": (starts_at + timedelta(hours=2)).isoformat(),
    }
    return Call(kwargs={"campaign_id": campaign(world).pk}, payload=payload)


def weekly_events(world) -> Call:
    payload = {
        "title": "周六文明引导",
        "area": world.community_a1.pk,
        "address": "科南社区东门",
        "capacity": 10,
        "weekdays": ["sat"],
        "first_date": "2027-03-06",
        "weeks": 2,
        "start_time": "09:00",
        "end_time": "11:00",
    }
    return Call(kwargs={"campaign_id": campaign(world).pk}, payload=payload)


def event_in_a(campaign_status=Campaign.Status.PUBLISHED, payload=None) -> Callable[..., Call]:
    def build(world) -> Call:
        return Call(kwargs={"event_id": event(world, campaign_status=campaign_status).pk}, payload=payload)

    return build


def reservation_request(world) -> Call:
    return Call(kwargs={"event_id": event(world).pk}, payload={"partner": world.partner_x.pk, "places": 2})


def registrations(world) -> Call:
    ours = registration(world).pk
    theirs = registration(world, persona="other_volunteer", center=world.institute_b).pk
    sees = {
        "volunteer": {ours},
        "other_volunteer": {theirs},
        "partner_admin": set(),
        "partner_member": set(),
        "coordinator": {ours},
        "other_coordinator": {theirs},
        "district_admin": {ours, theirs},
    }
    return Call(visible=sees.get)


def volunteers_registration(**event_options) -> Callable[..., Call]:
    def build(world) -> Call:
        return Call(kwargs={"registration_id": registration(world, **event_options).pk})

    return build


def checked_in_registration(world) -> Call:
    ongoing = registration(world, starts_in=-timedelta(hours=1))
    campaign_services.check_in(registration=ongoing)
    return Call(kwargs={"registration_id": ongoing.pk})


def no_show(world) -> Call:
    missed = registration(world, starts_in=-timedelta(days=2))
    Registration.objects.filter(pk=missed.pk).update(attendance=Registration.Attendance.NO_SHOW)
    return Call(kwargs={"registration_id": missed.pk})


def reservations(world) -> Call:
    ours = campaign_services.reserve_places(event=event(world), partner=world.partner_x, places=1, created_by=None).pk
    theirs = campaign_services.reserve_places(
        event=event(world, center=world.institute_b), partner=world.partner_y, places=1, created_by=None
    ).pk
    sees = {
        "partner_admin": {ours},
        "coordinator": {ours},
        "other_coordinator": {theirs},
        "district_admin": {ours, theirs},
    }
    return Call(visible=lambda persona: sees.get(persona, set()))


def reservation_of_x(payload: Callable) -> Callable[..., Call]:
    def build(world) -> Call:
        reservation = campaign_services.reserve_places(
            event=event(world), partner=world.partner_x, places=2, created_by=None
        )
        return Call(kwargs={"reservation_id": reservation.pk}, payload=payload(world))

    return build


def assign_partner_member(world) -> dict:
    return {"volunteer": world.users["partner_member"].volunteer.pk}


def attendance_by_code(*, checked_in: bool) -> Callable[..., Call]:
    """The volunteer's confirmed place on an event about to start (check-in) or under way (check-out)."""

    def build(world) -> Call:
        starts_in = -timedelta(hours=1) if checked_in else timedelta(minutes=30)
        place = registration(world, starts_in=starts_in)
        if checked_in:
            campaign_services.check_in(registration=place)
        code = campaign_services.check_in_code(event=place.event)["code"]
        return Call(kwargs={"event_id": place.event_id}, payload={"code": code})

    return build


# Partner activity logs: the partner's admins write them, its people and the area's staff read them, and a
# coordinator covering the area (or the office) verifies or rejects a submitted one.


def activity_of_x(world, *, submitted=False, evidence=False) -> PartnerActivity:
    activity = ActivityFactory(partner=world.partner_x, area=world.community_a1, submitted=submitted)
    if evidence or submitted:
        ParticipantFactory(activity=activity, volunteer=world.users["partner_member"].volunteer)
        PhotoFactory(activity=activity)
    return activity


def activity_in_a(payload=None, *, submitted=False, evidence=False) -> Callable[..., Call]:
    def build(world) -> Call:
        activity = activity_of_x(world, submitted=submitted, evidence=evidence)
        return Call(kwargs={"activity_id": activity.pk}, payload=payload(world) if callable(payload) else payload)

    return build


def activities(world) -> Call:
    ours = activity_of_x(world).pk
    theirs = ActivityFactory(partner=world.partner_y, area=world.community_b1).pk
    sees = {
        "volunteer": {ours},
        "other_volunteer": set(),
        "partner_admin": {ours},
        "partner_member": {ours},
        "coordinator": {ours},
        "other_coordinator": {theirs},
        "district_admin": {ours, theirs},
    }
    return Call(visible=sees.get)


def new_activity(world) -> Call:
    payload = {
        "title": "共建单位进社区清洁",
        "occurred_on": "2026-05-01",
        "address": "科南社区",
        "area": world.community_a1.pk,
    }
    return Call(kwargs={"partner_id": world.partner_x.pk}, payload=payload)


def participants(world) -> dict:
    return {"participants": [{"volunteer": world.users["partner_member"].volunteer.pk, "hours": "2.5"}]}


def photo_upload(world) -> Call:
    upload = SimpleUploadedFile("现场.jpg", image_bytes(), content_type="image/jpeg")
    return Call(kwargs={"activity_id": activity_of_x(world).pk}, payload={"image": upload}, format="multipart")


def photo_of_x(world) -> Call:
    return Call(kwargs={"photo_id": PhotoFactory(activity=activity_of_x(world)).pk})


def agreement_progress_of_x(world) -> Call:
    agreement = CommitmentFactory(agreement=AgreementFactory(partner=world.partner_x)).agreement
    return Call(kwargs={"partner_id": world.partner_x.pk, "agreement_id": agreement.pk})


# Partners taking part in campaigns; matching volunteers to events.


def participation(world, partner, campaign_) -> CampaignParticipation:
    return CampaignParticipation.objects.create(partner=partner, campaign=campaign_, commitment="派出20名志愿者")


def campaign_partners(world) -> Call:
    public = campaign(world)
    ours, theirs = participation(world, world.partner_x, public).pk, participation(world, world.partner_y, public).pk
    sees = {"partner_admin": {ours}, "coordinator": {ours, theirs}, "district_admin": {ours, theirs}}
    return Call(kwargs={"campaign_id": public.pk}, visible=sees.get)


def participation_offer(world) -> Call:
    payload = {"partner": world.partner_x.pk, "commitment": "派出20名志愿者，提供会议室"}
    return Call(kwargs={"campaign_id": campaign(world).pk}, payload=payload)


def participations(world) -> Call:
    ours = participation(world, world.partner_x, campaign(world)).pk
    theirs = participation(world, world.partner_y, campaign(world, center=world.institute_b)).pk
    sees = {
        "partner_admin": {ours},
        "coordinator": {ours},
        "other_coordinator": {theirs},
        "district_admin": {ours, theirs},
    }
    return Call(visible=lambda persona: sees.get(persona, set()))


def offer_of_x(payload: dict) -> Callable[..., Call]:
    def build(world) -> Call:
        return Call(
            kwargs={"participation_id": participation(world, world.partner_x, campaign(world)).pk}, payload=payload
        )

    return build


def partner_invitation(world) -> Call:
    return Call(
        kwargs={"campaign_id": campaign(world).pk}, payload={"partner": world.partner_x.pk, "message": "诚邀参加"}
    )


def invitation_to_x(payload: dict) -> Callable[..., Call]:
    def build(world) -> Call:
        invited = CampaignParticipation.objects.create(
            partner=world.partner_x,
            campaign=campaign(world),
            origin=CampaignParticipation.Origin.INVITATION,
            status=CampaignParticipation.Status.INVITED,
            created_by=world.users["coordinator"],
        )
        return Call(kwargs={"participation_id": invited.pk}, payload=payload)

    return build


def invitees(world) -> Call:
    return Call(
        kwargs={"event_id": event(world).pk}, payload={"volunteers": [world.users["partner_member"].volunteer.pk]}
    )


def invitation(world, persona="volunteer", center=None) -> Invitation:
    return Invitation.objects.create(event=event(world, center=center), volunteer=world.users[persona].volunteer)


def invitations(world) -> Call:
    ours = invitation(world).pk
    theirs = invitation(world, "other_volunteer", world.institute_b).pk
    sees = {
        "volunteer": {ours},
        "other_volunteer": {theirs},
        "coordinator": {ours},
        "other_coordinator": {theirs},
        "district_admin": {ours, theirs},
    }
    return Call(visible=lambda persona: sees.get(persona, set()))


def volunteers_invitation(world) -> Call:
    return Call(kwargs={"invitation_id": invitation(world).pk})


def plan_request(world) -> Call:
    event(world)  # the campaign's one event with open places
    return Call(kwargs={"campaign_id": Campaign.objects.get().pk}, payload={"max_per_volunteer": 1}, writes=False)


def campaign_of_a(world) -> Call:
    event(world)  # creates institute A's published campaign
    return Call(kwargs={"campaign_id": Campaign.objects.get().pk})


def plan_to_apply(world) -> Call:
    place = event(world)
    assignment = {"event": place.pk, "volunteer": world.users["partner_member"].volunteer.pk}
    return Call(kwargs={"campaign_id": place.campaign_id}, payload={"assignments": [assignment]})


# Service orders: residents order (and follow, rate, cancel by their secret link); the staff of the
# community dispatch, publish, escalate and cancel; the team (its leader), partner (its admins) or volunteer
# who took an order works on it. Team A belongs to institute A: the volunteer leads it, the partner member is
# in it.


def team_a(world) -> VolunteerTeam:
    return volunteer_services.create_team(
        name="科南社区志愿服务队",
        center=world.institute_a,
        leader=world.users["volunteer"].volunteer,
        members=[world.users["partner_member"].volunteer],
    )


def service_order(world, community=None) -> ServiceOrder:
    return order_services.place_order(
        community=community or world.community_a1,
        address="科南社区3号楼2单元",
        title="教老人用智能手机",
        contact_name="赵大妈",
        contact_phone=fresh_phone(),
    )


def offered_order(world, *, to_team: VolunteerTeam | None = None, community=None, persona="other_volunteer"):
    order = service_order(world, community)
    if to_team is not None:
        return order_services.dispatch_order(order=order, dispatched_by=world.users["district_admin"], team=to_team)
    volunteer = world.users[persona].volunteer
    return order_services.dispatch_order(
        order=order, dispatched_by=world.users["district_admin"], volunteers=[volunteer]
    )


def taken_order(world, *, photo=False) -> ServiceOrder:
    order = offered_order(world, to_team=team_a(world))
    order_services.accept_offer(offer=order.offers.get(), accepted_by=world.users["volunteer"])
    if photo:
        OrderPhotoFactory(order=order)
    return ServiceOrder.objects.get(pk=order.pk)


def completed_order(world, *, community=None, persona="volunteer") -> ServiceOrder:
    """Done by the persona's volunteer profile, offered to them alone (in community A1 unless told)."""
    order = offered_order(world, community=community, persona=persona)
    order_services.accept_offer(offer=order.offers.get(), accepted_by=world.users[persona])
    OrderPhotoFactory(order=order)
    return order_services.complete_order(order=order, completed_by=world.users[persona], note="已上门教会")


def published_order(world, community=None) -> ServiceOrder:
    return order_services.publish_order(
        order=service_order(world, community), published_by=world.users["district_admin"]
    )


def order_in_a(status: str = "submitted", payload=None) -> Callable[..., Call]:
    def build(world) -> Call:
        order = {
            "submitted": service_order,
            "published": published_order,
            "taken": taken_order,
            "photographed": lambda w: taken_order(w, photo=True),
        }[status](world)
        return Call(kwargs={"order_id": order.pk}, payload=payload(world) if callable(payload) else payload)

    return build


def escalatable_order(world) -> Call:
    CenterFactory(name="海淀区新时代文明实践中心", level=PracticeCenter.Level.CENTER, area=world.district)
    return Call(kwargs={"order_id": service_order(world).pk}, payload={"reason": "本所暂无法律咨询志愿者"})


def orders_in_scope(world) -> Call:
    submitted_a, submitted_b = service_order(world).pk, service_order(world, world.community_b1).pk
    on_board_a = published_order(world, world.community_a2).pk
    taken_a = taken_order(world).pk
    offered_b = offered_order(world, community=world.community_b1).pk
    sees = {
        "volunteer": {on_board_a, taken_a},
        "other_volunteer": {offered_b},
        "partner_admin": {on_board_a},  # partner X may take the board's orders of street A
        "partner_member": {on_board_a, taken_a},
        "coordinator": {submitted_a, on_board_a, taken_a},
        "other_coordinator": {submitted_b, offered_b},
        "district_admin": {submitted_a, submitted_b, on_board_a, taken_a, offered_b},
    }
    return Call(visible=sees.get)


def board(world) -> Call:
    ours, theirs = published_order(world).pk, published_order(world, world.community_b1).pk
    sees = {"volunteer": {ours}, "other_volunteer": {theirs}, "partner_admin": {ours}, "partner_member": {ours}}
    return Call(visible=lambda persona: sees.get(persona, set()))


def staff_order(world) -> Call:
    payload = {
        "community": world.community_a1.pk,
        "address": "科南社区东门",
        "title": "楼道堆物清理",
        "source": "patrol",
    }
    return Call(payload=payload)


def code_request(world) -> Call:
    return Call(payload={"phone": fresh_phone()}, writes=False)  # codes are off by default: nothing is sent


def resident_order(world) -> Call:
    payload = {
        "community": world.community_a1.pk,
        "address": "科南社区3号楼2单元",
        "title": "教老人用智能手机",
        "contact_name": "赵大妈",
        "contact_phone": fresh_phone(),
    }
    return Call(payload=payload)


def tracked(kind: str, payload=None) -> Callable[..., Call]:
    def build(world) -> Call:
        order = completed_order(world) if kind == "completed" else service_order(world)
        return Call(kwargs={"token": order.tracking_token}, payload=payload)

    return build


def dispatch_to_team_a(world) -> Call:
    return Call(kwargs={"order_id": service_order(world).pk}, payload={"team": team_a(world).pk})


def sign_up_event(world) -> dict:
    starts_at = timezone.now().replace(microsecond=0) + timedelta(days=2)
    return {
        "campaign": campaign(world).pk,
        "capacity": 5,
        "starts_at": starts_at.isoformat(),
        "ends_at": (starts_at + timedelta(hours=2)).isoformat(),
    }


def work_time(world) -> dict:
    starts_at = timezone.now().replace(microsecond=0) + timedelta(days=1)
    return {"starts_at": starts_at.isoformat(), "ends_at": (starts_at + timedelta(hours=1)).isoformat()}


def order_photo_upload(world) -> Call:
    upload = SimpleUploadedFile("完工.jpg", image_bytes(), content_type="image/jpeg")
    return Call(kwargs={"order_id": taken_order(world).pk}, payload={"image": upload}, format="multipart")


def completion(world) -> dict:
    return {
        "note": "已上门教会视频通话",
        "participants": [{"volunteer": world.users["volunteer"].volunteer.pk, "hours": "2"}],
    }


def order_photo(world) -> Call:
    return Call(kwargs={"photo_id": OrderPhotoFactory(order=taken_order(world)).pk})


def offers(world) -> Call:
    ours = offered_order(world, to_team=team_a(world)).offers.get().pk
    theirs = offered_order(world, community=world.community_b1).offers.get().pk
    sees = {
        "volunteer": {ours},
        "other_volunteer": {theirs},
        "partner_member": {ours},
        "coordinator": {ours},
        "other_coordinator": {theirs},
        "district_admin": {ours, theirs},
    }
    return Call(visible=lambda persona: sees.get(persona, set()))


def offer_to_team_a(payload=None) -> Callable[..., Call]:
    def build(world) -> Call:
        return Call(kwargs={"offer_id": offered_order(world, to_team=team_a(world)).offers.get().pk}, payload=payload)

    return build


def low_rating(world, community=None, persona="volunteer") -> FollowUp:
    order = completed_order(world, community=community, persona=persona)
    order_services.rate_order(order=order, score=1, comment="约好的时间没人来")
    return order.follow_up


def follow_ups(world) -> Call:
    ours, theirs = low_rating(world).pk, low_rating(world, world.community_b1, "other_volunteer").pk
    sees = {"coordinator": {ours}, "other_coordinator": {theirs}, "district_admin": {ours, theirs}}
    return Call(visible=sees.get)


def follow_up_of_a(world) -> Call:
    return Call(kwargs={"follow_up_id": low_rating(world).pk}, payload={"note": "已回访并道歉，重新安排上门"})


def service_items(world) -> Call:
    ours = ServiceItemFactory(center=world.institute_a).pk
    withdrawn = ServiceItemFactory(center=world.institute_a, active=False).pk
    theirs = ServiceItemFactory(center=world.institute_b).pk
    staff = {"coordinator": {ours, theirs, withdrawn}, "district_admin": {ours, theirs, withdrawn}}
    return Call(visible=lambda persona: staff.get(persona, {ours, theirs}))


def new_service_item(world) -> Call:
    payload = {"center": world.institute_a.pk, "name": "法律咨询", "category": "legal", "description": "每周三下午"}
    return Call(payload=payload)


def service_item_of_a(payload=None) -> Callable[..., Call]:
    def build(world) -> Call:
        return Call(kwargs={"item_id": ServiceItemFactory(center=world.institute_a).pk}, payload=payload)

    return build


def teams(world) -> Call:
    ours = team_a(world).pk
    theirs = volunteer_services.create_team(
        name="林大社区志愿服务队", center=world.institute_b, leader=world.users["other_volunteer"].volunteer
    ).pk
    sees = {
        "volunteer": {ours},
        "other_volunteer": {theirs},
        "partner_admin": set(),
        "partner_member": {ours},
        "coordinator": {ours},
        "other_coordinator": {theirs},
        "district_admin": {ours, theirs},
    }
    return Call(visible=sees.get)


def new_team(world) -> Call:
    payload = {
        "name": "知春里助老服务队",
        "center": world.institute_a.pk,
        "leader": world.users["partner_member"].volunteer.pk,
        "members": [world.users["volunteer"].volunteer.pk],
    }
    return Call(payload=payload)


def team_of_a(payload=None) -> Callable[..., Call]:
    def build(world) -> Call:
        return Call(kwargs={"team_id": team_a(world).pk}, payload=payload)

    return build


# Surveys, targets, the dashboard, reports and evidence archives: residents answer open surveys anonymously
# (signed in or not: the answer is never linked to an account); the staff of an area run its surveys, targets
# and reports and read its dashboard; a campaign's organizers build its evidence archive.


def survey_in_a(status=Survey.Status.OPEN, payload=None) -> Callable[..., Call]:
    def build(world) -> Call:
        return Call(kwargs={"survey_id": make_survey(world.street_a, status=status).pk}, payload=payload)

    return build


def surveys(world) -> Call:
    public = make_survey(world.street_a).pk
    draft_a = make_survey(world.street_a, status=Survey.Status.DRAFT).pk
    draft_b = make_survey(world.street_b, status=Survey.Status.DRAFT).pk
    staff = {
        "coordinator": {public, draft_a},
        "other_coordinator": {public, draft_b},
        "district_admin": {public, draft_a, draft_b},
    }
    return Call(visible=lambda persona: staff.get(persona, {public}))


def new_survey(world) -> Call:
    now = timezone.now()
    payload = {
        "title": "中关村街道文明创建满意度调查",
        "area": world.street_a.pk,
        "opens_at": now.isoformat(),
        "closes_at": (now + timedelta(days=14)).isoformat(),
        "questions": [SCALE_COMMITTEE],
    }
    return Call(payload=payload)


def survey_answers(world) -> Call:
    survey = make_survey(world.street_a)
    values = [True, 5, True, "good"]
    answers = [{"question": q.pk, "value": v} for q, v in zip(survey.questions.order_by("order"), values, strict=False)]
    return Call(kwargs={"survey_id": survey.pk}, payload={"community": world.community_a1.pk, "answers": answers})


def poster_of_a1(world) -> Call:
    return Call(kwargs={"survey_id": make_survey(world.street_a).pk}, payload={"community": world.community_a1.pk})


def targets_of_areas(world) -> Call:
    ours, theirs = make_target(area=world.street_a).pk, make_target(area=world.street_b).pk
    district = make_target(area=world.district).pk
    sees = {
        "coordinator": {ours, district},
        "other_coordinator": {theirs, district},
        "district_admin": {ours, theirs, district},
    }
    return Call(visible=lambda persona: sees.get(persona, set()))


def new_target(world) -> Call:
    return Call(
        payload={"metric": "satisfaction_rate", "area": world.street_a.pk, "period": "2027", "threshold": "0.90"}
    )


def target_in_a(payload=None) -> Callable[..., Call]:
    def build(world) -> Call:
        return Call(kwargs={"target_id": make_target(area=world.street_a).pk}, payload=payload)

    return build


def dashboard_of_a(world) -> Call:
    return Call(payload={"area": world.street_a.pk})


def report(world, area, *, ready=False) -> Report:
    day = date(2026, 5, 1) + timedelta(days=next(_serial) % 28)
    row = Report.objects.create(kind=Report.Kind.DAILY, area=area, period_start=day, period_end=day)
    if ready:
        row.file.save("report.xlsx", ContentFile(b"PK\x03\x04 workbook"), save=False)
        row.status = Report.Status.READY
        row.save()
    return row


def reports(world) -> Call:
    ours, theirs = report(world, world.street_a).pk, report(world, world.street_b).pk
    district = report(world, world.district).pk
    sees = {"coordinator": {ours}, "other_coordinator": {theirs}, "district_admin": {ours, theirs, district}}
    return Call(visible=lambda persona: sees.get(persona, set()))


def report_request(world) -> Call:
    return Call(payload={"kind": "daily", "area": world.street_a.pk, "day": "2026-05-19"})


def report_of_a(*, ready: bool) -> Callable[..., Call]:
    def build(world) -> Call:
        return Call(kwargs={"report_id": report(world, world.street_a, ready=ready).pk})

    return build


def archive_of_a(*, ready: bool) -> Callable[..., Call]:
    def build(world) -> Call:
        archive = EvidenceArchive.objects.create(campaign=campaign(world))
        if ready:
            archive.file.save("archive.zip", ContentFile(b"PK\x05\x06" + bytes(18)), save=False)
            archive.status, archive.progress = EvidenceArchive.Status.READY, 100
            archive.save()
        return Call(kwargs={"archive_id": archive.pk})

    return build


# fmt: off
MATRIX = [
    #                                                                    anon vol  ovol padm pmem coor ocoo dadm
    Op("GET",    "auth-csrf",                nothing,                    "204  204  204  204  204  204  204  204"),
    Op("POST",   "auth-login",               credentials,                "200  200  200  200  200  200  200  200"),
    Op("POST",   "auth-token",               credentials,                "200  200  200  200  200  200  200  200"),
    Op("POST",   "auth-logout",              nothing,                    "401  204  204  204  204  204  204  204"),
    Op("GET",    "auth-me",                  nothing,                    "401  200  200  200  200  200  200  200"),
    Op("POST",   "auth-password",            password_change,            "401  204  204  204  204  204  204  204"),
    Op("GET",    "membership-list",          memberships,                "401  200  200  200  200  200  200  200"),
    Op("POST",   "membership-list",          role_grant,                 "401  403  403  403  403  403  403  201"),
    Op("DELETE", "membership-detail",        coordinators_role,          "401  404  404  404  404  403  404  204"),
    Op("GET",    "audit-event-list",         nothing,                    "401  403  403  403  403  403  403  200"),
    Op("GET",    "area-list",                nothing,                    "200  200  200  200  200  200  200  200"),
    Op("POST",   "area-list",                new_area,                   "401  403  403  403  403  403  403  201"),
    Op("GET",    "area-detail",              area_a1,                    "200  200  200  200  200  200  200  200"),
    Op("PATCH",  "area-detail",              area_a1_edit,               "401  403  403  403  403  403  403  200"),
    Op("GET",    "center-list",              nothing,                    "200  200  200  200  200  200  200  200"),
    Op("POST",   "center-list",              new_station,                "401  403  403  403  403  403  403  201"),
    Op("GET",    "center-detail",            institute_a,                "200  200  200  200  200  200  200  200"),
    Op("PATCH",  "center-detail",            institute_a_edit,           "401  403  403  403  403  403  403  200"),
    Op("GET",    "volunteer-list",           volunteers,                 "401  200  200  200  200  200  200  200"),
    Op("POST",   "volunteer-list",           volunteer_signup,           "201  201  201  201  201  201  201  201"),
    Op("GET",    "volunteer-detail",         volunteer_in_a1,            "401  200  404  200  404  200  404  200"),
    Op("GET",    "volunteer-me",             nothing,                    "401  200  200  403  200  403  403  403"),
    Op("PATCH",  "volunteer-me",             profile_edit,               "401  200  200  403  200  403  403  403"),
    Op("DELETE", "volunteer-me",             erasure,                    "401  204  204  403  204  403  403  403"),
    Op("GET",    "volunteer-me-export",      nothing,                    "401  200  200  403  200  403  403  403"),
    Op("GET",    "skill-list",               nothing,                    "200  200  200  200  200  200  200  200"),
    Op("GET",    "volunteer-me-summary",     nothing,                    "401  200  200  403  200  403  403  403"),
    Op("GET",    "volunteer-me-records",     nothing,                    "401  200  200  403  200  403  403  403"),
    Op("GET",    "volunteer-me-certificates", nothing,                   "401  200  200  403  200  403  403  403"),
    Op("POST",   "volunteer-me-certificates", nothing,                   "401  201  201  403  201  403  403  403"),
    Op("GET",    "volunteer-me-certificate-document", certificate_of_volunteer,
                                                                         "401  200  404  403  404  403  403  403"),
    Op("GET",    "volunteer-me-calendar",    nothing,                    "401  200  200  403  200  403  403  403"),
    Op("POST",   "volunteer-me-calendar",    nothing,                    "401  200  200  403  200  403  403  403"),
    Op("GET",    "volunteer-service-records", volunteer_in_a1,           "401  403  404  403  404  200  404  200"),
    Op("POST",   "volunteer-service-records", adjustment_in_a1,          "401  403  404  403  404  201  404  201"),
    Op("POST",   "service-record-reverse",   service_record_in_a1,       "401  403  404  403  404  201  404  201"),
    Op("GET",    "certificate-verify",       certificate_query,          "200  200  200  200  200  200  200  200"),
    Op("GET",    "calendar-feed",            calendar_feed,              "200  200  200  200  200  200  200  200"),
    Op("GET",    "partner-list",             partners,                   "401  200  200  200  200  200  200  200"),
    Op("POST",   "partner-list",             partner_signup,             "201  201  201  201  201  201  201  201"),
    Op("GET",    "partner-directory",        nothing,                    "200  200  200  200  200  200  200  200"),
    Op("GET",    "partner-detail",           partner_x,                  "401  200  404  200  200  200  404  200"),
    Op("PATCH",  "partner-detail",           partner_x_edit,             "401  403  404  200  403  200  404  200"),
    Op("POST",   "partner-approve",          pending_partner_x({}),      "401  403  404  403  403  200  404  200"),
    Op("POST",   "partner-reject",           pending_partner_x({"reason": "材料不全"}),
                                                                         "401  403  404  403  403  200  404  200"),
    Op("GET",    "partner-member-list",      partner_x,                  "401  403  404  200  403  200  404  200"),
    Op("POST",   "partner-member-list",      member_add,                 "401  403  404  201  403  201  404  201"),
    Op("DELETE", "partner-member-detail",    member_of_x("active"),      "401  403  404  204  403  204  404  204"),
    Op("POST",   "partner-member-confirm",   member_of_x("pending"),     "401  403  404  200  403  200  404  200"),
    Op("GET",    "partner-agreement-list",   agreements_of_x,            "401  200  404  200  200  200  404  200"),
    Op("POST",   "partner-agreement-list",   agreement_create,           "401  403  404  201  403  201  404  201"),
    Op("GET",    "partner-agreement-detail", agreement_of_x(None),       "401  200  404  200  200  200  404  200"),
    Op("PATCH",  "partner-agreement-detail", agreement_of_x({"title": "年度共建协议（修订）"}),
                                                                         "401  403  404  200  403  200  404  200"),
    Op("GET",    "campaign-list",            campaigns,                  "200  200  200  200  200  200  200  200"),
    Op("POST",   "campaign-list",            campaign_draft,             "401  403  403  403  403  201  403  201"),
    Op("GET",    "campaign-detail",          campaign_in_a(Campaign.Status.DRAFT),
                                                                         "404  404  404  404  404  200  404  200"),
    Op("PATCH",  "campaign-detail",          campaign_in_a(payload={"title": "背街小巷整治（第二期）"}),
                                                                         "401  403  403  403  403  200  403  200"),
    Op("POST",   "campaign-publish",         campaign_in_a(Campaign.Status.DRAFT),
                                                                         "401  404  404  404  404  200  404  200"),
    Op("POST",   "campaign-close",           campaign_in_a(),            "401  403  403  403  403  200  403  200"),
    Op("POST",   "campaign-cancel",          campaign_in_a(),            "401  403  403  403  403  200  403  200"),
    Op("GET",    "campaign-event-list",      campaign_in_a(),            "200  200  200  200  200  200  200  200"),
    Op("POST",   "campaign-event-list",      new_event,                  "401  403  403  403  403  201  403  201"),
    Op("POST",   "campaign-event-recurring", weekly_events,              "401  403  403  403  403  201  403  201"),
    Op("GET",    "campaign-calendar",        campaign_in_a(),            "200  200  200  200  200  200  200  200"),
    Op("GET",    "event-list",               events,                     "200  200  200  200  200  200  200  200"),
    Op("GET",    "event-detail",             event_in_a(Campaign.Status.DRAFT),
                                                                         "404  404  404  404  404  200  404  200"),
    Op("PATCH",  "event-detail",             event_in_a(payload={"address": "科南社区西门"}),
                                                                         "401  403  403  403  403  200  403  200"),
    Op("POST",   "event-cancel",             event_in_a(),               "401  403  403  403  403  200  403  200"),
    Op("GET",    "event-check-in-code",      event_in_a(),               "401  403  403  403  403  200  403  200"),
    Op("GET",    "event-registration-list",  event_in_a(),               "401  403  403  403  403  200  403  200"),
    Op("POST",   "event-registration-list",  event_in_a(payload={"note": "可以早到"}),
                                                                         "401  201  201  403  201  403  403  403"),
    Op("POST",   "event-reservation",        reservation_request,        "401  403  403  201  403  201  403  201"),
    Op("POST",   "event-check-in",           attendance_by_code(checked_in=False),
                                                                         "401  200  404  403  404  403  403  403"),
    Op("POST",   "event-check-out",          attendance_by_code(checked_in=True),
                                                                         "401  200  404  403  404  403  403  403"),
    Op("GET",    "registration-list",        registrations,              "401  200  200  200  200  200  200  200"),
    Op("GET",    "registration-detail",      volunteers_registration(),  "401  200  404  404  404  200  404  200"),
    Op("POST",   "registration-cancel",      volunteers_registration(),  "401  200  404  404  404  200  404  200"),
    Op("POST",   "registration-check-in",    volunteers_registration(starts_in=timedelta(minutes=30)),
                                                                         "401  403  404  404  404  200  404  200"),
    Op("POST",   "registration-check-out",   checked_in_registration,    "401  403  404  404  404  200  404  200"),
    Op("POST",   "registration-excuse",      no_show,                    "401  403  404  404  404  200  404  200"),
    Op("GET",    "reservation-list",         reservations,               "401  200  200  200  200  200  200  200"),
    Op("POST",   "reservation-assign",       reservation_of_x(assign_partner_member),
                                                                         "401  404  404  201  404  201  404  201"),
    Op("POST",   "reservation-release",      reservation_of_x(lambda world: {"places": 1}),
                                                                         "401  404  404  200  404  200  404  200"),
    Op("GET",    "partner-agreement-progress", agreement_progress_of_x,  "401  200  404  200  200  200  404  200"),
    Op("POST",   "partner-activity-create",  new_activity,               "401  403  404  201  403  403  404  403"),
    Op("GET",    "activity-list",            activities,                 "401  200  200  200  200  200  200  200"),
    Op("GET",    "activity-detail",          activity_in_a(),            "401  200  404  200  200  200  404  200"),
    Op("PATCH",  "activity-detail",          activity_in_a({"title": "清洁活动（补充）"}),
                                                                         "401  403  404  200  403  403  404  403"),
    Op("PUT",    "activity-participants",    activity_in_a(participants),
                                                                         "401  403  404  200  403  403  404  403"),
    Op("POST",   "activity-photo-upload",    photo_upload,               "401  403  404  201  403  403  404  403"),
    Op("POST",   "activity-submit",          activity_in_a(evidence=True),
                                                                         "401  403  404  200  403  403  404  403"),
    Op("POST",   "activity-verify",          activity_in_a(submitted=True),
                                                                         "401  403  404  403  403  200  404  200"),
    Op("POST",   "activity-reject",          activity_in_a({"reason": "照片不清晰"}, submitted=True),
                                                                         "401  403  404  403  403  200  404  200"),
    Op("GET",    "activity-photo",           photo_of_x,                 "401  200  404  200  200  200  404  200"),
    Op("GET",    "activity-photo-thumbnail", photo_of_x,                 "401  200  404  200  200  200  404  200"),
    Op("DELETE", "activity-photo",           photo_of_x,                 "401  403  404  204  403  403  404  403"),
    Op("GET",    "campaign-partner-list",    campaign_partners,          "401  403  403  200  403  200  403  200"),
    Op("POST",   "campaign-partner-list",    participation_offer,        "401  403  403  201  403  403  403  403"),
    Op("GET",    "campaign-participation-list", participations,          "401  200  200  200  200  200  200  200"),
    Op("POST",   "campaign-participation-accept", offer_of_x({}),        "401  404  404  403  404  200  404  200"),
    Op("POST",   "campaign-participation-decline", offer_of_x({"reason": "名额已满"}),
                                                                         "401  404  404  403  404  200  404  200"),
    Op("POST",   "campaign-partner-invitations", partner_invitation,     "401  403  403  403  403  201  403  201"),
    Op("POST",   "campaign-participation-accept", invitation_to_x({"commitment": "派出20名志愿者"}),
                                                                         "401  404  404  200  404  403  404  403",
       case="invitation"),
    Op("POST",   "campaign-participation-decline", invitation_to_x({"reason": "人手不足"}),
                                                                         "401  404  404  200  404  403  404  403",
       case="invitation"),
    Op("GET",    "event-candidates",         event_in_a(),               "401  403  403  403  403  200  403  200"),
    Op("GET",    "event-invitations",        event_in_a(),               "401  403  403  403  403  200  403  200"),
    Op("POST",   "event-invitations",        invitees,                   "401  403  403  403  403  201  403  201"),
    Op("GET",    "invitation-list",          invitations,                "401  200  200  200  200  200  200  200"),
    Op("POST",   "invitation-accept",        volunteers_invitation,      "401  200  404  403  404  403  403  403"),
    Op("POST",   "invitation-decline",       volunteers_invitation,      "401  200  404  403  404  403  403  403"),
    Op("GET",    "campaign-partner-candidates", campaign_of_a,           "401  403  403  403  403  200  403  200"),
    Op("POST",   "campaign-assignment-plan", plan_request,               "401  403  403  403  403  200  403  200"),
    Op("POST",   "campaign-assignment-plan-apply", plan_to_apply,        "401  403  403  403  403  201  403  201"),
    Op("GET",    "service-item-list",        service_items,              "200  200  200  200  200  200  200  200"),
    Op("POST",   "service-item-list",        new_service_item,           "401  403  403  403  403  201  403  201"),
    Op("GET",    "service-item-detail",      service_item_of_a(),        "200  200  200  200  200  200  200  200"),
    Op("PATCH",  "service-item-detail",      service_item_of_a({"active": False}),
                                                                         "401  403  403  403  403  200  403  200"),
    Op("POST",   "order-verification-code",  code_request,               "200  200  200  200  200  200  200  200"),
    Op("POST",   "resident-order-create",    resident_order,             "201  201  201  201  201  201  201  201"),
    Op("GET",    "resident-order-detail",    tracked("submitted"),       "200  200  200  200  200  200  200  200"),
    Op("POST",   "resident-order-rating",    tracked("completed", {"score": 5, "comment": "很耐心"}),
                                                                         "201  201  201  201  201  201  201  201"),
    Op("POST",   "resident-order-cancel",    tracked("submitted", {"reason": "家人已经教会了"}),
                                                                         "200  200  200  200  200  200  200  200"),
    Op("GET",    "service-order-list",       orders_in_scope,            "401  200  200  200  200  200  200  200"),
    Op("POST",   "service-order-list",       staff_order,                "401  403  403  403  403  201  403  201"),
    Op("GET",    "service-order-board",      board,                      "401  200  200  200  200  200  200  200"),
    Op("GET",    "service-order-detail",     order_in_a(),               "401  404  404  404  404  200  404  200"),
    Op("POST",   "service-order-dispatch",   dispatch_to_team_a,         "401  404  404  404  404  200  404  200"),
    Op("POST",   "service-order-publish",    order_in_a(),               "401  404  404  404  404  200  404  200"),
    Op("POST",   "service-order-escalate",   escalatable_order,          "401  404  404  404  404  200  404  200"),
    Op("POST",   "service-order-cancel",     order_in_a(payload={"reason": "居民已自行解决"}),
                                                                         "401  404  404  404  404  200  404  200"),
    Op("GET",    "service-order-suggestions", order_in_a(),              "401  404  404  404  404  200  404  200"),
    Op("GET",    "service-order-contact",    order_in_a("taken"),        "401  200  404  404  403  200  404  200"),
    Op("POST",   "service-order-grab",       order_in_a("published", {}),
                                                                         "401  200  404  403  200  403  404  403"),
    Op("POST",   "service-order-schedule",   order_in_a("taken", work_time),
                                                                         "401  200  404  404  403  200  404  200"),
    Op("POST",   "service-order-event",      order_in_a("taken", sign_up_event),
                                                                         "401  403  404  404  403  201  404  201"),
    Op("POST",   "service-order-photo-upload", order_photo_upload,       "401  201  404  404  403  201  404  201"),
    Op("POST",   "service-order-complete",   order_in_a("photographed", completion),
                                                                         "401  200  404  404  403  200  404  200"),
    Op("GET",    "order-photo",              order_photo,                "401  200  404  404  200  200  404  200"),
    Op("GET",    "order-photo-thumbnail",    order_photo,                "401  200  404  404  200  200  404  200"),
    Op("DELETE", "order-photo",              order_photo,                "401  204  404  404  403  204  404  204"),
    Op("GET",    "order-offer-list",         offers,                     "401  200  200  200  200  200  200  200"),
    Op("POST",   "order-offer-accept",       offer_to_team_a(),          "401  200  404  404  403  403  404  403"),
    Op("POST",   "order-offer-decline",      offer_to_team_a({"reason": "本周队员都有任务"}),
                                                                         "401  200  404  404  403  403  404  403"),
    Op("GET",    "order-follow-up-list",     follow_ups,                 "401  403  403  403  403  200  200  200"),
    Op("POST",   "order-follow-up-close",    follow_up_of_a,             "401  404  404  404  404  200  404  200"),
    Op("GET",    "volunteer-team-list",      teams,                      "401  200  200  200  200  200  200  200"),
    Op("POST",   "volunteer-team-list",      new_team,                   "401  403  403  403  403  201  403  201"),
    Op("GET",    "volunteer-team-detail",    team_of_a(),                "401  200  404  404  200  200  404  200"),
    Op("PATCH",  "volunteer-team-detail",    team_of_a({"name": "科南社区助老服务队"}),
                                                                         "401  403  404  404  403  200  404  200"),
    Op("GET",    "survey-list",              surveys,                    "200  200  200  200  200  200  200  200"),
    Op("POST",   "survey-list",              new_survey,                 "401  403  403  403  403  201  403  201"),
    Op("GET",    "survey-detail",            survey_in_a(Survey.Status.DRAFT),
                                                                         "404  404  404  404  404  200  404  200"),
    Op("PATCH",  "survey-detail",            survey_in_a(Survey.Status.DRAFT, {"title": "满意度调查（修订）"}),
                                                                         "401  404  404  404  404  200  404  200"),
    Op("POST",   "survey-open",              survey_in_a(Survey.Status.DRAFT),
                                                                         "401  404  404  404  404  200  404  200"),
    Op("POST",   "survey-close",             survey_in_a(),              "401  403  403  403  403  200  403  200"),
    Op("POST",   "survey-responses",         survey_answers,             "201  201  201  201  201  201  201  201"),
    Op("GET",    "survey-poster",            poster_of_a1,               "401  403  403  403  403  200  404  200"),
    Op("GET",    "survey-results",           survey_in_a(),              "401  403  403  403  403  200  403  200"),
    Op("GET",    "target-list",              targets_of_areas,           "401  403  403  403  403  200  200  200"),
    Op("POST",   "target-list",              new_target,                 "401  403  403  403  403  201  403  201"),
    Op("GET",    "target-detail",            target_in_a(),              "401  403  403  403  403  200  404  200"),
    Op("PATCH",  "target-detail",            target_in_a({"threshold": "0.92"}),
                                                                         "401  403  403  403  403  200  404  200"),
    Op("DELETE", "target-detail",            target_in_a(),              "401  403  403  403  403  204  404  204"),
    Op("GET",    "dashboard",                dashboard_of_a,             "401  403  403  403  403  200  404  200"),
    Op("GET",    "campaign-dashboard",       campaign_in_a(),            "401  403  403  403  403  200  404  200"),
    Op("GET",    "report-list",              reports,                    "401  403  403  403  403  200  200  200"),
    Op("POST",   "report-list",              report_request,             "401  403  403  403  403  202  403  202"),
    Op("GET",    "report-detail",            report_of_a(ready=False),   "401  403  403  403  403  200  404  200"),
    Op("GET",    "report-download",          report_of_a(ready=True),    "401  403  403  403  403  200  404  200"),
    Op("POST",   "campaign-archive",         campaign_in_a(),            "401  403  403  403  403  202  403  202"),
    Op("GET",    "archive-detail",           archive_of_a(ready=False),  "401  403  403  403  403  200  404  200"),
    Op("GET",    "archive-download",         archive_of_a(ready=True),   "401  403  403  403  403  200  404  200"),
]
# fmt: on

CASES = [
    pytest.param(op, persona, int(status), id=" ".join(filter(None, [op.method, op.url_name, op.case, persona])))
    for op in MATRIX
    for persona, status in zip(PERSONAS, op.expected.split(), strict=True)
]


def dump_database() -> dict:
    """Every row of every table; of the audit trail only successes (denials are rightly recorded)."""
    dump = {}
    for model in apps.get_models(include_auto_created=True):
        rows = model._default_manager.order_by("pk")
        if model is AuditEvent:
            rows = rows.filter(outcome=AuditEvent.Outcome.SUCCESS)
        dump[model._meta.label] = list(rows.values())
    return dump


@pytest.mark.parametrize(("op", "persona", "expected"), CASES)
def test_permission_matrix(world, client_for, op, persona, expected, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path  # photo uploads
    client = client_for(world.users[persona])
    call = op.build(world)
    url = reverse(op.url_name, kwargs=call.kwargs)
    before = dump_database()

    response = getattr(client, op.method.lower())(url, call.payload, format=call.format)

    assert response.status_code == expected, (persona, op.method, url, response.content[:300])
    after = dump_database()
    if expected >= 400:
        assert after == before, f"{persona}'s refused {op.method} {url} changed the database"
    elif op.method != "GET" and call.writes:
        assert after != before, f"{persona}'s {op.method} {url} answered {expected} but changed nothing"
    if call.visible is not None and expected == 200:
        body = response.json()
        rows = body["results"] if isinstance(body, dict) else body
        assert {row["id"] for row in rows} == call.visible(persona), persona


# The inventory: the table must name every operation the API serves, and the schema must document them.

API_PREFIX = "api/v1/"


def _routes(patterns, prefix: str = ""):
    for entry in patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from _routes(entry.url_patterns, route)
        elif isinstance(entry, URLPattern) and route.startswith(API_PREFIX):
            yield route, entry


def served_operations() -> dict[tuple[str, str], str]:
    """(method, URL name) → the path as OpenAPI writes it, for every view method under /api/v1/."""
    operations = {}
    for route, pattern in _routes(get_resolver().url_patterns):
        view = pattern.callback.view_class
        path = "/" + re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", route)
        for method in view.http_method_names:
            if method not in ("head", "options") and hasattr(view, method):
                operations[(method.upper(), pattern.name)] = path
    return operations


def test_every_operation_has_a_row():
    served = served_operations()
    in_table = [(op.method, op.url_name) for op in MATRIX]
    rows = [(op.method, op.url_name, op.case) for op in MATRIX]

    assert len(rows) == len(set(rows)), "a row appears twice"
    assert sorted(set(served) - set(in_table)) == [], "operations without a row in MATRIX"
    assert sorted(set(in_table) - set(served)) == [], "rows for operations the API does not serve"


def test_the_schema_documents_exactly_the_served_operations():
    schema = SchemaGenerator().get_schema(request=None, public=True)
    documented = {
        (method.upper(), path)
        for path, item in schema["paths"].items()
        for method in item
        if path.startswith("/" + API_PREFIX) and method in ("get", "post", "put", "patch", "delete")
    }
    assert documented == {(method, path) for (method, _name), path in served_operations().items()}
