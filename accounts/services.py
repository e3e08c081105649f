"""Account use cases: logging in and out, tokens, passwords, roles, and the audit trail."""

from django.conf import settings
from django.contrib.auth import authenticate, login, logout, update_session_auth_hash
from django.contrib.auth.password_validation import validate_password
from django.core.cache import cache
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError, transaction
from rest_framework.authtoken.models import Token

from accounts.exceptions import (
    AccountLocked,
    InvalidPassword,
    LastDistrictAdmin,
    LoginFailed,
    RoleHeld,
    WeakPassword,
)
from accounts.models import AuditEvent, Membership, User, phone_hash
from accounts.scopes import forget_scope
from core.http import client_ip
from core.identity import IdentifierError, normalize_mobile


def record_audit(
    *,
    action: str,
    actor=None,
    outcome: str = AuditEvent.Outcome.SUCCESS,
    target=None,
    request=None,
    detail: dict | None = None,
) -> AuditEvent:
    """Append one audit record. `detail` must hold no personal data (ids and codes only)."""
    return AuditEvent.objects.create(
        actor=actor if actor is not None and actor.is_authenticated else None,
        action=action,
        outcome=outcome,
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        ip=client_ip(request) if request is not None else None,
        detail=detail or {},
    )


def _login_name(phone: str) -> str:
    """One spelling per number (`+86 138…`, `138-…` → `138…`), else each spelling had its own counter."""
    try:
        return normalize_mobile(phone)
    except IdentifierError:  # an operator's username
        return phone


def _lockout_keys(phone: str) -> tuple[str, str]:
    digest = phone_hash(_login_name(phone))
    return f"login-failures:{digest}", f"login-locked:{digest}"


def _targeted_account(phone: str) -> int | None:
    """The id of the account a failed login aimed at, for the audit trail (never the number itself)."""
    return User.objects.filter(phone_hash=phone_hash(_login_name(phone))).values_list("pk", flat=True).first()


def _register_failure(phone: str) -> bool:
    """Count one failure atomically (cache add + incr); True when this failure locks the account."""
    failures_key, locked_key = _lockout_keys(phone)
    window = int(settings.LOGIN_LOCKOUT_WINDOW.total_seconds())
    cache.add(failures_key, 0, timeout=window)
    try:
        failures = cache.incr(failures_key)
    except ValueError:  # expired between add and incr
        cache.add(failures_key, 1, timeout=window)
        failures = 1
    if failures >= settings.LOGIN_LOCKOUT_FAILURES:
        cache.set(locked_key, True, timeout=window)
        return True
    return False


def log_in(*, request, phone: str, password: str, start_session: bool = True) -> User:
    """Check phone + password with lockout; start a session (web) or leave that to the caller (token).

    Failures are counted per phone number whether or not an account exists, so the answers for a
    wrong password, an unknown number and a locked account reveal nothing about who is registered.
    """
    failures_key, locked_key = _lockout_keys(phone)
    if cache.get(locked_key):
        record_audit(
            action="login_locked",
            outcome=AuditEvent.Outcome.DENIED,
            request=request,
            detail={"account": _targeted_account(phone)},
        )
        raise AccountLocked()
    user = authenticate(request, phone=phone, password=password)
    if user is None:
        locked = _register_failure(phone)
        record_audit(
            action="login_failed",
            outcome=AuditEvent.Outcome.FAILURE,
            request=request,
            detail={"locked": locked, "account": _targeted_account(phone)},
        )
        raise AccountLocked() if locked else LoginFailed()
    cache.delete(failures_key)
    if start_session:
        login(request, user)  # rotates the session key
    record_audit(
        action="login_succeeded",
        actor=user,
        request=request,
        detail={"method": "session" if start_session else "token"},
    )
    return user


def log_out(*, request) -> None:
    """End the session and revoke the API token of the current user."""
    user = request.user
    Token.objects.filter(user=user).delete()
    record_audit(action="logout", actor=user, request=request)
    logout(request)


def issue_token(*, user: User) -> Token:
    """The user's API token for scripts and partner systems (one per user)."""
    token, _created = Token.objects.get_or_create(user=user)
    return token


def change_password(*, request, user: User, old_password: str, new_password: str) -> None:
    """Change the password; other sessions and the API token stop working, this session stays."""
    # Checked outside the transaction: the failure's audit record must outlive the refusal.
    if not user.check_password(old_password):
        record_audit(action="password_change", actor=user, outcome=AuditEvent.Outcome.FAILURE, request=request)
        raise InvalidPassword(field="old_password")
    check_new_password(new_password, user=user, field="new_password")
    with transaction.atomic():
        user.set_password(new_password)
        user.save(update_fields=["password"])
        Token.objects.filter(user=user).delete()
        update_session_auth_hash(request, user)
        record_audit(action="password_change", actor=user, request=request)


def check_new_password(password: str, *, user: User, field: str = "password") -> None:
    """Django's password validators, raised as a field error of the request."""
    try:
        validate_password(password, user=user)
    except DjangoValidationError as exc:
        raise WeakPassword(" ".join(exc.messages), field=field) from None


@transaction.atomic
def grant_role(*, granted_by: User, user: User, role: str, center=None, partner=None, request=None) -> Membership:
    """Give a user a role in a scope (district admins grant district and coordinator roles)."""
    try:
        with transaction.atomic():
            membership = Membership.objects.create(user=user, role=role, center=center, partner=partner)
    except IntegrityError:  # the membership constraints: one role per user and scope
        raise RoleHeld() from None
    forget_scope(user)
    record_audit(
        action="role_granted",
        actor=granted_by,
        target=membership,
        request=request,
        detail={
            "user": user.pk,
            "role": role,
            "center": getattr(center, "pk", None),
            "partner": getattr(partner, "pk", None),
        },
    )
    return membership


@transaction.atomic
def revoke_role(*, revoked_by: User, membership: Membership, request=None) -> None:
    """Take a role away; the audit record keeps what it was. The district always keeps an administrator."""
    if membership.role == Membership.Role.DISTRICT_ADMIN:
        # locked, so two admins revoking each other at once cannot both succeed
        admins = list(
            Membership.objects.select_for_update()
            .filter(role=Membership.Role.DISTRICT_ADMIN, status=Membership.Status.ACTIVE)
            .values_list("pk", flat=True)
        )
        if set(admins) <= {membership.pk}:
            raise LastDistrictAdmin()
    record_audit(
        action="role_revoked",
        actor=revoked_by,
        target=membership,
        request=request,
        detail={
            "user": membership.user_id,
            "role": membership.role,
            "center": membership.center_id,
            "partner": membership.partner_id,
        },
    )
    membership.delete()
    forget_scope(membership.user)
