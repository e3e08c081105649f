"""Volunteer use cases: real-name sign-up, profile edits, data export and erasure (PIPL Arts. 45, 47)."""

import secrets
from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone
from rest_framework.authtoken.models import Token

from accounts.exceptions import InvalidPassword, PhoneTaken
from accounts.models import Membership, User, phone_hash
from accounts.services import check_new_password, record_audit
from areas.models import Area, PracticeCenter
from core import crypto
from core.identity import ResidentId, age_on, mask_id_number
from partners.models import Partner
from volunteers.exceptions import (
    AlreadyReversed,
    GuardianConsentRequired,
    IdNumberTaken,
    NotPartnerMember,
    PartnerNotOpen,
    TeamOwner,
)
from volunteers.models import (
    Certificate,
    Consent,
    ServiceRecord,
    Skill,
    Volunteer,
    VolunteerTeam,
    availability_mask,
    availability_slots,
    star_level,
)

ID_NUMBER_INDEX = "id_number"


def id_number_hash(number: str) -> str:
    return crypto.blind_index(number, purpose=ID_NUMBER_INDEX)


@transaction.atomic
def register_volunteer(
    *,
    real_name: str,
    resident_id: ResidentId,
    phone: str,
    password: str,
    home_area: Area,
    skills: list[Skill] = (),
    availability: list[str] = (),
    partner: Partner | None = None,
    consent_version: str,
    guardian_name: str = "",
    guardian_phone: str = "",
    request=None,
    today: date | None = None,
) -> Volunteer:
    """Create the account and the real-name profile in one step.

    One person, one account: the ID number's keyed hash is unique. A duplicate is refused with the
    same answer whoever holds it. Under 14, a guardian's name and phone are required; from 14 on they
    are not kept.
    """
    today = today or timezone.localdate()
    minor = age_on(resident_id.birth_date, today) < settings.GUARDIAN_CONSENT_UNDER_AGE
    if minor and not (guardian_name and guardian_phone):
        raise GuardianConsentRequired(field="guardian_name")
    if not minor:  # collect only what is needed (PIPL Art. 6): no guardian on file for adults
        guardian_name = guardian_phone = ""
    if partner is not None and partner.status != Partner.Status.APPROVED:
        raise PartnerNotOpen(field="partner")
    id_hash = id_number_hash(resident_id.number)
    if Volunteer.objects.filter(id_number_hash=id_hash).exists():
        raise IdNumberTaken(field="id_number")
    if User.objects.filter(phone_hash=phone_hash(phone)).exists():
        raise PhoneTaken(field="phone")
    user = User(name=real_name, phone=phone, phone_hash=phone_hash(phone))
    check_new_password(password, user=user)
    user.set_password(password)
    try:
        with transaction.atomic():
            user.save()
            volunteer = Volunteer.objects.create(
                user=user,
                real_name=real_name,
                id_number=resident_id.number,
                id_number_hash=id_hash,
                birth_date=resident_id.birth_date,
                gender=resident_id.gender,
                home_area=home_area,
                availability=availability_mask(list(availability)),
                guardian_name=guardian_name,
                guardian_phone=guardian_phone,
            )
    except IntegrityError:  # a concurrent sign-up with the same ID number or phone won the race
        raise IdNumberTaken(field="id_number") from None
    volunteer.skills.set(skills)
    now = timezone.now()
    Consent.objects.create(
        volunteer=volunteer,
        purpose=Consent.Purpose.SENSITIVE_PERSONAL_INFORMATION,
        version=consent_version,
        given_at=now,
    )
    if minor:
        Consent.objects.create(
            volunteer=volunteer, purpose=Consent.Purpose.GUARDIAN, version=consent_version, given_at=now
        )
    if partner is not None:
        Membership.objects.create(
            user=user, role=Membership.Role.PARTNER_MEMBER, partner=partner, status=Membership.Status.PENDING
        )
    record_audit(action="volunteer_registered", actor=user, target=volunteer, request=request)
    return volunteer


@transaction.atomic
def update_volunteer_profile(
    *,
    volunteer: Volunteer,
    home_area: Area | None = None,
    skills: list[Skill] | None = None,
    availability: list[str] | None = None,
    email: str | None = None,
) -> Volunteer:
    """Change what a volunteer may change themselves; identity fields come from the ID number only."""
    if home_area is not None:
        volunteer.home_area = home_area
    if availability is not None:
        volunteer.availability = availability_mask(availability)
    volunteer.save(update_fields=["home_area", "availability", "updated_at"])
    if skills is not None:
        volunteer.skills.set(skills)
    if email is not None:
        volunteer.user.email = email
        volunteer.user.save(update_fields=["email"])
    return volunteer


