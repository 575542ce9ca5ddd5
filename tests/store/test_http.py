"""What customer pages answer beyond their content: caching headers, and URLs no order can have."""

import pytest
from django.urls import reverse

from orders.models import OrderItem
from returns.models import CancellationRequest
from tests.factories import CancellationRequestFactory, OrderFactory

pytestmark = pytest.mark.django_db


def _directives(response) -> set[str]:
    return {part.strip() for part in response.get("Cache-Control", "").split(",") if part.strip()}


def _state():
    return (
        list(CancellationRequest.objects.order_by("pk").values_list("pk", "status")),
        list(OrderItem.objects.order_by("pk").values_list("pk", "status", "quantity")),
    )


@pytest.fixture
def waiting_request(customer, return_reason):
    return CancellationRequestFactory(
        refund=True, reason=return_reason, order_item__order__customer=customer, order_item__order__number="A-1003"
    )


def test_my_orders_and_order_details_are_private_and_never_stored(customer_client, waiting_request):
    for url in ["/orders/", "/orders/A-1003/"]:
        response = customer_client.get(url)
        assert response.status_code == 200
        assert response["Cache-Control"] == "private, no-store"


@pytest.mark.parametrize(("data", "status"), [({}, 400), ("valid", 302)])
def test_submitting_order_details_answers_private_and_never_stored(
    customer_client, customer, cancel_reason, data, status
):
    order = OrderFactory(customer=customer)
    item = order.items.get()
    if data == "valid":
        data = {"items": [item.pk], f"reason_{item.pk}": cancel_reason.pk, "accept_policy": "on"}
    response = customer_client.post(reverse("store:order_detail", kwargs={"number": order.number}), data)
    assert response.status_code == status
    assert response["Cache-Control"] == "private, no-store"


def test_withdrawing_answers_private_and_never_stored(customer_client, waiting_request):
    url = reverse("store:request_withdraw", kwargs={"number": "A-1003", "request_id": waiting_request.pk})
    confirmation, response = customer_client.post(url), customer_client.post(url, {"confirm": "yes"})
    assert (confirmation.status_code, response.status_code) == (200, 302)
    assert confirmation["Cache-Control"] == response["Cache-Control"] == "private, no-store"


def test_the_sign_in_redirect_of_a_store_page_is_private_and_never_stored(client):
    response = client.get("/orders/")
    assert response.status_code == 302
    assert response["Cache-Control"] == "private, no-store"


def test_the_login_page_is_private_and_never_stored(client):
    # Django's LoginView adds `never_cache`, which says more (max-age=0, no-cache, must-revalidate).
    assert {"private", "no-store"} <= _directives(client.get(reverse("login")))
    assert {"private", "no-store"} <= _directives(client.post(reverse("login"), {"username": "x", "password": "y"}))


def test_the_login_page_of_a_locked_out_username_is_private_and_never_stored(client, customer):
    for _ in range(5):
        response = client.post(reverse("login"), {"username": customer.username, "password": "wrong"})
    assert response.status_code == 429
    assert {"private", "no-store"} <= _directives(response)


def test_the_return_policy_is_private_and_never_stored_as_it_shows_who_is_signed_in(customer_client):
    response = customer_client.get(reverse("return_policy"))
    assert "Ayşe Yılmaz" in response.content.decode()
    assert response["Cache-Control"] == "private, no-store"


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/orders/A-1003%00/"),
        ("post", "/orders/A-1003%00/"),
        ("get", "/orders/%00/"),
        ("post", "/orders/A-1003%00/requests/{pk}/withdraw/"),
        ("post", "/orders/A-1003%0A/requests/{pk}/withdraw/"),
        ("get", "/orders/A-1003-far-too-long-to-be-a-number/"),
    ],
)
def test_an_order_number_no_order_can_have_is_a_404_and_changes_nothing(
    customer_client, waiting_request, cancel_reason, method, path
):
    # given a customer with a waiting request, and a URL with a NUL byte, a newline or too many characters
    item = waiting_request.order_item
    data = {"items": [item.pk], f"reason_{item.pk}": cancel_reason.pk, "accept_policy": "on"}
    before = _state()
    # when
    response = getattr(customer_client, method)(path.format(pk=waiting_request.pk), data if method == "post" else {})
    # then
    assert response.status_code == 404
    assert _state() == before


def test_a_request_id_too_large_for_the_database_is_a_404(customer_client, waiting_request):
    before = _state()
    assert customer_client.post(f"/orders/A-1003/requests/{10**30}/withdraw/").status_code == 404
    assert _state() == before
