"""The public survey: anonymous answers, one per device, throttled, validated; posters; results with suppression."""

import json
import re
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone
from rest_framework.test import APIClient
from rest_framework.throttling import SimpleRateThrottle

from core.tests.test_errors import assert_error_shape
from core.tests.test_permission_matrix import dump_database
from targets import links
from targets.models import Answer, MeasureTally, Survey, SurveyResponse
from targets.tests.factories import SCALE_COMMITTEE, answer, answers_to_small_survey, make_survey, question

TOKEN = re.compile(r"gj_device=([A-Za-z0-9_-]{43})")


@pytest.fixture
def survey(world):
    return make_survey(world.street_a)


@pytest.fixture
def throttle_rates(monkeypatch):
    def set_rates(**rates):
        for scope, rate in rates.items():
            monkeypatch.setitem(SimpleRateThrottle.THROTTLE_RATES, scope, rate)

    return set_rates


def payload(survey, community, **values) -> dict:
    chosen = {**answers_to_small_survey(True, 5), **{int(k.lstrip("q")): v for k, v in values.items()}}
    return {
        "community": community.pk,
        "answers": [{"question": question(survey, order).pk, "value": value} for order, value in chosen.items()],
    }


def post(client, survey, body, **extra):
    return client.post(f"/api/v1/surveys/{survey.pk}/responses/", body, format="json", **extra)


def counted() -> list:
    return sorted(
        MeasureTally.objects.values_list("area", "bucket", "starts_on", "measure", "subject", "n", "positive")
    )


# Reading the survey --------------------------------------------------------------------------------


def test_anyone_reads_an_open_survey_with_its_questions_and_communities(world, survey):
    response = APIClient().get(f"/api/v1/surveys/{survey.pk}/")

    assert response.status_code == 200
    body = response.json()
    assert [q["kind"] for q in body["questions"]] == ["yes_no", "scale_1_5", "yes_no", "single_choice", "short_text"]
    assert body["questions"][3]["choices"] == [
        {"key": "good", "label": "满意"},
        {"key": "fair", "label": "一般"},
        {"key": "bad", "label": "不满意"},
    ]
    assert [(c["name"], c["street"]) for c in body["communities"]] == [
        ("科南社区", "中关村街道"),
        ("知春里社区", "中关村街道"),
    ]
    assert (body["accepting"], body["fixed_community"]) == (True, None)


def test_a_poster_link_fixes_the_community(world, survey):
    token = links.community_token(survey.pk, world.community_a2.pk)

    body = APIClient().get(f"/api/v1/surveys/{survey.pk}/", {"c": token}).json()

    assert body["fixed_community"] == {"id": world.community_a2.pk, "name": "知春里社区"}


@pytest.mark.parametrize("status", [Survey.Status.DRAFT, Survey.Status.CLOSED])
def test_the_public_cannot_see_drafts_or_closed_surveys(world, status):
    hidden = make_survey(world.street_a, status=status)

    assert_error_shape(APIClient().get(f"/api/v1/surveys/{hidden.pk}/"), 404, "not_found")


# Answering -----------------------------------------------------------------------------------------


def test_an_anonymous_resident_answers_and_gets_a_device_cookie(world, survey):
    # when
    response = post(APIClient(), survey, payload(survey, world.community_a1))
    # then
    assert response.status_code == 201, response.content
    assert response.json() == {
        "survey": survey.pk,
        "community": {"id": world.community_a1.pk, "name": "科南社区"},
        "answers": 4,
    }
    cookie = response.cookies["gj_device"]
    assert TOKEN.search(cookie.output())
    assert (cookie["httponly"], cookie["samesite"], cookie["path"]) == (True, "Lax", "/api/v1/surveys/")
    assert SurveyResponse.objects.get().community == world.community_a1


def test_the_same_device_cannot_answer_twice(world, survey):
    # given
    client = APIClient()
    post(client, survey, payload(survey, world.community_a1))
    before = dump_database()
    # when
    again = post(client, survey, payload(survey, world.community_a2, q2=1))
    # then
    assert_error_shape(again, 409, "already_answered")
    assert "gj_device" not in again.cookies
    assert dump_database() == before


def test_a_cleared_cookie_is_a_new_device_which_the_throttle_then_limits(world, survey, throttle_rates):
    throttle_rates(survey="3/min")
    statuses = []
    for _ in range(5):
        statuses.append(post(APIClient(), survey, payload(survey, world.community_a1)).status_code)

    assert statuses == [201, 201, 201, 429, 429]
    assert SurveyResponse.objects.count() == 3


