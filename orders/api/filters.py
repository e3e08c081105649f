import django_filters
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from areas.api.filters import AreaSubtreeFilter
from areas.models import Area, ancestor_paths
from orders.models import FollowUp, ServiceItem, ServiceOrder
from orders.selectors import held_by


@extend_schema_field(OpenApiTypes.INT)
class CommunityMenuFilter(django_filters.ModelChoiceFilter):
    """`?community=<id>`: the menus of the centers serving the community (its station, institute and center)."""

    def filter(self, queryset, community):
        if community is None:
            return queryset
        return queryset.filter(center__area__path__in=ancestor_paths(community.path))


class ServiceItemFilter(django_filters.FilterSet):
    community = CommunityMenuFilter(
        queryset=Area.objects.all(),
        help_text=_("A community id: the menus of the centers serving it (its station, institute and center)."),
    )

    class Meta:
        model = ServiceItem
        fields = ["center", "category", "active"]


class OrderFilter(django_filters.FilterSet):
    area = AreaSubtreeFilter(field_name="community")
    created_from = django_filters.DateFilter(field_name="created_at", lookup_expr="date__gte")
    created_to = django_filters.DateFilter(field_name="created_at", lookup_expr="date__lte")
    held = django_filters.BooleanFilter(
        method="filter_held",
        help_text=_(
            "true: the orders the caller works on as their taker (themselves, a team they lead, a partner they "
            "administer); false: the others."
        ),
    )

    class Meta:
        model = ServiceOrder
        fields = ["status", "center", "source", "category", "overdue", "team", "partner"]

    def filter_held(self, queryset, name, value):
        return queryset.filter(held_by(self.request.user)) if value else queryset.exclude(held_by(self.request.user))


class FollowUpFilter(django_filters.FilterSet):
    class Meta:
        model = FollowUp
        fields = ["status", "center"]
