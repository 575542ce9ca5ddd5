from datetime import timedelta

import pytest
from django.utils import timezone

from orders.models import OrderItem
from orders.selectors import order_get_for_customer
from returns.selectors import order_item_eligibility_list
from tests.factories import CancellationRequestFactory, OrderFactory, ProductFactory

pytestmark = pytest.mark.django_db


def test_eligibility_offers_a_cancellation_before_shipment_and_says_why_an_open_request_blocks_another(
    customer, cancel_reason
):
    # given an unshipped order of two lines, one of them already under a cancellation request
    order = OrderFactory(customer=customer, with_items=[(ProductFactory(), 1), (ProductFactory(), 1)])
    first, second = order.items.order_by("pk")
    CancellationRequestFactory(order_item=second, reason=cancel_reason)
    # when
    eligibility = order_item_eligibility_list(order=order_get_for_customer(user=customer, number=order.number))
    # then
    assert (eligibility[first.pk].cancellation_type, eligibility[first.pk].is_eligible) == ("cancel", True)
    assert eligibility[second.pk].cancellation_type == "cancel"
    assert eligibility[second.pk].problem == "A request is already open for this item."


def test_eligibility_offers_a_return_after_delivery_until_the_window_closes(customer, settings):
    order = OrderFactory(customer=customer, with_items=[(ProductFactory(), 1), (ProductFactory(), 1)], delivered=True)
    recent, old = order.items.order_by("pk")
    closed = timezone.now() - timedelta(days=settings.RETURN_WINDOW_DAYS + 1)
    OrderItem.objects.filter(pk=old.pk).update(delivered_at=closed)
    eligibility = order_item_eligibility_list(order=order_get_for_customer(user=customer, number=order.number))
    assert (eligibility[recent.pk].cancellation_type, eligibility[recent.pk].is_eligible) == ("refund", True)
    assert eligibility[old.pk].problem.startswith("The return window closed on")


def test_eligibility_costs_no_query_once_the_order_is_read(customer, django_assert_num_queries):
    order = OrderFactory(customer=customer, with_items=[(ProductFactory(), 1) for _ in range(3)])
    order = order_get_for_customer(user=customer, number=order.number)
    with django_assert_num_queries(0):
        order_item_eligibility_list(order=order)
