"""The dashboard: weighted metrics, targets and their status, trends and rankings, scoped, from roll-ups only."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from areas.tests.factories import AreaFactory
from campaigns.tests.factories import CampaignFactory
from core.tests.test_errors import assert_error_shape
from targets import metrics, services
from targets.models import Target
from targets.periods import Period
from targets.tests.conftest import MONDAY, YEAR, respond
from targets.tests.factories import SCALE_COMMITTEE, answer, make_survey, make_target


def dashboard(client, **params):
    response = client.get("/api/v1/dashboard/", params)
    assert response.status_code == 200, response.content[:300]
    return response.json()


def test_the_district_sees_population_weighted_rates_with_the_unweighted_alongside(district, world, client_for):
    # when
    body = dashboard(client_for(world.users["district_admin"]), period="2026-05")
    # then: (2000 × 0.9 + 6000 × 0.5 + 4000 × 1) / 12000, against 18 / 24 answers
    satisfaction = body["metrics"]["satisfaction_rate"]
    assert satisfaction["value"] == 0.7333
    assert satisfaction["unweighted"]["value"] == 0.75
    assert (satisfaction["n"], satisfaction["suppressed"], satisfaction["weighted"]) == (24, False, True)
    low, high = metrics.wilson_interval(0.7333333333 * 18, 18)  # effective size 12000² / 8,000,000 = 18
    assert (satisfaction["ci_low"], satisfaction["ci_high"]) == (round(low, 4), round(high, 4))
    assert body["metrics"]["awareness_rate"]["value"] == round((2000 * 1 + 6000 * 0.6 + 4000 * 1) / 12000, 4)
    assert body["metrics"]["satisfaction_by_subject"]["community_committee"]["value"] == 0.7333
    assert body["metrics"]["satisfaction_by_subject"]["property_services"]["n"] == 0
    assert body["metrics"]["participation_rate"]["suppressed"] is True
    assert body["metrics"]["responses"] == 24
    assert (body["area"]["id"], body["period"]["label"], body["previous_period"]["label"]) == (
        world.district.pk,
        "2026-05",
        "2026-04",
    )


def test_a_street_is_weighted_over_its_own_communities(district, world, client_for):
    body = dashboard(client_for(world.users["coordinator"]), period="2026-05")

    assert body["area"]["id"] == world.street_a.pk  # the coordinator's own area by default
    assert body["metrics"]["satisfaction_rate"]["value"] == 0.6  # (2000 × 0.9 + 6000 × 0.5) / 8000
    assert body["metrics"]["satisfaction_rate"]["unweighted"]["value"] == 0.7


def test_a_community_below_five_answers_shows_no_figure(district, world, client_for):
    body = dashboard(client_for(world.users["district_admin"]), area=world.community_b1.pk, period="2026-05")

    assert body["metrics"]["satisfaction_rate"] == {
        "value": None,
        "ci_low": None,
        "ci_high": None,
        "n": 4,
        "suppressed": True,
        "weighted": False,  # a community is not weighted: its answers are its own
        "unweighted": {"value": None, "ci_low": None, "ci_high": None},
    }


def test_targets_carry_their_status_and_projection(district, world, client_for):
    body = dashboard(client_for(world.users["district_admin"]), period="2026-05")

    statuses = {(t["scope"]["name"], t["metric"]): t for t in body["targets"]}
    district_target = statuses[("海淀区", "satisfaction_rate")]
    assert (district_target["status"], district_target["value"], district_target["n"]) == ("behind", 0.7333, 24)
    assert district_target["ci_high"] < 0.9
    street_target = statuses[("中关村街道", "satisfaction_rate")]
    assert street_target["ci_low"] < 0.5 < street_target["ci_high"]
    assert street_target["status"] == "at_risk"
    hours = statuses[("中关村街道", "volunteer_hours")]
    assert (hours["value"], hours["projection"], hours["status"]) == (0.0, 0.0, "behind")
    events = statuses[("学院路街道", "events_held")]
    assert (events["threshold"], events["status"], events["period"]["label"]) == (1.0, "behind", "2026-05")


def test_cumulative_targets_are_projected_to_the_end_of_the_period(district, world, client_for):
    from volunteers.models import ServiceRecord

    ServiceRecord.objects.create(
        volunteer=world.users["volunteer"].volunteer,
        hours=Decimal("65"),
        source="adjustment",
        served_on=date(2026, 5, 19),
        reason="补录",
    )

    body = dashboard(client_for(world.users["coordinator"]), period="2026-05")

    hours = next(t for t in body["targets"] if t["metric"] == "volunteer_hours")
    assert hours["value"] == 65.0
    assert hours["projection"] == round(65 * 31 / 20, 4)  # 20 of May's 31 days gone
    assert hours["status"] == "on_track"


def test_the_ranking_orders_streets_and_communities_by_attainment(district, world, client_for):
    body = dashboard(client_for(world.users["district_admin"]), period="2026-05")

    streets = [(r["area"]["name"], r["rank"], r["attainment"], r["targets"]) for r in body["ranking"]["streets"]]
    # street A: inherited 90% → 0.6 / 0.9; own 50% → met; own hours → 0; street B: only its events → 0
    assert streets == [("中关村街道", 1, round((0.6 / 0.9 + 1 + 0) / 3, 4), 3), ("学院路街道", 2, 0.0, 1)]
    communities = [(r["area"]["name"], r["rank"], r["attainment"]) for r in body["ranking"]["communities"]]
    assert communities == [
        ("科南社区", 1, 1.0),
        ("知春里社区", 2, round((0.5 / 0.9 + 1) / 2, 4)),
        ("林大社区", None, None),
    ]
    assert {r["previous_rank"] for r in body["ranking"]["communities"]} == {None}  # nothing was answered in April


def test_the_ranking_shows_the_change_since_the_last_period(district, world, client_for):
    # given: in April A2 did better than A1
    april = MONDAY - timedelta(days=30)
    respond(district, world.community_a1, [1] * 5, aware=5, when=april)
    respond(district, world.community_a2, [5] * 5, aware=5, when=april)
    # when
    body = dashboard(client_for(world.users["coordinator"]), period="2026-05")
    # then
    rows = {r["area"]["name"]: (r["rank"], r["previous_rank"], r["change"]) for r in body["ranking"]["communities"]}
    assert rows == {"科南社区": (1, 2, 1), "知春里社区": (2, 1, -1)}
    assert body["ranking"]["streets"] == []  # a street's dashboard ranks its communities


def test_trends_are_daily_and_weekly(district, world, client_for):
    body = dashboard(client_for(world.users["district_admin"]), period="2026-05")

    daily = {point["date"]: point for point in body["trend"]["daily"]}
    assert len(body["trend"]["daily"]) == 30
    assert body["trend"]["daily"][-1]["date"] == "2026-05-20"
    assert daily["2026-05-18"]["responses"] == 24
    low, high = metrics.wilson_interval(18, 24)
    assert daily["2026-05-18"]["satisfaction"] == {
        "value": 0.75,
        "ci_low": round(low, 4),
        "ci_high": round(high, 4),
        "n": 24,
        "suppressed": False,
    }
    assert daily["2026-05-17"]["satisfaction"] == {
        "value": None,
        "ci_low": None,
        "ci_high": None,
        "n": 0,
        "suppressed": True,
    }
    weekly = body["trend"]["weekly"]
    assert len(weekly) == 12
    assert (weekly[-1]["week"], weekly[-1]["start"], weekly[-1]["responses"]) == ("2026-W21", "2026-05-18", 24)
    assert body["trend"]["weighted"] is False


def test_participation_figures_come_with_the_time_they_were_computed(district, world, client_for):
    client = client_for(world.users["district_admin"])

    live = dashboard(client, period="2026-05")
    services.refresh_figures()
    stored = dashboard(client, period="2026-05")

    assert live["figures_as_of"] is None
    assert stored["figures_as_of"] is not None
    assert live["metrics"]["registered_volunteers"] == stored["metrics"]["registered_volunteers"] == 3
    assert stored["metrics"]["registration_rate"] == round(3 / world.district.population, 4)


def test_an_area_outside_the_scope_is_not_found(district, world, client_for):
    client = client_for(world.users["coordinator"])

    assert_error_shape(client.get("/api/v1/dashboard/", {"area": world.district.pk}), 404, "not_found")
    assert_error_shape(client.get("/api/v1/dashboard/", {"area": world.community_b1.pk}), 404, "not_found")
    assert_error_shape(client.get("/api/v1/dashboard/", {"area": 987654}), 404, "not_found")


def test_a_bad_period_is_a_400_naming_it(district, world, client_for):
    response = client_for(world.users["district_admin"]).get("/api/v1/dashboard/", {"period": "last month"})

    body = assert_error_shape(response, 400, "invalid")
    assert body["errors"][0]["field"] == "period"


def test_the_campaign_dashboard_shows_satisfaction_with_the_campaign(wednesday, world, client_for):
    campaign = CampaignFactory(center=world.institute_a)
    spec = {**SCALE_COMMITTEE, "satisfaction_subject": "campaign", "campaign": campaign}
    survey = make_survey(world.street_a, questions=[spec])
    for score in (5, 5, 4, 2, 1, 5):
        answer(survey, world.community_a1, values={1: score}, when=MONDAY)
    make_target(campaign=campaign, threshold="0.5", period=Period.parse("2026-Q2"))

    response = client_for(world.users["coordinator"]).get(f"/api/v1/campaigns/{campaign.pk}/dashboard/")
    hidden = client_for(world.users["other_coordinator"]).get(f"/api/v1/campaigns/{campaign.pk}/dashboard/")

    assert response.status_code == 200
    body = response.json()
    assert (body["metrics"]["satisfaction_rate"]["value"], body["metrics"]["satisfaction_rate"]["n"]) == (0.6667, 6)
    assert [(t["metric"], t["status"]) for t in body["targets"]] == [("satisfaction_rate", "at_risk")]
    assert body["trend"]["daily"][-3]["satisfaction"]["n"] == 6
    assert_error_shape(hidden, 404)


# The query count does not depend on the number of responses or communities ------------------------


def grow(world, survey, communities: int, responses_each: int) -> None:
    for street in (world.street_a, world.street_b):
        for _ in range(communities):
            community = AreaFactory(parent=street, population=3000)
            for n in range(responses_each):
                answer(survey, community, values={1: n % 2 == 0, 2: 1 + n % 5}, when=MONDAY)
        if not Target.objects.filter(area=street, metric=Target.Metric.AWARENESS_RATE).exists():
            make_target(area=street, metric=Target.Metric.AWARENESS_RATE, threshold="0.8", period=YEAR)


def queries(client) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get("/api/v1/dashboard/", {"period": "2026-05"})
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize("stored_figures", [False, True], ids=["figures computed", "figures stored"])
def test_the_dashboard_query_count_does_not_grow_with_responses_or_communities(
    district, world, client_for, stored_figures
):
    client = client_for(world.users["district_admin"])
    grow(world, district, communities=2, responses_each=3)
    if stored_figures:
        services.refresh_figures()
    queries(client)  # warm-up
    small = queries(client)

    grow(world, district, communities=6, responses_each=12)
    if stored_figures:
        services.refresh_figures()
    large = queries(client)

    assert small == large
    assert large <= 40
