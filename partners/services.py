"""Co-building partner use cases: registration, review, members, agreements, campaigns and activity logs."""

from datetime import date
from decimal import Decimal

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.exceptions import NoSuchAccount, PhoneTaken
from accounts.models import AuditEvent, Membership, User, phone_hash
from accounts.scopes import forget_scope, scope_of
from accounts.services import check_new_password, record_audit
from areas.models import Area, PracticeCenter
from campaigns.models import Campaign
from partners import tasks
from partners.exceptions import (
    AlreadyInCampaign,
    AlreadyMember,
    AlreadyParticipating,
    AlreadyReviewed,
    CampaignNotOpen,
    CreditCodeRequired,
    CreditCodeTaken,
    DuplicateParticipant,
    ImageTooLarge,
    InvalidTerm,
    InviteeNotApproved,
    LastAdmin,
    NoParticipants,
    NoPhotos,
    NotAMember,
    NotEditable,
    NotParticipating,
    NotPending,
    NotPendingMember,
    NotSubmitted,
    OccurredInFuture,
    OwnActivity,
    PartnerNotApproved,
    TooManyPhotos,
)
from partners.models import (
    ActivityParticipant,
    ActivityPhoto,
    Agreement,
    CampaignParticipation,
    Commitment,
    Partner,
    PartnerActivity,
)
from partners.photos import process_photo
from volunteers.models import Volunteer
from volunteers.services import credit_activity_hours

MAX_PHOTOS_PER_ACTIVITY = 20


@transaction.atomic
def register_partner(
    *,
    name: str,
    kind: str,
    credit_code: str | None,
    area: Area,
    address: str,
    contact_name: str,
    contact_phone: str,
    description: str = "",
    admin_name: str,
    admin_phone: str,
    admin_password: str,
    request=None,
) -> Partner:
    """Register an organization and its first admin account; it waits for review as `pending`."""
    if kind != Partner.Kind.MILITARY and not credit_code:
        raise CreditCodeRequired(field="credit_code")
    if credit_code and Partner.objects.filter(credit_code=credit_code).exists():
        raise CreditCodeTaken(field="credit_code")
    if User.objects.filter(phone_hash=phone_hash(admin_phone)).exists():
        raise PhoneTaken(field="admin_phone")
    admin = User(name=admin_name, phone=admin_phone, phone_hash=phone_hash(admin_phone))
    check_new_password(admin_password, user=admin, field="admin_password")
    admin.set_password(admin_password)
    try:
        with transaction.atomic():
            admin.save()
            partner = Partner.objects.create(
                name=name,
                kind=kind,
                credit_code=credit_code or None,
                area=area,
                address=address,
                contact_name=contact_name,
                contact_phone=contact_phone,
                description=description,
            )
    except IntegrityError:  # a concurrent registration took the code or the phone
        if User.objects.filter(phone_hash=admin.phone_hash).exists():
            raise PhoneTaken(field="admin_phone") from None
        raise CreditCodeTaken(field="credit_code") from None
    Membership.objects.create(user=admin, role=Membership.Role.PARTNER_ADMIN, partner=partner)
    record_audit(action="partner_registered", actor=admin, target=partner, request=request)
    return partner


@transaction.atomic
def update_partner(*, partner: Partner, **fields) -> Partner:
    """Edit the organization's public details and contact."""
    for name, value in fields.items():
        setattr(partner, name, value)
    partner.save(update_fields=[*fields, "updated_at"])
    return partner


def _review(*, partner: Partner, reviewed_by: User, status: str, reason: str, request) -> Partner:
    # Not one atomic block: the refusal's audit record must outlive the refusal's rollback.
    with transaction.atomic():
        locked = Partner.objects.select_for_update().get(pk=partner.pk)
        if locked.status == Partner.Status.PENDING:
            locked.status, locked.review_reason = status, reason
            locked.reviewed_at, locked.reviewed_by = timezone.now(), reviewed_by
            locked.save(update_fields=["status", "review_reason", "reviewed_at", "reviewed_by", "updated_at"])
            record_audit(action=f"partner_{status}", actor=reviewed_by, target=locked, request=request)
            return locked
    record_audit(
        action=f"partner_{status}",
        actor=reviewed_by,
        target=locked,
        request=request,
        outcome=AuditEvent.Outcome.DENIED,
    )
    raise NotPending()


