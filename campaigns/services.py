"""Campaign, event and registration use cases. Capacity only changes under the event's row lock."""

import hashlib
import hmac
import uuid
from datetime import date, datetime, time, timedelta
from decimal import ROUND_DOWN, Decimal
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from accounts.models import Membership, User
from areas.models import Area, PracticeCenter
from campaigns import tasks
from campaigns.exceptions import (
    AlreadyRegistered,
    AreaOutsideCenter,
    BadCheckInCode,
    CapacityBelowConfirmed,
    CheckInClosed,
    CheckOutClosed,
    EventCancelled,
    InvalidSchedule,
    InvalidTransition,
    InvitationClosed,
    NotCancellable,
    NotCheckedIn,
    NotConfirmed,
    NotEnoughPlaces,
    NotInvitable,
    PartnerOnly,
    RegistrationClosed,
    ReservationFull,
    TimeClash,
    TooManyRegistrations,
    TooYoung,
)
from campaigns.models import Campaign, Event, Invitation, Registration, Reservation
from core.identity import age_on
from partners.models import Partner
from volunteers.models import WEEKDAYS, Skill, Volunteer

LOCAL_TZ = ZoneInfo(settings.TIME_ZONE)


def _notify(task, *args) -> None:
    """Queue a notice once the transaction has committed (never for a rolled-back change)."""
    transaction.on_commit(lambda: task.delay(*args))


def _check_areas_within(center: PracticeCenter, areas, field: str) -> None:
    for area in areas:
        if not area.path.startswith(center.area.path):
            raise AreaOutsideCenter(field=field)


# Campaigns ---------------------------------------------------------------------------------------


@transaction.atomic
def create_campaign(
    *,
    created_by: User,
    center: PracticeCenter,
    title: str,
    theme: str,
    starts_on: date,
    ends_on: date,
    description: str = "",
    target_areas: list[Area] = (),
    skills_wanted: list[Skill] = (),
    partner_kinds_wanted: list[str] = (),
) -> Campaign:
    """A coordinator drafts a campaign for their center; target areas lie within the center's area."""
    if ends_on < starts_on:
        raise InvalidSchedule(field="ends_on")
    _check_areas_within(center, target_areas, "target_areas")
    campaign = Campaign.objects.create(
        created_by=created_by,
        center=center,
        title=title,
        theme=theme,
        starts_on=starts_on,
        ends_on=ends_on,
        description=description,
        partner_kinds_wanted=list(partner_kinds_wanted),
    )
    campaign.target_areas.set(target_areas)
    campaign.skills_wanted.set(skills_wanted)
    return campaign


@transaction.atomic
def update_campaign(*, campaign: Campaign, target_areas=None, skills_wanted=None, **fields) -> Campaign:
    """Edit a campaign's details (its center stays)."""
    for name, value in fields.items():
        setattr(campaign, name, value)
    if campaign.ends_on < campaign.starts_on:
        raise InvalidSchedule(field="ends_on")
    campaign.save()
    if target_areas is not None:
        _check_areas_within(campaign.center, target_areas, "target_areas")
        campaign.target_areas.set(target_areas)
    if skills_wanted is not None:
        campaign.skills_wanted.set(skills_wanted)
    return campaign


_CAMPAIGN_TRANSITIONS = {
    Campaign.Status.PUBLISHED: {Campaign.Status.DRAFT},
    Campaign.Status.CLOSED: {Campaign.Status.PUBLISHED},
    Campaign.Status.CANCELLED: {Campaign.Status.DRAFT, Campaign.Status.PUBLISHED},
}


@transaction.atomic
def set_campaign_status(*, campaign: Campaign, status: str) -> Campaign:
    """draft → published → closed, or → cancelled; cancelling cancels the campaign's coming events."""
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    if campaign.status not in _CAMPAIGN_TRANSITIONS[status]:
        raise InvalidTransition()
    campaign.status = status
    campaign.save(update_fields=["status", "updated_at"])
    if status == Campaign.Status.CANCELLED:
        for event in campaign.events.filter(status=Event.Status.SCHEDULED, ends_at__gt=timezone.now()):
            cancel_event(event=event)
    return campaign


# Events ------------------------------------------------------------------------------------------


