"""Surveys, anonymous responses, targets, reports and evidence archives: every write of the targets app."""

import logging
import tempfile
import unicodedata
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.core.files.base import ContentFile, File
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from areas.models import Area
from campaigns.models import Campaign
from core import crypto
from targets import rollups, tasks
from targets.exceptions import (
    AlreadyAnswered,
    AnswerOutOfRange,
    AnswerTooLong,
    CommunityOutsideSurvey,
    ControlCharacters,
    DuplicateAnswer,
    InvalidQuestion,
    InvalidSchedule,
    InvalidTarget,
    InvalidTransition,
    MissingAnswer,
    NoQuestions,
    NotATemplate,
    NotEditable,
    ReportAreaLevel,
    SurveyNotAccepting,
    TargetExists,
    UnknownChoice,
    UnknownQuestion,
    WrongAnswerType,
)
from targets.models import Answer, EvidenceArchive, Question, Report, Survey, SurveyResponse, Target
from targets.overview import CAMPAIGN_METRICS, COMMUNITY_LEVELS, STREET_LEVELS, area_overview, target_period
from targets.periods import Period, PeriodKind

logger = logging.getLogger(__name__)
DEVICE_HASH_PURPOSE = "survey-device"
MAX_TEXT_ANSWER = 500
_ALLOWED_CONTROLS = frozenset("\n\t")


def _later(task, *args) -> None:
    """Queue a job once the transaction has committed (never for a rolled-back change)."""
    transaction.on_commit(lambda: task.delay(*args))


# Surveys -----------------------------------------------------------------------------------------


def _check_question(index: int, spec: dict) -> dict:
    """A question's definition made consistent, or a refusal naming the field at fault."""

    def refuse(name: str, message: str):
        raise InvalidQuestion(message, field=f"questions.{index}.{name}")

    kind, measures = spec["kind"], spec.get("measures", Question.Measure.NONE)
    choices, positive = list(spec.get("choices") or []), list(spec.get("positive_choices") or [])
    subject, campaign = spec.get("satisfaction_subject", ""), spec.get("campaign")
    if kind == Question.Kind.SINGLE_CHOICE:
        keys = [choice["key"] for choice in choices]
        if len(keys) < 2 or len(set(keys)) != len(keys):
            refuse("choices", _("A single-choice question needs at least two choices with distinct keys."))
    elif choices:
        refuse("choices", _("Only single-choice questions list their choices."))
    if kind == Question.Kind.YES_NO and measures != Question.Measure.NONE and not positive:
        positive = [Question.YES]
    allowed = {
        Question.Kind.SINGLE_CHOICE: [c["key"] for c in choices],
        Question.Kind.YES_NO: [Question.YES, Question.NO],
    }
    if positive and not set(positive) <= set(allowed.get(kind, ())):
        refuse("positive_choices", _("Positive answers must be among the question's choices (1–5 scales: 4 and 5)."))
    if kind == Question.Kind.SINGLE_CHOICE and measures != Question.Measure.NONE and not positive:
        refuse("positive_choices", _("Name the choices that count as aware, taking part or satisfied."))
    if kind == Question.Kind.SHORT_TEXT and measures != Question.Measure.NONE:
        refuse("measures", _("A text answer cannot be counted toward a rate."))
    if (measures == Question.Measure.SATISFACTION) != bool(subject):
        refuse("satisfaction_subject", _("A satisfaction question names its subject, and only it does."))
    if (subject == Question.Subject.CAMPAIGN) != (campaign is not None):
        refuse("campaign", _("Satisfaction with a campaign names the campaign, and only it does."))
    return {
        "kind": kind,
        "text": spec["text"],
        "required": spec.get("required", True),
        "choices": choices,
        "measures": measures,
        "satisfaction_subject": subject,
        "campaign": campaign,
        "positive_choices": positive if kind != Question.Kind.SCALE else [],
    }


def _replace_questions(survey: Survey, specs: list[dict]) -> None:
    checked = [_check_question(index, spec) for index, spec in enumerate(specs)]
    survey.questions.all().delete()
    Question.objects.bulk_create(
        Question(survey=survey, order=order, **spec) for order, spec in enumerate(checked, start=1)
    )


def template_questions(template: Survey) -> list[dict]:
    return [
        {
            "kind": q.kind,
            "text": q.text,
            "required": q.required,
            "choices": q.choices,
            "measures": q.measures,
            "satisfaction_subject": q.satisfaction_subject,
            "campaign": q.campaign,
            "positive_choices": q.positive_choices,
        }
        for q in template.questions.select_related("campaign").order_by("order")
    ]


