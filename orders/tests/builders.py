"""Orders in the states tests start from, made through the services (so history and offers are real)."""

from orders import services
from orders.models import ServiceOrder
from orders.tests.factories import OrderPhotoFactory

RESIDENT_PHONE = "15900001234"


class RecordingSms:
    """An SMS backend that keeps what it was asked to send (the `sms` fixture installs it)."""

    sent: list[tuple[str, str]] = []

    def send(self, *, phone: str, text: str) -> None:
        RecordingSms.sent.append((phone, text))


def place(world, community=None, **fields) -> ServiceOrder:
    """A resident's order for community A1 (unless told), through the service."""
    values = {
        "community": community or world.community_a1,
        "address": "科南社区3号楼2单元",
        "title": "教老人用智能手机",
        "contact_name": "赵大妈",
        "contact_phone": RESIDENT_PHONE,
    }
    return services.place_order(**{**values, **fields})


def taken_by_team(world, team, **fields) -> ServiceOrder:
    order = services.dispatch_order(order=place(world, **fields), dispatched_by=world.users["coordinator"], team=team)
    return services.accept_offer(offer=order.offers.get(), accepted_by=team.leader.user)


def ready_to_complete(world, team) -> ServiceOrder:
    order = taken_by_team(world, team)
    OrderPhotoFactory(order=order)
    return order


def completed(world, team) -> ServiceOrder:
    return services.complete_order(
        order=ready_to_complete(world, team), completed_by=team.leader.user, note="已上门教会视频通话"
    )


def snapshot(order: ServiceOrder) -> dict:
    """What a refused call must leave as it was: the order row, its offers and its history."""
    order.refresh_from_db()
    return {
        "order": ServiceOrder.objects.filter(pk=order.pk).values().get(),
        "offers": list(order.offers.order_by("pk").values()),
        "history": list(order.history.order_by("pk").values()),
    }
