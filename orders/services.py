"""Service-order use cases: ordering, dispatch and escalation, taking, the work, rating, and the SLA sweep.

Every change of an order writes one `StatusChange` row (who, when, what) and queues its notices once the
transaction has committed. An order is taken under its row lock and by a conditional UPDATE that only
succeeds while nobody has taken it, with a unique constraint on accepted offers behind both.
"""

import hmac
import secrets
from datetime import datetime, timedelta
from decimal import Decimal

from django.conf import settings
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Membership, User
from accounts.scopes import scope_of
from accounts.services import record_audit
from areas.models import Area, PracticeCenter, ancestor_paths
from campaigns.models import Campaign, Event
from core import crypto
from orders import tasks
from orders.exceptions import (
    AlreadyRated,
    AlreadyTaken,
    AssigneeNotAvailable,
    AssigneeOutsideArea,
    BadVerificationCode,
    ContactPhoneRequired,
    DuplicateParticipant,
    EventAlreadyOpened,
    FollowUpClosed,
    HoursViaEvent,
    InvalidTimes,
    InvalidTransition,
    ItemNameTaken,
    ItemNotOffered,
    NoCenter,
    NoHigherLevel,
    NoPhotos,
    NotACommunity,
    NotCompleted,
    NotYourCapacity,
    OfferClosed,
    OneAssigneeKind,
    ParticipantNotEligible,
    TooManyCodes,
    TooManyPhotos,
    VerificationRequired,
)
from orders.models import (
    Category,
    FollowUp,
    Offer,
    OrderParticipant,
    OrderPhoto,
    PhoneVerification,
    Rating,
    ServiceItem,
    ServiceOrder,
    StatusChange,
    contact_phone_hash,
    tracking_token_hash,
)
from orders.sla import deadline
from partners.models import Partner
from partners.photos import process_photo
from volunteers.models import Volunteer, VolunteerTeam
from volunteers.services import credit_order_hours

CODE_INDEX = "order-code"
CODE_LIFETIME = timedelta(minutes=10)
CODES_PER_HOUR = 5
CODE_FAILURES_ALLOWED = 5
MAX_PHOTOS_PER_ORDER = 20
LOW_RATING = 2  # this score or lower opens a follow-up for the center
RESIDENT_CANCELLED = _("Withdrawn by the resident.")

Status = ServiceOrder.Status
Action = StatusChange.Action
Role = StatusChange.ActorRole


# Which center serves an area -------------------------------------------------------------------------


def serving_center(area: Area) -> PracticeCenter | None:
    """The practice center nearest above (or at) the area: its station, else its street's institute, else the center."""
    centers = PracticeCenter.objects.filter(area__path__in=ancestor_paths(area.path)).select_related("area")
    return centers.order_by("-area__path").first()


def center_above(center: PracticeCenter) -> PracticeCenter | None:
    """The next practice center up the area tree (station → institute → center), or None at the top."""
    above = ancestor_paths(center.area.path)[:-1]
    return PracticeCenter.objects.filter(area__path__in=above).select_related("area").order_by("-area__path").first()


# History and notices --------------------------------------------------------------------------------


def _role_of(user, order: ServiceOrder) -> str:
    if user is None:
        return Role.SYSTEM
    return Role.STAFF if scope_of(user).covers_area(order.community) else Role.TAKER


def _record(order: ServiceOrder, action: str, *, actor=None, role: str, note: str = "", **detail) -> StatusChange:
    """Append a line to the order's history and queue its notices for after the commit."""
    change = StatusChange.objects.create(
        order=order,
        action=action,
        actor=actor if actor is not None and actor.is_authenticated else None,
        actor_role=role,
        status=order.status,
        center_id=order.center_id,
        note=note[:500],
        detail=detail,
    )
    transaction.on_commit(lambda: tasks.notify_status_change.delay(change.pk))
    return change


def _start_step(order: ServiceOrder, now: datetime) -> None:
    """Set the deadline of the step the order's status puts it in (none once it is closed)."""
    order.due_at = deadline(order.step, now) if order.step else None
    order.overdue = False


def _lock(order: ServiceOrder) -> ServiceOrder:
    """The order re-read under its row lock (the order's row only: its center and areas stay free)."""
    return _locked_orders().select_related("center__area", "community").get(pk=order.pk)


def _locked_orders():
    return ServiceOrder.objects.select_for_update(of=("self",), no_key=True)


