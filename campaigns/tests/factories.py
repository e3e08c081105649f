from datetime import timedelta

import factory
from django.db.models import F
from django.utils import timezone

from areas.models import PracticeCenter
from areas.tests.factories import CenterFactory, StreetFactory
from campaigns.models import Campaign, Event, Registration


class CampaignFactory(factory.django.DjangoModelFactory):
    """A published campaign of a street's practice institute."""

    class Meta:
        model = Campaign

    title = factory.Sequence(lambda n: f"背街小巷整治行动{n}")
    theme = Campaign.Theme.OLD_COMPOUNDS
    center = factory.SubFactory(
        CenterFactory, level=PracticeCenter.Level.INSTITUTE, area=factory.SubFactory(StreetFactory)
    )
    starts_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=7))
    ends_on = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=60))
    status = Campaign.Status.PUBLISHED


class EventFactory(factory.django.DjangoModelFactory):
    """An event three days from now, two hours long, in the campaign center's area."""

    class Meta:
        model = Event

    campaign = factory.SubFactory(CampaignFactory)
    title = factory.Sequence(lambda n: f"周六清洁活动{n}")
    starts_at = factory.LazyFunction(lambda: timezone.now().replace(microsecond=0) + timedelta(days=3))
    ends_at = factory.LazyAttribute(lambda event: event.starts_at + timedelta(hours=2))
    area = factory.LazyAttribute(lambda event: event.campaign.center.area)
    address = "海淀区测试路 1 号"
    capacity = 10


class RegistrationFactory(factory.django.DjangoModelFactory):
    """A registration written directly; a confirmed one also takes a place on its event."""

    class Meta:
        model = Registration

    event = factory.SubFactory(EventFactory)
    volunteer = factory.SubFactory("volunteers.tests.factories.VolunteerFactory")
    status = Registration.Status.CONFIRMED

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        registration = super()._create(model_class, *args, **kwargs)
        if registration.status == Registration.Status.CONFIRMED:
            Event.objects.filter(pk=registration.event_id).update(confirmed_count=F("confirmed_count") + 1)
        return registration