def _check_event_times(starts_at: datetime, ends_at: datetime, opens_at, closes_at) -> None:
    if ends_at <= starts_at:
        raise InvalidSchedule(field="ends_at")
    if opens_at and closes_at and closes_at <= opens_at:
        raise InvalidSchedule(field="registration_closes_at")


@transaction.atomic
def create_event(
    *,
    campaign: Campaign,
    title: str,
    starts_at: datetime,
    ends_at: datetime,
    area: Area,
    address: str,
    capacity: int,
    description: str = "",
    latitude=None,
    longitude=None,
    skills_wanted: list[Skill] = (),
    registration_opens_at: datetime | None = None,
    registration_closes_at: datetime | None = None,
    min_age: int = 0,
    partner_only: Partner | None = None,
    series: uuid.UUID | None = None,
) -> Event:
    """Add a shift to a campaign, in the center's area."""
    _check_event_times(starts_at, ends_at, registration_opens_at, registration_closes_at)
    _check_areas_within(campaign.center, [area], "area")
    event = Event.objects.create(
        campaign=campaign,
        title=title,
        starts_at=starts_at,
        ends_at=ends_at,
        area=area,
        address=address,
        capacity=capacity,
        description=description,
        latitude=latitude,
        longitude=longitude,
        registration_opens_at=registration_opens_at,
        registration_closes_at=registration_closes_at,
        min_age=min_age,
        partner_only=partner_only,
        series=series,
    )
    event.skills_wanted.set(skills_wanted)
    return event


@transaction.atomic
def create_recurring_events(
    *,
    campaign: Campaign,
    weekdays: list[str],
    first_date: date,
    weeks: int,
    start_time: time,
    end_time: time,
    **event_fields,
) -> list[Event]:
    """One event per chosen weekday for `weeks` weeks from `first_date`, in local (Asia/Shanghai) time."""
    if end_time <= start_time:
        raise InvalidSchedule(field="end_time")
    series = uuid.uuid4()
    wanted = {WEEKDAYS.index(day) for day in weekdays}
    events = []
    for offset in range(weeks * 7):
        day = first_date + timedelta(days=offset)
        if day.weekday() in wanted:
            events.append(
                create_event(
                    campaign=campaign,
                    starts_at=datetime.combine(day, start_time, tzinfo=LOCAL_TZ),
                    ends_at=datetime.combine(day, end_time, tzinfo=LOCAL_TZ),
                    series=series,
                    **event_fields,
                )
            )
    return events


@transaction.atomic
def update_event(*, event: Event, skills_wanted=None, capacity: int | None = None, **fields) -> Event:
    """Edit an event. Raising capacity promotes from the waitlist; it never goes below confirmed places."""
    event = Event.objects.select_for_update().get(pk=event.pk)
    for name, value in fields.items():
        setattr(event, name, value)
    _check_event_times(event.starts_at, event.ends_at, event.registration_opens_at, event.registration_closes_at)
    if "area" in fields:
        _check_areas_within(event.campaign.center, [event.area], "area")
    if capacity is not None:
        if capacity < event.confirmed_count:
            raise CapacityBelowConfirmed(field="capacity")
        event.capacity = capacity
    event.save()
    if skills_wanted is not None:
        event.skills_wanted.set(skills_wanted)
    _promote_waitlisted(event)
    return event


@transaction.atomic
def cancel_event(*, event: Event, reason: str = "") -> Event:
    """The organizer cancels an event: every active registration is cancelled and told (with the reason, if any)."""
    event = Event.objects.select_for_update().get(pk=event.pk)
    if event.status == Event.Status.CANCELLED:
        raise InvalidTransition()
    now = timezone.now()
    affected = list(event.registrations.active().values_list("pk", flat=True))
    event.registrations.active().update(status=Registration.Status.CANCELLED, cancelled_at=now, updated_at=now)
    event.status, event.confirmed_count = Event.Status.CANCELLED, 0
    event.save(update_fields=["status", "confirmed_count", "updated_at"])
    event.reservations.all().delete()
    for registration_id in affected:
        _notify(tasks.send_event_cancelled_notice, registration_id, reason)
    return event


# Registration ------------------------------------------------------------------------------------


