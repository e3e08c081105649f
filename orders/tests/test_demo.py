"""The demo orders: every state of the loop, made through the services, on top of the demo district."""

from django.db.models import Count

from core.demodata import load_demo
from orders.models import FollowUp, Offer, OrderPhoto, Rating, ServiceItem, ServiceOrder, StatusChange
from volunteers.models import ServiceRecord, VolunteerTeam


def test_the_demo_has_orders_in_every_state(db):
    # when: the demo district, which loads the orders demo at its end, as `make run` does
    load_demo()

    # then
    statuses = dict(ServiceOrder.objects.values_list("status").annotate(n=Count("pk")).values_list("status", "n"))
    assert statuses == {"submitted": 4, "dispatched": 1, "published": 1, "accepted": 4, "completed": 8, "cancelled": 2}
    assert ServiceOrder.objects.count() == 20
    assert set(StatusChange.objects.values_list("action", flat=True)) >= {
        "created", "dispatched", "published", "declined", "accepted", "grabbed", "escalated", "overdue",
        "scheduled", "event_opened", "completed", "rated", "cancelled",
    }  # fmt: skip
    assert set(Offer.objects.values_list("status", flat=True)) == {"offered", "accepted", "declined"}
    assert ServiceOrder.objects.filter(overdue=True).count() >= 1
    assert ServiceOrder.objects.filter(event__isnull=False).count() == 1
    assert (FollowUp.objects.count(), Rating.objects.count()) == (1, 7)
    assert OrderPhoto.objects.count() == ServiceOrder.objects.filter(status="completed").count()
    assert ServiceRecord.objects.filter(source="service_order").count() == 16
    assert (ServiceItem.objects.count(), VolunteerTeam.objects.count()) == (9, 2)
    for order in ServiceOrder.objects.all():
        assert order.created_at <= order.updated_at
        assert order.history.first().action == "created"