def approve_partner(*, partner: Partner, reviewed_by: User, reason: str = "", request=None) -> Partner:
    """A coordinator covering the partner's area, or a district admin, approves a pending partner."""
    return _review(
        partner=partner, reviewed_by=reviewed_by, status=Partner.Status.APPROVED, reason=reason, request=request
    )


def reject_partner(*, partner: Partner, reviewed_by: User, reason: str, request=None) -> Partner:
    """Reject a pending partner; the reason is shown to its admin."""
    return _review(
        partner=partner, reviewed_by=reviewed_by, status=Partner.Status.REJECTED, reason=reason, request=request
    )


@transaction.atomic
def add_member(*, partner: Partner, phone: str, role: str, added_by: User, request=None) -> Membership:
    """Enrol an existing account (found by mobile number) as a member or admin of the partner."""
    user = User.objects.filter(phone_hash=phone_hash(phone), is_active=True).first()
    if user is None:
        raise NoSuchAccount(field="phone")
    if Membership.objects.filter(user=user, partner=partner).exists():
        raise AlreadyMember(field="phone")
    membership = Membership.objects.create(user=user, role=role, partner=partner)
    forget_scope(user)
    record_audit(
        action="role_granted",
        actor=added_by,
        target=membership,
        request=request,
        detail={"user": user.pk, "role": role, "partner": partner.pk},
    )
    return membership


@transaction.atomic
def confirm_member(*, membership: Membership, confirmed_by: User, request=None) -> Membership:
    """Accept a volunteer who named the partner as their affiliation at sign-up."""
    if membership.status != Membership.Status.PENDING:
        raise NotPendingMember()
    membership.status = Membership.Status.ACTIVE
    membership.save(update_fields=["status", "updated_at"])
    record_audit(
        action="role_granted",
        actor=confirmed_by,
        target=membership,
        request=request,
        detail={"user": membership.user_id, "role": membership.role, "partner": membership.partner_id},
    )
    return membership


@transaction.atomic
def remove_member(*, membership: Membership, removed_by: User, request=None) -> None:
    """Remove a member or admin; the partner's last active admin cannot be removed."""
    Partner.objects.select_for_update().get(pk=membership.partner_id)  # serialize admin removals
    if membership.role == Membership.Role.PARTNER_ADMIN and not (
        Membership.objects.filter(
            partner_id=membership.partner_id, role=Membership.Role.PARTNER_ADMIN, status=Membership.Status.ACTIVE
        )
        .exclude(pk=membership.pk)
        .exists()
    ):
        raise LastAdmin()
    record_audit(
        action="role_revoked",
        actor=removed_by,
        target=membership,
        request=request,
        detail={"user": membership.user_id, "role": membership.role, "partner": membership.partner_id},
    )
    membership.delete()


def _replace_commitments(agreement: Agreement, commitments: list[dict]) -> None:
    agreement.commitments.all().delete()
    Commitment.objects.bulk_create(Commitment(agreement=agreement, **item) for item in commitments)


@transaction.atomic
def create_agreement(
    *,
    partner: Partner,
    title: str,
    starts_on: date,
    ends_on: date,
    commitments: list[dict],
    center: PracticeCenter | None = None,
    signed_on: date | None = None,
    notes: str = "",
) -> Agreement:
    """Record a co-building agreement: its term and its commitments."""
    if ends_on <= starts_on:
        raise InvalidTerm(field="ends_on")
    agreement = Agreement.objects.create(
        partner=partner,
        title=title,
        starts_on=starts_on,
        ends_on=ends_on,
        center=center,
        signed_on=signed_on,
        notes=notes,
    )
    _replace_commitments(agreement, commitments)
    return agreement


@transaction.atomic
def update_agreement(*, agreement: Agreement, commitments: list[dict] | None = None, **fields) -> Agreement:
    """Edit an agreement; a commitments list, when given, replaces the old one."""
    for name, value in fields.items():
        setattr(agreement, name, value)
    if agreement.ends_on <= agreement.starts_on:
        raise InvalidTerm(field="ends_on")
    agreement.save()
    if commitments is not None:
        _replace_commitments(agreement, commitments)
    return agreement


# Taking part in campaigns -------------------------------------------------------------------------


