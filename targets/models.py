import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.models import TimeStampedModel
from targets.periods import PeriodKind

# Surveys -----------------------------------------------------------------------------------------


class Survey(TimeStampedModel):
    """A resident questionnaire for an area and everything below it, open between two moments.

    A template (`is_template`) is never opened: surveys are created from it by copying its questions.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    title = models.CharField(_("title"), max_length=100)
    description = models.TextField(_("description"), max_length=2000, blank=True)
    area = models.ForeignKey("areas.Area", on_delete=models.PROTECT, related_name="surveys")
    opens_at = models.DateTimeField(_("opens at"))
    closes_at = models.DateTimeField(_("closes at"))
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    is_template = models.BooleanField(_("template"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-opens_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(closes_at__gt=F("opens_at")), name="survey_closes_after_opening"),
            models.CheckConstraint(
                condition=Q(is_template=False) | Q(status="draft"), name="survey_template_stays_draft"
            ),
        ]
        indexes = [models.Index(fields=["status", "area"], name="survey_status_area")]

    def __str__(self) -> str:
        return self.title

    def accepting(self, now=None) -> bool:
        """Open, and within its dates."""
        now = now or timezone.now()
        return self.status == self.Status.OPEN and self.opens_at <= now < self.closes_at


class Question(models.Model):
    """One question of a survey, maybe tagged as measuring awareness, participation or satisfaction.

    For yes/no and single-choice questions `positive_choices` names the answers that count as aware, as having
    taken part, or as satisfied; on the 1–5 scale 4 and 5 count.
    """

    class Kind(models.TextChoices):
        YES_NO = "yes_no", _("Yes or no")
        SINGLE_CHOICE = "single_choice", _("Single choice")
        SCALE = "scale_1_5", _("Scale of 1 to 5")
        SHORT_TEXT = "short_text", _("Short text")

    class Measure(models.TextChoices):
        NONE = "none", _("Nothing")
        AWARENESS = "awareness", _("Awareness")
        PARTICIPATION = "participation", _("Participation")
        SATISFACTION = "satisfaction", _("Satisfaction")

    class Subject(models.TextChoices):
        COMMUNITY_COMMITTEE = "community_committee", _("Community committee")
        PROPERTY_SERVICES = "property_services", _("Property services")
        CREATION_WORK = "creation_work", _("The creation work")
        CAMPAIGN = "campaign", _("A campaign")

    YES, NO = "yes", "no"
    POSITIVE_SCALE = ("4", "5")

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions")
    order = models.PositiveSmallIntegerField(_("order"))
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    text = models.CharField(_("text"), max_length=300)
    required = models.BooleanField(_("required"), default=True)
    choices = models.JSONField(_("choices"), default=list, blank=True)  # [{"key": "a", "label": "…"}, …]
    measures = models.CharField(_("measures"), max_length=16, choices=Measure.choices, default=Measure.NONE)
    satisfaction_subject = models.CharField(_("satisfaction with"), max_length=24, choices=Subject.choices, blank=True)
    campaign = models.ForeignKey(
        "campaigns.Campaign", null=True, blank=True, on_delete=models.PROTECT, related_name="survey_questions"
    )
    positive_choices = models.JSONField(_("answers that count as positive"), default=list, blank=True)

    class Meta:
        ordering = ["survey", "order"]
        constraints = [
            models.UniqueConstraint(fields=["survey", "order"], name="one_question_per_position"),
            models.CheckConstraint(
                condition=~Q(kind="short_text") | Q(measures="none"), name="question_text_answers_measure_nothing"
            ),
            models.CheckConstraint(
                condition=Q(measures="satisfaction", satisfaction_subject__gt="")
                | (~Q(measures="satisfaction") & Q(satisfaction_subject="")),
                name="question_satisfaction_has_a_subject",
            ),
            models.CheckConstraint(
                condition=Q(satisfaction_subject="campaign", campaign__isnull=False)
                | (~Q(satisfaction_subject="campaign") & Q(campaign__isnull=True)),
                name="question_campaign_subject_names_it",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.order}. {self.text}"

    @property
    def choice_keys(self) -> list[str]:
        if self.kind == self.Kind.YES_NO:
            return [self.YES, self.NO]
        return [choice["key"] for choice in self.choices]

    def is_positive(self, value: str) -> bool:
        """Whether a stored answer value (choice key, yes/no, or scale digit) counts for the measure."""
        if self.kind == self.Kind.SCALE:
            return value in self.POSITIVE_SCALE
        return value in self.positive_choices


class SurveyResponse(models.Model):
    """One resident's answers. Anonymous by construction: no account, no IP address, no user agent.

    `device_hash` is a keyed hash of a random cookie token and the survey, so one device answers a survey once,
    while its responses to different surveys cannot be linked. `submitted_at` is kept to the hour only.
    """

    survey = models.ForeignKey(Survey, on_delete=models.PROTECT, related_name="responses")
    community = models.ForeignKey("areas.Area", on_delete=models.PROTECT, related_name="survey_responses")
    submitted_at = models.DateTimeField()
    device_hash = models.CharField(max_length=64, editable=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["survey", "device_hash"], name="one_response_per_device_per_survey"),
        ]
        indexes = [
            models.Index(fields=["survey", "community"], name="response_survey_community"),
            models.Index(fields=["submitted_at"], name="response_submitted"),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} ({self.survey_id})"


class Answer(models.Model):
    """The answer to one question: a choice key (yes/no too), a 1–5 score, or a short text."""

    response = models.ForeignKey(SurveyResponse, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="answers")
    choice = models.CharField(max_length=40, blank=True)
    scale = models.PositiveSmallIntegerField(null=True, blank=True)
    text = models.CharField(max_length=500, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["response", "question"], name="one_answer_per_question"),
            models.CheckConstraint(
                condition=Q(scale__isnull=True) | Q(scale__gte=1, scale__lte=5), name="answer_scale_within_1_to_5"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.question_id}: {self.value}"

    @property
    def value(self) -> str:
        return str(self.scale) if self.scale is not None else self.choice or self.text


# Roll-ups: what the dashboard and the reports read instead of the responses ---------------------------


class MeasureTally(models.Model):
    """Answers counted per area (the community and each area above it), period and measure.

    Every response counts into its day, ISO week, month, quarter and year, so any period the dashboard or a
    report asks for is one row per area and measure. Kept current by every submitted response, in the same
    transaction, with increments; rebuilt from the responses by `targets.rollups.rebuild_tallies`. The
    `responses` measure counts responses (n = positive).
    """

    class Measure(models.TextChoices):
        RESPONSES = "responses", _("Responses")
        AWARENESS = "awareness", _("Awareness")
        PARTICIPATION = "participation", _("Participation")
        SATISFACTION = "satisfaction", _("Satisfaction")

    area = models.ForeignKey("areas.Area", on_delete=models.CASCADE, related_name="+")
    bucket = models.CharField(max_length=8, choices=PeriodKind.choices)
    starts_on = models.DateField()
    measure = models.CharField(max_length=16, choices=Measure.choices)
    subject = models.CharField(max_length=24, blank=True)
    campaign = models.ForeignKey(
        "campaigns.Campaign", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    n = models.PositiveIntegerField(default=0)
    positive = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["area", "bucket", "starts_on", "measure", "subject"],
                condition=Q(campaign__isnull=True),
                name="one_tally_per_key",
            ),
            models.UniqueConstraint(
                fields=["area", "bucket", "starts_on", "measure", "subject", "campaign"],
                condition=Q(campaign__isnull=False),
                name="one_campaign_tally_per_key",
            ),
            models.CheckConstraint(condition=Q(positive__lte=F("n")), name="tally_positive_within_n"),
        ]
        indexes = [models.Index(fields=["bucket", "starts_on", "area"], name="tally_bucket_day_area")]

    def __str__(self) -> str:
        return f"{self.area_id} {self.bucket} {self.starts_on} {self.measure}: {self.positive}/{self.n}"


class AnswerTally(models.Model):
    """How often each answer value was given to a question, per community (for a survey's results)."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="tallies")
    community = models.ForeignKey("areas.Area", on_delete=models.CASCADE, related_name="+")
    value = models.CharField(max_length=40, blank=True)  # choice key, "yes"/"no", "1"–"5"; "" for a text
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["question", "community", "value"], name="one_answer_tally_per_value"),
        ]

    def __str__(self) -> str:
        return f"{self.question_id} {self.community_id} {self.value!r}: {self.count}"