def _withdraw_offers(order: ServiceOrder, now: datetime) -> None:
    order.offers.filter(status=Offer.Status.OFFERED).update(
        status=Offer.Status.WITHDRAWN, responded_at=now, updated_at=now
    )


# Residents' one-time codes ---------------------------------------------------------------------------


def _code_hash(phone_digest: str, code: str) -> str:
    return crypto.blind_index(f"{phone_digest}:{code}", purpose=CODE_INDEX)


def _failures_key(phone_digest: str) -> str:
    return f"order-code-failures:{phone_digest}"


@transaction.atomic
def send_verification_code(*, phone: str, now: datetime | None = None) -> bool:
    """Text a 6-digit code to a resident's phone, valid 10 minutes, at most 5 a phone per hour.

    Returns False, sending nothing, when ordering needs no code (settings.ORDER_OTP_REQUIRED). The phone's
    row is locked, so concurrent requests count exactly; the text goes out inside the transaction, so a
    failed send neither counts nor leaves a code behind. Only the code's keyed hash is stored.
    """
    if not settings.ORDER_OTP_REQUIRED:
        return False
    now = now or timezone.now()
    digest = contact_phone_hash(phone)
    PhoneVerification.objects.get_or_create(phone_hash=digest, defaults={"code_hash": "", "expires_at": now})
    verification = PhoneVerification.objects.select_for_update().get(phone_hash=digest)
    recent = [sent for sent in verification.sent_at if datetime.fromisoformat(sent) > now - timedelta(hours=1)]
    if len(recent) >= CODES_PER_HOUR:
        raise TooManyCodes(field="phone")
    code = f"{secrets.randbelow(1_000_000):06d}"
    verification.code_hash, verification.used_at = _code_hash(digest, code), None
    verification.expires_at = now + CODE_LIFETIME
    verification.sent_at = [*recent, now.isoformat()]
    verification.save()
    cache.delete(_failures_key(digest))
    tasks.sms_backend().send(phone=phone, text=tasks.verification_text(code))
    return True


def _count_failure(key: str) -> None:
    """One wrong code more (cache add + incr: atomic, and kept although the request's transaction rolls back)."""
    lifetime = int(CODE_LIFETIME.total_seconds())
    cache.add(key, 0, timeout=lifetime)
    try:
        cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=lifetime)


def _use_code(phone: str, code: str, now: datetime) -> None:
    """Spend the phone's code: right, unexpired, unused and fewer than 5 wrong tries since it was sent."""
    if not code:
        raise VerificationRequired(field="code")
    digest = contact_phone_hash(phone)
    failures = _failures_key(digest)
    verification = PhoneVerification.objects.select_for_update().filter(phone_hash=digest).first()
    if (
        verification is None
        or cache.get(failures, 0) >= CODE_FAILURES_ALLOWED
        or verification.used_at is not None
        or verification.expires_at <= now
        or not hmac.compare_digest(verification.code_hash, _code_hash(digest, code))
    ):
        _count_failure(failures)
        raise BadVerificationCode(field="code")
    verification.used_at = now
    verification.save(update_fields=["used_at"])


# Ordering ------------------------------------------------------------------------------------------


@transaction.atomic
def place_order(
    *,
    community: Area,
    address: str,
    source: str = ServiceOrder.Source.RESIDENT,
    service_item: ServiceItem | None = None,
    title: str = "",
    category: str = "",
    description: str = "",
    preferred_start: datetime | None = None,
    preferred_end: datetime | None = None,
    contact_name: str = "",
    contact_phone: str = "",
    code: str = "",
    created_by: User | None = None,
    now: datetime | None = None,
) -> ServiceOrder:
    """Order a service from a center's menu, or describe a need, for a community.

    The order goes to the practice center nearest above the community. A resident's order needs their
    mobile number (and, when ORDER_OTP_REQUIRED is on, the code texted to it); a community worker's or a
    patrol's may have none. The tracking link is texted to the number once the order is saved.
    """
    now = now or timezone.now()
    if community.level not in (Area.Level.COMMUNITY, Area.Level.VILLAGE):
        raise NotACommunity(field="community")
    center = serving_center(community)
    if center is None:
        raise NoCenter(field="community")
    if service_item is not None:
        if not service_item.active or not community.path.startswith(service_item.center.area.path):
            raise ItemNotOffered(field="service_item")
        title, category = title or service_item.name, service_item.category
    if preferred_start and preferred_end and preferred_end <= preferred_start:
        raise InvalidTimes(field="preferred_end")
    if source == ServiceOrder.Source.RESIDENT:
        if not contact_phone:
            raise ContactPhoneRequired(field="contact_phone")
        if settings.ORDER_OTP_REQUIRED:
            _use_code(contact_phone, code, now)
    token = secrets.token_urlsafe(16)
    order = ServiceOrder(
        source=source,
        service_item=service_item,
        category=category or Category.OTHER,
        title=title,
        description=description,
        community=community,
        address=address,
        preferred_start=preferred_start,
        preferred_end=preferred_end,
        contact_name=contact_name,
        contact_phone=contact_phone,
        contact_phone_hash=contact_phone_hash(contact_phone) if contact_phone else "",
        tracking_token=token,
        tracking_token_hash=tracking_token_hash(token),
        created_by=created_by if created_by is not None and created_by.is_authenticated else None,
        center=center,
        status=Status.SUBMITTED,
    )
    _start_step(order, now)
    order.save()
    role = Role.RESIDENT if source == ServiceOrder.Source.RESIDENT else Role.STAFF
    _record(order, Action.CREATED, actor=created_by, role=role, source=source)
    return order


