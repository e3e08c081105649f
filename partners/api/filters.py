import django_filters

from areas.api.filters import AreaSubtreeFilter
from partners.models import Partner, PartnerActivity


class PartnerFilter(django_filters.FilterSet):
    area = AreaSubtreeFilter(field_name="area")

    class Meta:
        model = Partner
        fields = ["kind", "status"]


class ActivityFilter(django_filters.FilterSet):
    area = AreaSubtreeFilter(field_name="area")
    occurred_from = django_filters.DateFilter(field_name="occurred_on", lookup_expr="gte")
    occurred_to = django_filters.DateFilter(field_name="occurred_on", lookup_expr="lte")

    class Meta:
        model = PartnerActivity
        fields = ["status", "partner", "campaign"]
