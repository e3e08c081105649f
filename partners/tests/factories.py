from datetime import date

import factory

from accounts.models import Membership
from accounts.tests.factories import MembershipFactory, UserFactory
from areas.tests.factories import StreetFactory
from core.identity import USCC_ALPHABET, uscc_check_character
from partners.models import Agreement, Commitment, Partner


def make_credit_code(n: int) -> str:
    """A valid unified social credit code, distinct for each `n`."""
    body, value = "", n
    for _ in range(9):
        body = USCC_ALPHABET[value % 31] + body
        value //= 31
    first17 = f"91110108{body}"
    return first17 + uscc_check_character(first17)


class PartnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partner

    name = factory.Sequence(lambda n: f"测试共建单位{n}")
    kind = Partner.Kind.ENTERPRISE
    credit_code = factory.Sequence(make_credit_code)
    area = factory.SubFactory(StreetFactory)
    address = "北京市海淀区测试路1号"
    contact_name = "联系人"
    contact_phone = factory.Sequence(lambda n: f"1360000{n:04d}")
    status = Partner.Status.APPROVED


class PartnerAdminFactory(MembershipFactory):
    """A user who administers a partner."""

    user = factory.SubFactory(UserFactory)
    role = Membership.Role.PARTNER_ADMIN
    partner = factory.SubFactory(PartnerFactory)


class AgreementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agreement

    partner = factory.SubFactory(PartnerFactory)
    title = "年度共建协议"
    starts_on = date(2026, 1, 1)
    ends_on = date(2026, 12, 31)


class CommitmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Commitment

    agreement = factory.SubFactory(AgreementFactory)
    kind = Commitment.Kind.VOLUNTEER_HOURS
    quantity = 100