@transaction.atomic
def create_survey(
    *,
    created_by: User | None,
    area: Area,
    title: str,
    opens_at: datetime,
    closes_at: datetime,
    description: str = "",
    questions: list[dict] | None = None,
    template: Survey | None = None,
    is_template: bool = False,
) -> Survey:
    """A draft survey for an area, with its own questions or a copy of a template's."""
    if closes_at <= opens_at:
        raise InvalidSchedule(field="closes_at")
    if template is not None and not template.is_template:
        raise NotATemplate(field="template")
    survey = Survey.objects.create(
        created_by=created_by,
        area=area,
        title=title,
        description=description,
        opens_at=opens_at,
        closes_at=closes_at,
        is_template=is_template,
    )
    _replace_questions(survey, questions if questions else template_questions(template) if template else [])
    return survey


@transaction.atomic
def update_survey(*, survey: Survey, questions: list[dict] | None = None, **fields) -> Survey:
    """Change a draft survey: its details, and (all at once) its questions."""
    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    if survey.status != Survey.Status.DRAFT:
        raise NotEditable()
    for name, value in fields.items():
        setattr(survey, name, value)
    if survey.closes_at <= survey.opens_at:
        raise InvalidSchedule(field="closes_at")
    survey.save()
    if questions is not None:
        _replace_questions(survey, questions)
    return survey


@transaction.atomic
def open_survey(*, survey: Survey, now: datetime | None = None) -> Survey:
    """draft → open: residents may answer between its opening and closing times."""
    now = now or timezone.now()
    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    if survey.status != Survey.Status.DRAFT or survey.is_template:
        raise InvalidTransition()
    if not survey.questions.exists():
        raise NoQuestions()
    if survey.closes_at <= now:
        raise InvalidSchedule(field="closes_at")
    survey.status = Survey.Status.OPEN
    survey.save(update_fields=["status", "updated_at"])
    return survey


@transaction.atomic
def close_survey(*, survey: Survey) -> Survey:
    """open → closed: no more answers."""
    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    if survey.status != Survey.Status.OPEN:
        raise InvalidTransition()
    survey.status = Survey.Status.CLOSED
    survey.save(update_fields=["status", "updated_at"])
    return survey


# Anonymous responses -------------------------------------------------------------------------------


def device_hash(survey: Survey, token: str) -> str:
    """The stored form of a device's cookie token for one survey: keyed, and different for every survey."""
    return crypto.blind_index(f"{survey.pk}:{token}", purpose=DEVICE_HASH_PURPOSE)


def _clean_value(question: Question, value, field: str) -> dict | None:
    """The answer's stored fields, None for "no answer", or a refusal naming the field."""
    if value is None:
        return None
    if question.kind == Question.Kind.YES_NO:
        if isinstance(value, bool):
            return {"choice": Question.YES if value else Question.NO}
        if value in (Question.YES, Question.NO):
            return {"choice": value}
        raise WrongAnswerType(field=field)
    if question.kind == Question.Kind.SINGLE_CHOICE:
        if not isinstance(value, str):
            raise WrongAnswerType(field=field)
        if value not in question.choice_keys:
            raise UnknownChoice(field=field)
        return {"choice": value}
    if question.kind == Question.Kind.SCALE:
        if isinstance(value, bool) or not isinstance(value, int):
            raise WrongAnswerType(field=field)
        if not 1 <= value <= 5:
            raise AnswerOutOfRange(field=field)
        return {"scale": value}
    if not isinstance(value, str):
        raise WrongAnswerType(field=field)
    text = unicodedata.normalize("NFC", value).strip()
    if len(text) > MAX_TEXT_ANSWER:
        raise AnswerTooLong(field=field)
    if any(unicodedata.category(char) == "Cc" and char not in _ALLOWED_CONTROLS for char in text):
        raise ControlCharacters(field=field)
    return {"text": text} if text else None