def _check_can_register(*, volunteer: Volunteer, event: Event, now: datetime) -> None:
    if event.status == Event.Status.CANCELLED:
        raise EventCancelled()
    closes_at = event.registration_closes_at or event.starts_at
    opens_at = event.registration_opens_at
    if event.campaign.status != Campaign.Status.PUBLISHED or now >= closes_at or (opens_at and now < opens_at):
        raise RegistrationClosed()
    if (
        event.partner_only_id
        and not Membership.objects.filter(
            user_id=volunteer.user_id, partner_id=event.partner_only_id, status=Membership.Status.ACTIVE
        ).exists()
    ):
        raise PartnerOnly()
    if event.min_age and age_on(volunteer.birth_date, timezone.localtime(event.starts_at).date()) < event.min_age:
        raise TooYoung()
    if event.registrations.active().filter(volunteer=volunteer).exists():
        raise AlreadyRegistered()
    if Registration.objects.confirmed().overlapping(event).filter(volunteer=volunteer).exists():
        raise TimeClash()


def _check_cap(volunteer: Volunteer, now: datetime) -> None:
    upcoming = Registration.objects.confirmed().filter(volunteer=volunteer, event__starts_at__gt=now).count()
    if upcoming >= settings.MAX_UPCOMING_REGISTRATIONS:
        raise TooManyRegistrations()


@transaction.atomic
def register_for_event(
    *, volunteer: Volunteer, event: Event, note: str = "", now: datetime | None = None
) -> Registration:
    """Confirm the volunteer if the event has room, otherwise put them on the waitlist.

    Locks the volunteer (so their clash and cap checks see every other registration of theirs) and
    then the event (so capacity is counted by one transaction at a time); always in that order.
    """
    now = now or timezone.now()
    volunteer = Volunteer.objects.select_for_update().get(pk=volunteer.pk)
    event = Event.objects.select_for_update().select_related("campaign").get(pk=event.pk)
    _check_can_register(volunteer=volunteer, event=event, now=now)
    if event.confirmed_count < event.capacity:
        _check_cap(volunteer, now)
        status = Registration.Status.CONFIRMED
        Event.objects.filter(pk=event.pk).update(confirmed_count=F("confirmed_count") + 1)
    else:
        status = Registration.Status.WAITLISTED
    try:
        with transaction.atomic():
            registration = Registration.objects.create(event=event, volunteer=volunteer, note=note, status=status)
    except IntegrityError:  # the partial unique constraint: a parallel request got there first
        raise AlreadyRegistered() from None
    _notify(tasks.send_registration_notice, registration.pk)
    return registration


def waitlist_position(registration: Registration) -> int | None:
    """1 for the first in line; None unless waitlisted."""
    if registration.status != Registration.Status.WAITLISTED:
        return None
    ahead = Registration.objects.waitlisted().filter(event_id=registration.event_id)
    return (
        ahead.filter(created_at__lt=registration.created_at).count()
        + ahead.filter(created_at=registration.created_at, pk__lt=registration.pk).count()
        + 1
    )


def _promote_waitlisted(event: Event) -> list[Registration]:
    """Fill free places from the waitlist in order; the event row must be locked by the caller.

    A waitlisted volunteer who meanwhile confirmed a clashing event stays waitlisted and is passed over.
    """
    event.refresh_from_db(fields=["capacity", "confirmed_count"])
    promoted = []
    free = event.capacity - event.confirmed_count
    if free <= 0:
        return promoted
    now = timezone.now()
    for candidate in event.registrations.waitlisted().select_related("volunteer"):
        if len(promoted) == free:
            break
        if Registration.objects.confirmed().overlapping(event).filter(volunteer=candidate.volunteer).exists():
            continue
        candidate.status, candidate.promoted_at = Registration.Status.CONFIRMED, now
        candidate.save(update_fields=["status", "promoted_at", "updated_at"])
        promoted.append(candidate)
        _notify(tasks.send_promotion_notice, candidate.pk)
    if promoted:
        Event.objects.filter(pk=event.pk).update(confirmed_count=F("confirmed_count") + len(promoted))
    return promoted


