"""What the screens read about return shipments: scoped fetches, the label, the timeline, the owner's list."""

from datetime import timedelta

import pytest
from django.http import Http404
from django.utils import timezone

from returns.carriers import CarrierScan
from returns.choices import ReturnShipmentStatus, ScanKind
from returns.selectors import (
    cancellation_request_list_for_order,
    return_label_get_for_customer,
    return_shipment_get_for_customer,
    return_shipment_get_for_seller,
    return_shipment_list_needing_owner,
    return_shipment_timeline,
)
from returns.services import (
    RequestLine,
    cancellation_request_create,
    return_shipment_mark_received,
    return_shipment_mark_shipped,
    return_shipment_record_scan,
)
from tests.factories import OrderFactory, ProductFactory, ReturnShipmentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def waiting_return(customer, seller, return_reason):
    seller.return_address = "Anatolia Textiles Returns\nOrganize Sanayi 12\nDenizli"
    seller.save()
    order = OrderFactory(
        customer=customer,
        with_items=[(ProductFactory(seller=seller, name="Turkish Cotton Towel", sku="AT-TOWEL-01"), 2)],
        delivered=True,
        shipping_address="Bağdat Cd. 100\nİstanbul",
    )
    line = RequestLine(item_id=order.items.get().pk, quantity=2, reason_id=return_reason.pk)
    (cancellation,) = cancellation_request_create(order_id=order.pk, lines=[line], requested_by=customer)
    return cancellation


def test_the_label_has_the_code_carrier_items_and_the_sellers_return_address(
    waiting_return, customer, django_assert_num_queries
):
    number = waiting_return.order.number
    with django_assert_num_queries(1):
        label = return_label_get_for_customer(user=customer, number=number, request_id=waiting_return.pk)
    assert label.return_code == waiting_return.return_code
    assert (label.carrier_name, label.product_name, label.sku, label.quantity) == (
        "Sandbox Cargo",
        "Turkish Cotton Towel",
        "AT-TOWEL-01",
        2,
    )
    assert label.return_address == "Anatolia Textiles Returns\nOrganize Sanayi 12\nDenizli"
    assert label.sender == "Ayşe Yılmaz\nBağdat Cd. 100\nİstanbul"
    assert label.ship_by == waiting_return.return_shipment.ship_by


def test_another_customers_or_sellers_shipment_is_a_404(waiting_return, other_customer, other_seller_user):
    number = waiting_return.order.number
    with pytest.raises(Http404):
        return_label_get_for_customer(user=other_customer, number=number, request_id=waiting_return.pk)
    with pytest.raises(Http404):
        return_shipment_get_for_customer(user=other_customer, number=number, request_id=waiting_return.pk)
    with pytest.raises(Http404):
        return_shipment_get_for_seller(user=other_seller_user, request_id=waiting_return.pk)


def test_the_seller_and_the_customer_get_their_own_shipment(waiting_return, customer, seller_user):
    own = return_shipment_get_for_seller(user=seller_user, request_id=waiting_return.pk)
    assert own == return_shipment_get_for_customer(
        user=customer, number=waiting_return.order.number, request_id=waiting_return.pk
    )


def test_the_timeline_reads_every_move_and_the_scans_that_moved_nothing_in_order(
    waiting_return, customer, seller_user, django_assert_num_queries
):
    # given the customer shipped, the carrier scanned it in transit, and the seller marked it received
    shipment = return_shipment_mark_shipped(request_id=waiting_return.pk, shipped_by=customer, tracking_number="T1")
    pickup = CarrierScan(
        scan_id="P-1",
        return_code=shipment.return_code,
        kind=ScanKind.IN_TRANSIT,
        scanned_at=timezone.now() + timedelta(seconds=1),
        location="Istanbul hub",
        description="Accepted at the branch",
    )
    return_shipment_record_scan(carrier="sandbox", scan=pickup)
    return_shipment_mark_received(request_id=waiting_return.pk, received_by=seller_user)
    shipment.refresh_from_db()
    # when the timeline is read
    with django_assert_num_queries(2):
        timeline = return_shipment_timeline(shipment=shipment)
    # then
    assert [(entry.label, entry.by) for entry in timeline] == [
        ("Return code issued", "Sandbox Cargo"),
        ("In Transit", "Ayşe Yılmaz"),
        ("In transit", "Sandbox Cargo"),
        ("Received by Seller", str(seller_user)),
    ]
    assert timeline[1].detail == "Shipped by the customer (T1)"
    assert timeline[2].detail == "Accepted at the branch, Istanbul hub"


def test_the_owner_is_shown_parcels_overdue_in_transit_and_lost_returns_still_undecided(db):
    overdue = ReturnShipmentFactory(in_transit=True, transit_overdue_at=timezone.now())
    lost = ReturnShipmentFactory(lost=True)
    ReturnShipmentFactory(in_transit=True)
    ReturnShipmentFactory(lost=True, cancellation_request__status="rejected")
    assert set(return_shipment_list_needing_owner()) == {overdue, lost}


def test_an_orders_requests_come_with_their_shipments_in_one_more_query(waiting_return, django_assert_num_queries):
    order = waiting_return.order
    items = list(order.items.all())
    with django_assert_num_queries(4):  # requests, their reasons, plan items, and return shipments
        (cancellation,) = cancellation_request_list_for_order(order=order, items=items)
    with django_assert_num_queries(0):
        assert cancellation.return_code == waiting_return.return_code
        assert cancellation.shipment.status == ReturnShipmentStatus.AWAITING_SHIPMENT


def test_the_label_names_the_sender_once_when_the_address_starts_with_their_name(waiting_return, customer):
    order = waiting_return.order
    order.shipping_address = f"{customer}\nBağdat Cd. 100\nİstanbul"
    order.save(update_fields=["shipping_address"])

    label = return_label_get_for_customer(user=customer, number=order.number, request_id=waiting_return.pk)

    assert label.sender == "Ayşe Yılmaz\nBağdat Cd. 100\nİstanbul"
