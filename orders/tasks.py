"""Background jobs of service orders: the notices each history line calls for, and the SLA sweep.

Users are told through core.notifications (every configured channel, once per key). Residents have no
account: their texts go straight to the SMS backend, recorded once per history line (`ResidentMessage`).
"""

from celery import shared_task
from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from accounts.models import Membership, User
from core.notifications import deliver
from orders.models import Offer, ResidentMessage, StatusChange


def sms_backend():
    return import_string(settings.SMS_BACKEND)()


def verification_text(code: str) -> str:
    return _("【共建】Your code for ordering a service is %(code)s. It is valid for 10 minutes.") % {"code": code}


def _when(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M") if moment else ""


def _coordinators(center_id: int):
    return User.objects.filter(
        memberships__center_id=center_id,
        memberships__role=Membership.Role.COORDINATOR,
        memberships__status=Membership.Status.ACTIVE,
        is_active=True,
    ).distinct()


def _partner_admins(partner_id: int):
    return User.objects.filter(
        memberships__partner_id=partner_id,
        memberships__role=Membership.Role.PARTNER_ADMIN,
        memberships__status=Membership.Status.ACTIVE,
        is_active=True,
    ).distinct()


def _users_acting_for(*, team=None, partner_id=None, volunteer=None) -> list:
    if team is not None:
        return [team.leader.user]
    if partner_id is not None:
        return list(_partner_admins(partner_id))
    return [volunteer.user] if volunteer is not None else []


def _takers(order) -> list:
    return _users_acting_for(team=order.team, partner_id=order.partner_id, volunteer=order.volunteer)


def _offerees(order) -> list:
    users = []
    for offer in order.offers.filter(status=Offer.Status.OFFERED).select_related(
        "team__leader__user", "volunteer__user"
    ):
        users += _users_acting_for(team=offer.team, partner_id=offer.partner_id, volunteer=offer.volunteer)
    return users


def _taker_name(order) -> str:
    if order.team_id:
        return order.team.name
    if order.partner_id:
        return order.partner.name
    return _("a volunteer")


def _tell(change, users, subject: str, body: str) -> None:
    for user in {user.pk: user for user in users}.values():
        deliver(key=f"order-change:{change.pk}:{user.pk}", user=user, subject=subject, body=body)


def _text_resident(change, text: str) -> None:
    """Send the resident one text about this history line, unless it was sent before."""
    phone = change.order.contact_phone
    if not phone:
        return
    with transaction.atomic():
        try:
            with transaction.atomic():
                ResidentMessage.objects.create(change=change)
        except IntegrityError:
            return  # a redelivered task: already sent
        sms_backend().send(phone=phone, text=text)


def _tracking_link(order) -> str:
    return settings.ORDER_TRACKING_URL.format(token=order.tracking_token)


@shared_task
def notify_status_change(change_id: int) -> None:
    """Tell the people a line of an order's history concerns."""
    Action = StatusChange.Action
    change = StatusChange.objects.select_related(
        "order__community", "order__team__leader__user", "order__partner", "order__volunteer__user"
    ).get(pk=change_id)
    order = change.order
    words = {
        "title": order.title,
        "community": order.community.name,
        "due": _when(order.due_at),
        "note": change.note,
        "taker": _taker_name(order),
        "when": _when(order.starts_at),
        "link": _tracking_link(order),
        "score": change.detail.get("score"),
    }
    staff = _coordinators(change.center_id)
    if change.action == Action.CREATED:
        _tell(
            change,
            staff,
            _("New service order: %(title)s") % words,
            _("%(community)s: %(title)s. Dispatch it by %(due)s.") % words,
        )
        _text_resident(change, _("【共建】We received your order “%(title)s”. Follow it and rate it: %(link)s") % words)
    elif change.action == Action.DISPATCHED:
        _tell(
            change,
            _offerees(order),
            _("A service order for you: %(title)s") % words,
            _("%(community)s: %(title)s. Accept or decline it in the app by %(due)s.") % words,
        )
    elif change.action == Action.DECLINED:
        _tell(change, staff, _("Offer declined: %(title)s") % words, _("%(title)s was declined: %(note)s") % words)
    elif change.action in (Action.ACCEPTED, Action.GRABBED):
        _tell(change, staff, _("Order taken: %(title)s") % words, _("%(title)s was taken by %(taker)s.") % words)
        _text_resident(change, _("【共建】%(taker)s will serve your order “%(title)s”. Follow it: %(link)s") % words)
    elif change.action == Action.ESCALATED:
        _tell(
            change,
            staff,
            _("Handed up to you: %(title)s") % words,
            _("%(community)s: %(title)s could not be served at the level below. Dispatch it by %(due)s.") % words,
        )
    elif change.action == Action.OVERDUE:
        people = [*staff, *_takers(order)]
        _tell(change, people, _("Overdue: %(title)s") % words, _("%(title)s has missed its deadline.") % words)
    elif change.action == Action.SCHEDULED:
        _text_resident(change, _("【共建】Your order “%(title)s” is scheduled for %(when)s. %(link)s") % words)
    elif change.action == Action.COMPLETED:
        _tell(change, staff, _("Completed: %(title)s") % words, _("%(title)s was reported completed.") % words)
        _text_resident(change, _("【共建】Your order “%(title)s” is done. Please rate the service: %(link)s") % words)
    elif change.action == Action.RATED and change.detail.get("follow_up"):
        _tell(
            change,
            staff,
            _("Low rating: %(title)s") % words,
            _("A resident rated %(title)s %(score)s of 5. A follow-up is open for your center.") % words,
        )
    elif change.action == Action.CANCELLED:
        if change.actor_role == StatusChange.ActorRole.RESIDENT:
            _tell(
                change,
                staff,
                _("Cancelled by the resident: %(title)s") % words,
                _("The resident cancelled %(title)s.") % words,
            )
        else:
            _tell(
                change,
                _takers(order),
                _("Cancelled: %(title)s") % words,
                _("The center cancelled %(title)s: %(note)s") % words,
            )
            _text_resident(change, _("【共建】Your order “%(title)s” was cancelled: %(note)s") % words)


@shared_task
def handle_overdue_orders() -> dict:
    """Flag and hand up the orders past the deadline of their step (orders.services.handle_overdue_orders)."""
    from orders import services

    return services.handle_overdue_orders()
