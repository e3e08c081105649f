import secrets
from datetime import timedelta

import factory
from django.core.files.base import ContentFile
from django.utils import timezone

from areas.tests.factories import AreaFactory, CenterFactory
from orders.models import (
    Category,
    OrderPhoto,
    ServiceItem,
    ServiceOrder,
    contact_phone_hash,
    tracking_token_hash,
)
from orders.services import serving_center
from partners.tests.factories import image_bytes


class ServiceItemFactory(factory.django.DjangoModelFactory):
    """An active entry of a station's menu."""

    class Meta:
        model = ServiceItem

    center = factory.SubFactory(CenterFactory)
    name = factory.Sequence(lambda n: f"教老人用智能手机{n}")
    category = Category.DIGITAL_HELP


class OrderFactory(factory.django.DjangoModelFactory):
    """A resident's order written directly, awaiting dispatch at the center serving its community.

    Traits: `published` (on the board), `taken` and `completed` (pass a `team`, `partner` or `volunteer`).
    """

    class Meta:
        model = ServiceOrder

    source = ServiceOrder.Source.RESIDENT
    title = factory.Sequence(lambda n: f"帮老人学用智能手机{n}")
    category = Category.DIGITAL_HELP
    community = factory.SubFactory(AreaFactory)
    address = "科南社区3号楼2单元"
    contact_name = "赵大妈"
    contact_phone = factory.Sequence(lambda n: f"159{n:08d}")
    contact_phone_hash = factory.LazyAttribute(lambda order: contact_phone_hash(order.contact_phone))
    tracking_token = factory.LazyFunction(lambda: secrets.token_urlsafe(16))
    tracking_token_hash = factory.LazyAttribute(lambda order: tracking_token_hash(order.tracking_token))
    center = factory.LazyAttribute(lambda order: serving_center(order.community) or CenterFactory(area=order.community))
    status = ServiceOrder.Status.SUBMITTED
    due_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=1))

    class Params:
        published = factory.Trait(
            status=ServiceOrder.Status.PUBLISHED, dispatched_at=factory.LazyFunction(timezone.now)
        )
        taken = factory.Trait(
            status=ServiceOrder.Status.ACCEPTED,
            dispatched_at=factory.LazyFunction(timezone.now),
            taken_at=factory.LazyFunction(timezone.now),
        )
        completed = factory.Trait(
            status=ServiceOrder.Status.COMPLETED,
            dispatched_at=factory.LazyFunction(timezone.now),
            taken_at=factory.LazyFunction(timezone.now),
            completed_at=factory.LazyFunction(timezone.now),
            completion_note="已上门教会使用微信视频通话",
            due_at=None,
        )


class OrderPhotoFactory(factory.django.DjangoModelFactory):
    """A stored photo (a small JPEG and its thumbnail) of an order's work."""

    class Meta:
        model = OrderPhoto

    order = factory.SubFactory(OrderFactory)
    image = factory.LazyFunction(lambda: ContentFile(image_bytes(), name="photo.jpg"))
    thumbnail = factory.LazyFunction(lambda: ContentFile(image_bytes(size=(32, 24)), name="thumbnail.jpg"))
    width = 64
    height = 48