def export_personal_data(*, volunteer: Volunteer, request=None) -> dict:
    """Everything held about the volunteer, machine-readable (PIPL Art. 45)."""
    user = volunteer.user
    memberships = user.memberships.select_related("partner", "center")
    data = {
        "exported_at": timezone.now().isoformat(),
        "account": {
            "username": user.username,
            "name": user.name,
            "phone": user.phone,
            "email": user.email,
            "date_joined": user.date_joined.isoformat(),
            "last_login": user.last_login.isoformat() if user.last_login else None,
        },
        "volunteer": {
            "id": volunteer.pk,
            "real_name": volunteer.real_name,
            "id_number": volunteer.id_number,
            "birth_date": volunteer.birth_date.isoformat() if volunteer.birth_date else None,
            "gender": volunteer.gender,
            "home_area": {"id": volunteer.home_area_id, "name": volunteer.home_area.name},
            "skills": [skill.code for skill in volunteer.skills.all()],
            "availability": availability_slots(volunteer.availability),
            "guardian_name": volunteer.guardian_name,
            "guardian_phone": volunteer.guardian_phone,
            "registered_at": volunteer.created_at.isoformat(),
        },
        "consents": [
            {
                "purpose": consent.purpose,
                "version": consent.version,
                "given_at": consent.given_at.isoformat(),
                "withdrawn_at": consent.withdrawn_at.isoformat() if consent.withdrawn_at else None,
            }
            for consent in volunteer.consents.all()
        ],
        "memberships": [
            {
                "role": membership.role,
                "status": membership.status,
                "partner": membership.partner.name if membership.partner else None,
                "center": membership.center.name if membership.center else None,
            }
            for membership in memberships
        ],
    }
    record_audit(action="data_exported", actor=user, target=volunteer, request=request)
    return data


@transaction.atomic
def erase_volunteer(*, volunteer: Volunteer, password: str, request=None) -> None:
    """Delete the account (PIPL Art. 47): personal fields erased, the pseudonymous row kept for totals.

    What stays: the row's id, gender, home area and (later) hours, so district figures stay true.
    What goes: name, ID number and its hash, birth date, phones, email, guardian, login and tokens;
    open sessions die with the password hash they were bound to.
    """
    user = volunteer.user
    if not user.check_password(password):
        raise InvalidPassword(field="password")
    now = timezone.now()
    Volunteer.objects.filter(pk=volunteer.pk).update(
        real_name="",
        id_number="",
        id_number_hash=None,
        birth_date=None,
        guardian_name="",
        guardian_phone="",
        status=Volunteer.Status.ERASED,
        erased_at=now,
        updated_at=now,
    )
    user.name, user.phone, user.phone_hash, user.email = "", "", None, ""
    user.username = f"erased-{user.pk}"
    user.is_active, user.erased_at = False, now
    user.set_unusable_password()
    user.save()
    user.memberships.all().delete()
    Token.objects.filter(user=user).delete()
    record_audit(action="account_erased", target=volunteer, request=request)


# The service-hour ledger -------------------------------------------------------------------------


def credit_event_hours(*, registration, hours: Decimal) -> ServiceRecord | None:
    """Credit the hours of an attended event once (the ledger's unique constraint backs this up)."""
    if (
        hours <= 0
        or ServiceRecord.objects.filter(registration=registration, source=ServiceRecord.Source.EVENT).exists()
    ):
        return None
    event = registration.event
    refresh_match_stats_on_commit(registration.volunteer_id)
    return ServiceRecord.objects.create(
        volunteer_id=registration.volunteer_id,
        hours=hours,
        source=ServiceRecord.Source.EVENT,
        served_on=timezone.localtime(event.starts_at).date(),
        description=event.title[:200],
        registration=registration,
    )


