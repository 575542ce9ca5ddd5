import django_fsm as fsm
import pytest
from django.db import transaction

from orders.models import OrderItem, Package

PACKAGE_TABLE = [
    ("preparing", "mark_ready_to_ship", True),
    ("preparing", "ship", False),
    ("preparing", "cancel", True),
    ("ready_to_ship", "ship", True),
    ("ready_to_ship", "cancel", True),
    ("ready_to_ship", "deliver", False),
    ("shipped", "deliver", True),
    ("shipped", "fail_delivery", True),
    ("shipped", "cancel", False),
    ("delivered", "fail_delivery", False),
    ("delivered", "cancel", False),
    ("cancelled", "mark_ready_to_ship", False),
]


@pytest.mark.parametrize(("status", "transition", "allowed"), PACKAGE_TABLE)
def test_package_transitions(status, transition, allowed):
    package = Package(status=status)
    assert fsm.can_proceed(getattr(package, transition)) is allowed


ITEM_TABLE = [
    ("preparing", "mark_ready_to_ship", True),
    ("preparing", "request_cancellation", True),
    ("preparing", "request_return", False),
    ("ready_to_ship", "ship", True),
    ("ready_to_ship", "request_cancellation", True),
    ("shipped", "deliver", True),
    ("shipped", "fail_delivery", True),
    ("shipped", "request_return", True),
    ("shipped", "request_cancellation", False),
    ("delivered", "request_return", True),
    ("delivery_failed", "request_return", True),
    ("cancellation_waiting", "cancel", True),
    ("cancellation_waiting", "restore", True),
    ("cancellation_waiting", "mark_returned", False),
    ("cancellation_waiting", "ship", False),
    ("return_waiting", "mark_returned", True),
    ("return_waiting", "restore", True),
    ("return_waiting", "cancel", False),
    ("cancelled", "restore", False),
    ("returned", "request_return", False),
]


@pytest.mark.parametrize(("status", "transition", "allowed"), ITEM_TABLE)
def test_order_item_transitions(status, transition, allowed):
    item = OrderItem(status=status)
    assert fsm.can_proceed(getattr(item, transition)) is allowed


def test_status_fields_cannot_be_assigned_directly():
    item = OrderItem(status="preparing")
    with pytest.raises(AttributeError):
        item.status = "cancelled"


def test_amount_paid_is_price_times_quantity_minus_discount_share():
    from decimal import Decimal

    item = OrderItem(unit_price=Decimal("249.90"), quantity=3, discount_share=Decimal("14.03"))
    assert item.amount_paid == Decimal("735.67")


@pytest.mark.django_db
def test_a_stale_copy_cannot_save_over_a_transition_another_copy_saved(customer):
    from tests.factories import placed_order

    package = placed_order(customer=customer).items.get().package
    first, stale = Package.objects.get(pk=package.pk), Package.objects.get(pk=package.pk)
    first.mark_ready_to_ship()
    first.save()

    stale.cancel()
    with pytest.raises(fsm.ConcurrentTransition), transaction.atomic():
        stale.save()
    assert Package.objects.get(pk=package.pk).status == "ready_to_ship"
