"""Daily, weekly and monthly reports: generated on schedule and on demand, stored, listed, downloaded, read back."""

import io
from datetime import date, timedelta

import pytest
from django.core.files.storage import default_storage
from openpyxl import load_workbook

from core.tests.test_errors import assert_error_shape
from partners.tests.factories import ActivityFactory, ParticipantFactory
from targets import reports, services
from targets.api.views import XLSX
from targets.models import Report
from targets.tests.conftest import WEDNESDAY

pytestmark = pytest.mark.usefixtures("media")


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def generate(kind, area, day, capture) -> Report:
    with capture(execute=True):
        report = services.request_report(kind=kind, area=area, day=day)
    report.refresh_from_db()
    assert report.status == Report.Status.READY, report.error
    return report


def workbook(report: Report):
    with default_storage.open(report.file.name, "rb") as file:
        return load_workbook(io.BytesIO(file.read()))


def rows(sheet) -> list[tuple]:
    return [tuple(cell.value for cell in row) for row in sheet.iter_rows()]


def row_named(sheet, label: str) -> tuple:
    return next(row for row in rows(sheet) if row[0] == label)


@pytest.fixture
def capture(django_capture_on_commit_callbacks):
    return django_capture_on_commit_callbacks


def test_a_monthly_report_of_a_street_holds_its_metrics_targets_ranking_and_communities(district, world, capture):
    # given: a verified partner activity in May, with a title a spreadsheet would take for a formula
    activity = ActivityFactory(
        partner=world.partner_x,
        area=world.community_a1,
        occurred_on=date(2026, 5, 12),
        verified=True,
        title='=HYPERLINK("http://evil.example","点击")',
    )
    ParticipantFactory(activity=activity, volunteer=world.users["partner_member"].volunteer, hours="2.5")
    # when
    report = generate(Report.Kind.MONTHLY, world.street_a, date(2026, 5, 18), capture)
    book = workbook(report)
    names = reports.labels()
    # then: the summary
    summary = book.worksheets[0]
    assert summary["A1"].value == f"中关村街道 · {report.get_kind_display()} · 2026-05"
    assert row_named(summary, names["satisfaction_rate"])[1:3] == (0.6, 20)
    assert row_named(summary, names["satisfaction_rate"])[5] == 0.7  # unweighted
    assert row_named(summary, names["awareness_rate"])[1] == round((2000 * 1 + 6000 * 0.6) / 8000, 4)
    assert row_named(summary, names["participation_rate"])[1:] == (None, 0, None, None, None, reports.too_few())
    assert row_named(summary, names["responses"])[1] == 20
    assert row_named(summary, names["registered_volunteers"])[1] == 2
    # the targets of the street with their status
    targets = rows(book.worksheets[1])[1:]
    assert sorted((row[1], row[3], row[9]) for row in targets) == [
        ("中关村街道", 0.5, reports.status_labels()["at_risk"]),
        ("中关村街道", 100.0, reports.status_labels()["behind"]),
    ]
    # the ranking of its communities
    ranking = rows(book.worksheets[2])
    assert ranking[2][:3] == (1, "科南社区", 1.0)
    assert ranking[3][:3] == (2, "知春里社区", round((0.5 / 0.9 + 1) / 2, 4))
    # lagging communities: only A2 falls short of its standards
    lagging = rows(book.worksheets[3])[1:]
    assert [(row[0], row[4]) for row in lagging] == [("知春里社区", 0.5)]
    # each community
    communities = {row[1]: row for row in rows(book.worksheets[4])[1:]}
    assert set(communities) == {"科南社区", "知春里社区"}
    assert communities["科南社区"][2:6] == (10, 1.0, reports.too_few(), 0.9)
    assert communities["科南社区"][6:9] == (10, 0, 10)
    # partner activity, with the formula defused
    activities = rows(book.worksheets[5])[1:]
    assert activities == [
        ("2026-05-12", "中关村科技有限公司", "'" + activity.title, "科南社区", None, 1, 2.5),
    ]
    assert book.worksheets[5]["C2"].data_type == "s"


def test_a_district_report_ranks_streets_and_suppresses_small_communities(district, world, capture):
    report = generate(Report.Kind.WEEKLY, world.district, date(2026, 5, 18), capture)
    book = workbook(report)

    assert (report.period_start, report.period_end) == (date(2026, 5, 18), date(2026, 5, 24))
    ranking = rows(book.worksheets[2])
    assert [row[1] for row in ranking if row[0] in (1, 2)][:2] == ["中关村街道", "学院路街道"]
    communities = {row[1]: row for row in rows(book.worksheets[4])[1:]}
    assert communities["林大社区"][2:6] == (4, reports.too_few(), reports.too_few(), reports.too_few())
    assert row_named(book.worksheets[0], reports.labels()["satisfaction_rate"])[1] == 0.7333