@transaction.atomic
def cancel_registration(*, registration: Registration, now: datetime | None = None) -> Registration:
    """Cancel a place; a freed confirmed place goes to the first waitlisted volunteer.

    A cancellation less than LATE_CANCELLATION_HOURS before the start counts against reliability. A place
    taken from a partner's reservation returns to the reservation, not to the waitlist. A checked-in place
    cannot be cancelled.
    """
    now = now or timezone.now()
    event = Event.objects.select_for_update().get(pk=registration.event_id)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    # Once checked in, the volunteer is on site: their place is not free for the waitlist any more.
    if registration.status == Registration.Status.CANCELLED or registration.checked_in_at or event.ends_at <= now:
        raise NotCancellable()
    was_confirmed = registration.status == Registration.Status.CONFIRMED
    registration.status, registration.cancelled_at = Registration.Status.CANCELLED, now
    registration.late_cancellation = was_confirmed and event.starts_at - now < timedelta(
        hours=settings.LATE_CANCELLATION_HOURS
    )
    registration.save(update_fields=["status", "cancelled_at", "late_cancellation", "updated_at"])
    if was_confirmed and registration.reservation_id is None:
        Event.objects.filter(pk=event.pk).update(confirmed_count=F("confirmed_count") - 1)
        _promote_waitlisted(event)
    return registration


# Partner block booking ---------------------------------------------------------------------------


@transaction.atomic
def reserve_places(*, event: Event, partner: Partner, places: int, created_by: User) -> Reservation:
    """A partner admin holds `places` confirmed places for the partner's members (added to any earlier hold)."""
    event = Event.objects.select_for_update().select_related("campaign").get(pk=event.pk)
    if event.status == Event.Status.CANCELLED or event.starts_at <= timezone.now():
        raise RegistrationClosed()
    if event.free_places < places:
        raise NotEnoughPlaces(field="places")
    reservation, _created = Reservation.objects.get_or_create(
        event=event, partner=partner, defaults={"places": 0, "created_by": created_by}
    )
    Reservation.objects.filter(pk=reservation.pk).update(places=F("places") + places)
    Event.objects.filter(pk=event.pk).update(confirmed_count=F("confirmed_count") + places)
    reservation.refresh_from_db()
    return reservation


@transaction.atomic
def assign_reserved_place(*, reservation: Reservation, volunteer: Volunteer) -> Registration:
    """Give one reserved place to a member of the partner; the usual clash rules hold."""
    volunteer = Volunteer.objects.select_for_update().get(pk=volunteer.pk)
    event = Event.objects.select_for_update().select_related("campaign").get(pk=reservation.event_id)
    reservation = Reservation.objects.select_for_update().get(pk=reservation.pk)
    if not Membership.objects.filter(
        user_id=volunteer.user_id, partner_id=reservation.partner_id, status=Membership.Status.ACTIVE
    ).exists():
        raise PartnerOnly(field="volunteer")
    if event.status == Event.Status.CANCELLED:
        raise EventCancelled()
    if event.registrations.active().filter(volunteer=volunteer).exists():
        raise AlreadyRegistered(field="volunteer")
    if Registration.objects.confirmed().overlapping(event).filter(volunteer=volunteer).exists():
        raise TimeClash(field="volunteer")
    if reservation.registrations.confirmed().count() >= reservation.places:
        raise ReservationFull()
    registration = Registration.objects.create(
        event=event, volunteer=volunteer, status=Registration.Status.CONFIRMED, reservation=reservation
    )
    _notify(tasks.send_registration_notice, registration.pk)
    return registration


@transaction.atomic
def release_places(*, reservation: Reservation, places: int) -> Reservation:
    """Give unassigned reserved places back to the event (and so to its waitlist)."""
    event = Event.objects.select_for_update().get(pk=reservation.event_id)
    reservation = Reservation.objects.select_for_update().get(pk=reservation.pk)
    unassigned = reservation.places - reservation.registrations.confirmed().count()
    if places > unassigned:
        raise NotEnoughPlaces(field="places")
    Reservation.objects.filter(pk=reservation.pk).update(places=F("places") - places)
    Event.objects.filter(pk=event.pk).update(confirmed_count=F("confirmed_count") - places)
    _promote_waitlisted(event)
    reservation.refresh_from_db()
    return reservation