def _notify(task, *args) -> None:
    """Queue a notice once the transaction has committed (never for a rolled-back change)."""
    transaction.on_commit(lambda: task.delay(*args))


@transaction.atomic
def express_interest(
    *, partner: Partner, campaign: Campaign, commitment: str, created_by: User
) -> CampaignParticipation:
    """An approved partner offers to take part in a published campaign, saying what it commits to."""
    if partner.status != Partner.Status.APPROVED:
        raise PartnerNotApproved(field="partner")
    if campaign.status != Campaign.Status.PUBLISHED:
        raise CampaignNotOpen()
    if CampaignParticipation.objects.filter(partner=partner, campaign=campaign).exists():
        raise AlreadyParticipating(field="partner")
    try:
        with transaction.atomic():
            return CampaignParticipation.objects.create(
                partner=partner, campaign=campaign, commitment=commitment, created_by=created_by
            )
    except IntegrityError:  # a concurrent request for the same partner won
        raise AlreadyParticipating(field="partner") from None


@transaction.atomic
def invite_partner(
    *, partner: Partner, campaign: Campaign, invited_by: User, message: str = "", request=None
) -> CampaignParticipation:
    """The campaign's organizer invites an approved partner to a published campaign; the partner's admins are told.

    The partner answers: the commitment is its own words, written when it accepts.
    """
    if partner.status != Partner.Status.APPROVED:
        raise InviteeNotApproved(field="partner")
    if campaign.status != Campaign.Status.PUBLISHED:
        raise CampaignNotOpen()
    if CampaignParticipation.objects.filter(partner=partner, campaign=campaign).exists():
        raise AlreadyInCampaign(field="partner")
    try:
        with transaction.atomic():
            participation = CampaignParticipation.objects.create(
                partner=partner,
                campaign=campaign,
                origin=CampaignParticipation.Origin.INVITATION,
                status=CampaignParticipation.Status.INVITED,
                message=message,
                created_by=invited_by,
            )
    except IntegrityError:  # a concurrent invitation or offer for the same partner won
        raise AlreadyInCampaign(field="partner") from None
    record_audit(
        action="participation_invited",
        actor=invited_by,
        target=participation,
        request=request,
        detail={"partner": partner.pk, "campaign": campaign.pk},
    )
    _notify(tasks.send_partner_invitation_notice, participation.pk)
    return participation


def _answer(
    *,
    participation: CampaignParticipation,
    waiting: str,
    answered_by: User,
    status: str,
    reason: str = "",
    commitment: str | None = None,
    request,
) -> CampaignParticipation:
    """Record the answer to an open offer (`waiting` interested) or invitation (`waiting` invited), once."""
    participation = CampaignParticipation.objects.select_for_update().get(pk=participation.pk)
    if participation.status != waiting:
        raise AlreadyReviewed()
    fields = ["status", "review_reason", "reviewed_at", "reviewed_by", "updated_at"]
    participation.status, participation.review_reason = status, reason
    participation.reviewed_at, participation.reviewed_by = timezone.now(), answered_by
    if commitment is not None:
        participation.commitment = commitment
        fields.append("commitment")
    participation.save(update_fields=fields)
    record_audit(
        action=f"participation_{status}",
        actor=answered_by,
        target=participation,
        request=request,
        detail={"partner": participation.partner_id, "campaign": participation.campaign_id},
    )
    if participation.origin == CampaignParticipation.Origin.INVITATION:
        _notify(tasks.send_invitation_answer_notice, participation.pk)
    else:
        _notify(tasks.send_participation_review_notice, participation.pk)
    return participation


@transaction.atomic
def accept_participation(
    *, participation: CampaignParticipation, reviewed_by: User, reason: str = "", request=None
) -> CampaignParticipation:
    """The campaign's organizer accepts a partner's offer; the partner may then log activities under it."""
    return _answer(
        participation=participation,
        waiting=CampaignParticipation.Status.INTERESTED,
        answered_by=reviewed_by,
        status=CampaignParticipation.Status.ACCEPTED,
        reason=reason,
        request=request,
    )


