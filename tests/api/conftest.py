"""Fixtures of the API's tests: a key per role, and clients that send it."""

import pytest
from rest_framework.test import APIClient

from accounts.roles import MANAGER, OPERATOR, VIEWER
from returns.services import RequestLine, cancellation_request_create
from tests.factories import ApiKeyFactory, OrderFactory, ProductFactory, api_key_of


def client_with_key(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {api_key_of(ApiKeyFactory(user=user))}")
    return client


@pytest.fixture
def seller_api(seller):
    return client_with_key(seller.users.get())


@pytest.fixture
def other_seller_api(other_seller):
    return client_with_key(other_seller.users.get())


@pytest.fixture
def manager_api(staff_in):
    return client_with_key(staff_in(MANAGER))


@pytest.fixture
def operator_api(staff_in):
    return client_with_key(staff_in(OPERATOR))


@pytest.fixture
def viewer_api(staff_in):
    return client_with_key(staff_in(VIEWER))


@pytest.fixture
def make_return(customer, return_reason):
    """A delivered order's line of `seller`, with a customer's return request waiting for it."""

    def make(seller, **item_fields):
        order = OrderFactory(customer=customer, delivered=True, with_items=[(ProductFactory(seller=seller), 1)])
        item = order.items.get()
        (cancellation,) = cancellation_request_create(
            order_id=order.pk,
            lines=[RequestLine(item_id=item.pk, quantity=1, reason_id=return_reason.pk)],
            requested_by=customer,
        )
        return cancellation

    return make


@pytest.fixture
def receiver():
    """A local webhook receiver (tests/api/webhook_receiver.py), stopped after the test."""
    from .webhook_receiver import receiver_start

    started, server = receiver_start()
    yield started
    server.shutdown()
    server.server_close()