# Dispatch, publication, escalation -------------------------------------------------------------------


def _check_team(order: ServiceOrder, team: VolunteerTeam, field: str = "team") -> None:
    if not team.active:
        raise AssigneeNotAvailable(field=field)
    if not order.can_be_served_from(team.center.area if team.center_id else team.partner.area):
        raise AssigneeOutsideArea(field=field)


def _check_partner(order: ServiceOrder, partner: Partner, field: str = "partner") -> None:
    if partner.status != Partner.Status.APPROVED:
        raise AssigneeNotAvailable(field=field)
    if not order.can_be_served_from(partner.area):
        raise AssigneeOutsideArea(field=field)


def _check_volunteer(order: ServiceOrder, volunteer: Volunteer, field: str = "volunteers") -> None:
    if volunteer.status != Volunteer.Status.ACTIVE:
        raise AssigneeNotAvailable(field=field)
    if not order.can_be_served_from(volunteer.home_area):
        raise AssigneeOutsideArea(field=field)


@transaction.atomic
def dispatch_order(
    *,
    order: ServiceOrder,
    dispatched_by: User,
    team: VolunteerTeam | None = None,
    partner: Partner | None = None,
    volunteers: list[Volunteer] = (),
    note: str = "",
    now: datetime | None = None,
) -> ServiceOrder:
    """Offer a waiting order to one team, one partner, or a few volunteers (the first to accept takes it).

    Each must be able to serve it (`ServiceOrder.can_be_served_from`); offers still open are withdrawn first,
    so the center can redirect an order nobody has taken yet, or pull it back from the board.
    """
    now = now or timezone.now()
    if sum((team is not None, partner is not None, bool(volunteers))) != 1:
        raise OneAssigneeKind()
    order = _lock(order)
    if order.status not in ServiceOrder.WAITING:
        raise InvalidTransition()
    if team is not None:
        _check_team(order, team)
        offers, detail = [Offer(team=team)], {"team": team.pk}
    elif partner is not None:
        _check_partner(order, partner)
        offers, detail = [Offer(partner=partner)], {"partner": partner.pk}
    else:
        for volunteer in volunteers:
            _check_volunteer(order, volunteer)
        offers, detail = [Offer(volunteer=v) for v in volunteers], {"volunteers": [v.pk for v in volunteers]}
    _withdraw_offers(order, now)
    for offer in offers:
        offer.order, offer.offered_by = order, dispatched_by
    Offer.objects.bulk_create(offers)
    order.status, order.dispatched_at = Status.DISPATCHED, order.dispatched_at or now
    _start_step(order, now)
    order.save()
    _record(order, Action.DISPATCHED, actor=dispatched_by, role=Role.STAFF, note=note, **detail)
    return order


@transaction.atomic
def publish_order(*, order: ServiceOrder, published_by: User, note: str = "", now: datetime | None = None):
    """Put a waiting order on the board, where the first eligible team, partner or volunteer takes it."""
    now = now or timezone.now()
    order = _lock(order)
    if order.status not in (Status.SUBMITTED, Status.DISPATCHED):
        raise InvalidTransition()
    _withdraw_offers(order, now)
    order.status, order.dispatched_at = Status.PUBLISHED, order.dispatched_at or now
    _start_step(order, now)
    order.save()
    _record(order, Action.PUBLISHED, actor=published_by, role=Role.STAFF, note=note)
    return order


