import pytest

from tests.factories import CancellationRequestFactory


@pytest.fixture
def waiting_return(customer, seller, return_reason):
    return CancellationRequestFactory(
        refund=True,
        reason=return_reason,
        order_item__order__customer=customer,
        order_item__product__seller=seller,
        parcel_received=True,  # waiting for the decision on the received goods
    )
