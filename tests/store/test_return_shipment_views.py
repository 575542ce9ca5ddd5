"""Order Details' return shipment, I Have Shipped It and the printable return label."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse

from returns.choices import ReturnShipmentStatus
from returns.models import ReturnShipment
from returns.services import RequestLine, cancellation_request_create
from tests.factories import OrderFactory, ProductFactory, SellerFactory, UserFactory
from tests.factories.shipments import parcel_deliver

pytestmark = pytest.mark.django_db


@pytest.fixture
def waiting_return(customer, return_reason):
    seller = SellerFactory(name="Anatolia Textiles", return_address="Organize Sanayi 12\n16140 Nilüfer/Bursa")
    towel = ProductFactory(seller=seller, name="Turkish Cotton Towel", sku="AT-TOWEL-01", price=Decimal("249.90"))
    order = OrderFactory(customer=customer, with_items=[(towel, 1)], delivered=True)
    line = RequestLine(item_id=order.items.get().pk, quantity=1, reason_id=return_reason.pk)
    (cancellation,) = cancellation_request_create(order_id=order.pk, lines=[line], requested_by=customer)
    return cancellation


def _detail(cancellation):
    return reverse("store:order_detail", args=[cancellation.order.number])


def _shipped(cancellation):
    return reverse("store:return_shipped", args=[cancellation.order.number, cancellation.pk])


def _label(cancellation):
    return reverse("store:return_label", args=[cancellation.order.number, cancellation.pk])


def test_order_details_show_the_return_code_carrier_ship_by_label_link_and_shipped_form(
    customer_client, waiting_return
):
    shipment = waiting_return.return_shipment
    content = customer_client.get(_detail(waiting_return)).content.decode()
    assert shipment.return_code in content
    assert "Sandbox Cargo" in content
    assert "Awaiting Shipment" in content
    assert _label(waiting_return) in content
    assert _shipped(waiting_return) in content
    assert "I Have Shipped It" in content
    assert "Return code issued" in content


def test_i_have_shipped_it_moves_the_parcel_in_transit_with_its_tracking_number(customer_client, waiting_return):
    response = customer_client.post(_shipped(waiting_return), {"tracking_number": " SBX123 "}, follow=True)
    shipment = ReturnShipment.objects.get(cancellation_request=waiting_return)
    assert shipment.status == ReturnShipmentStatus.IN_TRANSIT
    assert shipment.tracking_number == "SBX123"
    content = response.content.decode()
    assert "is on its way" in content
    assert "In Transit" in content
    assert _shipped(waiting_return) not in content  # the form is gone once shipped


def test_i_have_shipped_it_without_a_tracking_number_is_fine(customer_client, waiting_return):
    customer_client.post(_shipped(waiting_return), {})
    shipment = ReturnShipment.objects.get(cancellation_request=waiting_return)
    assert shipment.status == ReturnShipmentStatus.IN_TRANSIT
    assert shipment.tracking_number == ""


@pytest.mark.parametrize(("tracking", "status"), [("x" * 101, 200), ("SBX\x00", 400)])
def test_a_bad_tracking_number_is_refused_and_changes_nothing(customer_client, waiting_return, tracking, status):
    response = customer_client.post(_shipped(waiting_return), {"tracking_number": tracking}, follow=True)
    assert response.status_code == status
    assert ReturnShipment.objects.get(cancellation_request=waiting_return).status == (
        ReturnShipmentStatus.AWAITING_SHIPMENT
    )
    if status == 200:
        assert "at most 100 characters" in response.content.decode()


def test_shipping_a_parcel_twice_says_so_and_changes_nothing(customer_client, waiting_return):
    customer_client.post(_shipped(waiting_return), {"tracking_number": "FIRST"})
    response = customer_client.post(_shipped(waiting_return), {"tracking_number": "SECOND"}, follow=True)
    assert "is In Transit" in response.content.decode()
    assert ReturnShipment.objects.get(cancellation_request=waiting_return).tracking_number == "FIRST"


def test_another_customers_return_cannot_be_shipped_or_labelled(client, waiting_return):
    client.force_login(UserFactory(username="someone-else"))
    assert client.post(_shipped(waiting_return), {}).status_code == 404
    assert client.get(_label(waiting_return)).status_code == 404
    assert waiting_return.return_shipment.status == ReturnShipmentStatus.AWAITING_SHIPMENT


def test_the_label_shows_code_as_text_and_qr_carrier_order_item_and_return_address(customer_client, waiting_return):
    shipment = waiting_return.return_shipment
    response = customer_client.get(_label(waiting_return))
    content = response.content.decode()
    assert response.status_code == 200
    assert f'<div class="return-code">{shipment.return_code}</div>' in content
    assert '<svg width="' in content
    assert 'class="qr-code"' in content
    for text in ["Sandbox Cargo", waiting_return.order.number, "Turkish Cotton Towel", "AT-TOWEL-01", "Nilüfer/Bursa"]:
        assert text in content
    assert "css/return_label.css" in content


def test_the_label_of_a_cancellation_is_a_404(customer_client, customer, cancel_reason):
    order = OrderFactory(customer=customer)
    line = RequestLine(item_id=order.items.get().pk, quantity=1, reason_id=cancel_reason.pk)
    (cancellation,) = cancellation_request_create(order_id=order.pk, lines=[line], requested_by=customer)
    assert customer_client.get(_label(cancellation)).status_code == 404


def test_a_received_parcel_shows_received_by_seller_and_no_shipped_form(customer_client, waiting_return):
    parcel_deliver(waiting_return)
    content = customer_client.get(_detail(waiting_return)).content.decode()
    assert "Received by Seller" in content
    assert _shipped(waiting_return) not in content
    assert _label(waiting_return) not in content


def test_the_label_and_the_shipment_are_in_turkish_for_a_turkish_customer(customer_client, waiting_return):
    customer_client.post(reverse("set_language"), {"language": "tr", "next": "/orders/"})
    assert "İade etiketi" in customer_client.get(_label(waiting_return)).content.decode()
    content = customer_client.get(_detail(waiting_return)).content.decode()
    assert "Kargoya Verdim" in content
    assert "İade Etiketini Yazdır" in content


@pytest.mark.parametrize("rows", [2, 20])
def test_order_details_with_returns_cost_as_many_queries_whatever_their_number(
    customer_client, customer, return_reason, django_assert_max_num_queries, rows
):
    order = OrderFactory(customer=customer, with_items=[(ProductFactory(), 1) for _ in range(rows)], delivered=True)
    lines = [RequestLine(item_id=item.pk, quantity=1, reason_id=return_reason.pk) for item in order.items.all()]
    cancellation_request_create(order_id=order.pk, lines=lines, requested_by=customer)
    url = reverse("store:order_detail", args=[order.number])
    customer_client.get(url)
    # session, user, order with payment, items, requests, their reasons, plan items and shipments
    with django_assert_max_num_queries(8):
        assert customer_client.get(url).status_code == 200


def test_i_have_shipped_it_works_with_csrf_checks_on(client, customer, waiting_return):
    # given a browser-like client that enforces CSRF, as real browsers meet it
    client.handler.enforce_csrf_checks = True
    client.force_login(customer)
    page = client.get(_detail(waiting_return)).content.decode()
    form = page[page.index(f'action="{_shipped(waiting_return)}"') :]
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form[: form.index("</form>")]).group(1)
    # when the customer submits the I Have Shipped It form with the token the page gave
    response = client.post(_shipped(waiting_return), {"csrfmiddlewaretoken": token, "tracking_number": "X1"})
    # then it is accepted
    assert response.status_code == 302
    assert ReturnShipment.objects.get(cancellation_request=waiting_return).status == ReturnShipmentStatus.IN_TRANSIT
