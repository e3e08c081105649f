"""Activity photos: judged by content, decoded within limits, stored upright without EXIF, served only in scope."""

import io
import re
import struct
import zlib
from unittest import mock

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import ExifTags, Image

from partners.models import ActivityPhoto
from partners.services import MAX_PHOTOS_PER_ACTIVITY
from partners.tests.factories import ActivityFactory, PhotoFactory, image_bytes

STORED_NAME = re.compile(r"activity-photos/\d{4}/\d{2}/[0-9a-f]{32}\.jpg")
GPS = {
    ExifTags.GPS.GPSLatitudeRef: "N",
    ExifTags.GPS.GPSLatitude: (39.0, 59.0, 1.5),
    ExifTags.GPS.GPSLongitudeRef: "E",
    ExifTags.GPS.GPSLongitude: (116.0, 18.0, 40.2),
}


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def activity(world):
    return ActivityFactory(partner=world.partner_x, area=world.community_a1)


@pytest.fixture
def admin_client(world, client_for):
    return client_for(world.users["partner_admin"])


def upload_url(activity) -> str:
    return f"/api/v1/activities/{activity.pk}/photos/"


def upload(client, activity, data: bytes, *, name: str = "photo.jpg", content_type: str = "image/jpeg"):
    return client.post(
        upload_url(activity), {"image": SimpleUploadedFile(name, data, content_type=content_type)}, format="multipart"
    )


def stored_files(root) -> list[str]:
    return sorted(str(path.relative_to(root)) for path in root.rglob("*") if path.is_file())


def read_stored(name: str) -> bytes:
    with default_storage.open(name) as file:
        return file.read()


def png_claiming(width: int, height: int) -> bytes:
    """A real 1×1 PNG whose header claims another size, its CRC fixed: what a decompression bomb's header says."""
    data = bytearray(image_bytes("PNG", size=(1, 1)))
    assert data[12:16] == b"IHDR"  # after the 8-byte signature and the chunk's 4-byte length
    data[16:24] = struct.pack(">II", width, height)
    data[29:33] = struct.pack(">I", zlib.crc32(bytes(data[12:29])))
    return bytes(data)


def gps_tagged_jpeg() -> bytes:
    """64×48 pixels stored, EXIF Orientation 6 (shown turned 90° clockwise, 48×64), a GPS position and a camera."""
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = 6
    exif[ExifTags.Base.Make] = "PhoneMaker"
    exif[ExifTags.IFD.GPSInfo] = GPS
    return image_bytes("JPEG", size=(64, 48), exif=exif)


# Accepted uploads


def test_a_gps_tagged_jpeg_is_stored_upright_and_without_exif(world, admin_client, activity, tmp_path):
    # given
    original = gps_tagged_jpeg()
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(ExifTags.IFD.GPSInfo) == GPS

    # when
    response = upload(admin_client, activity, original)

    # then
    assert response.status_code == 201
    photo = ActivityPhoto.objects.get(activity=activity)
    assert response.json() == {
        "id": photo.pk,
        "url": f"/api/v1/activity-photos/{photo.pk}/",
        "thumbnail_url": f"/api/v1/activity-photos/{photo.pk}/thumbnail/",
        "width": 48,
        "height": 64,
        "uploaded_at": response.json()["uploaded_at"],
    }
    for name in (photo.image.name, photo.thumbnail.name):
        data = read_stored(name)
        stored = Image.open(io.BytesIO(data))
        assert stored.format == "JPEG"
        assert dict(stored.getexif()) == {}
        assert stored.getexif().get_ifd(ExifTags.IFD.GPSInfo) == {}
        assert "exif" not in stored.info
        assert b"Exif" not in data
        assert b"PhoneMaker" not in data
    stored = Image.open(io.BytesIO(read_stored(photo.image.name))).convert("RGB")
    assert stored.size == (48, 64)
    # The blue rectangle drawn in the top-left quarter of the 64×48 original is top-right once turned upright.
    blue_part, red_part = stored.getpixel((33, 19)), stored.getpixel((14, 19))
    assert blue_part[2] > 150 and blue_part[0] < 100
    assert red_part[0] > 150 and red_part[2] < 100
    assert stored_files(tmp_path) == sorted([photo.image.name, photo.thumbnail.name])


@pytest.mark.parametrize(
    ("data", "content_type", "size"),
    [
        (image_bytes("PNG", size=(120, 90), color=(10, 160, 60, 0)), "image/png", (120, 90)),
        (image_bytes("WEBP", size=(90, 120)), "image/webp", (90, 120)),
        (image_bytes("PNG", size=(100, 100)), "image/gif", (100, 100)),
    ],
    ids=["transparent-png", "webp", "png-sent-as-gif"],
)
def test_png_and_webp_are_judged_by_content_and_stored_as_jpeg(admin_client, activity, data, content_type, size):
    # when
    response = upload(admin_client, activity, data, name="upload.gif", content_type=content_type)

    # then
    assert response.status_code == 201
    photo = ActivityPhoto.objects.get(activity=activity)
    stored = Image.open(io.BytesIO(read_stored(photo.image.name)))
    assert (stored.format, stored.mode, stored.size) == ("JPEG", "RGB", size)
    assert (photo.width, photo.height) == size


