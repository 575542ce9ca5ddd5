"""Fixtures of the refund engine's tests: a plan ready to pay and a gateway with chosen faults."""

from decimal import Decimal

import pytest

from returns import payments
from tests.factories import CancellationPlanFactory


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
def approved_plan(customer, return_reason):
    """An approved return plan of 100.00 whose refund has not run yet."""
    return CancellationPlanFactory(
        approved=True,
        refund=True,
        request__reason=return_reason,
        request__order_item__order__customer=customer,
        request__order_item__unit_price=Decimal("100.00"),
    )
