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


class TeamOwner(ApplicationError):
    code = "team_owner"
    message = _("A team belongs to a practice center or to a partner: exactly one of them.")


class NotPartnerMember(ApplicationError):
    code = "not_partner_member"
    message = _("The members of a partner's team must be active members of the partner.")
