"""Defining surveys, and the rules every anonymous response passes before it is stored and counted."""

from datetime import timedelta

import pytest
from django.utils import timezone

from areas.tests.factories import AreaFactory
from campaigns.tests.factories import CampaignFactory
from targets import services
from targets.exceptions import (
    AlreadyAnswered,
    AnswerOutOfRange,
    AnswerTooLong,
    CommunityOutsideSurvey,
    ControlCharacters,
    DuplicateAnswer,
    InvalidQuestion,
    InvalidSchedule,
    InvalidTransition,
    MissingAnswer,
    NoQuestions,
    NotATemplate,
    NotEditable,
    SurveyNotAccepting,
    UnknownChoice,
    UnknownQuestion,
    WrongAnswerType,
)
from targets.models import Answer, AnswerTally, MeasureTally, Question, Survey, SurveyResponse
from targets.tests.factories import (
    CHOICE_PROPERTY,
    SCALE_COMMITTEE,
    answer,
    answers_to_small_survey,
    make_survey,
    make_template,
    question,
)

pytestmark = pytest.mark.django_db


def stored_rows() -> tuple:
    return (
        list(SurveyResponse.objects.values()),
        list(Answer.objects.values()),
        list(MeasureTally.objects.values()),
        list(AnswerTally.objects.values()),
    )


# Defining surveys --------------------------------------------------------------------------------


def test_a_survey_is_created_from_a_template_with_copies_of_its_questions(world):
    # given
    template = make_template(world.district)
    # when
    survey = services.create_survey(
        created_by=world.users["coordinator"],
        area=world.street_a,
        title="中关村街道满意度调查",
        opens_at=timezone.now(),
        closes_at=timezone.now() + timedelta(days=14),
        template=template,
    )
    # then
    copied = list(survey.questions.order_by("order").values_list("order", "kind", "measures", "satisfaction_subject"))
    original = list(
        template.questions.order_by("order").values_list("order", "kind", "measures", "satisfaction_subject")
    )
    assert copied == original
    assert len(copied) == 7
    assert (survey.status, survey.is_template) == (Survey.Status.DRAFT, False)
    assert template.questions.count() == 7


def test_only_a_template_can_be_copied(world):
    ordinary = make_survey(world.street_a)

    with pytest.raises(NotATemplate):
        services.create_survey(
            created_by=None,
            area=world.street_a,
            title="复制",
            opens_at=timezone.now(),
            closes_at=timezone.now() + timedelta(days=1),
            template=ordinary,
        )

    assert Survey.objects.count() == 1


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"choices": [{"key": "a", "label": "A"}]}, "questions.0.choices"),
        ({"choices": [{"key": "a", "label": "A"}, {"key": "a", "label": "B"}]}, "questions.0.choices"),
        ({"positive_choices": ["excellent"]}, "questions.0.positive_choices"),
        ({"positive_choices": []}, "questions.0.positive_choices"),
        ({"satisfaction_subject": ""}, "questions.0.satisfaction_subject"),
        ({"satisfaction_subject": "campaign"}, "questions.0.campaign"),
    ],
)
def test_a_badly_set_up_question_is_refused_naming_its_field(world, change, field):
    with pytest.raises(InvalidQuestion) as refusal:
        make_survey(world.street_a, questions=[{**CHOICE_PROPERTY, **change}])

    assert refusal.value.field == field
    assert (Survey.objects.count(), Question.objects.count()) == (0, 0)


def test_text_answers_cannot_measure_anything(world):
    with pytest.raises(InvalidQuestion) as refusal:
        make_survey(world.street_a, questions=[{"kind": "short_text", "text": "建议", "measures": "awareness"}])

    assert refusal.value.field == "questions.0.measures"


def test_a_campaign_question_names_its_campaign(world):
    campaign = CampaignFactory(center=world.institute_a)
    spec = {**SCALE_COMMITTEE, "satisfaction_subject": "campaign", "campaign": campaign}

    survey = make_survey(world.street_a, questions=[spec])

    assert survey.questions.get().campaign == campaign


def test_yes_no_questions_count_yes_unless_told_otherwise(world):
    survey = make_survey(world.street_a)

    assert question(survey, 1).positive_choices == ["yes"]
    assert question(survey, 2).positive_choices == []  # scales: 4 and 5, always


def test_a_draft_is_edited_and_its_questions_replaced(world):
    survey = make_survey(world.street_a, status=Survey.Status.DRAFT)

    services.update_survey(survey=survey, title="新标题", questions=[SCALE_COMMITTEE])

    survey.refresh_from_db()
    assert survey.title == "新标题"
    assert list(survey.questions.values_list("order", "kind")) == [(1, "scale_1_5")]


def test_an_open_survey_can_no_longer_be_edited(world):
    survey = make_survey(world.street_a)

    with pytest.raises(NotEditable):
        services.update_survey(survey=survey, title="改")

    survey.refresh_from_db()
    assert survey.title == "文明城区创建满意度调查"