# Check-in, check-out and attendance --------------------------------------------------------------

CHECK_IN_OPENS_BEFORE = timedelta(hours=1)
CHECK_OUT_CLOSES_AFTER = timedelta(hours=3)
CODE_PERIOD_SECONDS = 30


def _code_for(event_id: int, window: int) -> str:
    digest = hmac.new(settings.SECRET_KEY.encode(), f"check-in:{event_id}:{window}".encode(), hashlib.sha256)
    return f"{int(digest.hexdigest()[:10], 16) % 1_000_000:06d}"


def check_in_code(*, event: Event, now: datetime | None = None) -> dict:
    """The rotating 6-digit code the organizer's screen shows (and encodes in its QR code).

    A code is accepted during its own 30-second period and the next one, so a photo of it forwarded to
    someone who is not there stops working within a minute.
    """
    now = now or timezone.now()
    window = int(now.timestamp()) // CODE_PERIOD_SECONDS
    refresh_at = datetime.fromtimestamp((window + 1) * CODE_PERIOD_SECONDS, tz=now.tzinfo or LOCAL_TZ)
    return {
        "code": _code_for(event.pk, window),
        "refresh_at": refresh_at,
        "valid_until": refresh_at + timedelta(seconds=CODE_PERIOD_SECONDS),
    }


def _check_code(event: Event, code: str, now: datetime) -> None:
    window = int(now.timestamp()) // CODE_PERIOD_SECONDS
    if not any(hmac.compare_digest(code, _code_for(event.pk, w)) for w in (window, window - 1)):
        raise BadCheckInCode(field="code")


def hours_served(*, registration: Registration, event: Event) -> Decimal:
    """Time on site within the event's hours, rounded down to the configured step (e.g. half hours)."""
    start = max(registration.checked_in_at, event.starts_at)
    end = min(registration.checked_out_at, event.ends_at)
    seconds = max((end - start).total_seconds(), 0)
    step = Decimal(settings.SERVICE_HOURS_STEP)
    return (Decimal(seconds) / Decimal(3600) / step).to_integral_value(rounding=ROUND_DOWN) * step


@transaction.atomic
def check_in(*, registration: Registration, code: str | None = None, now: datetime | None = None) -> Registration:
    """Check a volunteer in by the screen's code (volunteer) or by hand (`code=None`, the organizer)."""
    now = now or timezone.now()
    registration = Registration.objects.select_for_update().select_related("event").get(pk=registration.pk)
    event = registration.event
    if registration.status != Registration.Status.CONFIRMED:
        raise NotConfirmed()
    if event.status == Event.Status.CANCELLED or not (event.starts_at - CHECK_IN_OPENS_BEFORE <= now <= event.ends_at):
        raise CheckInClosed()
    if code is not None:
        _check_code(event, code, now)
    if registration.checked_in_at is None:
        registration.checked_in_at, registration.attendance = now, Registration.Attendance.ATTENDED
        registration.save(update_fields=["checked_in_at", "attendance", "updated_at"])
    return registration


@transaction.atomic
def check_out(*, registration: Registration, code: str | None = None, now: datetime | None = None) -> Registration:
    """Check a volunteer out; their hours go to the ledger by the rounding policy."""
    from volunteers.services import credit_event_hours

    now = now or timezone.now()
    registration = Registration.objects.select_for_update().select_related("event").get(pk=registration.pk)
    event = registration.event
    if registration.checked_in_at is None:
        raise NotCheckedIn()
    if not (event.starts_at <= now <= event.ends_at + CHECK_OUT_CLOSES_AFTER):
        raise CheckOutClosed()
    if code is not None:
        _check_code(event, code, now)
    if registration.checked_out_at is None:
        registration.checked_out_at = now
        registration.save(update_fields=["checked_out_at", "updated_at"])
        credit_event_hours(registration=registration, hours=hours_served(registration=registration, event=event))
    return registration


