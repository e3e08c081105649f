from django.utils.translation import gettext_lazy as _

from core.exceptions import ApplicationError


class CreditCodeRequired(ApplicationError):
    code = "credit_code_required"
    message = _("A unified social credit code is required for every kind of partner but military units.")


class CreditCodeTaken(ApplicationError):
    code = "credit_code_taken"
    message = _("An organization with this credit code is already registered.")
    status_code = 409


class NotPending(ApplicationError):
    code = "not_pending"
    message = _("Only a partner awaiting review can be approved or rejected.")
    status_code = 409


class LastAdmin(ApplicationError):
    code = "last_admin"
    message = _("A partner must keep at least one administrator.")
    status_code = 409


class AlreadyMember(ApplicationError):
    code = "already_member"
    message = _("This person is already a member of the partner.")
    status_code = 409


class NotPendingMember(ApplicationError):
    code = "not_pending"
    message = _("Only a pending membership can be confirmed.")
    status_code = 409


class InvalidTerm(ApplicationError):
    code = "invalid_term"
    message = _("An agreement must end after it starts.")
