"""Fixtures of the refund engine's tests: a plan ready to pay and a gateway with chosen faults."""

import pytest

from returns import payments
from returns.models import CancellationPlan
from returns.services import RequestLine, cancellation_request_approve, cancellation_request_create
from tests.factories import placed_order


@pytest.fixture
def gateway_faults(settings):
    def configure(**rates):
        settings.PAYMENT_GATEWAY = {
            **settings.PAYMENT_GATEWAY,
            "FAILURE_RATE": 0,
            "TIMEOUT_RATE": 0,
            "DECLINE_RATE": 0,
            "LOOKUP_FAILURE_RATE": 0,
            **rates,
        }
        payments.reset()

    return configure


@pytest.fixture
def approved_plan(customer, seller_user, return_reason):
    """An approved return plan of 100.00 whose refund has not run yet (no on-commit callbacks)."""
    order = placed_order(customer=customer, status="delivered")
    line = RequestLine(item_id=order.items.get().pk, quantity=1, reason_id=return_reason.pk)
    (cancellation,) = cancellation_request_create(order_id=order.pk, lines=[line], requested_by=customer)
    cancellation_request_approve(request_id=cancellation.pk, approved_by=seller_user)
    return CancellationPlan.objects.get()
