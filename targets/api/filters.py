import django_filters

from areas.api.filters import AreaSubtreeFilter
from targets.models import Report, Survey, Target


class SurveyFilter(django_filters.FilterSet):
    area = AreaSubtreeFilter(field_name="area")

    class Meta:
        model = Survey
        fields = ["status", "is_template"]


class TargetFilter(django_filters.FilterSet):
    area = AreaSubtreeFilter(field_name="area")

    class Meta:
        model = Target
        fields = ["metric", "campaign", "period_kind", "period_start"]


class ReportFilter(django_filters.FilterSet):
    area = AreaSubtreeFilter(field_name="area")

    class Meta:
        model = Report
        fields = ["kind", "status", "period_start"]
