"""Volunteer use cases: real-name sign-up, profile edits, data export and erasure (PIPL Arts. 45, 47)."""

from datetime import date

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from rest_framework.authtoken.models import Token

from accounts.exceptions import InvalidPassword, PhoneTaken
from accounts.models import Membership, User, phone_hash
from accounts.services import check_new_password, record_audit
from areas.models import Area
from core import crypto
from core.identity import ResidentId, age_on
from partners.models import Partner
from volunteers.exceptions import GuardianConsentRequired, IdNumberTaken, PartnerNotOpen
from volunteers.models import Consent, Skill, Volunteer, availability_mask, availability_slots

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
    same answer whoever holds it. Under 14, a guardian's name and phone are required.
    """
    today = today or timezone.localdate()
    if age_on(resident_id.birth_date, today) < settings.GUARDIAN_CONSENT_UNDER_AGE and not (
        guardian_name and guardian_phone
    ):
        raise GuardianConsentRequired(field="guardian_name")
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
    if guardian_name:
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
