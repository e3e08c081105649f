from django.utils.translation import gettext_lazy as _

from core.exceptions import ApplicationError

# The menu


class ItemNameTaken(ApplicationError):
    code = "item_name_taken"
    message = _("This center's menu already has a service of this name.")
    status_code = 409


# Ordering


class NotACommunity(ApplicationError):
    code = "not_a_community"
    message = _("Choose the community or village the service is for.")


class NoCenter(ApplicationError):
    code = "no_center"
    message = _("No practice center serves this community yet.")
    status_code = 409


class ItemNotOffered(ApplicationError):
    code = "item_not_offered"
    message = _("This service is not on the menu of a center serving the community.")


class InvalidTimes(ApplicationError):
    code = "invalid_times"
    message = _("The end must come after the start.")


class ContactPhoneRequired(ApplicationError):
    code = "contact_phone_required"
    message = _("A mobile number is needed, so the resident can follow and rate the order.")


class VerificationRequired(ApplicationError):
    code = "verification_required"
    message = _("Enter the code sent to this mobile number.")


class BadVerificationCode(ApplicationError):
    code = "bad_verification_code"
    message = _("The code is wrong, expired or already used. Ask for a new one.")


class TooManyCodes(ApplicationError):
    code = "too_many_codes"
    message = _("Too many codes were sent to this number in the last hour. Try again later.")
    status_code = 429


# Dispatching and taking


class InvalidTransition(ApplicationError):
    code = "invalid_transition"
    message = _("The order is not in a state that allows this.")
    status_code = 409


class AssigneeOutsideArea(ApplicationError):
    code = "assignee_outside_area"
    message = _("This team, partner or volunteer is outside the area of the center responsible for the order.")


class AssigneeNotAvailable(ApplicationError):
    code = "assignee_not_available"
    message = _("This team, partner or volunteer cannot take orders.")


class OneAssigneeKind(ApplicationError):
    code = "one_assignee_kind"
    message = _("Dispatch to a team, a partner or volunteers: exactly one of them.")


class NoHigherLevel(ApplicationError):
    code = "no_higher_level"
    message = _("There is no practice center above this one to hand the order to.")
    status_code = 409


class AlreadyTaken(ApplicationError):
    code = "already_taken"
    message = _("Someone else has already taken this order.")
    status_code = 409


class OfferClosed(ApplicationError):
    code = "offer_closed"
    message = _("This offer has already been answered or withdrawn.")
    status_code = 409


class NotYourCapacity(ApplicationError):
    code = "not_your_capacity"
    message = _("You can take orders only for yourself, a team you lead or a partner you administer.")
    status_code = 403


# Doing the work


class NoPhotos(ApplicationError):
    code = "no_photos"
    message = _("Add at least one photo of the work before reporting it completed.")


class TooManyPhotos(ApplicationError):
    code = "too_many_photos"
    message = _("An order holds at most %(limit)d photos.")

    def __init__(self, *, limit: int, field: str | None = None):
        super().__init__(self.message % {"limit": limit}, field=field)


class ParticipantNotEligible(ApplicationError):
    code = "participant_not_eligible"
    message = _("Hours can be credited only to the volunteer, team members or partner members who took the order.")


class DuplicateParticipant(ApplicationError):
    code = "duplicate_participant"
    message = _("A volunteer appears twice.")


class HoursViaEvent(ApplicationError):
    code = "hours_via_event"
    message = _("This order was opened for sign-up: hours are credited by the event's check-in and check-out.")


class EventAlreadyOpened(ApplicationError):
    code = "event_already_opened"
    message = _("This order has already been opened for sign-up.")
    status_code = 409


# Rating and follow-up


class AlreadyRated(ApplicationError):
    code = "already_rated"
    message = _("This order has already been rated.")
    status_code = 409


class NotCompleted(ApplicationError):
    code = "not_completed"
    message = _("An order can be rated once it has been completed.")
    status_code = 409


class FollowUpClosed(ApplicationError):
    code = "follow_up_closed"
    message = _("This follow-up is already closed.")
    status_code = 409