def test_stuffing_from_one_client_is_throttled_with_retry_after_and_changes_no_result(world, survey, throttle_rates):
    # given: the rate allows three answers a minute from one address
    throttle_rates(survey="3/min")
    staff = APIClient()
    staff.force_login(world.users["coordinator"])
    accepted = [post(APIClient(), survey, payload(survey, world.community_a1)) for _ in range(3)]
    results = staff.get(f"/api/v1/surveys/{survey.pk}/results/").json()
    tallies = counted()
    # when: the same client keeps going, rotating X-Forwarded-For and cookies
    rejected = [
        post(APIClient(), survey, payload(survey, world.community_a1, q2=1), HTTP_X_FORWARDED_FOR=f"10.0.0.{n}")
        for n in range(20)
    ]
    # then
    assert [r.status_code for r in accepted] == [201, 201, 201]
    assert {r.status_code for r in rejected} == {429}
    body = assert_error_shape(rejected[0], 429, "throttled")
    assert int(rejected[0]["Retry-After"]) > 0
    assert body["errors"] == []
    assert SurveyResponse.objects.count() == 3
    assert counted() == tallies
    assert staff.get(f"/api/v1/surveys/{survey.pk}/results/").json() == results


def test_the_survey_throttle_is_configured_from_the_environment(settings):
    assert settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["survey"] == "20/min"


@pytest.mark.parametrize("status", [Survey.Status.DRAFT, Survey.Status.CLOSED])
def test_a_closed_or_draft_survey_refuses_answers(world, status):
    survey = make_survey(world.street_a, status=status)
    before = dump_database()

    response = post(APIClient(), survey, payload(survey, world.community_a1))

    assert_error_shape(response, 409, "survey_not_accepting")
    assert dump_database() == before


def bad_bodies(survey, world) -> dict:
    good = payload(survey, world.community_a1)
    other = make_survey(world.street_a, title="另一份问卷", questions=[SCALE_COMMITTEE])
    return {
        "scale 0": (payload(survey, world.community_a1, q2=0), "answers.1.value", "out_of_range"),
        "scale 6": (payload(survey, world.community_a1, q2=6), "answers.1.value", "out_of_range"),
        "scale as text": (payload(survey, world.community_a1, q2="5"), "answers.1.value", "wrong_type"),
        "scale as boolean": (payload(survey, world.community_a1, q2=True), "answers.1.value", "wrong_type"),
        "unknown choice": (payload(survey, world.community_a1, q4="excellent"), "answers.3.value", "unknown_choice"),
        "100 KB of text": (payload(survey, world.community_a1, q5="长" * 100_000), "answers.4.value", "too_long"),
        "a foreign question": (
            {**good, "answers": [*good["answers"], {"question": question(other, 1).pk, "value": 5}]},
            "answers.4.question",
            "unknown_question",
        ),
        "a missing answer": ({**good, "answers": good["answers"][:2]}, "answers", "missing_answer"),
        "no community": ({"answers": good["answers"]}, "community", "required"),
        "a street as community": ({**good, "community": world.street_a.pk}, "community", "community_outside_survey"),
        "another street's community": (
            {**good, "community": world.community_b1.pk},
            "community",
            "community_outside_survey",
        ),
        "an unknown community": ({**good, "community": 987654}, "community", "does_not_exist"),
        "a user id": ({**good, "user": world.users["volunteer"].pk}, "user", "unknown_field"),
        "a device id": ({**good, "device": "abc"}, "device", "unknown_field"),
        "a forged link": ({**good, "link": "eyJhIjoxfQ:1abc:forged"}, "link", "bad_link"),
        "another survey's link": (
            {**good, "link": links.community_token(other.pk, world.community_a1.pk)},
            "link",
            "bad_link",
        ),
        "a link and another community": (
            {
                **good,
                "community": world.community_a2.pk,
                "link": links.community_token(survey.pk, world.community_a1.pk),
            },
            "community",
            "community_fixed_by_link",
        ),
    }


BAD_CASES = [
    "scale 0",
    "scale 6",
    "scale as text",
    "scale as boolean",
    "unknown choice",
    "100 KB of text",
    "a foreign question",
    "a missing answer",
    "no community",
    "a street as community",
    "another street's community",
    "an unknown community",
    "a user id",
    "a device id",
    "a forged link",
    "another survey's link",
    "a link and another community",
]


