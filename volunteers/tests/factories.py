from datetime import date

import factory

from accounts.tests.factories import UserFactory
from areas.tests.factories import AreaFactory
from core.identity import id_check_character
from volunteers.models import Skill, Volunteer, VolunteerTeam
from volunteers.services import id_number_hash


def make_id_number(n: int, *, born: date = date(1990, 5, 17), female: bool = False) -> str:
    """A valid resident ID number, distinct for each `n` below 500 (the sequence digits)."""
    sequence = 2 * (n % 500) + (0 if female else 1)
    first17 = f"110108{born:%Y%m%d}{sequence:03d}"
    return first17 + id_check_character(first17)


class SkillFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Skill
        django_get_or_create = ["code"]

    code = factory.Sequence(lambda n: f"skill-{n}")
    name = factory.Sequence(lambda n: f"技能{n}")


class VolunteerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Volunteer

    class Params:
        seq = factory.Sequence(lambda n: n)

    user = factory.SubFactory(UserFactory)
    real_name = factory.Sequence(lambda n: f"志愿者{n}")
    id_number = factory.LazyAttribute(lambda v: make_id_number(v.seq, born=date(1980 + v.seq // 500, 1, 1)))
    id_number_hash = factory.LazyAttribute(lambda v: id_number_hash(v.id_number))
    birth_date = factory.LazyAttribute(lambda v: date(int(v.id_number[6:10]), int(v.id_number[10:12]), 1))
    gender = "male"
    home_area = factory.SubFactory(AreaFactory)


class VolunteerTeamFactory(factory.django.DjangoModelFactory):
    """A team of a practice center, led by a fresh volunteer who is also its first member."""

    class Meta:
        model = VolunteerTeam
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"志愿服务队{n}")
    center = factory.SubFactory("areas.tests.factories.CenterFactory")
    leader = factory.SubFactory(VolunteerFactory)

    @factory.post_generation
    def members(team, create, extracted, **kwargs):
        if create:
            team.members.set([team.leader, *(extracted or [])])
