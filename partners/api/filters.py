import django_filters

from areas.api.filters import AreaSubtreeFilter
from partners.models import Partner


class PartnerFilter(django_filters.FilterSet):
    area = AreaSubtreeFilter(field_name="area")

    class Meta:
        model = Partner
        fields = ["kind", "status"]
