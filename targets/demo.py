"""Demo data of the targets app: the standard survey template, a district survey with a few thousand answers over
the last 60 days, targets for the district, its streets and a campaign, current figures and a first report.

Run after `core.demodata.load_demo` (it needs the area tree, volunteers and campaigns). Answers are written with
bulk inserts and counted into the roll-ups in one rebuild.
"""

import random
import secrets
from datetime import datetime, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from areas.models import Area
from campaigns.models import Campaign
from targets import rollups, services
from targets.models import Answer, Question, Report, Survey, SurveyResponse, Target
from targets.periods import Period, PeriodKind

TEMPLATE_TITLE = "文明城区创建知晓率、参与率、满意度调查（标准模板）"
SURVEY_TITLE = "海淀区文明城区创建群众满意度调查"
LEVELS_OF_KNOWING = [
    {"key": "very", "label": "非常了解"},
    {"key": "some", "label": "比较了解"},
    {"key": "little", "label": "不太了解"},
    {"key": "none", "label": "完全不了解"},
]
STANDARD_QUESTIONS = [
    {
        "kind": Question.Kind.YES_NO,
        "text": "您是否知道本区正在创建全国文明城区？",
        "measures": Question.Measure.AWARENESS,
    },
    {
        "kind": Question.Kind.SINGLE_CHOICE,
        "text": "您对文明城区创建的主要内容（如垃圾分类、文明停车、背街小巷整治）了解多少？",
        "choices": LEVELS_OF_KNOWING,
        "measures": Question.Measure.AWARENESS,
        "positive_choices": ["very", "some"],
    },
    {
        "kind": Question.Kind.YES_NO,
        "text": "过去一年，您是否参加过社区组织的文明创建志愿服务或活动？",
        "measures": Question.Measure.PARTICIPATION,
    },
    {
        "kind": Question.Kind.SCALE,
        "text": "您对所在社区居委会工作的满意程度（1 很不满意 — 5 很满意）",
        "measures": Question.Measure.SATISFACTION,
        "satisfaction_subject": Question.Subject.COMMUNITY_COMMITTEE,
    },
    {
        "kind": Question.Kind.SCALE,
        "text": "您对所在小区物业服务的满意程度（1 很不满意 — 5 很满意）",
        "measures": Question.Measure.SATISFACTION,
        "satisfaction_subject": Question.Subject.PROPERTY_SERVICES,
    },
    {
        "kind": Question.Kind.SCALE,
        "text": "您对本区文明城区创建工作的总体满意程度（1 很不满意 — 5 很满意）",
        "measures": Question.Measure.SATISFACTION,
        "satisfaction_subject": Question.Subject.CREATION_WORK,
    },
    {
        "kind": Question.Kind.SHORT_TEXT,
        "text": "您对文明城区创建工作还有什么意见和建议？",
        "required": False,
    },
]
SUGGESTIONS = ["希望增加停车位", "垃圾分类指导很好", "背街小巷还需要再整治", "物业响应慢", "志愿活动很有意义", ""]


def campaign_question(campaign: Campaign) -> dict:
    return {
        "kind": Question.Kind.SINGLE_CHOICE,
        "text": f"您对“{campaign.title}”的效果是否满意？",
        "choices": [
            {"key": "satisfied", "label": "满意"},
            {"key": "fair", "label": "基本满意"},
            {"key": "unsatisfied", "label": "不满意"},
        ],
        "measures": Question.Measure.SATISFACTION,
        "satisfaction_subject": Question.Subject.CAMPAIGN,
        "campaign": campaign,
        "positive_choices": ["satisfied", "fair"],
    }


def _answer(rng: random.Random, question: Question, mood: float) -> dict | None:
    """A plausible answer from a resident whose `mood` (0–1) leans toward positive answers."""
    if question.kind == Question.Kind.YES_NO:
        chance = mood - 0.25 if question.measures == Question.Measure.PARTICIPATION else mood
        return {"choice": Question.YES if rng.random() < chance else Question.NO}
    if question.kind == Question.Kind.SCALE:
        score = 5 if rng.random() < mood * 0.6 else 4 if rng.random() < mood else rng.choice((1, 2, 3, 3))
        return {"scale": score}
    if question.kind == Question.Kind.SINGLE_CHOICE:
        keys = question.choice_keys
        good = [k for k in keys if k in question.positive_choices]
        bad = [k for k in keys if k not in question.positive_choices]
        return {"choice": rng.choice(good if rng.random() < mood else bad)}
    text = rng.choice(SUGGESTIONS)
    return {"text": text} if text else None