@transaction.atomic
def credit_activity_hours(*, activity) -> list[ServiceRecord]:
    """Credit each participant of a verified partner activity once (the ledger's unique constraint backs this up)."""
    credited = set(
        ServiceRecord.objects.filter(
            partner_activity=activity, source=ServiceRecord.Source.PARTNER_ACTIVITY
        ).values_list("volunteer_id", flat=True)
    )
    records = ServiceRecord.objects.bulk_create(
        ServiceRecord(
            volunteer_id=participant.volunteer_id,
            hours=participant.hours,
            source=ServiceRecord.Source.PARTNER_ACTIVITY,
            served_on=activity.occurred_on,
            description=activity.title[:200],
            partner_activity=activity,
        )
        for participant in activity.participants.all()
        if participant.volunteer_id not in credited
    )
    volunteer_ids = [record.volunteer_id for record in records]
    if volunteer_ids:
        transaction.on_commit(lambda: refresh_match_stats(volunteer_ids=volunteer_ids))
    return records


@transaction.atomic
def credit_order_hours(*, order) -> list[ServiceRecord]:
    """Credit each participant of a completed service order once (the ledger's unique constraint backs this up)."""
    credited = set(
        ServiceRecord.objects.filter(service_order=order, source=ServiceRecord.Source.SERVICE_ORDER).values_list(
            "volunteer_id", flat=True
        )
    )
    served_on = timezone.localtime(order.starts_at or order.completed_at).date()
    records = ServiceRecord.objects.bulk_create(
        ServiceRecord(
            volunteer_id=participant.volunteer_id,
            hours=participant.hours,
            source=ServiceRecord.Source.SERVICE_ORDER,
            served_on=served_on,
            description=order.title[:200],
            service_order=order,
        )
        for participant in order.participants.all()
        if participant.volunteer_id not in credited
    )
    volunteer_ids = [record.volunteer_id for record in records]
    if volunteer_ids:
        transaction.on_commit(lambda: refresh_match_stats(volunteer_ids=volunteer_ids))
    return records


@transaction.atomic
def adjust_hours(*, volunteer: Volunteer, hours: Decimal, served_on: date, reason: str, created_by) -> ServiceRecord:
    """A coordinator credits (or debits) hours by hand, with a reason; audited."""
    record = ServiceRecord.objects.create(
        volunteer=volunteer,
        hours=hours,
        source=ServiceRecord.Source.ADJUSTMENT,
        served_on=served_on,
        reason=reason,
        created_by=created_by,
        description=reason[:200],
    )
    record_audit(action="hours_adjusted", actor=created_by, target=record, detail={"hours": str(hours)})
    refresh_match_stats_on_commit(volunteer.pk)
    return record


@transaction.atomic
def reverse_record(*, record: ServiceRecord, reason: str, created_by) -> ServiceRecord:
    """Cancel an entry with an opposite one; an entry can be reversed once, a reversal never."""
    record = ServiceRecord.objects.select_for_update().get(pk=record.pk)
    if record.source == ServiceRecord.Source.REVERSAL or ServiceRecord.objects.filter(reverses=record).exists():
        raise AlreadyReversed()
    reversal = ServiceRecord.objects.create(
        volunteer_id=record.volunteer_id,
        hours=-record.hours,
        source=ServiceRecord.Source.REVERSAL,
        served_on=record.served_on,
        reverses=record,
        reason=reason,
        created_by=created_by,
        description=record.description,
    )
    record_audit(action="hours_reversed", actor=created_by, target=reversal, detail={"reverses": record.pk})
    refresh_match_stats_on_commit(record.volunteer_id)
    return reversal


# Volunteer teams ---------------------------------------------------------------------------------


def _check_team_members(partner: Partner | None, people: list[Volunteer]) -> None:
    if partner is None:
        return
    members = set(
        Membership.objects.filter(
            partner=partner, status=Membership.Status.ACTIVE, user_id__in=[v.user_id for v in people]
        ).values_list("user_id", flat=True)
    )
    if any(volunteer.user_id not in members for volunteer in people):
        raise NotPartnerMember(field="members")


@transaction.atomic
def create_team(
    *,
    name: str,
    leader: Volunteer,
    members: list[Volunteer] = (),
    center: PracticeCenter | None = None,
    partner: Partner | None = None,
    description: str = "",
) -> VolunteerTeam:
    """A team under a practice center or a partner; its leader is always one of its members."""
    if (center is None) == (partner is None):
        raise TeamOwner(field="center")
    people = list({volunteer.pk: volunteer for volunteer in [leader, *members]}.values())
    _check_team_members(partner, people)
    team = VolunteerTeam.objects.create(
        name=name, center=center, partner=partner, leader=leader, description=description
    )
    team.members.set(people)
    return team