class AreaFigures(models.Model):
    """Participation data of an area (all levels) for one period, refreshed on a schedule.

    Counts of volunteers are of those living in the area; hours are theirs, served in the period; events and
    verified partner activities are those held in the area; pledges are those of partners based in the area,
    of agreements in force during the period, delivered over each agreement's term up to the period's end.
    """

    area = models.ForeignKey("areas.Area", on_delete=models.CASCADE, related_name="+")
    period_kind = models.CharField(max_length=8, choices=PeriodKind.choices)
    period_start = models.DateField()
    period_end = models.DateField()
    population = models.PositiveIntegerField(default=0)
    registered_volunteers = models.PositiveIntegerField(default=0)
    new_volunteers = models.PositiveIntegerField(default=0)
    active_volunteers = models.PositiveIntegerField(default=0)
    volunteer_hours = models.DecimalField(max_digits=12, decimal_places=2, default=0)
    events_held = models.PositiveIntegerField(default=0)
    partners_active = models.PositiveIntegerField(default=0)
    pledged_hours = models.DecimalField(max_digits=12, decimal_places=1, default=0)
    delivered_hours = models.DecimalField(max_digits=12, decimal_places=2, default=0)
    pledged_events = models.DecimalField(max_digits=10, decimal_places=1, default=0)
    delivered_events = models.PositiveIntegerField(default=0)
    computed_at = models.DateTimeField()

    class Meta:
        verbose_name_plural = "area figures"
        constraints = [
            models.UniqueConstraint(fields=["area", "period_kind", "period_start"], name="one_figures_row_per_period"),
        ]
        indexes = [models.Index(fields=["period_kind", "period_start", "area"], name="figures_period_area")]

    def __str__(self) -> str:
        return f"{self.area_id} {self.period_kind} {self.period_start}"


