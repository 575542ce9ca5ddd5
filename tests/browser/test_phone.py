"""The store on a phone: 390 × 844, no sideways scrolling, and the return form fills and submits."""

import os
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.factories import CancellationReasonFactory, OrderFactory, ProductFactory, SellerFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
PHONE = {"width": 390, "height": 844}


def _assert_no_sideways_scrolling(page):
    widths = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    assert widths[0] <= widths[1], f"the page is {widths[0]} px wide on a {widths[1]} px screen"


def test_my_orders_and_order_details_fit_a_phone_and_the_return_form_submits(page, live_server, login, tmp_path):
    # given a customer with a delivered order of long-named products, one bought twice, and a discount
    customer = UserFactory(username="ayse", first_name="Ayşe", last_name="Yılmaz")
    seller = SellerFactory(name="Anatolia Textiles and Home Goods")
    CancellationReasonFactory(refund=True, subject="Does not fit")
    CancellationReasonFactory(refund=True, needs_description=True, subject="Other (please describe)")
    order = OrderFactory(
        customer=customer,
        with_items=[
            (ProductFactory(seller=seller, name="Turkish Cotton Towel Set, Extra Large", price=Decimal("1079.00")), 2),
            (ProductFactory(seller=seller, name="Wireless Noise-Cancelling Headphones"), 1),
        ],
        delivered=True,
        with_items__delivered_at=timezone.now() - timedelta(days=2),
        discount_total=Decimal("100.00"),
        shipping_total=Decimal("29.90"),
    )
    page.set_viewport_size(PHONE)
    login("ayse")

    # then My Orders fits the screen
    expect(page.get_by_role("heading", name="My Orders")).to_be_visible()
    _assert_no_sideways_scrolling(page)

    # and so does Order Details
    page.get_by_role("link", name=order.number).click()
    expect(page.get_by_role("heading", name=f"Order {order.number}")).to_be_visible()
    _assert_no_sideways_scrolling(page)

    # when the customer returns one of the two towel sets with a reason that needs a description
    towel = page.locator("tr", has_text="Turkish Cotton Towel Set")
    towel.get_by_label("Return This Item").check()
    reason = towel.get_by_label("Reason for Turkish Cotton Towel Set")
    reason.scroll_into_view_if_needed()
    assert reason.bounding_box()["x"] + reason.bounding_box()["width"] <= PHONE["width"]
    reason.select_option(label="Other (please describe)")
    towel.get_by_label("Quantity").fill("1")
    description = towel.get_by_label("Description for Turkish Cotton Towel Set")
    assert description.bounding_box()["x"] + description.bounding_box()["width"] <= PHONE["width"]
    description.fill("One towel has a pulled thread")
    page.get_by_label("I accept that I read and understand the").check()
    page.get_by_role("button", name="Return Selected Items").click()

    # then the request is under evaluation, and the page with its request still fits
    expect(page.locator(".messages")).to_contain_text("under evaluation")
    expect(page.locator("table.items")).to_contain_text("Return: Waiting")
    _assert_no_sideways_scrolling(page)
    folder = SCREENSHOTS if os.environ.get("UPDATE_SCREENSHOTS") == "1" else tmp_path
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / "order-details-phone.png"), full_page=True)
    assert (folder / "order-details-phone.png").stat().st_size > 10_000


def test_omnitrons_order_page_its_order_cancel_and_returns_analytics_fit_a_phone(page, live_server, login, tmp_path):
    # given an order of long-named products from a seller with a long name, and a reason to cancel with
    UserFactory(username="owner", owner=True)
    seller = SellerFactory(name="Anatolia Textiles and Home Goods")
    CancellationReasonFactory(for_owner=True, subject="Customer changed their mind before shipment")
    order = OrderFactory(
        with_items=[
            (ProductFactory(seller=seller, name="Turkish Cotton Towel Set, Extra Large"), 2),
            (ProductFactory(seller=seller, name="Wireless Noise-Cancelling Headphones"), 1),
        ]
    )
    page.set_viewport_size(PHONE)
    login("owner", path="/admin/login/")

    # then the order's page scrolls its wide tables inside their boxes, not the page
    page.goto(f"{live_server.url}/admin/orders/order/{order.pk}/change/")
    expect(page.get_by_role("heading", name="Product Information")).to_be_visible()
    _assert_no_sideways_scrolling(page)
    folder = SCREENSHOTS if os.environ.get("UPDATE_SCREENSHOTS") == "1" else tmp_path
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / "omnitron-order-phone.png"), full_page=True)

    # and so does Order Cancel, where the staff member confirms what is refunded
    page.get_by_label("Select Turkish Cotton Towel Set, Extra Large").check()
    page.get_by_label("Action", exact=True).select_option(label="Cancel/Return Selected Items")
    page.get_by_label("Transaction").select_option(label="Cancel")
    page.get_by_label("Reason").select_option(label="Customer changed their mind before shipment")
    page.get_by_role("button", name="Apply").click()
    expect(page.get_by_role("heading", name="Order Cancel")).to_be_visible()
    _assert_no_sideways_scrolling(page)

    # and Returns Analytics, its charts shrunk to the screen
    page.goto(f"{live_server.url}/admin/returns/analytics/")
    expect(page.get_by_role("heading", name="Returns Analytics")).to_be_visible()
    _assert_no_sideways_scrolling(page)
    page.screenshot(path=str(tmp_path / "analytics-phone.png"), full_page=True)
