"""Residents' service orders on the dashboard and in the reports: counts, completion, and ratings apart from surveys."""

import io

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from orders.models import Rating
from orders.tests.factories import OrderFactory
from targets.models import Report
from targets.overview import area_overview
from targets.periods import Period
from targets.reports import build_workbook

pytestmark = pytest.mark.django_db


def this_month() -> str:
    return timezone.localdate().strftime("%Y-%m")


def rated(world, scores):
    for score in scores:
        order = OrderFactory(community=world.community_a1, completed=True, volunteer=world.users["volunteer"].volunteer)
        Rating.objects.create(order=order, score=score)


def test_the_dashboard_shows_orders_and_their_ratings_beside_the_surveys(world, client_for):
    rated(world, [5, 4, 4, 2, 5, 3])
    OrderFactory(community=world.community_a2)  # awaiting dispatch
    OrderFactory(
        community=world.community_b1, completed=True, volunteer=world.users["other_volunteer"].volunteer
    )  # another street

    body = client_for(world.users["coordinator"]).get("/api/v1/dashboard/", {"period": this_month()}).json()

    orders = body["service_orders"]
    assert orders["orders"] == 7
    assert orders["by_status"]["completed"] == 6
    assert orders["completion"] == {"completed": 6, "n": 7, "rate": round(6 / 7, 4)}
    assert orders["ratings"] == {
        "n": 6, "mean": 3.83, "satisfied": 4, "satisfied_share": round(4 / 6, 4), "suppressed": False,
    }  # fmt: skip
    assert "satisfaction_rate" in body["metrics"]  # the surveys' rate stays its own figure


def test_fewer_than_five_ratings_are_not_shown(world, client_for):
    rated(world, [1, 5, 5, 5])

    ratings = (
        client_for(world.users["coordinator"])
        .get("/api/v1/dashboard/", {"period": this_month()})
        .json()["service_orders"]["ratings"]
    )

    assert ratings == {"n": 4, "mean": None, "satisfied": None, "satisfied_share": None, "suppressed": True}


def test_the_report_has_a_service_orders_sheet(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    rated(world, [5, 5, 4, 4, 1])
    overview = area_overview(world.street_a, Period.containing("month", timezone.localdate()))
    today = timezone.localdate()
    report = Report(kind=Report.Kind.DAILY, area=world.street_a, period_start=today, period_end=today)

    sheet = load_workbook(io.BytesIO(build_workbook(report, overview)))["服务订单"]
    values = {row[0]: row[1] for row in sheet.iter_rows(values_only=True) if row and row[0]}

    assert values["已下单"] == 5
    assert values["评价数"] == 5
    assert values["平均分（1–5）"] == 3.8
    assert values["满意（4–5 分）"] == 0.8
