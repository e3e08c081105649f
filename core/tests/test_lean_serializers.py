"""The hot lists' lean serializers write exactly what their documented serializers would."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from campaigns.api.serializers import EventListSerializer, EventSerializer
from campaigns.selectors import events_visible_to
from campaigns.tests.factories import EventFactory, RegistrationFactory
from volunteers.api.serializers import VolunteerListSerializer, VolunteerSerializer
from volunteers.selectors import volunteers_visible_to
from volunteers.tests.factories import SkillFactory

pytestmark = pytest.mark.django_db


def test_event_rows_are_identical(world):
    full = EventFactory(capacity=1, latitude=Decimal("39.983424"), longitude=Decimal("116.318417"), min_age=16)
    full.skills_wanted.set([SkillFactory(code="first-aid"), SkillFactory(code="sign-language")])
    RegistrationFactory(event=full)
    RegistrationFactory(event=full, status="waitlisted")
    plain = EventFactory(registration_opens_at=timezone.now() - timedelta(days=1))

    for event in events_visible_to(None).filter(pk__in=[full.pk, plain.pk]):
        assert EventListSerializer(event).data == EventSerializer(event).data


def test_volunteer_rows_are_identical(world):
    volunteer = world.users["volunteer"].volunteer
    volunteer.skills.set([SkillFactory(code="first-aid")])
    volunteer.availability = 0b101
    volunteer.save()

    for row in volunteers_visible_to(world.users["district_admin"]):
        assert VolunteerListSerializer(row).data == VolunteerSerializer(row).data
