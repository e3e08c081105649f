"""Surveys, responses and targets for tests, written through the services so roll-ups stay true."""

import secrets
from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from targets import services
from targets.demo import STANDARD_QUESTIONS
from targets.models import Question, Survey, Target
from targets.periods import Period, PeriodKind

YES_NO_AWARENESS = {"kind": "yes_no", "text": "您是否知道本区正在创建全国文明城区？", "measures": "awareness"}
SCALE_COMMITTEE = {
    "kind": "scale_1_5",
    "text": "您对社区居委会工作的满意程度",
    "measures": "satisfaction",
    "satisfaction_subject": "community_committee",
}
PARTICIPATED = {"kind": "yes_no", "text": "过去一年您参加过文明创建活动吗？", "measures": "participation"}
CHOICE_PROPERTY = {
    "kind": "single_choice",
    "text": "您对物业服务是否满意？",
    "choices": [{"key": "good", "label": "满意"}, {"key": "fair", "label": "一般"}, {"key": "bad", "label": "不满意"}],
    "measures": "satisfaction",
    "satisfaction_subject": "property_services",
    "positive_choices": ["good"],
}
SUGGESTION = {"kind": "short_text", "text": "您的意见和建议", "required": False}
SMALL_SURVEY = [YES_NO_AWARENESS, SCALE_COMMITTEE, PARTICIPATED, CHOICE_PROPERTY, SUGGESTION]


def make_survey(area, *, status=Survey.Status.OPEN, questions=None, opened_days_ago=30, **fields) -> Survey:
    """A survey of the area (open by default, for a month past and a month to come)."""
    now = timezone.now()
    survey = services.create_survey(
        created_by=None,
        area=area,
        title=fields.pop("title", "文明城区创建满意度调查"),
        opens_at=fields.pop("opens_at", now - timedelta(days=opened_days_ago)),
        closes_at=fields.pop("closes_at", now + timedelta(days=30)),
        questions=SMALL_SURVEY if questions is None else questions,
        **fields,
    )
    if status != Survey.Status.DRAFT:
        Survey.objects.filter(pk=survey.pk).update(status=status)
        survey.refresh_from_db()
    return survey


def make_template(area) -> Survey:
    return services.create_survey(
        created_by=None,
        area=area,
        title="标准问卷模板",
        opens_at=timezone.now(),
        closes_at=timezone.now() + timedelta(days=365),
        questions=STANDARD_QUESTIONS,
        is_template=True,
    )


def question(survey: Survey, order: int) -> Question:
    return survey.questions.get(order=order)


def answer(survey: Survey, community, *, values: dict[int, object], when=None, token=None):
    """Submit a response through the service: `values` maps question order → the value as the API takes it."""
    answers = [{"question": question(survey, order).pk, "value": value} for order, value in values.items()]
    return services.submit_response(
        survey=survey,
        community=community,
        device_token=token or secrets.token_urlsafe(32),
        answers=answers,
        now=when,
    )


def answers_to_small_survey(aware: bool, score: int, took_part: bool = True, property_choice: str = "good") -> dict:
    return {1: aware, 2: score, 3: took_part, 4: property_choice}


def make_target(*, metric=Target.Metric.SATISFACTION_RATE, threshold="0.90", period=None, **scope) -> Target:
    return services.create_target(
        created_by=None,
        metric=metric,
        period=period or Period.containing(PeriodKind.YEAR, timezone.localdate()),
        threshold=Decimal(threshold),
        **scope,
    )
