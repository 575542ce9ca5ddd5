"""The API's reasons follow the audiences of the forms: the owner's cancel endpoint takes the
owner's reasons, a seller's reject takes the sellers'."""

import pytest

from returns.models import CancellationRequest
from tests.factories import CancellationReasonFactory, OrderFactory, ProductFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def reasons(db):
    return {
        "customer_cancel": CancellationReasonFactory(subject="I changed my mind"),
        "owner_cancel": CancellationReasonFactory(subject="Suspected fraud", for_owner=True),
        "seller_cancel": CancellationReasonFactory(subject="Out of stock", for_seller=True),
    }


def test_the_api_takes_the_owners_reasons_for_the_owner_and_the_sellers_for_a_seller(
    operator_api, seller_api, seller, customer, reasons
):
    order = OrderFactory(customer=customer, with_items=[(ProductFactory(seller=seller), 1)])
    item = order.items.get()

    def cancel(reason):
        body = {"transaction": "cancel", "items": [{"order_item": item.pk, "reason": reason.pk}]}
        return operator_api.post(f"/api/v1/orders/{order.number}/cancel/", body, format="json")

    def reject(reason):
        return seller_api.post(f"/api/v1/order_items/{item.pk}/reject/", {"reason": reason.pk}, format="json")

    assert cancel(reasons["customer_cancel"]).json()["code"] == "invalid_reason"
    assert cancel(reasons["seller_cancel"]).json()["code"] == "invalid_reason"
    assert reject(reasons["customer_cancel"]).json()["code"] == "invalid_reason"
    assert reject(reasons["owner_cancel"]).json()["code"] == "invalid_reason"
    assert not CancellationRequest.objects.exists()
    assert reject(reasons["seller_cancel"]).status_code == 200