def test_a_survey_must_close_after_it_opens(world):
    survey = make_survey(world.street_a, status=Survey.Status.DRAFT)

    with pytest.raises(InvalidSchedule) as refusal:
        services.update_survey(survey=survey, closes_at=survey.opens_at)

    assert refusal.value.field == "closes_at"


def test_draft_opens_then_closes_and_neither_step_repeats(world):
    survey = make_survey(world.street_a, status=Survey.Status.DRAFT)

    services.open_survey(survey=survey)
    with pytest.raises(InvalidTransition):
        services.open_survey(survey=survey)
    services.close_survey(survey=survey)
    with pytest.raises(InvalidTransition):
        services.close_survey(survey=survey)

    survey.refresh_from_db()
    assert survey.status == Survey.Status.CLOSED


def test_a_survey_without_questions_or_a_template_cannot_open(world):
    empty = make_survey(world.street_a, status=Survey.Status.DRAFT, questions=[])
    template = make_template(world.district)

    with pytest.raises(NoQuestions):
        services.open_survey(survey=empty)
    with pytest.raises(InvalidTransition):
        services.open_survey(survey=template)

    assert set(Survey.objects.values_list("status", flat=True)) == {Survey.Status.DRAFT}


# Responses ---------------------------------------------------------------------------------------


def test_a_response_is_stored_and_counted_into_the_roll_ups(world):
    # given
    survey = make_survey(world.street_a)
    # when
    response = answer(survey, world.community_a1, values={**answers_to_small_survey(True, 5), 5: "多建停车位"})
    # then
    assert sorted((a.question.order, a.value) for a in response.answers.select_related("question")) == [
        (1, "yes"),
        (2, "5"),
        (3, "yes"),
        (4, "good"),
        (5, "多建停车位"),
    ]
    day = timezone.localdate()
    tallies = {
        (t.area_id, t.bucket, t.measure, t.subject): (t.n, t.positive)
        for t in MeasureTally.objects.filter(starts_on__in=[day, day.replace(day=1)])
    }
    for area in (world.community_a1, world.street_a, world.district):
        for bucket in ("day", "month"):
            assert tallies[(area.pk, bucket, "responses", "")] == (1, 1)
            assert tallies[(area.pk, bucket, "awareness", "")] == (1, 1)
            assert tallies[(area.pk, bucket, "satisfaction", "community_committee")] == (1, 1)
            assert tallies[(area.pk, bucket, "satisfaction", "property_services")] == (1, 1)
    assert len(tallies) == 3 * 2 * 5
    assert set(AnswerTally.objects.values_list("question__order", "value", "count")) == {
        (1, "yes", 1),
        (2, "5", 1),
        (3, "yes", 1),
        (4, "good", 1),
        (5, "", 1),
    }


def test_responses_add_up_and_the_tallies_equal_a_rebuild(world):
    from targets.rollups import rebuild_tallies

    survey = make_survey(world.street_a)
    for aware, score, community in [(True, 5, "a1"), (False, 3, "a1"), (True, 4, "a2"), (True, 2, "a2")]:
        place = world.community_a1 if community == "a1" else world.community_a2
        answer(survey, place, values=answers_to_small_survey(aware, score, took_part=False, property_choice="bad"))
    kept = sorted(
        MeasureTally.objects.values_list("area", "bucket", "starts_on", "measure", "subject", "n", "positive")
    )
    kept_answers = sorted(AnswerTally.objects.values_list("question", "community", "value", "count"))

    rebuild_tallies()

    assert (
        sorted(MeasureTally.objects.values_list("area", "bucket", "starts_on", "measure", "subject", "n", "positive"))
        == kept
    )
    assert sorted(AnswerTally.objects.values_list("question", "community", "value", "count")) == kept_answers
    street = MeasureTally.objects.get(
        area=world.street_a, bucket="month", measure="satisfaction", subject="community_committee"
    )
    assert (street.n, street.positive) == (4, 2)


def test_the_submission_time_is_kept_to_the_hour_only(world):
    survey = make_survey(world.street_a)
    moment = timezone.now().replace(minute=37, second=12, microsecond=5)

    response = answer(survey, world.community_a1, values=answers_to_small_survey(True, 5), when=moment)

    assert response.submitted_at == moment.replace(minute=0, second=0, microsecond=0)


def test_one_device_answers_a_survey_once(world):
    survey = make_survey(world.street_a)
    answer(survey, world.community_a1, values=answers_to_small_survey(True, 5), token="t" * 43)
    before = stored_rows()

    with pytest.raises(AlreadyAnswered):
        answer(survey, world.community_a2, values=answers_to_small_survey(False, 1), token="t" * 43)

    assert stored_rows() == before


def test_the_same_device_may_answer_another_survey_and_the_two_cannot_be_linked(world):
    first, second = make_survey(world.street_a), make_survey(world.street_a, title="第二份问卷")

    one = answer(first, world.community_a1, values=answers_to_small_survey(True, 5), token="t" * 43)
    two = answer(second, world.community_a1, values=answers_to_small_survey(True, 5), token="t" * 43)

    assert one.device_hash != two.device_hash
    assert "t" * 43 not in (one.device_hash, two.device_hash)


