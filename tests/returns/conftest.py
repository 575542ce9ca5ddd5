from decimal import Decimal

import pytest

from returns.services import RequestLine, cancellation_request_create
from tests.factories import OrderFactory, ProductFactory


@pytest.fixture
def tasks_not_run(settings):
    """Enqueued tasks are kept, not run, so the test decides who executes the refund.

    Django's own `setting_changed` receiver resets the task backends when TASKS changes,
    here and when the settings fixture restores it."""
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}


@pytest.fixture
def towel(seller):
    return ProductFactory(
        seller=seller, name="Turkish Cotton Towel", sku="AT-TOWEL-01", price=Decimal("249.90"), stock=10
    )


@pytest.fixture
def waiting_return(customer, towel, return_reason):
    """The customer returns a delivered towel through the store's service: its parcel awaits shipment."""
    order = OrderFactory(customer=customer, with_items=[(towel, 1)], delivered=True)
    line = RequestLine(item_id=order.items.get().pk, quantity=1, reason_id=return_reason.pk)
    (cancellation,) = cancellation_request_create(order_id=order.pk, lines=[line], requested_by=customer)
    return cancellation