@pytest.mark.parametrize("case", BAD_CASES)
def test_bad_answers_are_a_400_naming_the_field_and_store_nothing(world, survey, case):
    body, field, code = bad_bodies(survey, world)[case]
    before = dump_database()

    response = post(APIClient(), survey, body)

    result = assert_error_shape(response, 400)
    assert (result["errors"][0]["field"], result["errors"][0]["code"]) == (field, code), result
    assert "gj_device" not in response.cookies
    assert dump_database() == before


@pytest.mark.parametrize(
    "raw", ['{"answers": [{"question": 1, "value": NaN}]}', '{"answers": [{"question": 1, "value": Infinity}]}']
)
def test_non_numbers_in_json_are_refused_before_anything_else(world, survey, raw):
    response = APIClient().post(f"/api/v1/surveys/{survey.pk}/responses/", raw, content_type="application/json")

    assert_error_shape(response, 400, "parse_error")
    assert SurveyResponse.objects.count() == 0


def test_a_cross_site_form_post_is_not_understood(world, survey):
    response = APIClient().post(
        f"/api/v1/surveys/{survey.pk}/responses/",
        "community=1&answers=x",
        content_type="application/x-www-form-urlencoded",
    )

    assert_error_shape(response, 415, "unsupported_media_type")


def test_the_poster_link_counts_the_answer_toward_its_community(world, survey):
    body = payload(survey, world.community_a1)
    del body["community"]
    body["link"] = links.community_token(survey.pk, world.community_a2.pk)

    response = post(APIClient(), survey, body)

    assert response.status_code == 201
    assert SurveyResponse.objects.get().community == world.community_a2


# Anonymity ---------------------------------------------------------------------------------------


def columns(table: str) -> set[str]:
    with connection.cursor() as cursor:
        return {column.name for column in connection.introspection.get_table_description(cursor, table)}


def test_the_stored_response_has_no_account_address_agent_or_clear_device_id(world, survey):
    # given: a signed-in volunteer answers from a recognisable address and browser
    client = APIClient()
    client.force_login(world.users["volunteer"])
    agent = "Mozilla/5.0 (Linux; Android 14; Pixel 8) AnswerAgent/9.9"
    response = post(
        client, survey, payload(survey, world.community_a1), REMOTE_ADDR="203.0.113.77", HTTP_USER_AGENT=agent
    )
    token = TOKEN.search(response.cookies["gj_device"].output()).group(1)
    # then: the tables hold no such columns…
    assert columns("targets_surveyresponse") == {"id", "survey_id", "community_id", "submitted_at", "device_hash"}
    assert columns("targets_answer") == {"id", "response_id", "question_id", "choice", "scale", "text"}
    # …the device is stored only as a keyed hash, not the token…
    with connection.cursor() as cursor:
        cursor.execute("SELECT device_hash FROM targets_surveyresponse")
        ((stored_hash,),) = cursor.fetchall()
    assert re.fullmatch(r"[0-9a-f]{64}", stored_hash)
    assert stored_hash != token
    # …and nothing anywhere in the database carries the token, the address, the browser or the account
    everything = json.dumps(dump_database(), default=str)
    for trace in (token, "203.0.113.77", "AnswerAgent"):
        assert trace not in everything
    assert SurveyResponse._meta.get_field("survey").related_model is Survey
    assert not [
        f
        for f in SurveyResponse._meta.get_fields()
        if getattr(f, "related_model", None) is type(world.users["volunteer"])
    ]


def test_answers_are_linked_to_no_one(world, survey):
    client = APIClient()
    client.force_login(world.users["volunteer"])

    post(client, survey, payload(survey, world.community_a1))

    assert list(Answer.objects.values_list("response__community", flat=True).distinct()) == [world.community_a1.pk]
    assert SurveyResponse.objects.filter(community=world.community_a1).count() == 1


# Managing surveys ----------------------------------------------------------------------------------


def test_a_coordinator_defines_opens_and_closes_a_survey_of_their_street(world, client_for):
    client = client_for(world.users["coordinator"])
    now = timezone.now()
    body = {
        "title": "中关村街道背街小巷满意度调查",
        "area": world.street_a.pk,
        "opens_at": now.isoformat(),
        "closes_at": (now + timedelta(days=14)).isoformat(),
        "questions": [SCALE_COMMITTEE, {"kind": "short_text", "text": "建议", "required": False}],
    }

    created = client.post("/api/v1/surveys/", body, format="json")
    survey_id = created.json()["id"]
    opened = client.post(f"/api/v1/surveys/{survey_id}/open/")
    closed = client.post(f"/api/v1/surveys/{survey_id}/close/")

    assert (created.status_code, opened.status_code, closed.status_code) == (201, 200, 200)
    assert created.json()["status"] == "draft"
    assert opened.json()["status"] == "open"
    assert closed.json()["status"] == "closed"
    assert created.json()["question_count"] == 2