@transaction.atomic
def decline_participation(
    *, participation: CampaignParticipation, reviewed_by: User, reason: str = "", request=None
) -> CampaignParticipation:
    """The campaign's organizer declines a partner's offer, optionally saying why."""
    return _answer(
        participation=participation,
        waiting=CampaignParticipation.Status.INTERESTED,
        answered_by=reviewed_by,
        status=CampaignParticipation.Status.DECLINED,
        reason=reason,
        request=request,
    )


@transaction.atomic
def accept_invitation(
    *, participation: CampaignParticipation, answered_by: User, commitment: str, request=None
) -> CampaignParticipation:
    """A partner admin accepts the organizer's invitation, saying what the partner commits to; the inviter is told."""
    return _answer(
        participation=participation,
        waiting=CampaignParticipation.Status.INVITED,
        answered_by=answered_by,
        status=CampaignParticipation.Status.ACCEPTED,
        commitment=commitment,
        request=request,
    )


@transaction.atomic
def decline_invitation(
    *, participation: CampaignParticipation, answered_by: User, reason: str = "", request=None
) -> CampaignParticipation:
    """A partner admin declines the organizer's invitation, optionally saying why; the inviter is told."""
    return _answer(
        participation=participation,
        waiting=CampaignParticipation.Status.INVITED,
        answered_by=answered_by,
        status=CampaignParticipation.Status.DECLINED,
        reason=reason,
        request=request,
    )


# Activity logs ------------------------------------------------------------------------------------


def _check_campaign(partner: Partner, campaign: Campaign | None) -> None:
    if (
        campaign is not None
        and not partner.campaign_participations.filter(
            campaign=campaign, status=CampaignParticipation.Status.ACCEPTED
        ).exists()
    ):
        raise NotParticipating(field="campaign")


def _lock_editable(activity: PartnerActivity) -> PartnerActivity:
    activity = PartnerActivity.objects.select_for_update().get(pk=activity.pk)
    if not activity.editable:
        raise NotEditable()
    return activity


@transaction.atomic
def create_activity(
    *,
    partner: Partner,
    created_by: User,
    title: str,
    occurred_on: date,
    address: str,
    area: Area,
    description: str = "",
    campaign: Campaign | None = None,
) -> PartnerActivity:
    """An approved partner drafts an activity log, under a campaign it was accepted into or none."""
    if partner.status != Partner.Status.APPROVED:
        raise PartnerNotApproved()
    _check_campaign(partner, campaign)
    return PartnerActivity.objects.create(
        partner=partner,
        created_by=created_by,
        title=title,
        occurred_on=occurred_on,
        address=address,
        area=area,
        description=description,
        campaign=campaign,
    )


@transaction.atomic
def update_activity(*, activity: PartnerActivity, **fields) -> PartnerActivity:
    """Edit a draft or rejected log's details."""
    activity = _lock_editable(activity)
    if "campaign" in fields:
        _check_campaign(activity.partner, fields["campaign"])
    for name, value in fields.items():
        setattr(activity, name, value)
    activity.save(update_fields=[*fields, "updated_at"])
    return activity


@transaction.atomic
def set_activity_participants(*, activity: PartnerActivity, participants: list[dict]) -> PartnerActivity:
    """Replace the log's participants: `[{"volunteer": id, "hours": Decimal}]`, active members of the partner only."""
    activity = _lock_editable(activity)
    ids = [item["volunteer"] for item in participants]
    seen = set()
    for index, volunteer_id in enumerate(ids):
        if volunteer_id in seen:
            raise DuplicateParticipant(field=f"participants.{index}.volunteer")
        seen.add(volunteer_id)
    members = set(
        Volunteer.objects.active()
        .filter(
            pk__in=ids,
            user__memberships__partner_id=activity.partner_id,
            user__memberships__status=Membership.Status.ACTIVE,
        )
        .values_list("pk", flat=True)
    )
    for index, volunteer_id in enumerate(ids):  # an unknown id and a stranger's get the same answer
        if volunteer_id not in members:
            raise NotAMember(field=f"participants.{index}.volunteer")
    activity.participants.all().delete()
    ActivityParticipant.objects.bulk_create(
        ActivityParticipant(activity=activity, volunteer_id=item["volunteer"], hours=item["hours"])
        for item in participants
    )
    return activity


def _check_room_for_a_photo(activity: PartnerActivity) -> None:
    if not activity.editable:
        raise NotEditable()
    if activity.photos.count() >= MAX_PHOTOS_PER_ACTIVITY:
        raise TooManyPhotos(limit=MAX_PHOTOS_PER_ACTIVITY, field="image")


