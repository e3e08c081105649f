from django.utils.translation import gettext_lazy as _

from core.exceptions import ApplicationError


class RegistrationClosed(ApplicationError):
    code = "registration_closed"
    message = _("Registration for this event is not open.")
    status_code = 409


class EventCancelled(ApplicationError):
    code = "event_cancelled"
    message = _("This event has been cancelled.")
    status_code = 409


class AlreadyRegistered(ApplicationError):
    code = "already_registered"
    message = _("You are already registered for this event.")
    status_code = 409


class TimeClash(ApplicationError):
    code = "time_clash"
    message = _("You already have a confirmed event at this time.")
    status_code = 409


class TooManyRegistrations(ApplicationError):
    code = "too_many_registrations"
    message = _("You hold as many upcoming confirmed places as one volunteer may. Cancel one first.")
    status_code = 409


class PartnerOnly(ApplicationError):
    code = "partner_only"
    message = _("This event is reserved for the members of one partner organization.")
    status_code = 403


class TooYoung(ApplicationError):
    code = "below_minimum_age"
    message = _("This event has a minimum age you do not meet yet.")


class NotCancellable(ApplicationError):
    code = "not_cancellable"
    message = _("This registration cannot be cancelled any more.")
    status_code = 409


class CapacityBelowConfirmed(ApplicationError):
    code = "capacity_below_confirmed"
    message = _("Capacity cannot go below the places already confirmed; cancel registrations first.")
    status_code = 409


class NotEnoughPlaces(ApplicationError):
    code = "not_enough_places"
    message = _("There are not enough free places for this reservation.")
    status_code = 409


class ReservationFull(ApplicationError):
    code = "reservation_full"
    message = _("Every reserved place has been assigned.")
    status_code = 409


class InvalidTransition(ApplicationError):
    code = "invalid_transition"
    message = _("This change is not possible in the current status.")
    status_code = 409


class AreaOutsideCenter(ApplicationError):
    code = "area_outside_center"
    message = _("The area lies outside the organizing practice center's area.")


class InvalidSchedule(ApplicationError):
    code = "invalid_schedule"
    message = _("The schedule is not valid.")


class CheckInClosed(ApplicationError):
    code = "check_in_closed"
    message = _("Check-in is open from an hour before the event until it ends.")
    status_code = 409


class CheckOutClosed(ApplicationError):
    code = "check_out_closed"
    message = _("Check-out is open from the start of the event until three hours after it ends.")
    status_code = 409


class BadCheckInCode(ApplicationError):
    code = "bad_check_in_code"
    message = _("This check-in code is wrong or has expired. Scan the code on the organizer's screen again.")


class NotConfirmed(ApplicationError):
    code = "not_confirmed"
    message = _("Only a confirmed place can be checked in.")
    status_code = 409


class NotCheckedIn(ApplicationError):
    code = "not_checked_in"
    message = _("Check in before checking out.")
    status_code = 409


class NotInvitable(ApplicationError):
    code = "not_invitable"
    message = _("This volunteer cannot be invited to this event (already registered, busy, or out of its area).")


class InvitationClosed(ApplicationError):
    code = "invitation_closed"
    message = _("This invitation has already been answered or withdrawn.")
    status_code = 409
