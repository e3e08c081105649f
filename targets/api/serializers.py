from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from areas.models import Area
from campaigns.models import Campaign
from core.api.serializers import InputSerializer
from targets import metrics
from targets.models import EvidenceArchive, Question, Report, Survey, Target
from targets.periods import Period
from volunteers.api.serializers import AreaRefSerializer


class PeriodField(serializers.CharField):
    """`2026-05-14`, `2026-W20`, `2026-05`, `2026-Q2` or `2026` in; a `Period` out."""

    default_error_messages = {
        "invalid_period": _("Give a period as 2026-05-14, 2026-W20, 2026-05, 2026-Q2 or 2026."),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 10)
        super().__init__(**kwargs)

    def run_validation(self, data=serializers.empty):
        # Parse after CharField's own checks: max_length must see the text, not the parsed period.
        text = super().run_validation(data)
        try:
            return Period.parse(text)
        except ValueError:
            self.fail("invalid_period")

    def to_representation(self, value):
        return value.label


class PeriodSerializer(serializers.Serializer):
    kind = serializers.CharField()
    label = serializers.CharField()
    start = serializers.DateField()
    end = serializers.DateField()


def _period(kind: str, start) -> dict:
    return Period.containing(kind, start).as_dict()


# Surveys -----------------------------------------------------------------------------------------


class ChoiceSerializer(InputSerializer):
    key = serializers.RegexField(r"^[A-Za-z0-9_-]{1,40}$", max_length=40)
    label = serializers.CharField(max_length=100)


class QuestionInputSerializer(InputSerializer):
    kind = serializers.ChoiceField(choices=Question.Kind.choices)
    text = serializers.CharField(max_length=300)
    required = serializers.BooleanField(default=True)
    choices = ChoiceSerializer(many=True, required=False, default=list, max_length=20)
    measures = serializers.ChoiceField(choices=Question.Measure.choices, default=Question.Measure.NONE)
    satisfaction_subject = serializers.ChoiceField(choices=Question.Subject.choices, allow_blank=True, default="")
    campaign = serializers.PrimaryKeyRelatedField(queryset=Campaign.objects.all(), allow_null=True, default=None)
    positive_choices = serializers.ListField(
        child=serializers.CharField(max_length=40), required=False, default=list, max_length=20
    )


class SurveyCreateSerializer(InputSerializer):
    title = serializers.CharField(max_length=100)
    description = serializers.CharField(max_length=2000, required=False, default="", allow_blank=True)
    area = serializers.PrimaryKeyRelatedField(queryset=Area.objects.all())
    opens_at = serializers.DateTimeField()
    closes_at = serializers.DateTimeField()
    questions = QuestionInputSerializer(many=True, required=False, max_length=50)
    template = serializers.PrimaryKeyRelatedField(
        queryset=Survey.objects.filter(is_template=True), required=False, allow_null=True, default=None
    )


class SurveyUpdateSerializer(InputSerializer):
    title = serializers.CharField(max_length=100, required=False)
    description = serializers.CharField(max_length=2000, required=False, allow_blank=True)
    area = serializers.PrimaryKeyRelatedField(queryset=Area.objects.all(), required=False)
    opens_at = serializers.DateTimeField(required=False)
    closes_at = serializers.DateTimeField(required=False)
    questions = QuestionInputSerializer(many=True, required=False, max_length=50)


class QuestionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Question
        fields = [
            "id",
            "order",
            "kind",
            "text",
            "required",
            "choices",
            "measures",
            "satisfaction_subject",
            "campaign",
            "positive_choices",
        ]
        read_only_fields = fields


class SurveySerializer(serializers.ModelSerializer):
    area = AreaRefSerializer(read_only=True)
    accepting = serializers.SerializerMethodField()
    question_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Survey
        fields = [
            "id",
            "title",
            "description",
            "area",
            "opens_at",
            "closes_at",
            "status",
            "is_template",
            "accepting",
            "question_count",
            "created_at",
        ]
        read_only_fields = fields

    def get_accepting(self, survey: Survey) -> bool:
        return survey.accepting()


class CommunityChoiceSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    street = serializers.CharField(source="parent__name")


class SurveyDetailSerializer(SurveySerializer):
    questions = QuestionSerializer(many=True, read_only=True)
    communities = CommunityChoiceSerializer(many=True, read_only=True, source="community_choices")
    fixed_community = AreaRefSerializer(read_only=True, allow_null=True)

    class Meta(SurveySerializer.Meta):
        fields = [*SurveySerializer.Meta.fields, "questions", "communities", "fixed_community"]
        read_only_fields = fields


