"""What the customer's pages show: only the money that applies, one status per item, lines in order, error pages."""

import re
from datetime import UTC, datetime
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation
from django.views.defaults import server_error

from orders import rules
from returns.services import RequestLine, cancellation_request_create
from tests.factories import OrderFactory, ProductFactory

pytestmark = pytest.mark.django_db


def _detail(client, order) -> str:
    response = client.get(reverse("store:order_detail", kwargs={"number": order.number}))
    assert response.status_code == 200
    return response.content.decode()


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_order_details_leave_out_the_discount_when_the_order_had_none(customer_client, customer):
    order = OrderFactory(customer=customer)
    assert "Discount" not in _text(_detail(customer_client, order))


def test_order_details_show_the_discount_when_the_order_had_one(customer_client, customer):
    order = OrderFactory(customer=customer, discount_total=Decimal("10.00"))
    assert "Discount −10.00 TRY" in _text(_detail(customer_client, order))


def test_my_orders_show_delivery_failed_for_an_order_whose_only_package_failed_delivery(customer_client, customer):
    order = OrderFactory(customer=customer, delivery_failed=True)
    page = customer_client.get(reverse("store:order_list")).content.decode()
    row = re.search(rf"{order.number}.*?</tr>", page, re.S).group(0)
    assert "Delivery Failed" in row
    assert "Shipped" not in row
    assert "Delivery Failed" in _detail(customer_client, order).split("items-heading", 1)[0]


def test_my_orders_still_show_shipped_while_a_package_is_on_its_way(customer_client, customer):
    order = OrderFactory(customer=customer, shipped=True)
    page = customer_client.get(reverse("store:order_list")).content.decode()
    row = re.search(rf"{order.number}.*?</tr>", page, re.S).group(0)
    assert "Shipped" in row


def test_my_orders_ask_the_same_number_of_queries_for_one_order_or_many(
    customer_client, customer, django_assert_max_num_queries
):
    OrderFactory(customer=customer, delivery_failed=True)
    with django_assert_max_num_queries(8) as few:
        customer_client.get(reverse("store:order_list"))
    for _ in range(5):
        OrderFactory(customer=customer, with_items=3)
    with django_assert_max_num_queries(len(few.captured_queries)):
        customer_client.get(reverse("store:order_list"))


def test_an_item_with_a_request_shows_one_status_badge(customer_client, customer, cancel_reason):
    order = OrderFactory(customer=customer)
    item = order.items.get()
    cancellation_request_create(
        order_id=order.pk,
        lines=[RequestLine(item_id=item.pk, quantity=1, reason_id=cancel_reason.pk)],
        requested_by=customer,
    )
    row = re.search(rf'<tr id="item-{item.pk}".*?</tr>', _detail(customer_client, order), re.S).group(0)
    assert row.count('class="badge') == 1
    assert "Cancel: Waiting" in row
    assert "Cancellation Waiting" not in row


def test_a_split_line_is_listed_right_after_the_line_it_came_from(customer_client, customer, cancel_reason):
    order = OrderFactory(
        customer=customer, with_items=[(ProductFactory(name="Towel"), 3), (ProductFactory(name="Lamp"), 1)]
    )
    towel = order.items.get(product_name="Towel")
    cancellation_request_create(
        order_id=order.pk,
        lines=[RequestLine(item_id=towel.pk, quantity=1, reason_id=cancel_reason.pk)],
        requested_by=customer,
    )
    page = _detail(customer_client, order)
    rows = re.findall(r'<tr id="item-(\d+)"', page)
    names = [order.items.get(pk=pk).product_name for pk in rows]
    assert names == ["Towel", "Towel", "Lamp"]


def test_split_parts_of_split_parts_stay_beside_their_origin():
    line = SimpleNamespace
    items = [line(pk=1, split_from_id=None), line(pk=2, split_from_id=None), line(pk=3, split_from_id=1)]
    items += [line(pk=4, split_from_id=3), line(pk=5, split_from_id=2), line(pk=6, split_from_id=1)]
    assert [i.pk for i in rules.split_lines_together(reversed(items))] == [1, 3, 4, 6, 2, 5]


@pytest.mark.parametrize(("language", "title"), [("en", "Page not found"), ("tr", "Sayfa bulunamadı")])
def test_a_missing_page_is_the_projects_own_404_in_its_layout(client, language, title):
    response = client.get("/no-such-page/", headers={"accept-language": language})
    page = response.content.decode()
    assert response.status_code == 404
    assert f"<h1>{title}</h1>" in page
    assert 'class="site-header"' in page
    assert 'class="language-switch"' in page


def test_the_own_404_is_shown_under_debug_too_for_unknown_urls_and_missing_objects(customer_client, settings):
    settings.DEBUG = True
    for url in ["/no-such-page/", reverse("store:order_detail", kwargs={"number": "NOPE-1"})]:
        response = customer_client.get(url)
        assert response.status_code == 404
        assert "<h1>Page not found</h1>" in response.content.decode()
        assert "URLconf" not in response.content.decode()


@pytest.mark.parametrize(("language", "title"), [("en", "Something went wrong"), ("tr", "Bir şeyler ters gitti")])
def test_the_500_page_renders_without_a_request_context_in_the_layout(language, title):
    with translation.override(language):
        response = server_error(RequestFactory().get("/"))
    page = response.content.decode()
    assert response.status_code == 500
    assert f"<h1>{title}</h1>" in page
    assert f'<html lang="{language}">' in page
    assert 'class="site-header"' in page


def test_a_failure_under_debug_shows_the_own_500_page(customer_client, settings, monkeypatch):
    settings.DEBUG = True

    def fail(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr("store.views.OrderListView.get_queryset", fail)
    response = customer_client.get(reverse("store:order_list"))
    assert response.status_code == 500
    assert "<h1>Something went wrong</h1>" in response.content.decode()
    assert "boom" not in response.content.decode()


def test_my_orders_write_each_date_in_the_language_of_the_request_even_when_another_language_wrote_it_first(
    customer_client, customer
):
    OrderFactory(customer=customer, created_at=datetime(2026, 12, 1, 12, tzinfo=UTC))
    url = reverse("store:order_list")
    english = _text(customer_client.get(url).content.decode())
    customer_client.post(reverse("set_language"), {"language": "tr", "next": url})
    turkish = _text(customer_client.get(url).content.decode())
    assert "Dec. 1, 2026" in english
    assert "01 Aralık 2026" in turkish


def test_the_return_policy_says_the_return_code_comes_at_once_as_the_order_page_shows_it(client):
    page = client.get("/return-policy/").content.decode()
    assert "As soon as you ask for a return you receive a return code" in page
    assert "When it is approved you receive a return code" not in page