@transaction.atomic
def update_team(
    *, team: VolunteerTeam, leader: Volunteer | None = None, members: list[Volunteer] | None = None, **fields
) -> VolunteerTeam:
    """Rename, describe, (de)activate a team, or change its leader and members (the leader stays a member)."""
    team = VolunteerTeam.objects.select_for_update().get(pk=team.pk)
    for name, value in fields.items():
        setattr(team, name, value)
    if leader is not None:
        team.leader = leader
    people = list(team.members.all()) if members is None else list(members)
    people = list({volunteer.pk: volunteer for volunteer in [team.leader, *people]}.values())
    _check_team_members(team.partner, people)
    team.save()
    team.members.set(people)
    return team


# Certificates and calendar feed ------------------------------------------------------------------

CERTIFICATE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"


def _random_code(length: int) -> str:
    return "".join(secrets.choice(CERTIFICATE_ALPHABET) for _ in range(length))


@transaction.atomic
def issue_certificate(*, volunteer: Volunteer, request=None) -> Certificate:
    """Snapshot the volunteer's verified hours into a numbered certificate with a verification code."""
    from volunteers.selectors import hours_of

    total = hours_of(volunteer)
    records = volunteer.service_records.exclude(source=ServiceRecord.Source.REVERSAL).filter(reversed_by__isnull=True)[
        :50
    ]
    center = (
        PracticeCenter.objects.filter(area=volunteer.home_area).first()
        or PracticeCenter.objects.filter(level=PracticeCenter.Level.CENTER).first()
    )
    now = timezone.now()
    for _attempt in range(5):
        number = f"GJ{now:%Y}{_random_code(8)}"
        if not Certificate.objects.filter(number=number).exists():
            break
    certificate = Certificate.objects.create(
        number=number,
        verification_code=_random_code(6),
        volunteer=volunteer,
        holder_name=volunteer.real_name,
        masked_id_number=mask_id_number(volunteer.id_number),
        total_hours=total,
        star_level=star_level(total),
        services=[
            {"date": r.served_on.isoformat(), "description": r.description, "hours": str(r.hours), "source": r.source}
            for r in records
        ],
        issuing_center=center,
        issued_at=now,
    )
    record_audit(action="certificate_issued", actor=volunteer.user, target=certificate, request=request)
    return certificate


@transaction.atomic
def reset_calendar_token(*, volunteer: Volunteer) -> str:
    """A new secret for the volunteer's calendar feed; the old URL stops working."""
    volunteer.calendar_token = secrets.token_urlsafe(32)
    volunteer.save(update_fields=["calendar_token", "updated_at"])
    return volunteer.calendar_token


# Matching statistics -----------------------------------------------------------------------------

RECENT_HOURS_DAYS = 90


def refresh_match_stats(*, volunteer_ids: list[int] | None = None, now=None) -> int:
    """Recompute the reliability and 90-day hours that matching reads (all volunteers when ids is None)."""
    from volunteers.selectors import penalty_rows, reliability_score

    now = now or timezone.now()
    penalties: dict[int, list] = {}
    for volunteer_id, weight, when in penalty_rows(volunteer_ids):
        penalties.setdefault(volunteer_id, []).append((weight, when))
    recent = ServiceRecord.objects.filter(served_on__gte=(now - timedelta(days=RECENT_HOURS_DAYS)).date())
    if volunteer_ids is not None:
        recent = recent.filter(volunteer_id__in=volunteer_ids)
    hours = dict(recent.values("volunteer_id").annotate(total=Sum("hours")).values_list("volunteer_id", "total"))
    targets = Volunteer.objects.all() if volunteer_ids is None else Volunteer.objects.filter(pk__in=volunteer_ids)
    changed = []
    for volunteer in targets.only("id", "reliability", "recent_hours").iterator(chunk_size=5000):
        reliability = reliability_score(penalties.get(volunteer.pk, ()), now=now)
        recent_hours = max(hours.get(volunteer.pk) or Decimal("0"), Decimal("0"))
        if (volunteer.reliability, volunteer.recent_hours) != (reliability, recent_hours):
            volunteer.reliability, volunteer.recent_hours = reliability, recent_hours
            changed.append(volunteer)
    Volunteer.objects.bulk_update(changed, ["reliability", "recent_hours"], batch_size=2000)
    return len(changed)


def refresh_match_stats_on_commit(volunteer_id: int) -> None:
    """After the current transaction commits, refresh one volunteer's matching statistics."""
    transaction.on_commit(lambda: refresh_match_stats(volunteer_ids=[volunteer_id]))