def _hand_up(order: ServiceOrder, above: PracticeCenter, now: datetime) -> None:
    _withdraw_offers(order, now)
    order.center, order.status = above, Status.SUBMITTED
    _start_step(order, now)
    order.save()


@transaction.atomic
def escalate_order(*, order: ServiceOrder, escalated_by: User, reason: str, now: datetime | None = None):
    """This level cannot serve the order: hand it to the next center up (station → institute → center)."""
    now = now or timezone.now()
    order = _lock(order)
    if order.status not in ServiceOrder.WAITING:
        raise InvalidTransition()
    above = center_above(order.center)
    if above is None:
        raise NoHigherLevel()
    from_center = order.center_id
    _hand_up(order, above, now)
    _record(order, Action.ESCALATED, actor=escalated_by, role=Role.STAFF, note=reason, from_center=from_center)
    return order


@transaction.atomic
def cancel_order(*, order: ServiceOrder, reason: str, cancelled_by: User | None = None, now: datetime | None = None):
    """Staff cancel an open order with a reason (its sign-up event, if any, is cancelled too); or the resident
    cancels one nobody has taken yet (`cancelled_by=None`)."""
    from campaigns.services import cancel_event

    now = now or timezone.now()
    order = _lock(order)
    allowed = ServiceOrder.OPEN if cancelled_by is not None else ServiceOrder.WAITING
    if order.status not in allowed:
        raise InvalidTransition()
    _withdraw_offers(order, now)
    order.status, order.cancel_reason, order.cancelled_at = Status.CANCELLED, reason, now
    _start_step(order, now)
    order.save()
    if order.event_id and order.event.status == Event.Status.SCHEDULED:
        cancel_event(event=order.event)
    role = Role.RESIDENT if cancelled_by is None else Role.STAFF
    _record(order, Action.CANCELLED, actor=cancelled_by, role=role, note=reason)
    return order


# Taking ---------------------------------------------------------------------------------------------


def _take(order: ServiceOrder, *, expected: str, now: datetime, **taker) -> None:
    """Take the order for one team, partner or volunteer: a conditional UPDATE that succeeds once."""
    taken = ServiceOrder.objects.filter(pk=order.pk, status=expected).update(
        status=Status.ACCEPTED,
        taken_at=now,
        due_at=deadline("complete", now),
        overdue=False,
        updated_at=now,
        **taker,
    )
    if taken != 1:
        raise AlreadyTaken()
    order.refresh_from_db()


def _refuse_unless(order: ServiceOrder, status: str) -> None:
    if order.status in (Status.ACCEPTED, Status.COMPLETED):
        raise AlreadyTaken()
    if order.status != status:
        raise InvalidTransition()


@transaction.atomic
def accept_offer(*, offer: Offer, accepted_by: User, now: datetime | None = None) -> ServiceOrder:
    """The team, partner or volunteer accepts: they take the order and the other open offers are withdrawn."""
    now = now or timezone.now()
    order = _lock(offer.order)
    offer = Offer.objects.select_for_update().get(pk=offer.pk)
    if offer.status != Offer.Status.OFFERED:
        raise OfferClosed()
    _refuse_unless(order, Status.DISPATCHED)
    _take(order, expected=Status.DISPATCHED, now=now, **_taker_of(offer))
    offer.status, offer.responded_by, offer.responded_at = Offer.Status.ACCEPTED, accepted_by, now
    offer.save(update_fields=["status", "responded_by", "responded_at", "updated_at"])
    _withdraw_offers(order, now)
    _record(order, Action.ACCEPTED, actor=accepted_by, role=Role.TAKER, offer=offer.pk)
    return order


def _taker_of(offer: Offer) -> dict:
    return {"team_id": offer.team_id, "partner_id": offer.partner_id, "volunteer_id": offer.volunteer_id}