class SurveyDetailQuerySerializer(serializers.Serializer):
    c = serializers.CharField(required=False, max_length=200, help_text=_("A poster link's signed community."))


class AnswerInputSerializer(InputSerializer):
    question = serializers.IntegerField()
    value = serializers.JSONField(required=False, allow_null=True, default=None)


class ResponseInputSerializer(InputSerializer):
    community = serializers.PrimaryKeyRelatedField(queryset=Area.objects.all(), required=False, allow_null=True)
    link = serializers.CharField(required=False, max_length=200, default="", allow_blank=True)
    answers = AnswerInputSerializer(many=True, max_length=100)

    default_error_messages = {"community_required": _("Choose your community.")}

    def validate(self, attrs):
        if not attrs.get("link") and attrs.get("community") is None:
            raise serializers.ValidationError(
                {"community": [serializers.ErrorDetail(self.error_messages["community_required"], code="required")]}
            )
        attrs.setdefault("community", None)
        return attrs


class ResponseReceiptSerializer(serializers.Serializer):
    survey = serializers.IntegerField()
    community = AreaRefSerializer()
    answers = serializers.IntegerField()


class PosterQuerySerializer(serializers.Serializer):
    community = serializers.IntegerField()


class RateSerializer(serializers.Serializer):
    value = serializers.FloatField(allow_null=True)
    ci_low = serializers.FloatField(allow_null=True)
    ci_high = serializers.FloatField(allow_null=True)
    n = serializers.IntegerField()
    suppressed = serializers.BooleanField()
    weighted = serializers.BooleanField()


class UnweightedSerializer(serializers.Serializer):
    value = serializers.FloatField(allow_null=True)
    ci_low = serializers.FloatField(allow_null=True)
    ci_high = serializers.FloatField(allow_null=True)


class AreaRateSerializer(RateSerializer):
    unweighted = UnweightedSerializer()


class DistributionSerializer(serializers.Serializer):
    value = serializers.CharField()
    label = serializers.CharField()
    count = serializers.IntegerField()


class QuestionResultSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    order = serializers.IntegerField()
    text = serializers.CharField()
    kind = serializers.CharField()
    measures = serializers.CharField()
    n = serializers.IntegerField()
    suppressed = serializers.BooleanField()
    distribution = DistributionSerializer(many=True, allow_null=True)
    mean = serializers.FloatField(allow_null=True)
    positive_rate = RateSerializer(allow_null=True)


class SurveyResultsSerializer(serializers.Serializer):
    survey = serializers.IntegerField()
    area = AreaRefSerializer()
    responses = serializers.IntegerField()
    suppressed = serializers.BooleanField()
    questions = QuestionResultSerializer(many=True)


class ResultsQuerySerializer(serializers.Serializer):
    area = serializers.IntegerField(required=False)


# Targets -----------------------------------------------------------------------------------------


class CampaignNameSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()


class TargetSerializer(serializers.ModelSerializer):
    area = AreaRefSerializer(read_only=True, allow_null=True)
    campaign = CampaignNameSerializer(read_only=True, allow_null=True)
    period = serializers.SerializerMethodField()

    class Meta:
        model = Target
        fields = ["id", "metric", "subject", "area", "campaign", "period", "threshold", "note", "created_at"]
        read_only_fields = fields

    @extend_schema_field(PeriodSerializer)
    def get_period(self, target: Target) -> dict:
        return _period(target.period_kind, target.period_start)


class TargetCreateSerializer(InputSerializer):
    metric = serializers.ChoiceField(choices=Target.Metric.choices)
    area = serializers.PrimaryKeyRelatedField(
        queryset=Area.objects.all(), required=False, allow_null=True, default=None
    )
    campaign = serializers.PrimaryKeyRelatedField(
        queryset=Campaign.objects.all(), required=False, allow_null=True, default=None
    )
    subject = serializers.ChoiceField(choices=Question.Subject.choices, allow_blank=True, default="")
    period = PeriodField(help_text=_("A week, month, quarter or year: 2026-W20, 2026-05, 2026-Q2, 2026."))
    threshold = serializers.DecimalField(max_digits=12, decimal_places=4, min_value=0)
    note = serializers.CharField(max_length=200, required=False, default="", allow_blank=True)