def clean_answers(questions: list[Question], answers: list[dict]) -> list[tuple[Question, dict]]:
    """Match answers to the survey's questions and check each value against its question's kind."""
    by_id = {q.pk: q for q in questions}
    cleaned: dict[int, tuple[Question, dict]] = {}
    seen: set[int] = set()
    for index, answer in enumerate(answers):
        question = by_id.get(answer["question"])
        if question is None:
            raise UnknownQuestion(field=f"answers.{index}.question")
        if question.pk in seen:
            raise DuplicateAnswer(field=f"answers.{index}.question")
        seen.add(question.pk)
        stored = _clean_value(question, answer.get("value"), f"answers.{index}.value")
        if stored is not None:
            cleaned[question.pk] = (question, stored)
    for question in questions:
        if question.required and question.pk not in cleaned:
            raise MissingAnswer(MissingAnswer.numbered % {"number": question.order}, field="answers")
    return sorted(cleaned.values(), key=lambda item: item[0].order)


@transaction.atomic
def submit_response(
    *, survey: Survey, community: Area, device_token: str, answers: list[dict], now: datetime | None = None
) -> SurveyResponse:
    """Store a resident's anonymous answers and count them into the roll-ups, once per device and survey."""
    now = now or timezone.now()
    if not survey.accepting(now):
        raise SurveyNotAccepting()
    if community.level not in COMMUNITY_LEVELS or not community.path.startswith(survey.area.path):
        raise CommunityOutsideSurvey(field="community")
    questions = list(survey.questions.select_related("campaign"))
    cleaned = clean_answers(questions, answers)
    hashed = device_hash(survey, device_token)
    if SurveyResponse.objects.filter(survey=survey, device_hash=hashed).exists():
        raise AlreadyAnswered()
    try:
        with transaction.atomic():
            response = SurveyResponse.objects.create(
                survey=survey,
                community=community,
                device_hash=hashed,
                submitted_at=now.replace(minute=0, second=0, microsecond=0),
            )
    except IntegrityError:  # the same device, at the same moment, in another request
        raise AlreadyAnswered() from None
    Answer.objects.bulk_create(Answer(response=response, question=q, **stored) for q, stored in cleaned)
    rollups.add_response(response=response, answers=[(q, _tally_value(stored)) for q, stored in cleaned])
    return response


def _tally_value(stored: dict) -> str:
    if "scale" in stored:
        return str(stored["scale"])
    return stored.get("choice", "")


# Targets -----------------------------------------------------------------------------------------


@transaction.atomic
def create_target(
    *,
    created_by: User | None,
    metric: str,
    period: Period,
    threshold: Decimal,
    area: Area | None = None,
    campaign: Campaign | None = None,
    subject: str = "",
    note: str = "",
) -> Target:
    """Set a target for an area or a campaign over a week, month, quarter or year."""
    if (area is None) == (campaign is None):
        raise InvalidTarget(field="area")
    if campaign is not None and metric not in CAMPAIGN_METRICS:
        raise InvalidTarget(field="metric")
    if subject and metric != Target.Metric.SATISFACTION_RATE:
        raise InvalidTarget(field="subject")
    if period.kind == PeriodKind.DAY:
        raise InvalidTarget(field="period")
    if threshold < 0 or (metric in Target.RATES and threshold > 1):
        raise InvalidTarget(field="threshold")
    fields = {"metric": metric, "subject": subject, "period_kind": period.kind, "period_start": period.start}
    if Target.objects.filter(area=area, campaign=campaign, **fields).exists():
        raise TargetExists()
    try:
        with transaction.atomic():
            return Target.objects.create(
                created_by=created_by, area=area, campaign=campaign, threshold=threshold, note=note, **fields
            )
    except IntegrityError:
        raise TargetExists() from None


@transaction.atomic
def update_target(*, target: Target, **fields) -> Target:
    """Change a target's threshold or note."""
    threshold = fields.get("threshold", target.threshold)
    if threshold < 0 or (target.metric in Target.RATES and threshold > 1):
        raise InvalidTarget(field="threshold")
    for name, value in fields.items():
        setattr(target, name, value)
    target.save()
    return target


@transaction.atomic
def delete_target(*, target: Target) -> None:
    target.delete()


# Roll-up maintenance ------------------------------------------------------------------------------


def refresh_figures(*, today: date | None = None) -> int:
    """Recompute the participation figures of the current and previous periods and of recent targets' periods."""
    today = today or timezone.localdate()
    periods = set(rollups.periods_to_refresh(today))
    recent = Target.objects.filter(period_start__gte=today - timedelta(days=400), period_start__lte=today)
    periods |= {target_period(t) for t in recent.only("period_kind", "period_start")}
    memo: dict = {}
    for period in sorted(periods, key=lambda p: (p.start, p.kind)):
        rollups.store_figures(period, today=today, memo=memo)
    return len(periods)