@transaction.atomic
def decline_offer(*, offer: Offer, declined_by: User, reason: str, now: datetime | None = None) -> Offer:
    """Decline with a reason; when no offer is left open, the order goes back to the center to dispatch again."""
    now = now or timezone.now()
    order = _lock(offer.order)
    offer = Offer.objects.select_for_update().get(pk=offer.pk)
    if offer.status != Offer.Status.OFFERED:
        raise OfferClosed()
    offer.status, offer.reason = Offer.Status.DECLINED, reason
    offer.responded_by, offer.responded_at = declined_by, now
    offer.save(update_fields=["status", "reason", "responded_by", "responded_at", "updated_at"])
    if order.status == Status.DISPATCHED and not order.offers.filter(status=Offer.Status.OFFERED).exists():
        order.status = Status.SUBMITTED
        _start_step(order, now)
        order.save()
    _record(order, Action.DECLINED, actor=declined_by, role=Role.TAKER, note=reason, offer=offer.pk)
    return offer


@transaction.atomic
def grab_order(
    *,
    order: ServiceOrder,
    grabbed_by: User,
    team: VolunteerTeam | None = None,
    partner: Partner | None = None,
    now: datetime | None = None,
) -> ServiceOrder:
    """Take an order from the board, first come first served: for a team one leads, a partner one administers,
    or (neither given) oneself as a volunteer. Of simultaneous takers exactly one succeeds."""
    now = now or timezone.now()
    if team is not None and partner is not None:
        raise OneAssigneeKind()
    scope = scope_of(grabbed_by)
    if team is not None:
        if team.leader_id != scope.volunteer_id:
            raise NotYourCapacity()
        taker = {"team_id": team.pk}
    elif partner is not None:
        if partner.pk not in scope.admin_partner_ids:
            raise NotYourCapacity()
        taker = {"partner_id": partner.pk}
    else:
        if scope.volunteer_id is None:
            raise NotYourCapacity()
        taker = {"volunteer_id": scope.volunteer_id}
    order = _lock(order)
    _refuse_unless(order, Status.PUBLISHED)
    if team is not None:
        _check_team(order, team)
    elif partner is not None:
        _check_partner(order, partner)
    else:
        _check_volunteer(order, Volunteer.objects.select_related("home_area").get(pk=scope.volunteer_id))
    _take(order, expected=Status.PUBLISHED, now=now, **taker)
    _record(order, Action.GRABBED, actor=grabbed_by, role=Role.TAKER, **taker)
    return order


# The work -------------------------------------------------------------------------------------------


def _lock_taken(order: ServiceOrder) -> ServiceOrder:
    order = _lock(order)
    if order.status != Status.ACCEPTED:
        raise InvalidTransition()
    return order


@transaction.atomic
def schedule_order(
    *, order: ServiceOrder, scheduled_by: User, starts_at: datetime, ends_at: datetime, address: str = ""
) -> ServiceOrder:
    """Fix when (and, if it changed, where) the work will be done; the resident is told."""
    order = _lock_taken(order)
    if ends_at <= starts_at:
        raise InvalidTimes(field="ends_at")
    order.starts_at, order.ends_at, order.address = starts_at, ends_at, address or order.address
    order.save(update_fields=["starts_at", "ends_at", "address", "updated_at"])
    _record(order, Action.SCHEDULED, actor=scheduled_by, role=_role_of(scheduled_by, order))
    return order


@transaction.atomic
def open_event_for_order(
    *,
    order: ServiceOrder,
    opened_by: User,
    campaign: Campaign,
    capacity: int,
    starts_at: datetime,
    ends_at: datetime,
    title: str = "",
) -> Event:
    """Work that needs people who sign up becomes an event of one of the center's campaigns (registration,
    waitlist, check-in and the hours of check-out all as for any event)."""
    from campaigns.services import create_event

    order = _lock_taken(order)
    if order.event_id:
        raise EventAlreadyOpened()
    skills = list(order.service_item.skills.all()) if order.service_item_id else []
    event = create_event(
        campaign=campaign,
        title=title or order.title,
        starts_at=starts_at,
        ends_at=ends_at,
        area=order.community,
        address=order.address,
        capacity=capacity,
        description=order.description,
        skills_wanted=skills,
    )
    order.event, order.starts_at, order.ends_at = event, starts_at, ends_at
    order.save(update_fields=["event", "starts_at", "ends_at", "updated_at"])
    _record(order, Action.EVENT_OPENED, actor=opened_by, role=Role.STAFF, event=event.pk)
    return event


def _check_room_for_a_photo(order: ServiceOrder) -> None:
    if order.status != Status.ACCEPTED:
        raise InvalidTransition()
    if order.photos.count() >= MAX_PHOTOS_PER_ORDER:
        raise TooManyPhotos(limit=MAX_PHOTOS_PER_ORDER, field="image")


