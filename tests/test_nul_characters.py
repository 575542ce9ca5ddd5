"""A NUL character in a query string or a form is a 400 on every page, in a path a 404 (SPEC rule 16).

PostgreSQL cannot hold one; on SQLite the same requests would quietly find nothing.
"""

import pytest
from django.urls import reverse

from returns.models import CancellationRequest
from tests.factories import OrderFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("who", "path"),
    [
        ("customer_client", "/orders/A-1%00/"),
        ("owner_client", "/admin/orders/order/1%00/change/"),
        ("seller_client", "/seller/orders/package/1%00/history/"),
    ],
)
def test_a_nul_in_the_path_names_nothing_a_404(request, who, path):
    assert request.getfixturevalue(who).get(path).status_code == 404


def test_a_nul_in_a_query_key_or_value_is_a_400(customer_client):
    assert customer_client.get(reverse("store:order_list"), {"page": "1\x00"}).status_code == 400
    assert customer_client.get(reverse("store:order_list") + "?a%00=1").status_code == 400


def test_a_nul_in_a_form_field_is_a_400_and_creates_nothing(customer_client, customer, cancel_reason):
    order = OrderFactory(customer=customer)
    item = order.items.get()
    data = {"items": [item.pk], f"reason_{item.pk}": cancel_reason.pk, f"description_{item.pk}": "\x00"}
    response = customer_client.post(reverse("store:order_detail", args=[order.number]), {**data, "accept_policy": "on"})
    assert response.status_code == 400
    assert not CancellationRequest.objects.exists()


def test_text_without_nul_passes_through(customer_client):
    assert customer_client.get(reverse("store:order_list"), {"page": "1"}).status_code == 200
