"""Reads of surveys, results, targets, the dashboard, reports and archives, scoped to the asking user."""

from django.db.models import Count, Q, Sum
from django.shortcuts import get_object_or_404

from accounts.scopes import scope_of
from areas.models import Area
from campaigns.models import Campaign
from campaigns.selectors import campaigns_managed_by
from core.exceptions import NotFound
from targets import links, metrics
from targets.exceptions import BadSurveyLink, CommunityFixedByLink
from targets.models import AnswerTally, EvidenceArchive, Question, Report, Survey, SurveyResponse, Target
from targets.overview import COMMUNITY_LEVELS
from targets.rollups import path_prefixes


def _subtree_condition(scope, prefix: str) -> Q:
    """Rows whose area lies in one of the coordinator's subtrees (everything for district admins).

    Never an empty Q: `Q(a) | Q()` is just `Q(a)` in Django.
    """
    if scope.district_admin:
        return Q(pk__isnull=False)
    condition = Q(pk__in=[])
    for area in scope.coordinator_areas:
        condition |= Q(**{f"{prefix}path__startswith": area.path})
    return condition


def _above_condition(scope, prefix: str) -> Q:
    """Rows whose area lies above one of the coordinator's areas (a district survey covers their street)."""
    condition = Q(pk__in=[])
    for area in scope.coordinator_areas:
        condition |= Q(**{f"{prefix}path__in": path_prefixes(area.path)})
    return condition


# Surveys -----------------------------------------------------------------------------------------


def surveys_visible_to(user):
    """Open surveys for everyone; staff also see drafts and closed ones above, at or below their areas, and
    every template."""
    scope = scope_of(user)
    visible = Q(status=Survey.Status.OPEN, is_template=False)
    if scope.staff:
        visible |= Q(is_template=True) | _subtree_condition(scope, "area__") | _above_condition(scope, "area__")
    return Survey.objects.filter(visible).select_related("area").annotate(question_count=Count("questions"))


def surveys_managed_by(user):
    """Surveys the user may edit, open and close: those of areas in their scope."""
    scope = scope_of(user)
    if not scope.staff:
        return Survey.objects.none()
    return Survey.objects.filter(_subtree_condition(scope, "area__")).select_related("area")


def survey_detail(survey: Survey):
    """The survey with its questions in order."""
    return Survey.objects.select_related("area").prefetch_related("questions").get(pk=survey.pk)


def survey_communities(survey: Survey) -> list[dict]:
    """The communities and villages a resident may choose from, with their street."""
    return list(
        Area.objects.filter(path__startswith=survey.area.path, level__in=COMMUNITY_LEVELS)
        .order_by("path")
        .values("id", "name", "parent__name")
    )


def community_for_response(survey: Survey, *, community: Area | None, link: str) -> Area:
    """The community a response counts toward: fixed by a signed link, or chosen by the resident."""
    if link:
        decoded = links.read_community_token(link)
        if decoded is None or decoded[0] != survey.pk:
            raise BadSurveyLink(field="link")
        if community is not None and community.pk != decoded[1]:
            raise CommunityFixedByLink(field="community")
        fixed = Area.objects.filter(pk=decoded[1]).first()
        if fixed is None:
            raise BadSurveyLink(field="link")
        return fixed
    return community


def can_read_results(user, survey: Survey) -> bool:
    """District admins; coordinators whose area lies above, at or below the survey's area."""
    scope = scope_of(user)
    if scope.district_admin:
        return True
    return any(
        survey.area.path.startswith(area.path) or area.path.startswith(survey.area.path)
        for area in scope.coordinator_areas
    )


def results_area(user, survey: Survey, area_id: int | None) -> Area:
    """The area to show results for: the one asked for (in scope, else 404), by default the survey's own area
    or the part of it the coordinator looks after."""
    scope = scope_of(user)
    if area_id is not None:
        area = Area.objects.filter(pk=area_id).first()
        if area is None or not scope.covers_area(area):
            raise NotFound()
        return area
    if scope.covers_area(survey.area):
        return survey.area
    return next(area for area in scope.coordinator_areas if area.path.startswith(survey.area.path))