def add_order_photo(*, order: ServiceOrder, upload, uploaded_by: User) -> OrderPhoto:
    """Check, clean and store a photo of the work (the activity logs' rules: partners.photos).

    The image is processed before the order row is locked, so a large photo holds no lock while it decodes;
    the rules are checked again under the lock.
    """
    from partners.exceptions import ImageTooLarge

    _check_room_for_a_photo(order)
    if upload.size > settings.PHOTO_MAX_BYTES:  # refused before a byte of it is decoded
        raise ImageTooLarge(field="image")
    processed = process_photo(upload.read(), max_bytes=settings.PHOTO_MAX_BYTES, max_pixels=settings.PHOTO_MAX_PIXELS)
    with transaction.atomic():
        order = _lock(order)
        _check_room_for_a_photo(order)
        photo = OrderPhoto(order=order, width=processed.width, height=processed.height, uploaded_by=uploaded_by)
        photo.image.save("photo.jpg", ContentFile(processed.image), save=False)
        try:
            photo.thumbnail.save("thumbnail.jpg", ContentFile(processed.thumbnail), save=False)
            photo.save()
        except Exception:
            _delete_files(photo.image.name, photo.thumbnail.name)
            raise
    return photo


def _delete_files(*names: str) -> None:
    for name in names:
        if name:
            default_storage.delete(name)


@transaction.atomic
def delete_order_photo(*, photo: OrderPhoto) -> None:
    """Remove a photo while the work is not reported yet; its files go once the deletion has committed."""
    _lock_taken(photo.order)
    names = (photo.image.name, photo.thumbnail.name)
    photo.delete()
    transaction.on_commit(lambda: _delete_files(*names))


def _eligible_volunteer_ids(order: ServiceOrder) -> set[int]:
    """Who may be credited for the work: the volunteer who took it, the team's members, the partner's members."""
    if order.volunteer_id:
        return {order.volunteer_id}
    if order.team_id:
        return {order.team.leader_id, *order.team.members.values_list("pk", flat=True)}
    members = Membership.objects.filter(partner_id=order.partner_id, status=Membership.Status.ACTIVE)
    return set(Volunteer.objects.active().filter(user_id__in=members.values("user_id")).values_list("pk", flat=True))


@transaction.atomic
def complete_order(
    *,
    order: ServiceOrder,
    completed_by: User,
    note: str,
    participants: list[dict] = (),
    now: datetime | None = None,
) -> ServiceOrder:
    """Report the work done, with a note, the photos already added, and who served how many hours.

    The hours go to each volunteer's ledger (volunteers.services.credit_order_hours); an order opened for
    sign-up credits its hours through the event's check-outs instead. The resident is sent the rating link.
    """
    now = now or timezone.now()
    order = _lock_taken(order)
    if not order.photos.exists():
        raise NoPhotos()
    if participants and order.event_id:
        raise HoursViaEvent(field="participants")
    volunteer_ids = [row["volunteer"].pk for row in participants]
    if len(set(volunteer_ids)) != len(volunteer_ids):
        raise DuplicateParticipant(field="participants")
    if set(volunteer_ids) - _eligible_volunteer_ids(order):
        raise ParticipantNotEligible(field="participants")
    OrderParticipant.objects.bulk_create(
        OrderParticipant(order=order, volunteer=row["volunteer"], hours=row["hours"]) for row in participants
    )
    order.status, order.completion_note, order.completed_at, order.completed_by = (
        Status.COMPLETED,
        note,
        now,
        completed_by,
    )
    _start_step(order, now)
    order.save()
    records = credit_order_hours(order=order)
    hours = sum((record.hours for record in records), Decimal("0"))
    _record(
        order,
        Action.COMPLETED,
        actor=completed_by,
        role=_role_of(completed_by, order),
        credited=len(records),
        hours=str(hours),
    )
    return order


# Rating and follow-up -------------------------------------------------------------------------------


@transaction.atomic
def rate_order(*, order: ServiceOrder, score: int, comment: str = "") -> Rating:
    """The resident rates a completed order, once; a score of 2 or less opens a follow-up for the center."""
    order = _lock(order)
    if order.status != Status.COMPLETED:
        raise NotCompleted()
    if Rating.objects.filter(order=order).exists():
        raise AlreadyRated()
    try:
        with transaction.atomic():
            rating = Rating.objects.create(order=order, score=score, comment=comment)
    except IntegrityError:  # the one-to-one key: a parallel request got there first
        raise AlreadyRated() from None
    follow_up = FollowUp.objects.create(order=order, center=order.center) if score <= LOW_RATING else None
    _record(
        order,
        Action.RATED,
        role=Role.RESIDENT,
        note=comment,
        score=score,
        follow_up=follow_up.pk if follow_up else None,
    )
    return rating


