import pytest

from returns.services import RequestLine, cancellation_request_create
from tests.factories import ProductFactory, placed_order


@pytest.fixture
def world(customer, seller, other_seller, return_reason, cancel_reason):
    """One order with a package of each seller, delivered, and a waiting return for each."""
    own_order = placed_order(
        customer=customer,
        lines=[
            (ProductFactory(seller=seller, name="Towel"), 1),
            (ProductFactory(seller=other_seller, name="Cable"), 1),
        ],
        status="delivered",
    )
    items = {i.seller_id: i for i in own_order.items.all()}
    requests = cancellation_request_create(
        order_id=own_order.pk,
        lines=[RequestLine(item_id=i.pk, quantity=1, reason_id=return_reason.pk) for i in items.values()],
        requested_by=customer,
    )
    own_request = next(r for r in requests if r.order_item.seller_id == seller.pk)
    other_request = next(r for r in requests if r.order_item.seller_id == other_seller.pk)
    waiting = placed_order(
        customer=customer,
        lines=[
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