def test_a_day_without_answers_is_reported_as_too_few(district, world, capture):
    report = generate(Report.Kind.DAILY, world.district, date(2026, 5, 19), capture)

    summary = workbook(report).worksheets[0]
    assert row_named(summary, reports.labels()["satisfaction_rate"])[1:3] == (None, 0)
    assert row_named(summary, reports.labels()["responses"])[1] == 0


def test_the_schedule_reports_the_last_complete_period_for_the_district_and_every_street(district, world, capture):
    with capture(execute=True):
        count = services.generate_scheduled_reports(kind=Report.Kind.DAILY, today=date(2026, 5, 20))

    assert count == 3
    assert set(Report.objects.values_list("kind", "area", "period_start", "status")) == {
        ("daily", world.district.pk, date(2026, 5, 19), "ready"),
        ("daily", world.street_a.pk, date(2026, 5, 19), "ready"),
        ("daily", world.street_b.pk, date(2026, 5, 19), "ready"),
    }


def test_regenerating_replaces_the_file(district, world, capture):
    first = generate(Report.Kind.MONTHLY, world.street_a, date(2026, 5, 1), capture)
    old_name = first.file.name

    second = generate(Report.Kind.MONTHLY, world.street_a, date(2026, 5, 31), capture)

    assert second.pk == first.pk
    assert second.file.name != old_name
    assert not default_storage.exists(old_name)
    assert Report.objects.count() == 1


def test_a_failed_generation_is_recorded(district, world, capture, monkeypatch):
    def explode(report, overview):
        raise RuntimeError("disk full")

    monkeypatch.setattr(reports, "build_workbook", explode)
    with capture(execute=True):
        report = services.request_report(kind=Report.Kind.DAILY, area=world.district, day=date(2026, 5, 19))

    report.refresh_from_db()
    assert (report.status, report.error, report.file.name) == ("failed", "generation failed", "")


def test_reports_are_asked_for_listed_and_downloaded_within_scope(district, world, client_for, capture):
    coordinator = client_for(world.users["coordinator"])
    with capture(execute=True):
        asked = coordinator.post("/api/v1/reports/", {"kind": "weekly", "area": world.street_a.pk}, format="json")
    generate(Report.Kind.DAILY, world.district, date(2026, 5, 19), capture)

    assert asked.status_code == 202
    report = Report.objects.get(area=world.street_a)
    assert (report.kind, report.period_start) == ("weekly", date(2026, 5, 11))  # the last complete week
    listed = coordinator.get("/api/v1/reports/").json()["results"]
    assert [row["id"] for row in listed] == [report.pk]
    assert listed[0]["download_url"] == f"/api/v1/reports/{report.pk}/download/"
    everything = client_for(world.users["district_admin"]).get("/api/v1/reports/").json()["results"]
    assert len(everything) == 2
    download = coordinator.get(f"/api/v1/reports/{report.pk}/download/")
    assert download.status_code == 200
    assert download["Content-Type"] == XLSX
    assert "attachment" in download["Content-Disposition"]
    assert load_workbook(io.BytesIO(b"".join(download.streaming_content))).sheetnames == workbook(report).sheetnames
    assert_error_shape(client_for(world.users["other_coordinator"]).get(f"/api/v1/reports/{report.pk}/download/"), 404)


def test_a_report_still_being_generated_cannot_be_downloaded(district, world, client_for):
    report = services.request_report(kind=Report.Kind.DAILY, area=world.district, day=date(2026, 5, 19))

    response = client_for(world.users["district_admin"]).get(f"/api/v1/reports/{report.pk}/download/")

    assert_error_shape(response, 409, "not_ready")


def test_reports_are_made_for_the_district_and_streets_only(district, world, client_for):
    response = client_for(world.users["district_admin"]).post(
        "/api/v1/reports/", {"kind": "daily", "area": world.community_a1.pk, "day": "2026-05-19"}, format="json"
    )

    body = assert_error_shape(response, 400, "report_area_level")
    assert body["errors"][0]["field"] == "area"
    assert Report.objects.count() == 0


def test_the_report_period_runs_from_the_day_asked_for(wednesday):
    assert services.report_period("weekly", WEDNESDAY.date()).label == "2026-W21"
    assert services.last_complete_period("monthly", WEDNESDAY.date()).label == "2026-04"
    assert services.last_complete_period("daily", WEDNESDAY.date()).start == WEDNESDAY.date() - timedelta(days=1)