def _write_responses(survey: Survey, *, count: int, days: int, rng: random.Random, now: datetime) -> int:
    communities = list(Area.objects.filter(path__startswith=survey.area.path, level__in=["community", "village"]))
    streets = sorted({c.parent_id for c in communities})
    street_mood = {street: rng.uniform(0.72, 0.97) for street in streets}
    weights = [c.population or 1 for c in communities]
    questions = list(survey.questions.order_by("order"))
    start = now - timedelta(days=days)
    responses, moods = [], []
    for _ in range(count):
        community = rng.choices(communities, weights)[0]
        moment = start + timedelta(seconds=rng.randint(0, days * 24 * 3600))
        responses.append(
            SurveyResponse(
                survey=survey,
                community=community,
                submitted_at=moment.replace(minute=0, second=0, microsecond=0),
                device_hash=services.device_hash(survey, secrets.token_urlsafe(32)),
            )
        )
        moods.append(min(0.99, max(0.3, rng.gauss(street_mood[community.parent_id], 0.05))))
    responses = SurveyResponse.objects.bulk_create(responses, batch_size=2000)
    answers = []
    for response, mood in zip(responses, moods, strict=True):
        for question in questions:
            stored = _answer(rng, question, mood)
            if stored is not None:
                answers.append(Answer(response=response, question=question, **stored))
    Answer.objects.bulk_create(answers, batch_size=5000)
    return len(responses)


def _targets(district: Area, campaign: Campaign | None, today) -> int:
    year = Period.containing(PeriodKind.YEAR, today)
    quarter = Period.containing(PeriodKind.QUARTER, today)
    month = Period.containing(PeriodKind.MONTH, today)
    plans = [
        (district, Target.Metric.SATISFACTION_RATE, year, "0.90", "市级测评要求满意度不低于90%"),
        (district, Target.Metric.AWARENESS_RATE, year, "0.90", ""),
        (district, Target.Metric.PARTICIPATION_RATE, year, "0.60", ""),
        (district, Target.Metric.REGISTRATION_RATE, year, "0.13", "注册志愿者占常住人口13%"),
        (district, Target.Metric.PLEDGE_DELIVERY_RATE, year, "0.80", ""),
    ]
    for street in Area.objects.filter(parent=district).order_by("path"):
        plans += [
            (street, Target.Metric.SATISFACTION_RATE, year, "0.90", "街道创建责任书"),
            (street, Target.Metric.VOLUNTEER_HOURS, quarter, "40", ""),
            (street, Target.Metric.EVENTS_HELD, month, "2", ""),
        ]
    created = 0
    for area, metric, period, threshold, note in plans:
        services.create_target(
            created_by=None, metric=metric, area=area, period=period, threshold=Decimal(threshold), note=note
        )
        created += 1
    if campaign is not None:
        for metric, threshold in ((Target.Metric.SATISFACTION_RATE, "0.85"), (Target.Metric.VOLUNTEER_HOURS, "60")):
            services.create_target(
                created_by=None, metric=metric, campaign=campaign, period=quarter, threshold=Decimal(threshold)
            )
            created += 1
    return created


def load_targets_demo(*, responses: int = 3000, days: int = 60, seed: int = 2021) -> dict:
    """The survey template, an open district survey with `responses` answers over `days`, targets, figures and
    yesterday's daily report of the district. Does nothing when the template is already there."""
    if Survey.objects.filter(is_template=True, title=TEMPLATE_TITLE).exists():
        return {"loaded": False}
    rng = random.Random(seed)
    now = timezone.now()
    today = timezone.localdate()
    district = Area.objects.filter(parent__isnull=True).order_by("path").first()
    campaign = (
        Campaign.objects.filter(status=Campaign.Status.PUBLISHED, center__area__name="中关村街道")
        .order_by("id")
        .first()
    )
    with transaction.atomic():
        template = services.create_survey(
            created_by=None,
            area=district,
            title=TEMPLATE_TITLE,
            description="区文明办统一制定的标准问卷，可复制后按需调整。",
            opens_at=now - timedelta(days=days),
            closes_at=now + timedelta(days=365),
            questions=STANDARD_QUESTIONS,
            is_template=True,
        )
        questions = services.template_questions(template)
        if campaign is not None:
            questions.append(campaign_question(campaign))
        survey = services.create_survey(
            created_by=None,
            area=district,
            title=SURVEY_TITLE,
            description="为了解居民对文明城区创建工作的知晓、参与和满意情况，请您花两分钟匿名填写。",
            opens_at=now - timedelta(days=days),
            closes_at=now + timedelta(days=30),
            questions=questions,
        )
        services.open_survey(survey=survey, now=now)
        written = _write_responses(survey, count=responses, days=days, rng=rng, now=now)
        rollups.rebuild_tallies()
        targets = _targets(district, campaign, today)
    periods = services.refresh_figures(today=today)
    report = services.request_report(kind=Report.Kind.DAILY, area=district, day=today - timedelta(days=1))
    return {
        "loaded": True,
        "survey": survey.pk,
        "responses": written,
        "targets": targets,
        "periods": periods,
        "report": report.pk,
    }