class TargetUpdateSerializer(InputSerializer):
    threshold = serializers.DecimalField(max_digits=12, decimal_places=4, min_value=0, required=False)
    note = serializers.CharField(max_length=200, required=False, allow_blank=True)


# Dashboard ---------------------------------------------------------------------------------------


class DashboardQuerySerializer(serializers.Serializer):
    area = serializers.IntegerField(required=False, help_text=_("An area id; by default the caller's own area."))
    period = PeriodField(
        required=False, help_text=_("2026-05-14, 2026-W20, 2026-05, 2026-Q2 or 2026; this month by default.")
    )


class CampaignDashboardQuerySerializer(serializers.Serializer):
    period = PeriodField(
        required=False, help_text=_("2026-05-14, 2026-W20, 2026-05, 2026-Q2 or 2026; this month by default.")
    )


class AreaRefLevelSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    level = serializers.CharField()


class SubjectRatesSerializer(serializers.Serializer):
    community_committee = AreaRateSerializer()
    property_services = AreaRateSerializer()
    creation_work = AreaRateSerializer()
    campaign = AreaRateSerializer()


class AreaMetricsSerializer(serializers.Serializer):
    awareness_rate = AreaRateSerializer()
    participation_rate = AreaRateSerializer()
    satisfaction_rate = AreaRateSerializer()
    satisfaction_by_subject = SubjectRatesSerializer()
    responses = serializers.IntegerField()
    population = serializers.IntegerField(allow_null=True)
    registered_volunteers = serializers.IntegerField(allow_null=True)
    registration_rate = serializers.FloatField(allow_null=True)
    new_volunteers = serializers.IntegerField(allow_null=True)
    active_volunteers = serializers.IntegerField(allow_null=True)
    volunteer_hours = serializers.FloatField(allow_null=True)
    events_held = serializers.IntegerField(allow_null=True)
    partners_active = serializers.IntegerField(allow_null=True)
    pledged_hours = serializers.FloatField(allow_null=True)
    delivered_hours = serializers.FloatField(allow_null=True)
    pledge_delivery_rate = serializers.FloatField(allow_null=True)
    pledged_events = serializers.FloatField(allow_null=True)
    delivered_events = serializers.IntegerField(allow_null=True)


class ScopeRefSerializer(serializers.Serializer):
    type = serializers.ChoiceField(choices=["area", "campaign"])
    id = serializers.IntegerField()
    name = serializers.CharField()


class TargetStatusSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    metric = serializers.ChoiceField(choices=Target.Metric.choices)
    subject = serializers.CharField()
    scope = ScopeRefSerializer()
    period = PeriodSerializer()
    threshold = serializers.FloatField()
    value = serializers.FloatField(allow_null=True)
    ci_low = serializers.FloatField(allow_null=True)
    ci_high = serializers.FloatField(allow_null=True)
    n = serializers.IntegerField(allow_null=True)
    suppressed = serializers.BooleanField()
    projection = serializers.FloatField(allow_null=True)
    status = serializers.ChoiceField(choices=metrics.STATUSES)
    attainment = serializers.FloatField(allow_null=True)


class PointRateSerializer(serializers.Serializer):
    """A day's or a week's unweighted share with its 95% Wilson interval (None when suppressed)."""

    value = serializers.FloatField(allow_null=True)
    ci_low = serializers.FloatField(allow_null=True)
    ci_high = serializers.FloatField(allow_null=True)
    n = serializers.IntegerField()
    suppressed = serializers.BooleanField()


class DailyPointSerializer(serializers.Serializer):
    date = serializers.DateField()
    responses = serializers.IntegerField()
    awareness = PointRateSerializer()
    participation = PointRateSerializer()
    satisfaction = PointRateSerializer()


class WeeklyPointSerializer(serializers.Serializer):
    week = serializers.CharField()
    start = serializers.DateField()
    responses = serializers.IntegerField()
    awareness = PointRateSerializer()
    participation = PointRateSerializer()
    satisfaction = PointRateSerializer()


class TrendSerializer(serializers.Serializer):
    daily = DailyPointSerializer(many=True)
    weekly = WeeklyPointSerializer(many=True)
    weighted = serializers.BooleanField()


