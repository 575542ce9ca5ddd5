from decimal import Decimal

import django_fsm as fsm
import pytest
from django.db import transaction
from django.utils import translation

from orders.choices import OrderItemStatus, PackageStatus
from orders.models import Package
from tests.factories import OrderItemFactory, PackageFactory

PACKAGE_TABLE = [
    (PackageStatus.PREPARING, "mark_ready_to_ship", True),
    (PackageStatus.PREPARING, "ship", False),
    (PackageStatus.PREPARING, "cancel", True),
    (PackageStatus.READY_TO_SHIP, "ship", True),
    (PackageStatus.READY_TO_SHIP, "cancel", True),
    (PackageStatus.READY_TO_SHIP, "deliver", False),
    (PackageStatus.SHIPPED, "deliver", True),
    (PackageStatus.SHIPPED, "fail_delivery", True),
    (PackageStatus.SHIPPED, "cancel", False),
    (PackageStatus.DELIVERED, "fail_delivery", False),
    (PackageStatus.DELIVERED, "cancel", False),
    (PackageStatus.CANCELLED, "mark_ready_to_ship", False),
]


@pytest.mark.parametrize(("status", "transition", "allowed"), PACKAGE_TABLE)
def test_package_transitions(status, transition, allowed):
    package = PackageFactory.build(status=status)
    assert fsm.can_proceed(getattr(package, transition)) is allowed


ITEM_TABLE = [
    (OrderItemStatus.PREPARING, "mark_ready_to_ship", True),
    (OrderItemStatus.PREPARING, "request_cancellation", True),
    (OrderItemStatus.PREPARING, "request_return", False),
    (OrderItemStatus.READY_TO_SHIP, "ship", True),
    (OrderItemStatus.READY_TO_SHIP, "request_cancellation", True),
    (OrderItemStatus.SHIPPED, "deliver", True),
    (OrderItemStatus.SHIPPED, "fail_delivery", True),
    (OrderItemStatus.SHIPPED, "request_return", True),
    (OrderItemStatus.SHIPPED, "request_cancellation", False),
    (OrderItemStatus.DELIVERED, "request_return", True),
    (OrderItemStatus.DELIVERY_FAILED, "request_return", True),
    (OrderItemStatus.CANCELLATION_WAITING, "cancel", True),
    (OrderItemStatus.CANCELLATION_WAITING, "restore", True),
    (OrderItemStatus.CANCELLATION_WAITING, "mark_returned", False),
    (OrderItemStatus.CANCELLATION_WAITING, "ship", False),
    (OrderItemStatus.RETURN_WAITING, "mark_returned", True),
    (OrderItemStatus.RETURN_WAITING, "restore", True),
    (OrderItemStatus.RETURN_WAITING, "cancel", False),
    (OrderItemStatus.CANCELLED, "restore", False),
    (OrderItemStatus.RETURNED, "request_return", False),
]


@pytest.mark.parametrize(("status", "transition", "allowed"), ITEM_TABLE)
def test_order_item_transitions(status, transition, allowed):
    item = OrderItemFactory.build(status=status)
    assert fsm.can_proceed(getattr(item, transition)) is allowed


def test_status_fields_cannot_be_assigned_directly():
    item = OrderItemFactory.build(status=OrderItemStatus.PREPARING)
    with pytest.raises(AttributeError):
        item.status = OrderItemStatus.CANCELLED


def test_amount_paid_is_price_times_quantity_minus_discount_share():
    item = OrderItemFactory.build(unit_price=Decimal("249.90"), quantity=3, discount_share=Decimal("14.03"))
    assert item.amount_paid == Decimal("735.67")


@pytest.mark.django_db
def test_a_stale_copy_cannot_save_over_a_transition_another_copy_saved():
    package = PackageFactory(status=PackageStatus.PREPARING)
    first, stale = Package.objects.get(pk=package.pk), Package.objects.get(pk=package.pk)
    first.mark_ready_to_ship()
    first.save()

    stale.cancel()
    with pytest.raises(fsm.ConcurrentTransition), transaction.atomic():
        stale.save()
    assert Package.objects.get(pk=package.pk).status == "ready_to_ship"


@pytest.mark.parametrize(
    ("obj", "english", "turkish"),
    [
        (PackageFactory.build(status=PackageStatus.PREPARING), "Preparing", "Hazırlanıyor"),
        (OrderItemFactory.build(status=OrderItemStatus.RETURN_WAITING), "Return Waiting", "İade Bekliyor"),
    ],
)
def test_a_status_shows_the_label_of_its_own_value_in_the_active_language(obj, english, turkish):
    with translation.override("en"):
        assert obj.get_status_display() == english
    with translation.override("tr"):
        assert obj.get_status_display() == turkish


def test_a_value_that_is_none_of_the_choices_shows_as_itself():
    item = OrderItemFactory.build()
    item.__dict__["status"] = "archived"

    assert item.get_status_display() == "archived"
