"""Seller Center's package page and confirm page: who it goes to, what is in it, what it refunds."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse

from returns.quotes import QuoteChoice, order_refund_quote

pytestmark = pytest.mark.django_db


def _page(client, package) -> str:
    response = client.get(reverse("seller:orders_package_change", args=[package.pk]))
    assert response.status_code == 200
    return response.content.decode()


def _move_buttons(page: str) -> list[str]:
    return re.findall(r'name="action" value="(\w+)"', page.split('class="object-tools"')[1].split("</ul>")[0])


def test_the_package_page_shows_the_customer_address_and_items(seller_client, world):
    package = world["own_package"]
    order = package.order
    order.shipping_address = "Bağdat Cd. 12, Kadıköy, İstanbul"
    order.save(update_fields=["shipping_address"])
    page = _page(seller_client, package)
    assert "Ayşe Yılmaz" in page
    assert "Bağdat Cd. 12, Kadıköy, İstanbul" in page
    assert "Robe" in page


def test_the_package_page_offers_the_moves_its_status_allows(seller_client, world):
    package = world["own_package"]
    assert _move_buttons(_page(seller_client, package)) == ["mark_ready_to_ship"]
    seller_client.post(
        reverse("seller:orders_package_changelist"),
        {"action": "mark_ready_to_ship", "_selected_action": [package.pk]},
    )
    package.refresh_from_db()
    assert package.status == "ready_to_ship"
    assert _move_buttons(_page(seller_client, package)) == ["ship"]


def test_a_delivered_package_offers_no_move(seller_client, world):
    package = world["own_request"].order_item.package
    assert _move_buttons(_page(seller_client, package)) == []


def test_the_confirm_page_shows_what_the_plan_will_refund(seller_client, world):
    cancellation = world["own_request"]
    response = seller_client.get(reverse("seller:returns_cancellationrequest_approve", args=[cancellation.pk]))
    page = response.content.decode()
    item = cancellation.order_item
    quote = order_refund_quote(
        order=item.order,
        items=item.order.items.all(),
        chosen=[QuoteChoice(item=item, quantity=item.quantity, cancellation_type="refund")],
    )
    assert quote.total > Decimal("0.00")
    amount = f"{quote.total:,.2f} TRY"
    assert re.search(rf'id="refund-amount">.*?{re.escape(amount)}', page, re.S)


def test_seller_center_offers_no_view_site_link_to_the_store_that_refuses_sellers(seller_client, world):
    page = seller_client.get(reverse("seller:index")).content.decode()
    assert "View site" not in page
