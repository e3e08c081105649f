import django_filters
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from areas.models import Area, PracticeCenter


@extend_schema_field(OpenApiTypes.INT)
class AreaSubtreeFilter(django_filters.ModelChoiceFilter):
    """`?area=<id>`: rows whose area is that area or anywhere below it."""

    def __init__(self, *, field_name: str, **kwargs):
        kwargs.setdefault("queryset", Area.objects.all())
        kwargs.setdefault("help_text", _("An area id: matches that area and everything below it."))
        super().__init__(field_name=field_name, **kwargs)

    def filter(self, qs, value):
        if value is None:
            return qs
        if not self.field_name:
            return qs.filter(path__startswith=value.path)
        # by area ids (a few hundred at most) so the filtered table's own area index serves the query
        subtree = Area.objects.filter(path__startswith=value.path).values("id")
        return qs.filter(**{f"{self.field_name}_id__in": subtree})


class AreaFilter(django_filters.FilterSet):
    within = AreaSubtreeFilter(field_name="")

    class Meta:
        model = Area
        fields = ["level", "parent"]


class CenterFilter(django_filters.FilterSet):
    area = AreaSubtreeFilter(field_name="area")

    class Meta:
        model = PracticeCenter
        fields = ["level"]
