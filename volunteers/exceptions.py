from django.utils.translation import gettext_lazy as _

from core.exceptions import ApplicationError


class IdNumberTaken(ApplicationError):
    code = "id_number_taken"
    message = _("This ID number is already registered. Log in, or contact your practice center.")
    status_code = 409


class GuardianConsentRequired(ApplicationError):
    code = "guardian_consent_required"
    message = _("Volunteers under 14 need a guardian's consent: give the guardian's name and phone.")


class PartnerNotOpen(ApplicationError):
    code = "partner_not_open"
    message = _("This partner organization is not approved yet.")


class AlreadyReversed(ApplicationError):
    code = "already_reversed"
    message = _("This entry has already been reversed, or is itself a reversal.")
    status_code = 409