class RankingRowSerializer(serializers.Serializer):
    area = AreaRefLevelSerializer()
    attainment = serializers.FloatField(allow_null=True)
    targets = serializers.IntegerField()
    rank = serializers.IntegerField(allow_null=True)
    previous_rank = serializers.IntegerField(allow_null=True)
    change = serializers.IntegerField(allow_null=True)


class RankingSerializer(serializers.Serializer):
    streets = RankingRowSerializer(many=True)
    communities = RankingRowSerializer(many=True)


class ResponseHoursSerializer(serializers.Serializer):
    n = serializers.IntegerField()
    median = serializers.FloatField(allow_null=True)
    mean = serializers.FloatField(allow_null=True)


class OrderStepsSerializer(serializers.Serializer):
    dispatch = ResponseHoursSerializer(help_text=_("From ordered to dispatched or published."))
    take = ResponseHoursSerializer(help_text=_("From dispatched to taken."))
    complete = ResponseHoursSerializer(help_text=_("From taken to completed."))


class OrderCompletionSerializer(serializers.Serializer):
    completed = serializers.IntegerField()
    n = serializers.IntegerField()
    rate = serializers.FloatField(allow_null=True)


class OrderRatingsSerializer(serializers.Serializer):
    n = serializers.IntegerField()
    mean = serializers.FloatField(allow_null=True)
    satisfied = serializers.IntegerField(allow_null=True)
    satisfied_share = serializers.FloatField(allow_null=True)
    suppressed = serializers.BooleanField()


class ServiceOrderFiguresSerializer(serializers.Serializer):
    """Residents' service orders in the area and period; their ratings are a satisfaction source beside surveys."""

    orders = serializers.IntegerField()
    by_status = serializers.DictField(child=serializers.IntegerField())
    response_hours = OrderStepsSerializer()
    completion = OrderCompletionSerializer()
    ratings = OrderRatingsSerializer()
    missed_deadline = serializers.IntegerField()


class DashboardSerializer(serializers.Serializer):
    area = AreaRefLevelSerializer()
    period = PeriodSerializer()
    previous_period = PeriodSerializer()
    metrics = AreaMetricsSerializer()
    figures_as_of = serializers.DateTimeField(allow_null=True)
    targets = TargetStatusSerializer(many=True)
    trend = TrendSerializer()
    ranking = RankingSerializer()
    service_orders = ServiceOrderFiguresSerializer()


class CampaignMetricsSerializer(serializers.Serializer):
    satisfaction_rate = RateSerializer()
    volunteer_hours = serializers.FloatField()
    events_held = serializers.IntegerField()
    partners_active = serializers.IntegerField()


class CampaignDashboardSerializer(serializers.Serializer):
    campaign = CampaignNameSerializer()
    period = PeriodSerializer()
    metrics = CampaignMetricsSerializer()
    targets = TargetStatusSerializer(many=True)
    trend = TrendSerializer()


# Reports and archives ----------------------------------------------------------------------------


class ReportSerializer(serializers.ModelSerializer):
    area = AreaRefSerializer(read_only=True)
    period = serializers.SerializerMethodField()
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = Report
        fields = ["id", "kind", "area", "period", "status", "generated_at", "download_url", "created_at", "updated_at"]
        read_only_fields = fields

    @extend_schema_field(PeriodSerializer)
    def get_period(self, report: Report) -> dict:
        return _period(Report.PERIOD_KINDS[report.kind], report.period_start)

    def get_download_url(self, report: Report) -> str | None:
        if report.status != Report.Status.READY:
            return None
        return reverse("report-download", kwargs={"report_id": report.pk})


class ReportCreateSerializer(InputSerializer):
    kind = serializers.ChoiceField(choices=Report.Kind.choices)
    area = serializers.PrimaryKeyRelatedField(queryset=Area.objects.all())
    day = serializers.DateField(
        required=False, help_text=_("A day in the report's period; by default the last complete period.")
    )


class ArchiveSerializer(serializers.ModelSerializer):
    campaign = CampaignNameSerializer(read_only=True)
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = EvidenceArchive
        fields = [
            "id",
            "campaign",
            "status",
            "progress",
            "photo_count",
            "missing_photos",
            "created_at",
            "started_at",
            "finished_at",
            "download_url",
        ]
        read_only_fields = fields

    def get_download_url(self, archive: EvidenceArchive) -> str | None:
        if archive.status != EvidenceArchive.Status.READY:
            return None
        return reverse("archive-download", kwargs={"archive_id": archive.pk})