def survey_results(survey: Survey, area: Area) -> dict:
    """Each question's answers in the area's communities; groups with fewer than 5 answers suppressed."""
    communities = Area.objects.filter(
        path__startswith=max(area.path, survey.area.path, key=len), level__in=COMMUNITY_LEVELS
    ).values("pk")
    responses = SurveyResponse.objects.filter(survey=survey, community__in=communities).count()
    rows = (
        AnswerTally.objects.filter(question__survey=survey, community__in=communities)
        .values("question_id", "value")
        .annotate(total=Sum("count"))
        .order_by()
    )
    counts: dict[int, dict[str, int]] = {}
    for row in rows:
        counts.setdefault(row["question_id"], {})[row["value"]] = row["total"]
    questions = []
    for question in survey.questions.order_by("order"):
        values = counts.get(question.pk, {})
        n = sum(values.values())
        suppressed = n < metrics.MIN_SAMPLE or responses < metrics.MIN_SAMPLE
        entry = {
            "id": question.pk,
            "order": question.order,
            "text": question.text,
            "kind": question.kind,
            "measures": question.measures,
            "n": n,
            "suppressed": suppressed,
            "distribution": None,
            "mean": None,
            "positive_rate": None,
        }
        if not suppressed and question.kind != Question.Kind.SHORT_TEXT:
            entry["distribution"] = _distribution(question, values)
            if question.kind == Question.Kind.SCALE:
                entry["mean"] = round(sum(int(v) * c for v, c in values.items()) / n, 4)
            if question.measures != Question.Measure.NONE:
                positive = sum(c for v, c in values.items() if question.is_positive(v))
                entry["positive_rate"] = metrics.proportion(positive, n).as_dict()
        questions.append(entry)
    return {
        "survey": survey.pk,
        "area": {"id": area.pk, "name": area.name},
        "responses": responses,
        "suppressed": responses < metrics.MIN_SAMPLE,
        "questions": questions,
    }


def _distribution(question: Question, values: dict[str, int]) -> list[dict]:
    if question.kind == Question.Kind.SCALE:
        options = [(str(score), str(score)) for score in range(1, 6)]
    elif question.kind == Question.Kind.YES_NO:
        options = [(Question.YES, Question.YES), (Question.NO, Question.NO)]
    else:
        options = [(choice["key"], choice["label"]) for choice in question.choices]
    return [{"value": key, "label": label, "count": values.get(key, 0)} for key, label in options]


# Targets -----------------------------------------------------------------------------------------


def targets_visible_to(user):
    """Staff: targets of areas in, above or below their scope, and of the campaigns they manage."""
    scope = scope_of(user)
    if not scope.staff:
        return Target.objects.none()
    condition = (
        _subtree_condition(scope, "area__")
        | _above_condition(scope, "area__")
        | Q(campaign__in=campaigns_managed_by(user).values("pk"))
    )
    return Target.objects.filter(condition).select_related("area", "campaign")


def targets_managed_by(user):
    """Targets the user may change: of areas in their scope, and of campaigns they manage."""
    scope = scope_of(user)
    if not scope.staff:
        return Target.objects.none()
    condition = Q(area__isnull=False) & _subtree_condition(scope, "area__")
    condition |= Q(campaign__in=campaigns_managed_by(user).values("pk"))
    return Target.objects.filter(condition)


# Dashboard ---------------------------------------------------------------------------------------


def dashboard_area(user, area_id: int | None) -> Area:
    """The area asked for if the user's scope covers it (404 otherwise); by default the user's own."""
    scope = scope_of(user)
    if area_id is None:
        if scope.district_admin:
            return get_object_or_404(Area.objects.filter(parent__isnull=True).order_by("path")[:1])
        return scope.coordinator_areas[0]
    area = Area.objects.filter(pk=area_id).first()
    if area is None or not scope.covers_area(area):
        raise NotFound()
    return area


def dashboard_campaign(user, campaign_id: int) -> Campaign:
    return get_object_or_404(campaigns_managed_by(user).select_related("center__area"), pk=campaign_id)


# Reports and archives ----------------------------------------------------------------------------


def reports_visible_to(user):
    """Reports of the district (district admins) and of the streets in a coordinator's scope."""
    scope = scope_of(user)
    if not scope.staff:
        return Report.objects.none()
    return Report.objects.filter(_subtree_condition(scope, "area__")).select_related("area")


def archives_visible_to(user):
    """Evidence archives of the campaigns the user manages."""
    return EvidenceArchive.objects.filter(campaign__in=campaigns_managed_by(user).values("pk")).select_related(
        "campaign"
    )
