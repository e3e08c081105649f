"""Background jobs: notices about registrations, reminders, no-shows. Each one only calls services."""

from datetime import timedelta

from celery import shared_task
from django.utils import timezone
from django.utils.translation import gettext as _

from campaigns import services
from campaigns.models import Event, Invitation, Registration
from core.notifications import deliver


def _load(registration_id: int) -> Registration:
    return Registration.objects.select_related("event", "volunteer__user").get(pk=registration_id)


def _when(event: Event) -> str:
    return timezone.localtime(event.starts_at).strftime("%Y-%m-%d %H:%M")


@shared_task
def send_registration_notice(registration_id: int) -> None:
    registration = _load(registration_id)
    event = registration.event
    if registration.status == Registration.Status.CONFIRMED:
        subject = _("Registered: %(title)s") % {"title": event.title}
        body = _("You have a place at %(title)s, %(when)s, %(address)s.")
    else:
        subject = _("Waitlisted: %(title)s") % {"title": event.title}
        body = _("%(title)s (%(when)s) is full; you are on the waitlist and will be told if a place frees up.")
    deliver(
        key=f"registration:{registration.pk}:{registration.status}",
        user=registration.volunteer.user,
        subject=subject,
        body=body % {"title": event.title, "when": _when(event), "address": event.address},
    )


@shared_task
def send_promotion_notice(registration_id: int) -> None:
    registration = _load(registration_id)
    event = registration.event
    deliver(
        key=f"registration:{registration.pk}:promoted",
        user=registration.volunteer.user,
        subject=_("A place freed up: %(title)s") % {"title": event.title},
        body=_("You moved from the waitlist to a confirmed place at %(title)s, %(when)s, %(address)s.")
        % {"title": event.title, "when": _when(event), "address": event.address},
    )


@shared_task
def send_event_cancelled_notice(registration_id: int, reason: str = "") -> None:
    registration = _load(registration_id)
    event = registration.event
    if reason:
        body = _("The organizer cancelled %(title)s (%(when)s): %(reason)s Sorry for the change.")
    else:
        body = _("The organizer cancelled %(title)s (%(when)s). Sorry for the change.")
    deliver(
        key=f"registration:{registration.pk}:event-cancelled",
        user=registration.volunteer.user,
        subject=_("Cancelled: %(title)s") % {"title": event.title},
        body=body % {"title": event.title, "when": _when(event), "reason": reason},
    )


@shared_task
def send_reminders() -> int:
    """Remind confirmed volunteers of events starting in the next 24 hours (once per registration)."""
    now = timezone.now()
    due = Registration.objects.confirmed().filter(
        event__status=Event.Status.SCHEDULED, event__starts_at__gt=now, event__starts_at__lte=now + timedelta(hours=24)
    )
    sent = 0
    for registration in due.select_related("event", "volunteer__user").iterator():
        event = registration.event
        notice = deliver(
            key=f"registration:{registration.pk}:reminder",
            user=registration.volunteer.user,
            subject=_("Tomorrow: %(title)s") % {"title": event.title},
            body=_("A reminder: %(title)s starts at %(when)s, %(address)s.")
            % {"title": event.title, "when": _when(event), "address": event.address},
        )
        sent += notice is not None
    return sent


@shared_task
def close_attendance() -> dict:
    """After events end: no-shows marked, forgotten check-outs closed and their hours credited."""
    return services.close_attendance()


@shared_task
def send_invitation_notice(invitation_id: int) -> None:
    invitation = Invitation.objects.select_related("event", "volunteer__user").get(pk=invitation_id)
    event = invitation.event
    deliver(
        key=f"invitation:{invitation.pk}",
        user=invitation.volunteer.user,
        subject=_("You are invited: %(title)s") % {"title": event.title},
        body=_("The organizer invites you to %(title)s, %(when)s, %(address)s. Accept or decline in the app.")
        % {"title": event.title, "when": _when(event), "address": event.address},
    )