@pytest.mark.parametrize(
    "status_and_dates",
    [
        {"status": Survey.Status.DRAFT},
        {"status": Survey.Status.CLOSED},
        {"opens_at": timezone.now() + timedelta(days=1), "closes_at": timezone.now() + timedelta(days=2)},
        {"opens_at": timezone.now() - timedelta(days=2), "closes_at": timezone.now() - timedelta(days=1)},
    ],
    ids=["draft", "closed", "not yet open", "past its closing time"],
)
def test_a_survey_that_is_not_accepting_refuses_answers(world, status_and_dates):
    survey = make_survey(world.street_a, **status_and_dates)
    before = stored_rows()

    with pytest.raises(SurveyNotAccepting):
        answer(survey, world.community_a1, values=answers_to_small_survey(True, 5))

    assert stored_rows() == before


def test_the_community_must_lie_in_the_survey_area_and_be_a_community(world):
    survey = make_survey(world.street_a)
    village = AreaFactory(parent=world.street_a, level="village")

    for place in (world.community_b1, world.street_a):
        with pytest.raises(CommunityOutsideSurvey) as refusal:
            answer(survey, place, values=answers_to_small_survey(True, 5))
        assert refusal.value.field == "community"
    answer(survey, village, values=answers_to_small_survey(True, 5))

    assert list(SurveyResponse.objects.values_list("community", flat=True)) == [village.pk]


@pytest.mark.parametrize(
    ("order", "value", "error", "field"),
    [
        (2, 0, AnswerOutOfRange, "answers.1.value"),
        (2, 6, AnswerOutOfRange, "answers.1.value"),
        (2, -1, AnswerOutOfRange, "answers.1.value"),
        (2, 1e309, WrongAnswerType, "answers.1.value"),
        (2, "5", WrongAnswerType, "answers.1.value"),
        (2, True, WrongAnswerType, "answers.1.value"),
        (2, 4.5, WrongAnswerType, "answers.1.value"),
        (1, "maybe", WrongAnswerType, "answers.0.value"),
        (1, 1, WrongAnswerType, "answers.0.value"),
        (4, "excellent", UnknownChoice, "answers.3.value"),
        (4, ["good"], WrongAnswerType, "answers.3.value"),
        (5, "好" * 501, AnswerTooLong, "answers.4.value"),
        (5, "坏\x00人", ControlCharacters, "answers.4.value"),
        (5, "\x1b[31m红色", ControlCharacters, "answers.4.value"),
        (5, 42, WrongAnswerType, "answers.4.value"),
    ],
)
def test_an_answer_that_does_not_fit_its_question_is_refused_naming_it(world, order, value, error, field):
    survey = make_survey(world.street_a)
    values = {**answers_to_small_survey(True, 5), 5: "建议"}
    values[order] = value
    before = stored_rows()

    with pytest.raises(error) as refusal:
        answer(survey, world.community_a1, values=values)

    assert refusal.value.field == field
    assert stored_rows() == before


def test_emoji_and_line_breaks_are_fine_in_a_text_answer(world):
    survey = make_survey(world.street_a)

    response = answer(survey, world.community_a1, values={**answers_to_small_survey(True, 5), 5: "很好👍\n继续加油"})

    assert response.answers.get(question__order=5).text == "很好👍\n继续加油"


def test_questions_of_another_survey_or_twice_the_same_are_refused(world):
    survey, other = make_survey(world.street_a), make_survey(world.street_a, title="另一份")
    answers = [{"question": question(survey, n).pk, "value": v} for n, v in answers_to_small_survey(True, 5).items()]

    with pytest.raises(UnknownQuestion) as foreign:
        services.submit_response(
            survey=survey,
            community=world.community_a1,
            device_token="x" * 43,
            answers=[*answers, {"question": question(other, 1).pk, "value": True}],
        )
    with pytest.raises(DuplicateAnswer) as twice:
        services.submit_response(
            survey=survey, community=world.community_a1, device_token="x" * 43, answers=[*answers, answers[0]]
        )

    assert (foreign.value.field, twice.value.field) == ("answers.4.question", "answers.4.question")
    assert SurveyResponse.objects.count() == 0


def test_every_required_question_needs_an_answer(world):
    survey = make_survey(world.street_a)
    values = answers_to_small_survey(True, 5)
    del values[3]

    with pytest.raises(MissingAnswer) as refusal:
        answer(survey, world.community_a1, values=values)

    assert refusal.value.field == "answers"
    assert "3" in str(refusal.value.message)
    assert SurveyResponse.objects.count() == 0


def test_an_optional_question_may_be_left_out_or_blank(world):
    survey = make_survey(world.street_a)

    response = answer(survey, world.community_a1, values={**answers_to_small_survey(True, 5), 5: "   "})

    assert sorted(response.answers.values_list("question__order", flat=True)) == [1, 2, 3, 4]