@transaction.atomic
def close_follow_up(*, follow_up: FollowUp, closed_by: User, note: str, now: datetime | None = None) -> FollowUp:
    """A coordinator records what was done about a low rating and closes the follow-up."""
    now = now or timezone.now()
    follow_up = FollowUp.objects.select_for_update(of=("self",)).select_related("order").get(pk=follow_up.pk)
    if follow_up.status != FollowUp.Status.OPEN:
        raise FollowUpClosed()
    follow_up.status, follow_up.note, follow_up.closed_at, follow_up.closed_by = (
        FollowUp.Status.CLOSED,
        note,
        now,
        closed_by,
    )
    follow_up.save()
    _record(follow_up.order, Action.FOLLOW_UP_CLOSED, actor=closed_by, role=Role.STAFF, note=note)
    return follow_up


def reveal_contact(*, order: ServiceOrder, revealed_to: User, request=None) -> dict:
    """The resident's name and full number, for those who must call them; every look is audited."""
    record_audit(action="order_contact_viewed", actor=revealed_to, target=order, request=request)
    return {"contact_name": order.contact_name, "contact_phone": order.contact_phone}


# Menu ----------------------------------------------------------------------------------------------


def _save_item(item: ServiceItem) -> None:
    """Save a menu entry; a name the center's menu already has is refused (the unique constraint decides)."""
    try:
        with transaction.atomic():
            item.save()
    except IntegrityError:
        raise ItemNameTaken(field="name") from None


@transaction.atomic
def create_service_item(
    *, center: PracticeCenter, name: str, category: str, description: str = "", skills=(), active: bool = True
) -> ServiceItem:
    """Add a service to a center's menu."""
    item = ServiceItem(center=center, name=name, category=category, description=description, active=active)
    _save_item(item)
    item.skills.set(skills)
    return item


@transaction.atomic
def update_service_item(*, item: ServiceItem, skills=None, **fields) -> ServiceItem:
    """Edit a menu entry, or take it off the menu (`active=False`); orders already placed keep it."""
    for name, value in fields.items():
        setattr(item, name, value)
    _save_item(item)
    if skills is not None:
        item.skills.set(skills)
    return item


# Deadlines ------------------------------------------------------------------------------------------


@transaction.atomic
def _handle_overdue(order_id: int, now: datetime) -> str | None:
    order = _locked_orders().select_related("center__area", "community").get(pk=order_id)
    if order.status not in ServiceOrder.OPEN or order.overdue or order.due_at is None or order.due_at >= now:
        return None  # handled meanwhile
    step = order.step
    order.missed_deadlines += 1
    above = center_above(order.center) if step in ("dispatch", "take") else None
    if above is not None:
        from_center = order.center_id
        _hand_up(order, above, now)
        _record(order, Action.ESCALATED, role=Role.SYSTEM, missed_step=step, from_center=from_center)
        return "escalated"
    order.overdue = True
    order.save(update_fields=["missed_deadlines", "overdue", "updated_at"])
    _record(order, Action.OVERDUE, role=Role.SYSTEM, missed_step=step)
    return "flagged"


def handle_overdue_orders(*, now: datetime | None = None) -> dict:
    """The scheduled SLA sweep. An order past the deadline of its step counts a missed deadline, and:

    - waiting for dispatch or for a taker: it is handed to the next center up with a fresh dispatch
      deadline (offers withdrawn), or, at the top, flagged overdue;
    - taken but not completed: it is flagged overdue (the work is under way, so it stays where it is).

    Each order is handled in its own transaction under its row lock, so a run can repeat safely.
    """
    now = now or timezone.now()
    due = ServiceOrder.objects.filter(status__in=ServiceOrder.OPEN, overdue=False, due_at__lt=now)
    counts = {"escalated": 0, "flagged": 0}
    for order_id in list(due.order_by("due_at", "pk").values_list("pk", flat=True)):
        outcome = _handle_overdue(order_id, now)
        if outcome is not None:
            counts[outcome] += 1
    return counts