# Targets -----------------------------------------------------------------------------------------

RATE_METRICS = (
    "awareness_rate",
    "participation_rate",
    "satisfaction_rate",
    "registration_rate",
    "pledge_delivery_rate",
)


class Target(TimeStampedModel):
    """A target (目标/责任书): a metric of an area or a campaign over a period must reach at least a threshold.

    Rates (shares) have thresholds between 0 and 1. Area targets are the area's own; a rate target also sets the
    standard for every area below it in rankings.
    """

    class Metric(models.TextChoices):
        AWARENESS_RATE = "awareness_rate", _("Awareness rate")
        PARTICIPATION_RATE = "participation_rate", _("Participation rate (survey)")
        SATISFACTION_RATE = "satisfaction_rate", _("Satisfaction rate")
        REGISTRATION_RATE = "registration_rate", _("Registered volunteers per resident")
        ACTIVE_VOLUNTEERS = "active_volunteers", _("Active volunteers")
        NEW_VOLUNTEERS = "new_volunteers", _("New volunteers")
        VOLUNTEER_HOURS = "volunteer_hours", _("Volunteer hours")
        EVENTS_HELD = "events_held", _("Events held")
        PARTNERS_ACTIVE = "partners_active", _("Partners with verified activity")
        PLEDGE_DELIVERY_RATE = "pledge_delivery_rate", _("Pledged hours delivered")

    RATES = RATE_METRICS

    metric = models.CharField(_("metric"), max_length=24, choices=Metric.choices)
    area = models.ForeignKey("areas.Area", null=True, blank=True, on_delete=models.PROTECT, related_name="targets")
    campaign = models.ForeignKey(
        "campaigns.Campaign", null=True, blank=True, on_delete=models.CASCADE, related_name="targets"
    )
    subject = models.CharField(_("satisfaction with"), max_length=24, choices=Question.Subject.choices, blank=True)
    period_kind = models.CharField(
        _("period"), max_length=8, choices=[c for c in PeriodKind.choices if c[0] != PeriodKind.DAY]
    )
    period_start = models.DateField(_("period starts on"))
    threshold = models.DecimalField(_("threshold"), max_digits=12, decimal_places=4)
    note = models.CharField(_("note"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-period_start", "metric", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(area__isnull=False, campaign__isnull=True) | Q(area__isnull=True, campaign__isnull=False),
                name="target_scope_is_an_area_or_a_campaign",
            ),
            models.CheckConstraint(condition=Q(threshold__gte=0), name="target_threshold_not_negative"),
            models.CheckConstraint(
                condition=~Q(metric__in=RATE_METRICS) | Q(threshold__lte=1), name="target_rate_threshold_at_most_one"
            ),
            models.CheckConstraint(
                condition=Q(metric="satisfaction_rate") | Q(subject=""), name="target_subject_only_for_satisfaction"
            ),
            models.UniqueConstraint(
                fields=["metric", "subject", "area", "period_kind", "period_start"],
                condition=Q(area__isnull=False),
                name="one_area_target_per_metric_and_period",
            ),
            models.UniqueConstraint(
                fields=["metric", "subject", "campaign", "period_kind", "period_start"],
                condition=Q(campaign__isnull=False),
                name="one_campaign_target_per_metric_and_period",
            ),
        ]
        indexes = [
            models.Index(fields=["area", "period_start"], name="target_area_period"),
            models.Index(fields=["campaign", "period_start"], name="target_campaign_period"),
        ]

    def __str__(self) -> str:
        return f"{self.get_metric_display()} ≥ {self.threshold}"


