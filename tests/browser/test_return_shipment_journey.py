"""The goods come back before the money goes out: a customer's return from the return code and
label to the refund, and a return whose ship-by date passes."""

import os
import re
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone
from playwright.sync_api import expect

from returns import carriers
from returns.choices import ScanKind
from returns.models import ReturnShipment
from returns.services import RequestLine, cancellation_request_create
from returns.services.sweeper import returns_sweep
from tests.factories import CancellationReasonFactory, OrderFactory, ProductFactory, SellerFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
RETURN_ADDRESS = "Anatolia Textiles İade\nOrganize Sanayi Bölgesi 12. Cd. No:4\n16140 Nilüfer/Bursa"


@pytest.fixture
def shots(tmp_path):
    """Where screenshots go: docs/screenshots with UPDATE_SCREENSHOTS=1, else out of the tree."""
    folder = SCREENSHOTS if os.environ.get("UPDATE_SCREENSHOTS") == "1" else tmp_path
    folder.mkdir(parents=True, exist_ok=True)

    def take(page, name: str) -> None:
        page.screenshot(path=str(folder / name), full_page=True)
        assert (folder / name).stat().st_size > 5_000

    return take


@pytest.fixture
def towel_order():
    customer = UserFactory(username="ayse", first_name="Ayşe", last_name="Yılmaz")
    seller_user = UserFactory(username="anatolia")
    seller = SellerFactory(name="Anatolia Textiles", staff=[seller_user], return_address=RETURN_ADDRESS)
    towel = ProductFactory(seller=seller, name="Turkish Cotton Towel Set", sku="AT-TOWEL-01", price=Decimal("249.90"))
    return OrderFactory(customer=customer, with_items=[(towel, 1)], delivered=True, shipping_total=Decimal("29.90"))


def _pages_of(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?![s\w])", pdf))


def test_customer_returns_ships_with_the_label_and_is_refunded_once_the_seller_has_the_parcel(
    page, browser, live_server, login, towel_order, shots
):
    # given a customer with a delivered towel set
    CancellationReasonFactory(refund=True, subject="Does not fit")
    order = towel_order

    # when they return it on Order Details
    login("ayse")
    page.goto(f"{live_server.url}/orders/{order.number}/")
    row = page.locator("tr", has_text="Turkish Cotton Towel Set")
    row.get_by_label("Return This Item").check()
    row.get_by_label("Reason for Turkish Cotton Towel Set").select_option(label="Does not fit")
    page.get_by_label("I accept that I read and understand the").check()
    page.get_by_role("button", name="Return Selected Items").click()

    # then the return code, the carrier and the ship-by date are there at once
    expect(page.locator(".messages")).to_contain_text("under evaluation")
    shipment = ReturnShipment.objects.get(cancellation_request__order=order)
    parcel = page.locator(f"#shipment-{shipment.cancellation_request_id}")
    expect(parcel.locator(".return-code")).to_have_text(shipment.return_code)
    expect(parcel).to_contain_text("Sandbox Cargo")
    expect(parcel).to_contain_text("Awaiting Shipment")
    expect(parcel.get_by_role("button", name="I Have Shipped It")).to_be_visible()
    shots(page, "return-awaiting-shipment.png")

    # when they print the return label
    parcel.get_by_role("link", name="Print Return Label").click()
    label = page.locator(".return-label")
    expect(label.locator(".return-code")).to_have_text(shipment.return_code)
    expect(label.locator("svg.qr-code")).to_have_count(1)
    for text in ["Sandbox Cargo", order.number, "Turkish Cotton Towel Set", "16140 Nilüfer/Bursa", "Ayşe Yılmaz"]:
        expect(label).to_contain_text(text)
    shots(page, "return-label.png")
    # then it prints on one A4 page, without the site's header
    page.emulate_media(media="print")
    expect(page.locator(".site-header")).to_be_hidden()
    assert _pages_of(page.pdf(format="A4", print_background=True)) == 1
    page.emulate_media(media="screen")

    # when they hand the parcel over and press I Have Shipped It with the tracking number
    page.get_by_role("link", name="Order Details").click()
    page.get_by_label("Tracking number (optional)").fill("SBX123456789")
    page.get_by_role("button", name="I Have Shipped It").click()
    expect(page.locator(".messages")).to_contain_text("is on its way")
    expect(parcel).to_contain_text("In Transit")
    expect(parcel.get_by_role("button", name="I Have Shipped It")).to_have_count(0)

    # and the carrier's scans arrive (the sandbox reports them as a carrier calls the webhook)
    carrier = carriers.get(shipment.carrier)
    assert carrier.report(shipment_id=shipment.pk, kind=ScanKind.IN_TRANSIT)
    assert carrier.report(shipment_id=shipment.pk, kind=ScanKind.DELIVERED)
    page.reload()
    expect(parcel).to_contain_text("Received by Seller")
    shots(page, "return-received-customer.png")

    # then the seller sees the parcel received, and confirms
    seller = browser.new_context().new_page()
    login("anatolia", path="/seller/login/", on=seller)
    seller.goto(f"{live_server.url}/seller/returns/cancellationrequest/?shipment=received")
    seller.get_by_role("link", name=str(shipment.cancellation_request_id), exact=True).click()
    box = seller.locator("#return-shipment")
    expect(box).to_contain_text(shipment.return_code)
    expect(box.locator(".shipment-status")).to_have_text("Received by Seller")
    expect(box).to_contain_text("SBX123456789")
    expect(box).to_contain_text("Seller's warehouse")
    expect(seller.get_by_role("link", name="Mark as Received")).to_have_count(0)
    shots(seller, "return-received-seller.png")
    seller.get_by_role("link", name="Confirm").click()
    expect(seller.locator("#without-return-warning")).to_have_count(0)  # the goods are back: no second question
    seller.get_by_role("button", name="Yes").click()
    expect(seller.locator(".messagelist")).to_contain_text("Confirmed")

    # and the customer sees the item returned and the refund
    page.reload()
    expect(page.locator("table.items")).to_contain_text("Returned")
    expect(page.locator("#payment-heading + dl")).to_contain_text("249.90")
    shots(page, "return-refunded-customer.png")


def test_a_return_not_shipped_by_its_ship_by_date_expires_and_the_item_is_returnable_again(
    page, live_server, login, towel_order, shots
):
    # given a return awaiting shipment
    reason = CancellationReasonFactory(refund=True, subject="Does not fit")
    item = towel_order.items.get()
    line = RequestLine(item_id=item.pk, quantity=1, reason_id=reason.pk)
    (cancellation,) = cancellation_request_create(
        order_id=towel_order.pk, lines=[line], requested_by=item.order.customer
    )
    login("ayse")
    page.goto(f"{live_server.url}/orders/{towel_order.number}/")
    parcel = page.locator(f"#shipment-{cancellation.pk}")
    expect(parcel).to_contain_text("Awaiting Shipment")

    # when the ship-by date passes and the sweeper runs
    later = timezone.now() + timedelta(days=settings.RETURN_SHIP_DAYS + 1)
    returns_sweep(now=later)

    # then the request shows Expired and the towel set may be returned again
    page.reload()
    expect(page.locator("#requests-heading + table")).to_contain_text("Return: Expired")
    expect(parcel).to_contain_text("Expired")
    expect(parcel.get_by_role("button", name="I Have Shipped It")).to_have_count(0)
    row = page.locator("table.items tr", has_text="Turkish Cotton Towel Set")
    expect(row.get_by_label("Return This Item")).to_be_visible()
    shots(page, "return-expired.png")
