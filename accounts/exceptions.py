from django.utils.translation import gettext_lazy as _

from core.exceptions import ApplicationError


class LoginFailed(ApplicationError):
    code = "login_failed"
    message = _("The mobile number or password is incorrect.")
    status_code = 400


class AccountLocked(ApplicationError):
    code = "account_locked"
    message = _("Too many failed attempts. Try again later.")
    status_code = 429


class InvalidPassword(ApplicationError):
    code = "invalid_password"
    message = _("The password is incorrect.")


class WeakPassword(ApplicationError):
    code = "weak_password"
    message = _("This password is too weak.")


class PhoneTaken(ApplicationError):
    code = "phone_taken"
    message = _("This mobile number is already registered. Log in instead.")
    status_code = 409


class RoleHeld(ApplicationError):
    code = "role_held"
    message = _("This person already holds this role in this scope.")
    status_code = 409


class LastDistrictAdmin(ApplicationError):
    code = "last_district_admin"
    message = _("This is the district's last administrator: grant the role to someone else first.")
    status_code = 409


class NoSuchAccount(ApplicationError):
    code = "no_account"
    message = _("No account uses this mobile number.")
