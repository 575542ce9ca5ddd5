"""Omnitron's search: Orders, Cancellation/Return Requests and Cancellation Plans find an order by
any part of its number or an item's SKU, and its customer by any part of name, username or email."""

import pytest
from django.db import connection
from django.urls import reverse

from orders.models import Order
from orders.selectors import order_search_for_owner
from tests.factories import (
    CancellationPlanFactory,
    CancellationRequestFactory,
    OrderFactory,
    ProductFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def orders():
    ayse = UserFactory(first_name="Ayşe", last_name="Yılmaz", username="ayse", email="ayse@example.com")
    mehmet = UserFactory(first_name="Mehmet", last_name="Demir", username="mdemir", email="m.demir@example.com")
    return {
        "A-1003": OrderFactory(number="A-1003", customer=ayse, with_items=[(ProductFactory(sku="TWL-ROBE-7"), 1)]),
        "M-1001": OrderFactory(number="M-1001", customer=mehmet),
        "B-2000": OrderFactory(number="B-2000", customer=mehmet),
    }


def _found(term) -> set[str]:
    return set(order_search_for_owner(orders=Order.objects.all(), term=term).values_list("number", flat=True))


@pytest.mark.parametrize(
    ("term", "numbers"),
    [
        ("1003", {"A-1003"}),  # any part of the number
        ("a-100", {"A-1003"}),
        ("-100", {"A-1003", "M-1001"}),
        ("Mehmet Demir", {"M-1001", "B-2000"}),  # a full name
        ("ayse", {"A-1003"}),  # typed without Turkish letters
        ("Ayşe", {"A-1003"}),
        ("YILMAZ", {"A-1003"}),
        ("mdemir", {"M-1001", "B-2000"}),  # a username
        ("m.demir@example", {"M-1001", "B-2000"}),  # part of an email
        ("ROBE-7", {"A-1003"}),  # part of an item's SKU
        ("nobody", set()),
    ],
)
def test_orders_are_found_by_any_part_of_number_sku_name_username_or_email(orders, term, numbers):
    assert _found(term) == numbers


def test_the_orders_list_finds_a_full_name(owner_client, orders):
    page = owner_client.get(reverse("admin:orders_order_changelist"), {"q": "Mehmet Demir"}).content.decode()
    assert "M-1001" in page
    assert "A-1003" not in page


def test_requests_and_plans_are_found_like_orders(owner_client, orders):
    request = CancellationRequestFactory(order_item=orders["A-1003"].items.get())
    other = CancellationRequestFactory(order_item=orders["M-1001"].items.get())
    for term in ["A-100", "Ayşe", "ayse"]:
        page = owner_client.get(reverse("admin:returns_cancellationrequest_changelist"), {"q": term}).content.decode()
        assert f"/{request.pk}/change/" in page
        assert f"/{other.pk}/change/" not in page
    plan = CancellationPlanFactory(request__order_item=orders["B-2000"].items.get())
    page = owner_client.get(reverse("admin:returns_cancellationplan_changelist"), {"q": "Mehmet Demir"})
    assert f"/{plan.pk}/change/" in page.content.decode()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigram indexes exist on PostgreSQL only")
@pytest.mark.parametrize(
    ("term", "index"),
    [("Mehmet Demir", "user_person_key_trgm"), ("1003", "order_number_trgm"), ("1003", "orderitem_sku_trgm")],
)
def test_on_postgresql_each_search_is_a_trigram_index_scan(orders, term, index):
    queryset = order_search_for_owner(orders=Order.objects.all(), term=term)
    with connection.cursor() as cursor:
        # The tables are tiny: leave the planner only bitmap scans, which need an index condition.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        plan = queryset.explain()
    assert index in plan