def test_the_thumbnail_fits_in_480_pixels(admin_client, activity):
    # when
    response = upload(admin_client, activity, image_bytes("JPEG", size=(1200, 900)))

    # then
    assert response.status_code == 201
    photo = ActivityPhoto.objects.get(activity=activity)
    assert (photo.width, photo.height) == (1200, 900)
    assert Image.open(io.BytesIO(read_stored(photo.image.name))).size == (1200, 900)
    assert Image.open(io.BytesIO(read_stored(photo.thumbnail.name))).size == (480, 360)


def test_the_uploaded_file_name_never_reaches_the_disk(admin_client, activity, tmp_path):
    # when
    response = upload(admin_client, activity, image_bytes(), name="../../etc/passwd.jpg.php")

    # then
    assert response.status_code == 201
    photo = ActivityPhoto.objects.get(activity=activity)
    assert STORED_NAME.fullmatch(photo.image.name)
    assert STORED_NAME.fullmatch(photo.thumbnail.name)
    assert photo.image.name != photo.thumbnail.name
    assert all("passwd" not in name for name in stored_files(tmp_path))


def test_a_file_of_exactly_the_byte_limit_is_accepted(settings, admin_client, activity):
    # given
    data = image_bytes("PNG", size=(200, 150))
    settings.PHOTO_MAX_BYTES = len(data)

    # when
    response = upload(admin_client, activity, data, name="photo.png", content_type="image/png")

    # then
    assert response.status_code == 201


# Refused uploads: 400 with a code, and nothing stored


