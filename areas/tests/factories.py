import factory

from areas.models import Area, PracticeCenter


class AreaFactory(factory.django.DjangoModelFactory):
    """A community under a fresh street under a fresh district, unless `parent` is given."""

    class Meta:
        model = Area

    name = factory.Sequence(lambda n: f"测试社区{n}")
    code = factory.Sequence(lambda n: f"{110108001001 + n}")
    level = Area.Level.COMMUNITY
    population = 5000
    parent = factory.LazyFunction(lambda: StreetFactory())
    path = factory.LazyAttribute(lambda area: f"{area.parent.path if area.parent else ''}{area.code}/")


class DistrictFactory(AreaFactory):
    name = factory.Sequence(lambda n: f"测试区{n}")
    code = factory.Sequence(lambda n: f"{110100 + n}")
    level = Area.Level.DISTRICT
    parent = None


class StreetFactory(AreaFactory):
    name = factory.Sequence(lambda n: f"测试街道{n}")
    code = factory.Sequence(lambda n: f"{110108100 + n}")
    level = Area.Level.STREET
    parent = factory.SubFactory(DistrictFactory)


class CenterFactory(factory.django.DjangoModelFactory):
    """A practice station for a community (pass `area` and `level` for other levels)."""

    class Meta:
        model = PracticeCenter

    name = factory.Sequence(lambda n: f"测试实践站{n}")
    level = PracticeCenter.Level.STATION
    area = factory.SubFactory(AreaFactory)
