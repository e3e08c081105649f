"""The rules of real-name sign-up, called on the service directly."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.utils import timezone

from accounts.exceptions import PhoneTaken, WeakPassword
from accounts.models import AuditEvent, Membership, User, phone_hash
from areas.tests.factories import AreaFactory
from core.identity import ResidentId, parse_resident_id
from partners.models import Partner
from partners.tests.factories import PartnerFactory
from volunteers.exceptions import GuardianConsentRequired, IdNumberTaken, PartnerNotOpen
from volunteers.models import Consent, Volunteer, availability_mask
from volunteers.services import id_number_hash, register_volunteer
from volunteers.tests.factories import SkillFactory, make_id_number

pytestmark = pytest.mark.django_db

TODAY = date(2026, 6, 15)
PASSWORD = "lantern-harbour-2026"


def resident(n: int = 1, *, born: date = date(1990, 5, 17), female: bool = False) -> ResidentId:
    return parse_resident_id(make_id_number(n, born=born, female=female), today=TODAY)


def register(**overrides) -> Volunteer:
    arguments = {
        "real_name": "赵六",
        "resident_id": resident(),
        "phone": "13812345678",
        "password": PASSWORD,
        "home_area": overrides.pop("home_area", None) or AreaFactory(),
        "consent_version": settings.PRIVACY_CONSENT_VERSION,
        "today": TODAY,
    }
    return register_volunteer(**{**arguments, **overrides})


def counts() -> dict:
    return {
        "users": User.objects.count(),
        "volunteers": Volunteer.objects.count(),
        "consents": Consent.objects.count(),
        "memberships": Membership.objects.count(),
        "audit": AuditEvent.objects.count(),
    }


def test_registering_creates_the_account_the_profile_and_the_consent():
    # given
    area = AreaFactory()
    first_aid, sign_language = SkillFactory(code="first-aid"), SkillFactory(code="sign-language")
    number = make_id_number(7, born=date(1990, 5, 17), female=True)
    before = timezone.now()
    # when
    volunteer = register(
        resident_id=parse_resident_id(number, today=TODAY),
        home_area=area,
        skills=[first_aid, sign_language],
        availability=["sat-morning", "sun-afternoon"],
    )
    # then
    volunteer = Volunteer.objects.get(pk=volunteer.pk)
    user = volunteer.user
    assert volunteer.real_name == "赵六"
    assert volunteer.id_number == number
    assert volunteer.id_number_hash == id_number_hash(number)
    assert volunteer.birth_date == date(1990, 5, 17)
    assert volunteer.gender == Volunteer.Gender.FEMALE
    assert volunteer.home_area == area
    assert volunteer.status == Volunteer.Status.ACTIVE
    assert sorted(volunteer.skills.values_list("code", flat=True)) == ["first-aid", "sign-language"]
    assert volunteer.availability == availability_mask(["sat-morning", "sun-afternoon"])
    assert user.name == "赵六"
    assert user.phone == "13812345678"
    assert user.phone_hash == phone_hash("13812345678")
    assert user.check_password(PASSWORD)
    assert user.is_active is True
    assert user.is_staff is False
    assert user.username != ""
    consent = volunteer.consents.get()
    assert consent.purpose == Consent.Purpose.SENSITIVE_PERSONAL_INFORMATION
    assert consent.version == settings.PRIVACY_CONSENT_VERSION
    assert before <= consent.given_at <= timezone.now()
    assert consent.withdrawn_at is None
    assert list(AuditEvent.objects.values_list("action", "actor", "target_id")) == [
        ("volunteer_registered", user.pk, str(volunteer.pk))
    ]


def test_two_people_register_one_after_the_other():
    # given
    register(resident_id=resident(1), phone="13812345678")
    # when
    second = register(real_name="钱七", resident_id=resident(2), phone="13912345678")
    # then
    assert Volunteer.objects.count() == 2
    assert User.objects.count() == 2
    assert second.user.username != Volunteer.objects.exclude(pk=second.pk).get().user.username


def test_under_14_without_a_guardian_is_refused_and_nothing_is_written():
    # given
    child = resident(born=date(2015, 1, 1))
    before = counts()
    # when
    with pytest.raises(GuardianConsentRequired) as excinfo:
        register(resident_id=child)
    # then
    assert excinfo.value.code == "guardian_consent_required"
    assert excinfo.value.field == "guardian_name"
    assert counts() == before


def test_under_14_with_only_a_guardians_name_is_refused():
    with pytest.raises(GuardianConsentRequired):
        register(resident_id=resident(born=date(2015, 1, 1)), guardian_name="赵大")
    assert Volunteer.objects.count() == 0


def test_under_14_with_a_guardian_is_accepted_with_the_guardians_consent():
    # when
    volunteer = register(
        resident_id=resident(born=date(2015, 1, 1)), guardian_name="赵大", guardian_phone="13987654321"
    )
    # then
    volunteer = Volunteer.objects.get(pk=volunteer.pk)
    assert volunteer.guardian_name == "赵大"
    assert volunteer.guardian_phone == "13987654321"
    assert sorted(volunteer.consents.values_list("purpose", "version")) == [
        (Consent.Purpose.GUARDIAN, settings.PRIVACY_CONSENT_VERSION),
        (Consent.Purpose.SENSITIVE_PERSONAL_INFORMATION, settings.PRIVACY_CONSENT_VERSION),
    ]


def test_no_guardian_is_kept_for_a_volunteer_of_14_or_more():
    # when: an adult fills in the guardian fields anyway
    volunteer = register(guardian_name="赵大", guardian_phone="13987654321")
    # then
    volunteer = Volunteer.objects.get(pk=volunteer.pk)
    assert (volunteer.guardian_name, volunteer.guardian_phone) == ("", "")
    assert list(volunteer.consents.values_list("purpose", flat=True)) == [
        Consent.Purpose.SENSITIVE_PERSONAL_INFORMATION
    ]


def test_turning_14_today_is_old_enough():
    # given: the 14th birthday is today
    volunteer = register(resident_id=resident(born=date(2012, 6, 15)), today=date(2026, 6, 15))
    # then
    assert volunteer.guardian_name == ""
    assert Volunteer.objects.filter(pk=volunteer.pk).exists()


def test_turning_14_tomorrow_needs_a_guardian():
    # given: the 14th birthday is tomorrow
    with pytest.raises(GuardianConsentRequired):
        register(resident_id=resident(born=date(2012, 6, 16)), today=date(2026, 6, 15))
    # then
    assert Volunteer.objects.count() == 0


def test_a_leap_day_child_turns_14_on_1_march():
    born = date(2012, 2, 29)
    with pytest.raises(GuardianConsentRequired):
        register(resident_id=resident(born=born), today=date(2026, 2, 28))
    assert register(resident_id=resident(born=born), today=date(2026, 3, 1)).birth_date == born


def test_a_registered_id_number_is_refused_and_nothing_new_is_written():
    # given
    register(resident_id=resident(1), phone="13812345678")
    before = counts()
    # when: another person (other name, other phone) uses the same ID number
    with pytest.raises(IdNumberTaken) as excinfo:
        register(real_name="孙八", resident_id=resident(1), phone="13912345678")
    # then
    assert excinfo.value.code == "id_number_taken"
    assert excinfo.value.field == "id_number"
    assert counts() == before
    assert not User.objects.filter(phone_hash=phone_hash("13912345678")).exists()


def test_a_registered_phone_is_refused_and_nothing_new_is_written():
    # given
    register(resident_id=resident(1), phone="13812345678")
    before = counts()
    # when
    with pytest.raises(PhoneTaken) as excinfo:
        register(real_name="孙八", resident_id=resident(2), phone="13812345678")
    # then
    assert excinfo.value.code == "phone_taken"
    assert excinfo.value.field == "phone"
    assert counts() == before
    assert not Volunteer.objects.filter(id_number_hash=id_number_hash(resident(2).number)).exists()


def test_a_phone_of_an_account_without_a_volunteer_profile_is_also_taken(any_user):
    with pytest.raises(PhoneTaken):
        register(phone=any_user.phone)
    assert Volunteer.objects.count() == 0


@pytest.mark.parametrize("status", [Partner.Status.PENDING, Partner.Status.REJECTED])
def test_joining_a_partner_that_is_not_approved_is_refused(status):
    # given
    partner = PartnerFactory(status=status, review_reason="材料不全" if status == Partner.Status.REJECTED else "")
    before = counts()
    # when
    with pytest.raises(PartnerNotOpen) as excinfo:
        register(partner=partner)
    # then
    assert excinfo.value.code == "partner_not_open"
    assert excinfo.value.field == "partner"
    assert counts() == before


def test_joining_an_approved_partner_asks_the_partner_to_confirm():
    # given
    partner = PartnerFactory(status=Partner.Status.APPROVED)
    # when
    volunteer = register(partner=partner)
    # then
    membership = Membership.objects.get(user=volunteer.user)
    assert membership.role == Membership.Role.PARTNER_MEMBER
    assert membership.partner == partner
    assert membership.center is None
    assert membership.status == Membership.Status.PENDING


@pytest.mark.parametrize("password", ["12345678", "password", "1234", "qwertyui", "87654321"])
def test_a_weak_password_is_refused_and_nothing_is_written(password):
    # given
    before = counts()
    # when
    with pytest.raises(WeakPassword) as excinfo:
        register(password=password)
    # then
    assert excinfo.value.code == "weak_password"
    assert excinfo.value.field == "password"
    assert counts() == before


@pytest.mark.parametrize("length", [64, 128])
def test_a_long_password_is_accepted(length):
    # given
    password = ("长城-Great-Wall-" * 20)[:length]
    assert len(password) == length
    # when
    volunteer = register(password=password)
    # then
    assert User.objects.get(pk=volunteer.user_id).check_password(password)


def test_the_consent_time_is_the_time_of_registration():
    # given
    moment = datetime(2026, 6, 15, 9, 30, tzinfo=ZoneInfo("Asia/Shanghai"))
    # when
    with time_machine.travel(moment, tick=False):
        volunteer = register()
    # then
    assert Consent.objects.get(volunteer=volunteer).given_at == moment
