"""The Refund preview in a real browser: it follows ticks, quantities and reasons, and the owner's page agrees."""

import os
from decimal import Decimal
from pathlib import Path

import pytest
from playwright.sync_api import expect

from returns.models import CancellationPlan
from tests.factories import CancellationReasonFactory, OrderFactory, ProductFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


def _screenshot(page, tmp_path, name: str) -> None:
    # The README's screenshots: refreshed with UPDATE_SCREENSHOTS=1, else kept out of the tree.
    folder = SCREENSHOTS if os.environ.get("UPDATE_SCREENSHOTS") == "1" else tmp_path
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / name), full_page=True)


def test_the_preview_follows_the_form_and_equals_the_owners_confirmation_and_plan(page, live_server, login, tmp_path):
    # given an order of a rug and three towel sets, with a discount and shipping
    UserFactory(username="owner-staff", owner=True)
    CancellationReasonFactory(subject="I changed my mind")
    order = OrderFactory(
        customer__username="mehmet",
        with_items=[
            (ProductFactory(name="Kilim Rug", price=Decimal("899.00")), 1),
            (ProductFactory(name="Turkish Cotton Towel Set", price=Decimal("66.63")), 3),
        ],
        discount_total=Decimal("49.80"),
        shipping_total=Decimal("29.90"),
    )
    login(order.customer.username)
    page.goto(f"{live_server.url}/orders/{order.number}/")
    preview = page.locator("#refund-preview")
    expect(preview).to_contain_text("Tick Return This Item to see what you get back.")

    # when the customer ticks the rug: its amount, no shipping (the towels stay)
    rug = page.locator("tr", has_text="Kilim Rug")
    rug.get_by_label("Return This Item").check()
    rug_amount = order.items.get(product_name="Kilim Rug").amount_paid
    expect(preview.locator("tr.total")).to_have_attribute("data-amount", str(rug_amount))
    expect(preview).not_to_contain_text("Shipping")

    # and all three towel sets as well: the whole order, shipping included
    towels = page.locator("tr", has_text="Turkish Cotton Towel Set").first
    towels.get_by_label("Return This Item").check()
    towels.get_by_label("Reason for Turkish Cotton Towel Set").select_option(label="I changed my mind")
    expect(preview.locator("tr.total")).to_have_attribute("data-amount", str(order.total))
    expect(preview.locator("tr.shipping")).to_contain_text("29.90")

    # and then only two of them: the shipping goes again
    towels.get_by_label("Quantity").fill("2")
    expect(preview.locator("tr.shipping")).to_have_count(0)
    _screenshot(page, tmp_path, "refund-preview.png")

    # the form still submits in one step with every item back to three
    towels.get_by_label("Quantity").fill("3")
    rug.get_by_label("Reason for Kilim Rug").select_option(label="I changed my mind")
    expect(preview.locator("tr.total")).to_have_attribute("data-amount", str(order.total))
    page.get_by_label("I accept that I read and understand the").check()
    page.get_by_role("button", name="Return Selected Items").click()
    expect(page.locator(".messages")).to_contain_text("under evaluation")

    # then the owner's Order Cancel page and the plan say the same total
    page.context.clear_cookies()
    login("owner-staff", path="/admin/login/")
    page.goto(f"{live_server.url}/admin/orders/order/{order.pk}/change/")
    for row in page.locator("#product-information tbody tr").all():
        row.get_by_role("checkbox").check()
    page.get_by_label("Transaction").select_option(label="Cancel")  # the customer's own: no reason asked
    page.get_by_role("button", name="Apply").click()
    expect(page.get_by_role("heading", name="Order Cancel")).to_be_visible()
    expect(page.locator("tr.total")).to_contain_text(f"{order.total:,}")
    _screenshot(page, tmp_path, "omnitron-order-cancel.png")
    page.get_by_role("button", name="Yes").click()
    assert CancellationPlan.objects.get().amount == order.total