@transaction.atomic
def close_attendance(*, now: datetime | None = None) -> dict:
    """After events end: no check-in → no-show; checked in but never out → out at the event's end."""
    from volunteers.services import credit_event_hours

    now = now or timezone.now()
    ended = Registration.objects.confirmed().filter(event__ends_at__lt=now - CHECK_OUT_CLOSES_AFTER)
    no_shows = ended.filter(checked_in_at__isnull=True, attendance=Registration.Attendance.PENDING).update(
        attendance=Registration.Attendance.NO_SHOW, updated_at=now
    )
    closed = 0
    for registration in ended.filter(checked_in_at__isnull=False, checked_out_at__isnull=True).select_related("event"):
        registration.checked_out_at = registration.event.ends_at
        registration.save(update_fields=["checked_out_at", "updated_at"])
        credit_event_hours(
            registration=registration, hours=hours_served(registration=registration, event=registration.event)
        )
        closed += 1
    return {"no_shows": no_shows, "checked_out": closed}


@transaction.atomic
def excuse_no_show(*, registration: Registration) -> Registration:
    """An organizer excuses a no-show (illness, …): it no longer counts against reliability."""
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.attendance != Registration.Attendance.NO_SHOW:
        raise InvalidTransition()
    registration.attendance = Registration.Attendance.EXCUSED
    registration.save(update_fields=["attendance", "updated_at"])
    return registration


# Invitations and campaign plans ------------------------------------------------------------------


@transaction.atomic
def invite_volunteers(*, event: Event, volunteer_ids: list[int], invited_by: User) -> list[Invitation]:
    """Invite volunteers who pass the event's hard rules; one pending invitation per volunteer and event."""
    from campaigns.selectors import candidate_pool, score_pool, weights_for

    wanted = set(volunteer_ids)
    allowed = set(candidate_pool(event).filter(pk__in=wanted).values_list("pk", flat=True))
    if wanted - allowed:
        raise NotInvitable(field="volunteers")
    already = set(
        Invitation.objects.filter(event=event, status=Invitation.Status.PENDING, volunteer_id__in=wanted).values_list(
            "volunteer_id", flat=True
        )
    )
    scored = score_pool(event, weights_for(event.campaign))
    score_of = {int(i): float(t) for i, t in zip(scored.ids, scored.totals, strict=True)}
    invitations = Invitation.objects.bulk_create(
        Invitation(
            event=event,
            volunteer_id=volunteer_id,
            invited_by=invited_by,
            score=Decimal(f"{score_of.get(volunteer_id, 0):.4f}"),
        )
        for volunteer_id in sorted(wanted - already)
    )
    for invitation in invitations:
        _notify(tasks.send_invitation_notice, invitation.pk)
    return invitations


@transaction.atomic
def accept_invitation(*, invitation: Invitation) -> Invitation:
    """The volunteer accepts: registration's own rules decide (confirmed, or waitlisted when full)."""
    invitation = Invitation.objects.select_for_update().select_related("event", "volunteer").get(pk=invitation.pk)
    if invitation.status != Invitation.Status.PENDING:
        raise InvitationClosed()
    registration = register_for_event(volunteer=invitation.volunteer, event=invitation.event)
    invitation.status, invitation.registration, invitation.responded_at = (
        Invitation.Status.ACCEPTED,
        registration,
        timezone.now(),
    )
    invitation.save(update_fields=["status", "registration", "responded_at", "updated_at"])
    return invitation


@transaction.atomic
def decline_invitation(*, invitation: Invitation) -> Invitation:
    """The volunteer declines; nothing counts against them."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.status != Invitation.Status.PENDING:
        raise InvitationClosed()
    invitation.status, invitation.responded_at = Invitation.Status.DECLINED, timezone.now()
    invitation.save(update_fields=["status", "responded_at", "updated_at"])
    return invitation


@transaction.atomic
def apply_plan(*, campaign: Campaign, assignments: list[dict], invited_by: User) -> list[Invitation]:
    """Send the plan's invitations (not registrations): each volunteer still chooses, and the rules hold."""
    by_event: dict[Event, list[int]] = {}
    for item in assignments:
        if item["event"].campaign_id != campaign.pk:
            raise NotInvitable(field="assignments")
        by_event.setdefault(item["event"], []).append(item["volunteer"])
    invitations = []
    for event, volunteer_ids in by_event.items():
        invitations += invite_volunteers(event=event, volunteer_ids=volunteer_ids, invited_by=invited_by)
    return invitations