# Reports and the evidence archive -------------------------------------------------------------------


def report_file_name(instance, filename: str) -> str:
    return f"reports/{instance.kind}/{instance.period_start:%Y/%m}/{uuid.uuid4().hex}.xlsx"


def archive_file_name(instance, filename: str) -> str:
    return f"archives/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.zip"


class Report(TimeStampedModel):
    """A daily feedback, weekly summary or monthly dispatch report of a district or street, as XLSX.

    Stored through Django's storage API and streamed by the API to those whose scope covers the area.
    """

    class Kind(models.TextChoices):
        DAILY = "daily", _("Daily feedback")
        WEEKLY = "weekly", _("Weekly summary")
        MONTHLY = "monthly", _("Monthly dispatch")

    class Status(models.TextChoices):
        PENDING = "pending", _("Being generated")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Failed")

    PERIOD_KINDS = {Kind.DAILY: PeriodKind.DAY, Kind.WEEKLY: PeriodKind.WEEK, Kind.MONTHLY: PeriodKind.MONTH}

    kind = models.CharField(max_length=8, choices=Kind.choices)
    area = models.ForeignKey("areas.Area", on_delete=models.PROTECT, related_name="reports")
    period_start = models.DateField()
    period_end = models.DateField()
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.PENDING)
    file = models.FileField(upload_to=report_file_name, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    generated_at = models.DateTimeField(null=True, blank=True)
    error = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-period_start", "kind", "area__path"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "area", "period_start"], name="one_report_per_kind_area_period"),
            models.CheckConstraint(condition=Q(period_end__gte=F("period_start")), name="report_period_ordered"),
            models.CheckConstraint(condition=~Q(status="ready") | ~Q(file=""), name="ready_report_has_a_file"),
        ]
        indexes = [models.Index(fields=["area", "kind", "period_start"], name="report_area_kind_period")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.area_id} {self.period_start}"


class EvidenceArchive(TimeStampedModel):
    """A campaign's evidence archive (台账) for inspectors: a ZIP of an XLSX ledger and the activity photos.

    Built by a background job that reports its progress here.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Queued")
        RUNNING = "running", _("Being built")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Failed")

    campaign = models.ForeignKey("campaigns.Campaign", on_delete=models.CASCADE, related_name="evidence_archives")
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.PENDING)
    progress = models.PositiveSmallIntegerField(default=0)
    file = models.FileField(upload_to=archive_file_name, blank=True)
    photo_count = models.PositiveIntegerField(default=0)
    missing_photos = models.PositiveIntegerField(default=0)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    error = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(progress__lte=100), name="archive_progress_is_a_percentage"),
            models.CheckConstraint(condition=~Q(status="ready") | ~Q(file=""), name="ready_archive_has_a_file"),
        ]

    def __str__(self) -> str:
        return f"{self.campaign_id} ({self.status})"
