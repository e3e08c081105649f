"""Co-building partner use cases: registration, review, members, and agreements with commitments."""

from datetime import date

from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.exceptions import NoSuchAccount, PhoneTaken
from accounts.models import AuditEvent, Membership, User, phone_hash
from accounts.scopes import forget_scope
from accounts.services import check_new_password, record_audit
from areas.models import Area, PracticeCenter
from partners.exceptions import (
    AlreadyMember,
    CreditCodeRequired,
    CreditCodeTaken,
    InvalidTerm,
    LastAdmin,
    NotPending,
    NotPendingMember,
)
from partners.models import Agreement, Commitment, Partner


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
