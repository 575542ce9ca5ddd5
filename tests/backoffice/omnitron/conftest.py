import pytest

from returns.services import (
    RequestLine,
    cancellation_request_create,
)
from tests.factories import ProductFactory, placed_order


@pytest.fixture
def waiting_return(customer, seller, return_reason):
    order = placed_order(customer=customer, lines=[(ProductFactory(seller=seller), 1)], status="delivered")
    (cancellation,) = cancellation_request_create(
        order_id=order.pk,
        lines=[RequestLine(item_id=order.items.get().pk, quantity=1, reason_id=return_reason.pk)],
        requested_by=customer,
    )
    return cancellation
