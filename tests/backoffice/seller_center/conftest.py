import pytest

from tests.factories import CancellationRequestFactory, OrderFactory, ProductFactory


@pytest.fixture
def world(customer, seller, other_seller, return_reason, cancel_reason):
    """One order with a package of each seller, delivered, and a waiting return for each."""
    own_order = OrderFactory(
        customer=customer,
        with_items=[
            (ProductFactory(seller=seller, name="Towel"), 1),
            (ProductFactory(seller=other_seller, name="Cable"), 1),
        ],
        delivered=True,
    )
    items = {i.seller_id: i for i in own_order.items.all()}
    received = {"refund": True, "reason": return_reason, "parcel_received": True}  # waiting for the decision
    own_request = CancellationRequestFactory(order_item=items[seller.pk], **received)
    other_request = CancellationRequestFactory(order_item=items[other_seller.pk], **received)
    waiting = OrderFactory(
        customer=customer,
        with_items=[
            (ProductFactory(seller=seller, name="Robe"), 2),
            (ProductFactory(seller=other_seller, name="Charger"), 1),
        ],
    )
    return {
        "own_package": waiting.packages.get(seller=seller),
        "other_package": waiting.packages.get(seller=other_seller),
        "own_request": own_request,
        "other_request": other_request,
    }