# Reports -----------------------------------------------------------------------------------------


def report_period(kind: str, day: date) -> Period:
    return Period.containing(Report.PERIOD_KINDS[kind], day)


def last_complete_period(kind: str, today: date) -> Period:
    return report_period(kind, today).previous()


@transaction.atomic
def request_report(*, kind: str, area: Area, day: date, requested_by: User | None = None) -> Report:
    """Queue the report of the period containing `day` (replacing an earlier version of it)."""
    if area.level not in (Area.Level.DISTRICT, *STREET_LEVELS):
        raise ReportAreaLevel(field="area")
    period = report_period(kind, day)
    report, _created = Report.objects.select_for_update().get_or_create(
        kind=kind, area=area, period_start=period.start, defaults={"period_end": period.end}
    )
    report.status, report.requested_by, report.error = Report.Status.PENDING, requested_by, ""
    report.save(update_fields=["status", "requested_by", "error", "updated_at"])
    _later(tasks.generate_report, report.pk)
    return report


def generate_report(*, report_id: int, today: date | None = None) -> Report:
    """Build the report's workbook from the roll-ups and store it; a failure is recorded, not raised."""
    from targets.reports import build_workbook

    report = Report.objects.select_related("area").get(pk=report_id)
    old_name = report.file.name
    try:
        overview = area_overview(report.area, report_period(report.kind, report.period_start), today=today)
        content = build_workbook(report, overview)
        with transaction.atomic():
            report = Report.objects.select_for_update().get(pk=report_id)
            report.file.save(f"{report.pk}.xlsx", ContentFile(content), save=False)
            report.status, report.generated_at, report.error = Report.Status.READY, timezone.now(), ""
            report.save(update_fields=["file", "status", "generated_at", "error", "updated_at"])
    except Exception:
        logger.exception("report %s could not be generated", report_id)
        Report.objects.filter(pk=report_id).update(
            status=Report.Status.FAILED, error="generation failed", updated_at=timezone.now()
        )
        return Report.objects.get(pk=report_id)
    if old_name and old_name != report.file.name:
        default_storage.delete(old_name)
    return report


def generate_scheduled_reports(*, kind: str, today: date | None = None) -> int:
    """Beat: the last complete period's report for the district and for every street and town."""
    today = today or timezone.localdate()
    period = last_complete_period(kind, today)
    areas = Area.objects.filter(level__in=[Area.Level.DISTRICT, *STREET_LEVELS]).order_by("path")
    for area in areas:
        request_report(kind=kind, area=area, day=period.start)
    return len(areas)


# Evidence archives -------------------------------------------------------------------------------


@transaction.atomic
def start_archive(*, campaign: Campaign, requested_by: User | None) -> EvidenceArchive:
    """Queue the building of a campaign's evidence archive."""
    archive = EvidenceArchive.objects.create(campaign=campaign, requested_by=requested_by)
    _later(tasks.build_evidence_archive, archive.pk)
    return archive


def build_archive(*, archive_id: int) -> EvidenceArchive:
    """Build the ZIP, reporting progress on the archive's row as it goes; a failure is recorded, not raised."""
    from targets.archives import write_archive

    archive = EvidenceArchive.objects.select_related("campaign").get(pk=archive_id)
    EvidenceArchive.objects.filter(pk=archive_id).update(
        status=EvidenceArchive.Status.RUNNING, started_at=timezone.now(), progress=0
    )

    def progress(percent: int) -> None:
        EvidenceArchive.objects.filter(pk=archive_id).update(progress=min(percent, 99), updated_at=timezone.now())

    try:
        with tempfile.TemporaryFile() as bundle:
            result = write_archive(archive.campaign, into=bundle, progress=progress)
            bundle.seek(0)
            name = default_storage.save(archive.file.field.generate_filename(archive, "archive.zip"), File(bundle))
        EvidenceArchive.objects.filter(pk=archive_id).update(
            status=EvidenceArchive.Status.READY,
            file=name,
            progress=100,
            photo_count=result.photos,
            missing_photos=result.missing,
            finished_at=timezone.now(),
            updated_at=timezone.now(),
        )
    except Exception:
        logger.exception("evidence archive %s could not be built", archive_id)
        EvidenceArchive.objects.filter(pk=archive_id).update(
            status=EvidenceArchive.Status.FAILED, error="build failed", finished_at=timezone.now()
        )
    return EvidenceArchive.objects.get(pk=archive_id)
