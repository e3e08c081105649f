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


# Taking part in campaigns


class CampaignNotOpen(ApplicationError):
    code = "campaign_not_open"
    message = _("Partners can join a campaign only while it is published.")
    status_code = 409


class PartnerNotApproved(ApplicationError):
    code = "partner_not_approved"
    message = _("Only an approved partner can take part in campaigns and log activities.")
    status_code = 409


class AlreadyParticipating(ApplicationError):
    code = "already_participating"
    message = _("This partner has already expressed interest in the campaign.")
    status_code = 409


class AlreadyReviewed(ApplicationError):
    code = "already_reviewed"
    message = _("This participation has already been accepted or declined.")
    status_code = 409


class InviteeNotApproved(ApplicationError):
    code = "partner_not_approved"
    message = _("Only an approved partner can be invited to a campaign.")


class AlreadyInCampaign(ApplicationError):
    code = "already_in_campaign"
    message = _("This partner has already been invited to the campaign or has offered to take part in it.")


# Activity logs


class NotParticipating(ApplicationError):
    code = "not_participating"
    message = _("An activity can be logged under a campaign only after the partner was accepted into it.")


class NotEditable(ApplicationError):
    code = "not_editable"
    message = _("Only a draft or a rejected activity log can be changed.")
    status_code = 409


class NotSubmitted(ApplicationError):
    code = "not_submitted"
    message = _("Only a submitted activity log can be verified or rejected.")
    status_code = 409


class OwnActivity(ApplicationError):
    code = "own_activity"
    message = _("Members of a partner cannot review the partner's own activity logs.")
    status_code = 403


class NotAMember(ApplicationError):
    code = "not_a_member"
    message = _("Participants must be active volunteers who are members of the partner.")


class DuplicateParticipant(ApplicationError):
    code = "duplicate_participant"
    message = _("A volunteer is listed more than once.")


class NoParticipants(ApplicationError):
    code = "no_participants"
    message = _("Add at least one participant before submitting.")


class NoPhotos(ApplicationError):
    code = "no_photos"
    message = _("Add at least one photo before submitting.")


class OccurredInFuture(ApplicationError):
    code = "occurred_in_future"
    message = _("An activity can be submitted only once it has taken place.")


# Photos


class TooManyPhotos(ApplicationError):
    code = "too_many_photos"
    message = _("An activity log holds at most %(limit)d photos.")

    def __init__(self, *, limit: int, field: str | None = None):
        super().__init__(self.message % {"limit": limit}, field=field)


class UnsupportedImage(ApplicationError):
    code = "unsupported_image"
    message = _("Upload a JPEG, PNG or WebP image.")


class ImageTooLarge(ApplicationError):
    code = "image_too_large"
    message = _("The image file is too large.")


class TooManyPixels(ApplicationError):
    code = "too_many_pixels"
    message = _("The image has too many pixels.")


class CorruptImage(ApplicationError):
    code = "corrupt_image"
    message = _("The image file is damaged or incomplete.")