def truncated_jpeg() -> bytes:
    data = image_bytes("JPEG", size=(400, 300), quality=95)
    return data[: len(data) // 2]


REFUSALS = [
    pytest.param(b"just some text, renamed\n" * 20, "unsupported_image", id="text-renamed-jpg"),
    pytest.param(image_bytes("GIF"), "unsupported_image", id="gif"),
    pytest.param(image_bytes("BMP"), "unsupported_image", id="bmp"),
    pytest.param(b"\xff\xd8\xff\xe0" + bytes(range(256)) * 8, "unsupported_image", id="jpeg-magic-then-noise"),
    pytest.param(truncated_jpeg(), "corrupt_image", id="truncated-jpeg"),
    pytest.param(png_claiming(30_000, 30_000), "too_many_pixels", id="bomb-30000x30000"),
    pytest.param(png_claiming(7_000, 6_000), "too_many_pixels", id="42-megapixels"),
]


@pytest.mark.parametrize(("data", "code"), REFUSALS)
def test_refused_uploads_leave_nothing_behind(world, admin_client, activity, tmp_path, data, code):
    # when
    response = upload(admin_client, activity, data)

    # then
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == code
    assert [(error["field"], error["code"]) for error in body["errors"]] == [("image", code)]
    assert ActivityPhoto.objects.count() == 0
    assert stored_files(tmp_path) == []


def test_a_decompression_bomb_is_logged(admin_client, activity, caplog):
    # when
    response = upload(admin_client, activity, png_claiming(30_000, 30_000))

    # then
    assert response.status_code == 400
    [record] = [r for r in caplog.records if r.name == "partners.photos"]
    assert record.levelname == "WARNING"
    assert record.getMessage().startswith("Photo refused as a decompression bomb: Image size (900000000 pixels)")


def test_a_png_over_the_byte_limit_is_refused_before_it_is_decoded(settings, admin_client, activity, tmp_path):
    # given
    data = image_bytes("PNG", size=(200, 150))
    settings.PHOTO_MAX_BYTES = len(data) - 1

    # when
    with mock.patch("partners.photos.Image.open") as image_open:
        response = upload(admin_client, activity, data, name="photo.png", content_type="image/png")

    # then
    assert response.status_code == 400
    assert response.json()["code"] == "image_too_large"
    image_open.assert_not_called()
    assert ActivityPhoto.objects.count() == 0
    assert stored_files(tmp_path) == []


def test_a_lower_pixel_limit_refuses_a_real_image(settings, admin_client, activity):
    # given
    settings.PHOTO_MAX_PIXELS = 64 * 48 - 1

    # when
    response = upload(admin_client, activity, image_bytes("JPEG", size=(64, 48)))

    # then
    assert response.status_code == 400
    assert response.json()["code"] == "too_many_pixels"
    assert ActivityPhoto.objects.count() == 0


def test_an_empty_file_is_refused(admin_client, activity):
    # when
    response = upload(admin_client, activity, b"")

    # then
    assert response.status_code == 400
    assert [(error["field"], error["code"]) for error in response.json()["errors"]] == [("image", "empty")]
    assert ActivityPhoto.objects.count() == 0


def test_an_activity_holds_at_most_twenty_photos(admin_client, activity, tmp_path):
    # given
    PhotoFactory.create_batch(MAX_PHOTOS_PER_ACTIVITY, activity=activity)
    before = stored_files(tmp_path)

    # when
    response = upload(admin_client, activity, image_bytes())

    # then
    assert response.status_code == 400
    assert response.json()["code"] == "too_many_photos"
    assert activity.photos.count() == MAX_PHOTOS_PER_ACTIVITY
    assert stored_files(tmp_path) == before


def test_photos_cannot_be_added_to_a_submitted_log(world, admin_client):
    # given
    activity = ActivityFactory(partner=world.partner_x, submitted=True)

    # when
    response = upload(admin_client, activity, image_bytes())

    # then
    assert response.status_code == 409
    assert response.json()["code"] == "not_editable"
    assert activity.photos.count() == 0


@pytest.mark.parametrize(
    ("persona", "expected"), [("partner_member", 403), ("coordinator", 403), ("other_coordinator", 404)]
)
def test_only_the_partners_admins_upload(world, client_for, activity, persona, expected):
    # when
    response = upload(client_for(world.users[persona]), activity, image_bytes())

    # then
    assert response.status_code == expected
    assert ActivityPhoto.objects.count() == 0


# Serving: only through the API, only to those who may see the log


@pytest.mark.parametrize("persona", ["partner_admin", "partner_member", "coordinator", "district_admin"])
def test_the_photo_and_thumbnail_are_streamed_to_those_who_see_the_log(world, client_for, activity, persona):
    # given
    photo = PhotoFactory(activity=activity)
    client = client_for(world.users[persona])

    # when
    image = client.get(f"/api/v1/activity-photos/{photo.pk}/")
    thumbnail = client.get(f"/api/v1/activity-photos/{photo.pk}/thumbnail/")

    # then
    assert (image.status_code, thumbnail.status_code) == (200, 200)
    assert image["Content-Type"] == thumbnail["Content-Type"] == "image/jpeg"
    assert image["X-Content-Type-Options"] == "nosniff"
    assert image["Content-Disposition"] == f'inline; filename="activity-photo-{photo.pk}.jpg"'
    assert b"".join(image.streaming_content) == read_stored(photo.image.name)
    assert b"".join(thumbnail.streaming_content) == read_stored(photo.thumbnail.name)


@pytest.mark.parametrize("persona", ["other_volunteer", "other_coordinator"])
@pytest.mark.parametrize("suffix", ["", "thumbnail/"])
def test_someone_who_cannot_see_the_log_cannot_fetch_its_photo(world, client_for, activity, persona, suffix):
    # given
    photo = PhotoFactory(activity=activity)

    # when
    response = client_for(world.users[persona]).get(f"/api/v1/activity-photos/{photo.pk}/{suffix}")

    # then
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_anonymous_cannot_fetch_a_photo(api_client, activity):
    # given
    photo = PhotoFactory(activity=activity)

    # when
    response = api_client.get(f"/api/v1/activity-photos/{photo.pk}/")

    # then
    assert response.status_code == 401


def test_photos_are_not_served_from_media_url(world, client_for, activity):
    # given
    photo = PhotoFactory(activity=activity)

    # when
    response = client_for(world.users["partner_admin"]).get(f"/media/{photo.image.name}")

    # then
    assert response.status_code == 404


# Deleting


def test_deleting_a_photo_of_a_draft_removes_its_files(
    admin_client, activity, tmp_path, django_capture_on_commit_callbacks
):
    # given
    photo = PhotoFactory(activity=activity)
    kept = PhotoFactory(activity=activity)

    # when
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.delete(f"/api/v1/activity-photos/{photo.pk}/")

    # then
    assert response.status_code == 204
    assert list(activity.photos.values_list("pk", flat=True)) == [kept.pk]
    assert stored_files(tmp_path) == sorted([kept.image.name, kept.thumbnail.name])


@pytest.mark.parametrize(
    ("persona", "state", "expected", "code"),
    [
        ("partner_admin", {"submitted": True}, 409, "not_editable"),
        ("partner_admin", {"verified": True}, 409, "not_editable"),
        ("partner_member", {}, 403, "permission_denied"),
        ("coordinator", {}, 403, "permission_denied"),
        ("other_volunteer", {}, 404, "not_found"),
    ],
)
def test_refused_photo_deletions_change_nothing(world, client_for, tmp_path, persona, state, expected, code):
    # given
    photo = PhotoFactory(activity=ActivityFactory(partner=world.partner_x, **state))
    before = stored_files(tmp_path)

    # when
    response = client_for(world.users[persona]).delete(f"/api/v1/activity-photos/{photo.pk}/")

    # then
    assert response.status_code == expected
    assert response.json()["code"] == code
    assert ActivityPhoto.objects.filter(pk=photo.pk).exists()
    assert stored_files(tmp_path) == before