def test_a_coordinator_cannot_define_a_survey_for_another_street(world, client_for):
    client = client_for(world.users["coordinator"])
    now = timezone.now()
    body = {
        "title": "越权问卷",
        "area": world.street_b.pk,
        "opens_at": now.isoformat(),
        "closes_at": (now + timedelta(days=1)).isoformat(),
        "questions": [SCALE_COMMITTEE],
    }

    assert_error_shape(client.post("/api/v1/surveys/", body, format="json"), 403, "permission_denied")
    assert Survey.objects.count() == 0


def test_editing_an_open_survey_is_a_conflict(world, client_for, survey):
    response = client_for(world.users["coordinator"]).patch(
        f"/api/v1/surveys/{survey.pk}/", {"title": "改"}, format="json"
    )

    assert_error_shape(response, 409, "not_editable")


# Posters -----------------------------------------------------------------------------------------


def test_the_poster_is_a_printable_page_with_a_qr_code_of_the_community_link(world, client_for, survey):
    response = client_for(world.users["coordinator"]).get(
        f"/api/v1/surveys/{survey.pk}/poster/", {"community": world.community_a1.pk}
    )

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    page = response.content.decode()
    assert "文明城区创建满意度调查" in page
    assert "中关村街道 · 科南社区" in page
    assert 'src="data:image/svg+xml' in page
    link = re.search(r'<p class="link">([^<]+)</p>', page).group(1)
    assert link.startswith(f"http://testserver/surveys/{survey.pk}?c=")
    token = link.split("?c=", 1)[1]
    assert links.read_community_token(token) == (survey.pk, world.community_a1.pk)


@pytest.mark.parametrize("place", ["community_b1", "street_a"])
def test_no_poster_for_a_place_outside_the_survey_or_the_caller(world, client_for, place):
    survey = make_survey(world.district)
    client = client_for(world.users["coordinator"])

    response = client.get(f"/api/v1/surveys/{survey.pk}/poster/", {"community": getattr(world, place).pk})

    assert_error_shape(response, 404, "not_found")


# Results -----------------------------------------------------------------------------------------


def test_results_are_suppressed_below_five_answers_and_shown_from_five(world, client_for, survey):
    client = client_for(world.users["coordinator"])
    for score in (5, 4, 2, 5):
        answer(survey, world.community_a1, values=answers_to_small_survey(True, score))

    four = client.get(f"/api/v1/surveys/{survey.pk}/results/").json()
    answer(survey, world.community_a2, values=answers_to_small_survey(False, 1, property_choice="bad"))
    five = client.get(f"/api/v1/surveys/{survey.pk}/results/").json()
    one_community = client.get(f"/api/v1/surveys/{survey.pk}/results/", {"area": world.community_a2.pk}).json()

    assert four["responses"] == 4
    assert four["suppressed"] is True
    assert {(q["suppressed"], q["distribution"], q["mean"], q["positive_rate"]) for q in four["questions"]} == {
        (True, None, None, None)
    }
    assert five["suppressed"] is False
    scale = five["questions"][1]
    assert (scale["n"], scale["mean"]) == (5, 3.4)
    assert [row["count"] for row in scale["distribution"]] == [1, 1, 0, 1, 2]
    assert scale["positive_rate"]["value"] == 0.6
    assert [row["count"] for row in five["questions"][0]["distribution"]] == [4, 1]
    assert (five["questions"][4]["n"], five["questions"][4]["distribution"]) == (0, None)
    assert one_community["suppressed"] is True


def test_results_are_for_staff_whose_scope_meets_the_survey(world, client_for, survey):
    assert_error_shape(client_for(None).get(f"/api/v1/surveys/{survey.pk}/results/"), 401)
    assert_error_shape(client_for(world.users["volunteer"]).get(f"/api/v1/surveys/{survey.pk}/results/"), 403)
    assert_error_shape(client_for(world.users["other_coordinator"]).get(f"/api/v1/surveys/{survey.pk}/results/"), 403)
    outside = client_for(world.users["coordinator"]).get(
        f"/api/v1/surveys/{survey.pk}/results/", {"area": world.community_b1.pk}
    )
    assert_error_shape(outside, 404)
