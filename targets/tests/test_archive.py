"""The evidence archive of a campaign: a ZIP of an XLSX ledger (masked identities) and the photos in folders."""

import io
import json
import re
import zipfile
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.files.storage import default_storage
from django.utils import timezone
from django.utils.translation import gettext
from openpyxl import load_workbook

from campaigns.models import Registration
from campaigns.tests.factories import CampaignFactory, EventFactory, RegistrationFactory
from core.tests.test_errors import assert_error_shape
from partners.tests.factories import ActivityFactory, ParticipantFactory, PhotoFactory
from targets import archives, services
from targets.models import EvidenceArchive
from volunteers import services as volunteer_services

MASKED_ID = re.compile(r"^\d{6}\*{8}\d{3}[\dX]$")
MASKED_PHONE = re.compile(r"^1\d{2}\*{4}\d{4}$")


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def campaign(world):
    """Two events (one attended, 2 hours credited), a verified partner activity with two photos, and a draft."""
    campaign = CampaignFactory(center=world.institute_a, title="背街小巷环境整治")
    past = timezone.now() - timedelta(days=3)
    attended = EventFactory(
        campaign=campaign, area=world.community_a1, title="周六清洁", starts_at=past, ends_at=past + timedelta(hours=2)
    )
    EventFactory(campaign=campaign, area=world.community_a2, title="下周文明引导")
    volunteer = world.users["volunteer"].volunteer
    registration = RegistrationFactory(
        event=attended,
        volunteer=volunteer,
        attendance=Registration.Attendance.ATTENDED,
        checked_in_at=past,
        checked_out_at=past + timedelta(hours=2),
    )
    volunteer_services.credit_event_hours(registration=registration, hours=Decimal("2"))
    RegistrationFactory(event=attended, volunteer=world.users["other_volunteer"].volunteer, status="waitlisted")
    activity = ActivityFactory(
        partner=world.partner_x,
        campaign=campaign,
        area=world.community_a1,
        title="共建单位进社区/清洁:第1期",
        occurred_on=date.today() - timedelta(days=2),
        verified=True,
    )
    ParticipantFactory(activity=activity, volunteer=world.users["partner_member"].volunteer, hours=Decimal("3.5"))
    volunteer_services.credit_activity_hours(activity=activity)
    PhotoFactory(activity=activity)
    PhotoFactory(activity=activity)
    draft = ActivityFactory(partner=world.partner_x, campaign=campaign, area=world.community_a1)
    PhotoFactory(activity=draft)
    return campaign


def build(campaign, user) -> EvidenceArchive:
    archive = services.start_archive(campaign=campaign, requested_by=user)
    return services.build_archive(archive_id=archive.pk)


def open_zip(archive: EvidenceArchive) -> zipfile.ZipFile:
    with default_storage.open(archive.file.name, "rb") as file:
        return zipfile.ZipFile(io.BytesIO(file.read()))


def sheet_rows(book, index: int) -> list[tuple]:
    return [tuple(cell.value for cell in row) for row in book.worksheets[index].iter_rows()]


def test_the_archive_holds_the_ledger_and_the_verified_activitys_photos_in_folders(world, campaign):
    # when
    archive = build(campaign, world.users["coordinator"])
    # then
    assert (archive.status, archive.progress, archive.photo_count, archive.missing_photos) == ("ready", 100, 2, 0)
    bundle = open_zip(archive)
    activity = campaign.partner_activities.get(status="verified")
    folder = f"照片/{activity.occurred_on.isoformat()} 共建单位进社区_清洁_第1期 #{activity.pk}"
    assert sorted(bundle.namelist()) == sorted(["台账.xlsx", f"{folder}/001.jpg", f"{folder}/002.jpg"])
    photo = activity.photos.order_by("uploaded_at", "id").first()
    with default_storage.open(photo.image.name, "rb") as original:
        assert bundle.read(f"{folder}/001.jpg") == original.read()