def add_activity_photo(*, activity: PartnerActivity, upload, uploaded_by: User) -> ActivityPhoto:
    """Check, clean and store an uploaded photo (see partners.photos) with its thumbnail.

    The image is processed before the activity row is locked, so a large photo holds no lock while it decodes;
    the rules are checked again under the lock.
    """
    _check_room_for_a_photo(activity)
    if upload.size > settings.PHOTO_MAX_BYTES:  # refused before a byte of it is decoded
        raise ImageTooLarge(field="image")
    processed = process_photo(upload.read(), max_bytes=settings.PHOTO_MAX_BYTES, max_pixels=settings.PHOTO_MAX_PIXELS)
    with transaction.atomic():
        activity = PartnerActivity.objects.select_for_update().get(pk=activity.pk)
        _check_room_for_a_photo(activity)
        photo = ActivityPhoto(
            activity=activity, width=processed.width, height=processed.height, uploaded_by=uploaded_by
        )
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
def delete_activity_photo(*, photo: ActivityPhoto) -> None:
    """Remove a photo from a draft or rejected log; its files go once the deletion has committed."""
    _lock_editable(photo.activity)
    names = (photo.image.name, photo.thumbnail.name)
    photo.delete()
    transaction.on_commit(lambda: _delete_files(*names))


@transaction.atomic
def submit_activity(*, activity: PartnerActivity, today: date | None = None) -> PartnerActivity:
    """Send a log for verification: it needs to have happened, and at least one participant and one photo."""
    activity = _lock_editable(activity)
    if activity.occurred_on > (today or timezone.localdate()):
        raise OccurredInFuture(field="occurred_on")
    if not activity.participants.exists():
        raise NoParticipants()
    if not activity.photos.exists():
        raise NoPhotos()
    activity.status, activity.submitted_at = PartnerActivity.Status.SUBMITTED, timezone.now()
    activity.review_reason, activity.reviewed_at, activity.reviewed_by = "", None, None
    activity.save(update_fields=["status", "submitted_at", "review_reason", "reviewed_at", "reviewed_by", "updated_at"])
    return activity


def _review_activity(*, activity: PartnerActivity, reviewed_by: User, status: str, reason: str) -> PartnerActivity:
    if activity.partner_id in scope_of(reviewed_by).member_partner_ids:
        raise OwnActivity()
    activity = PartnerActivity.objects.select_for_update().get(pk=activity.pk)
    if activity.status != PartnerActivity.Status.SUBMITTED:
        raise NotSubmitted()
    activity.status, activity.review_reason = status, reason
    activity.reviewed_at, activity.reviewed_by = timezone.now(), reviewed_by
    activity.save(update_fields=["status", "review_reason", "reviewed_at", "reviewed_by", "updated_at"])
    return activity


@transaction.atomic
def verify_activity(*, activity: PartnerActivity, reviewed_by: User, request=None) -> PartnerActivity:
    """A coordinator covering the activity's area verifies it: each participant's hours go to the ledger."""
    activity = _review_activity(
        activity=activity, reviewed_by=reviewed_by, status=PartnerActivity.Status.VERIFIED, reason=""
    )
    records = credit_activity_hours(activity=activity)
    hours = sum((record.hours for record in records), Decimal("0"))
    record_audit(
        action="activity_verified",
        actor=reviewed_by,
        target=activity,
        request=request,
        detail={"partner": activity.partner_id, "credited": len(records), "hours": str(hours)},
    )
    _notify(tasks.send_activity_review_notice, activity.pk)
    return activity


@transaction.atomic
def reject_activity(*, activity: PartnerActivity, reviewed_by: User, reason: str, request=None) -> PartnerActivity:
    """Send a submitted log back with a reason; the partner may fix it and submit it again."""
    activity = _review_activity(
        activity=activity, reviewed_by=reviewed_by, status=PartnerActivity.Status.REJECTED, reason=reason
    )
    record_audit(
        action="activity_rejected",
        actor=reviewed_by,
        target=activity,
        request=request,
        detail={"partner": activity.partner_id},
    )
    _notify(tasks.send_activity_review_notice, activity.pk)
    return activity
