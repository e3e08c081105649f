import io
from datetime import date, timedelta
from decimal import Decimal

import factory
from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image, ImageDraw

from accounts.models import Membership
from accounts.tests.factories import MembershipFactory, UserFactory
from areas.tests.factories import StreetFactory
from core.identity import USCC_ALPHABET, uscc_check_character
from partners.models import (
    ActivityParticipant,
    ActivityPhoto,
    Agreement,
    Commitment,
    Partner,
    PartnerActivity,
)


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


def image_bytes(fmt: str = "JPEG", size: tuple[int, int] = (64, 48), color=(200, 40, 40), **save_options) -> bytes:
    """An image file in memory: a coloured background with a rectangle and an ellipse on it."""
    mode = "RGBA" if fmt == "PNG" and len(color) == 4 else "RGB"
    picture = Image.new(mode, size, color)
    draw = ImageDraw.Draw(picture)
    width, height = size
    draw.rectangle((width // 8, height // 8, width // 2, height // 2), fill=(30, 90, 200, 255)[: len(mode)])
    draw.ellipse((width // 2, height // 2, width - 1, height - 1), fill=(250, 220, 40, 255)[: len(mode)])
    buffer = io.BytesIO()
    picture.save(buffer, fmt, **save_options)
    return buffer.getvalue()


class ActivityFactory(factory.django.DjangoModelFactory):
    """A draft activity log of a partner, three days ago, in the partner's area."""

    class Meta:
        model = PartnerActivity

    partner = factory.SubFactory(PartnerFactory)
    title = factory.Sequence(lambda n: f"共建单位进社区清洁活动{n}")
    occurred_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=3))
    address = "北京市海淀区测试路 2 号"
    area = factory.LazyAttribute(lambda activity: activity.partner.area)
    status = PartnerActivity.Status.DRAFT

    class Params:
        submitted = factory.Trait(
            status=PartnerActivity.Status.SUBMITTED, submitted_at=factory.LazyFunction(timezone.now)
        )
        verified = factory.Trait(
            status=PartnerActivity.Status.VERIFIED,
            submitted_at=factory.LazyFunction(timezone.now),
            reviewed_at=factory.LazyFunction(timezone.now),
        )


class ParticipantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActivityParticipant

    activity = factory.SubFactory(ActivityFactory)
    volunteer = factory.SubFactory("volunteers.tests.factories.VolunteerFactory")
    hours = Decimal("2")


class PhotoFactory(factory.django.DjangoModelFactory):
    """A stored photo (a small JPEG and its thumbnail) of an activity log."""

    class Meta:
        model = ActivityPhoto

    activity = factory.SubFactory(ActivityFactory)
    image = factory.LazyFunction(lambda: ContentFile(image_bytes(), name="photo.jpg"))
    thumbnail = factory.LazyFunction(lambda: ContentFile(image_bytes(size=(32, 24)), name="thumbnail.jpg"))
    width = 64
    height = 48
