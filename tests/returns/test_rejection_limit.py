"""A rejected item may be asked for again once: after its second rejected request the customer
can no longer ask from the store (REJECTED_REQUESTS_PER_ITEM), and Order Details say why."""

import pytest
from django.urls import reverse

from returns.exceptions import RejectionLimitError
from returns.models import CancellationRequest
from returns.services import RequestLine, cancellation_request_create, order_items_cancel
from tests.factories import CancellationRequestFactory, OrderFactory, ProductFactory

pytestmark = pytest.mark.django_db


def _rejected(item, times):
    for _ in range(times):
        CancellationRequestFactory(order_item=item, rejected=True)


def test_an_item_rejected_once_may_be_asked_for_again(customer, cancel_reason):
    order = OrderFactory(customer=customer)
    item = order.items.get()
    _rejected(item, 1)

    line = RequestLine(item_id=item.pk, quantity=1, reason_id=cancel_reason.pk)
    (again,) = cancellation_request_create(order_id=order.pk, lines=[line], requested_by=customer)

    assert again.status == "waiting"


def test_an_item_rejected_twice_cannot_be_asked_for_again_by_the_customer(customer, cancel_reason):
    order = OrderFactory(customer=customer, with_items=[(ProductFactory(name="Kilim Rug"), 1)])
    item = order.items.get()
    _rejected(item, 2)

    line = RequestLine(item_id=item.pk, quantity=1, reason_id=cancel_reason.pk)
    with pytest.raises(RejectionLimitError, match="Kilim Rug: Its requests were rejected 2 times"):
        cancellation_request_create(order_id=order.pk, lines=[line], requested_by=customer)

    assert CancellationRequest.objects.filter(status="waiting").count() == 0


def test_the_owners_staff_may_still_cancel_an_item_rejected_twice(customer, owner, owner_cancel_reason):
    order = OrderFactory(customer=customer)
    item = order.items.get()
    _rejected(item, 2)

    plan = order_items_cancel(
        order_id=order.pk, item_ids=[item.pk], reason_id=owner_cancel_reason.pk, cancelled_by=owner
    )

    assert plan.items.get().cancellation_request.origin == "owner"


def test_order_details_show_the_item_rejected_twice_untickable_with_the_reason(customer_client, customer, settings):
    order = OrderFactory(
        customer=customer, with_items=[(ProductFactory(name="Kilim Rug"), 1), (ProductFactory(name="Robe"), 1)]
    )
    rug, robe = order.items.order_by("pk")
    _rejected(rug, 2)
    _rejected(robe, 1)

    page = customer_client.get(reverse("store:order_detail", kwargs={"number": order.number})).content.decode()

    row = page.split("Kilim Rug")[1].split("</tr>")[0]
    assert "Its requests were rejected 2 times, and it cannot be requested again here." in row
    assert f'name="items" value="{rug.pk}"' not in page
    assert f'name="items" value="{robe.pk}"' in page  # rejected once: it may be asked for again


def test_the_limit_can_be_turned_off(customer, cancel_reason, settings):
    settings.REJECTED_REQUESTS_PER_ITEM = 0
    order = OrderFactory(customer=customer)
    item = order.items.get()
    _rejected(item, 3)

    line = RequestLine(item_id=item.pk, quantity=1, reason_id=cancel_reason.pk)

    assert cancellation_request_create(order_id=order.pk, lines=[line], requested_by=customer)
