"""A campaign's evidence archive (台账): one ZIP with an XLSX ledger and the activity photos in folders.

The ledger holds the campaign's events, its registrations (names with masked ID and mobile numbers), the hours
credited to each volunteer for it, the verified partner activities, and a list of the photos. Photos are read
from the storage one by one into a temporary file, so a large campaign never sits in memory.
"""

import io
import re
import zipfile
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.core.files.storage import default_storage
from django.db.models import Count, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook

from campaigns.models import Campaign, Registration
from core.identity import mask_id_number, mask_phone
from partners.models import ActivityPhoto, PartnerActivity
from targets.reports import HOURS, Sheet
from volunteers.models import ServiceRecord, Volunteer

LEDGER_NAME = "台账.xlsx"
PHOTO_FOLDER = "照片"
_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')


@dataclass
class ArchiveContents:
    photos: int
    missing: int


def folder_name(activity: PartnerActivity) -> str:
    """`2026-05-01 共建单位进社区清洁 #12`: sortable by date, unique by id, safe on every file system."""
    title = _UNSAFE.sub("_", activity.title).strip(" .") or "activity"
    return f"{activity.occurred_on.isoformat()} {title[:60]} #{activity.pk}"


def _local(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M") if moment else ""


def campaign_hours(campaign: Campaign) -> dict[int, Decimal]:
    """Net ledger hours per volunteer credited for the campaign's events and verified partner activities."""
    for_campaign = (
        Q(registration__event__campaign=campaign)
        | Q(partner_activity__campaign=campaign)
        | Q(reverses__registration__event__campaign=campaign)
        | Q(reverses__partner_activity__campaign=campaign)
    )
    rows = ServiceRecord.objects.filter(for_campaign).values("volunteer_id").annotate(total=Sum("hours")).order_by()
    return {row["volunteer_id"]: row["total"] for row in rows}


def build_ledger(campaign: Campaign, activities: list[PartnerActivity], photo_rows: list[tuple]) -> bytes:
    workbook = Workbook()
    attendance = dict(Registration.Attendance.choices)
    statuses = dict(Registration.Status.choices)

    events = Sheet(workbook, _("Events"), first=True)
    events.title(f"{campaign.title} · {campaign.starts_on} – {campaign.ends_on}")
    events.header(
        _("Event"), _("Starts"), _("Ends"), _("Area"), _("Address"), _("Capacity"), _("Confirmed"), _("Status")
    )
    for event in campaign.events.select_related("area").order_by("starts_at", "id"):
        events.row(
            event.title,
            _local(event.starts_at),
            _local(event.ends_at),
            event.area.name,
            event.address,
            event.capacity,
            event.confirmed_count,
            event.get_status_display(),
        )
    events.widths(30, 17, 17, 18, 30, 8, 8, 10)

    hours = campaign_hours(campaign)
    registrations = Sheet(workbook, _("Registrations"))
    registrations.header(
        _("Event"),
        _("Name"),
        _("ID number"),
        _("Mobile"),
        _("Status"),
        _("Attendance"),
        _("Checked in"),
        _("Checked out"),
    )
    people: dict[int, list] = {}
    queryset = (
        Registration.objects.filter(event__campaign=campaign)
        .select_related("event", "volunteer__user")
        .order_by("event__starts_at", "event_id", "created_at", "id")
    )
    for registration in queryset.iterator(chunk_size=2000):
        volunteer = registration.volunteer
        identity = [volunteer.real_name, mask_id_number(volunteer.id_number), mask_phone(volunteer.user.phone)]
        people.setdefault(volunteer.pk, identity)
        registrations.row(
            registration.event.title,
            *identity,
            statuses[registration.status],
            attendance[registration.attendance],
            _local(registration.checked_in_at),
            _local(registration.checked_out_at),
        )
    registrations.widths(30, 12, 20, 14, 10, 10, 17, 17)

    ledger = Sheet(workbook, _("Hours"))
    ledger.header(_("Name"), _("ID number"), _("Mobile"), _("Hours"))
    missing = [v for v in hours if v not in people]
    if missing:
        for volunteer in Volunteer.objects.filter(pk__in=missing).select_related("user"):
            people[volunteer.pk] = [
                volunteer.real_name,
                mask_id_number(volunteer.id_number),
                mask_phone(volunteer.user.phone),
            ]
    for volunteer_id, total in sorted(hours.items(), key=lambda item: (-item[1], item[0])):
        ledger.row(*people[volunteer_id], float(total), formats={4: HOURS})
    ledger.row(_("Total"), "", "", float(sum(hours.values(), Decimal("0"))), formats={4: HOURS})
    ledger.widths(12, 20, 14, 10)

    partner_sheet = Sheet(workbook, _("Partner activities"))
    partner_sheet.header(
        _("Date"),
        _("Partner"),
        _("Activity"),
        _("Area"),
        _("Address"),
        _("Participants"),
        _("Hours"),
        _("Photos"),
        _("Verified at"),
        _("Folder"),
    )
    for activity in activities:
        partner_sheet.row(
            activity.occurred_on.isoformat(),
            activity.partner.name,
            activity.title,
            activity.area.name,
            activity.address,
            activity.people,
            float(activity.hours or 0),
            activity.photo_total,
            _local(activity.reviewed_at),
            f"{PHOTO_FOLDER}/{folder_name(activity)}",
            formats={7: HOURS},
        )
    partner_sheet.widths(12, 24, 30, 18, 30, 8, 8, 8, 17, 50)

    photo_sheet = Sheet(workbook, _("Photos"))
    photo_sheet.header(_("File"), _("Activity"), _("Uploaded at"), _("In the archive"))
    for path, activity_title, uploaded_at, present in photo_rows:
        photo_sheet.row(path, activity_title, _local(uploaded_at), _("yes") if present else _("file missing"))
    photo_sheet.widths(60, 30, 17, 12)

    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def write_archive(campaign: Campaign, *, into, progress: Callable[[int], None]) -> ArchiveContents:
    """Write the ZIP into the open binary file `into`; `progress(percent)` is called as photos are added."""
    activities = list(
        PartnerActivity.objects.filter(campaign=campaign, status=PartnerActivity.Status.VERIFIED)
        .select_related("partner", "area")
        .annotate(
            people=Count("participants", distinct=True),
            photo_total=Count("photos", distinct=True),
        )
        .order_by("occurred_on", "id")
    )
    participant_hours = defaultdict(Decimal)
    for activity_id, hours in (
        PartnerActivity.objects.filter(pk__in=[a.pk for a in activities])
        .values_list("pk")
        .annotate(total=Sum("participants__hours"))
    ):
        participant_hours[activity_id] = hours or Decimal("0")
    for activity in activities:
        activity.hours = participant_hours[activity.pk]
    photos = list(
        ActivityPhoto.objects.filter(activity__in=[a.pk for a in activities])
        .select_related("activity")
        .order_by("activity__occurred_on", "activity_id", "uploaded_at", "id")
    )
    photo_rows, included, numbers = [], 0, defaultdict(int)
    with zipfile.ZipFile(into, "w", compression=zipfile.ZIP_DEFLATED) as bundle:
        for index, photo in enumerate(photos, start=1):
            numbers[photo.activity_id] += 1
            path = f"{PHOTO_FOLDER}/{folder_name(photo.activity)}/{numbers[photo.activity_id]:03d}.jpg"
            present = default_storage.exists(photo.image.name)
            if present:
                with default_storage.open(photo.image.name, "rb") as source, bundle.open(path, "w") as target:
                    for chunk in iter(lambda source=source: source.read(1 << 16), b""):
                        target.write(chunk)
                included += 1
            photo_rows.append((path, photo.activity.title, photo.uploaded_at, present))
            if index % 20 == 0 or index == len(photos):
                progress(int(90 * index / len(photos)))
        bundle.writestr(LEDGER_NAME, build_ledger(campaign, activities, photo_rows))
    return ArchiveContents(photos=included, missing=len(photos) - included)