def test_the_ledger_lists_events_registrations_hours_and_activities_with_masked_identities(world, campaign):
    archive = build(campaign, world.users["coordinator"])
    book = load_workbook(io.BytesIO(open_zip(archive).read("台账.xlsx")))

    events = sheet_rows(book, 0)
    assert events[0][0] == "背街小巷环境整治 · " + f"{campaign.starts_on} – {campaign.ends_on}"
    assert [row[0] for row in events[2:]] == ["周六清洁", "下周文明引导"]
    registrations = sheet_rows(book, 1)[1:]
    assert [(row[0], row[1]) for row in registrations] == [("周六清洁", "张三"), ("周六清洁", "李四")]
    for row in registrations:
        assert MASKED_ID.match(row[2]), row
        assert MASKED_PHONE.match(row[3]), row
    hours = sheet_rows(book, 2)[1:]
    assert [(row[0], row[3]) for row in hours] == [("王五", 3.5), ("张三", 2.0), (gettext("Total"), 5.5)]
    activities = sheet_rows(book, 3)[1:]
    assert [(row[1], row[5], row[6], row[7]) for row in activities] == [("中关村科技有限公司", 1, 3.5, 2)]
    photos = sheet_rows(book, 4)[1:]
    assert len(photos) == 2
    everything = json.dumps([sheet_rows(book, i) for i in range(5)], ensure_ascii=False, default=str)
    for person in ("volunteer", "other_volunteer", "partner_member"):
        profile = world.users[person].volunteer
        assert profile.id_number not in everything
        assert world.users[person].phone not in everything


def test_a_missing_photo_file_is_listed_and_the_archive_still_built(world, campaign):
    photo = campaign.partner_activities.get(status="verified").photos.first()
    default_storage.delete(photo.image.name)

    archive = build(campaign, world.users["coordinator"])

    assert (archive.status, archive.photo_count, archive.missing_photos) == ("ready", 1, 1)
    book = load_workbook(io.BytesIO(open_zip(archive).read("台账.xlsx")))
    assert sorted(row[3] for row in sheet_rows(book, 4)[1:]) == sorted([gettext("yes"), gettext("file missing")])


def test_progress_is_reported_as_photos_are_added(world, campaign):
    activity = campaign.partner_activities.get(status="verified")
    for _ in range(38):
        PhotoFactory(activity=activity)
    seen = []

    with io.BytesIO() as target:
        contents = archives.write_archive(campaign, into=target, progress=seen.append)

    assert contents.photos == 40
    assert seen == [45, 90]


def test_a_failed_build_is_recorded(world, campaign, monkeypatch):
    def explode(*args, **kwargs):
        raise OSError("storage unreachable")

    monkeypatch.setattr(archives, "write_archive", explode)

    archive = build(campaign, world.users["coordinator"])

    assert (archive.status, archive.error, archive.file.name) == ("failed", "build failed", "")


def test_the_organizer_starts_polls_and_downloads_the_archive(
    world, campaign, client_for, django_capture_on_commit_callbacks
):
    client = client_for(world.users["coordinator"])

    with django_capture_on_commit_callbacks(execute=True):
        started = client.post(f"/api/v1/campaigns/{campaign.pk}/archive/")
    archive_id = started.json()["id"]
    polled = client.get(f"/api/v1/archives/{archive_id}/")
    download = client.get(f"/api/v1/archives/{archive_id}/download/")

    assert started.status_code == 202
    assert started.json()["status"] == "pending"
    assert polled.json()["status"] == "ready"
    assert polled.json()["progress"] == 100
    assert polled.json()["download_url"] == f"/api/v1/archives/{archive_id}/download/"
    assert download.status_code == 200
    assert download["Content-Type"] == "application/zip"
    names = zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content))).namelist()
    assert "台账.xlsx" in names


def test_archives_are_for_the_campaigns_organizers(world, campaign, client_for):
    archive = services.start_archive(campaign=campaign, requested_by=None)

    assert_error_shape(client_for(world.users["volunteer"]).post(f"/api/v1/campaigns/{campaign.pk}/archive/"), 403)
    assert_error_shape(
        client_for(world.users["other_coordinator"]).post(f"/api/v1/campaigns/{campaign.pk}/archive/"), 403
    )
    assert_error_shape(client_for(world.users["other_coordinator"]).get(f"/api/v1/archives/{archive.pk}/"), 404)
    assert_error_shape(client_for(world.users["coordinator"]).get(f"/api/v1/archives/{archive.pk}/download/"), 409)
    assert EvidenceArchive.objects.count() == 1
