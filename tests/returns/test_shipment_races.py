"""Races on return shipments against PostgreSQL: threads behind a barrier, each with its own connection."""

from datetime import timedelta

import pytest
from django.utils import timezone
from django_fsm_log.models import StateLog

from orders.models import OrderItem, Product
from returns.carriers import CarrierScan
from returns.choices import EmailKind, ReturnShipmentStatus, ScanKind
from returns.exceptions import ReturnsError
from returns.models import CancellationRequest, OutboundEmail, ReturnScan, ReturnShipment
from returns.services import (
    ScanRecorded,
    cancellation_request_approve,
    return_shipment_mark_received,
    return_shipment_mark_shipped,
    return_shipment_record_scan,
    returns_sweep,
)
from tests.returns.test_concurrency import _postgres_only, run_together  # noqa: F401 - an autouse fixture

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def delivered(shipment, scan_id="DELIVERED-1") -> CarrierScan:
    return CarrierScan(
        scan_id=scan_id, return_code=shipment.return_code, kind=ScanKind.DELIVERED, scanned_at=timezone.now()
    )


def emails(kind) -> int:
    return OutboundEmail.objects.filter(kind=kind).count()


def test_the_carriers_scan_and_the_sellers_mark_as_received_at_once_receive_the_parcel_once(
    waiting_return, customer, seller_user
):
    shipment = return_shipment_mark_shipped(request_id=waiting_return.pk, shipped_by=customer)
    scan = delivered(shipment)

    def work(i):
        if i % 2:
            return return_shipment_record_scan(carrier="sandbox", scan=scan)
        return return_shipment_mark_received(request_id=waiting_return.pk, received_by=seller_user)

    results = run_together(2, work)
    # one of them received it; the other found it received (the seller is told so; the scan is kept)
    shipment.refresh_from_db()
    assert shipment.status == ReturnShipmentStatus.RECEIVED
    assert StateLog.objects.for_(shipment).filter(transition="receive").count() == 1
    assert emails(EmailKind.RETURN_RECEIVED) == 1
    recorded, marked = results[1], results[0]
    assert isinstance(recorded, ScanRecorded)
    assert recorded.created
    assert isinstance(marked, (ReturnShipment, ReturnsError))
    assert recorded.scan.applied is isinstance(marked, ReturnsError)


def test_the_same_scan_arriving_ten_times_at_once_is_recorded_and_applied_once(waiting_return, customer):
    shipment = return_shipment_mark_shipped(request_id=waiting_return.pk, shipped_by=customer)
    results = run_together(10, lambda i: return_shipment_record_scan(carrier="sandbox", scan=delivered(shipment)))
    assert all(isinstance(r, ScanRecorded) for r in results), results
    assert sum(r.created for r in results) == 1
    assert ReturnScan.objects.count() == 1
    assert StateLog.objects.for_(shipment).filter(transition="receive").count() == 1
    assert emails(EmailKind.SELLER_RETURN_RECEIVED) == 1


def test_two_sweepers_expiring_the_same_return_expire_it_once(waiting_return):
    later = timezone.now() + timedelta(days=30)
    results = run_together(2, lambda i: returns_sweep(now=later))
    assert sum(r.returns_expired for r in results) == 1, results
    waiting_return.refresh_from_db()
    assert waiting_return.status == "expired"
    assert StateLog.objects.for_(waiting_return).filter(transition="expire").count() == 1
    item = OrderItem.objects.get(pk=waiting_return.order_item_id)
    assert StateLog.objects.for_(item).filter(transition="restore").count() == 1
    assert emails(EmailKind.RETURN_EXPIRED) == 1


def test_a_scan_racing_the_expiry_either_ships_the_parcel_or_is_kept_without_effect(waiting_return):
    shipment = waiting_return.return_shipment
    later = timezone.now() + timedelta(days=30)
    in_transit = CarrierScan(
        scan_id="PICKUP-1", return_code=shipment.return_code, kind=ScanKind.IN_TRANSIT, scanned_at=timezone.now()
    )

    def work(i):
        if i:
            return return_shipment_record_scan(carrier="sandbox", scan=in_transit)
        return returns_sweep(now=later)

    sweep, recorded = run_together(2, work)
    shipment.refresh_from_db()
    waiting_return.refresh_from_db()
    assert recorded.created
    if recorded.scan.applied:  # the scan came first: shipped, so nothing expired
        assert (shipment.status, waiting_return.status, sweep.returns_expired) == ("in_transit", "waiting", 0)
    else:  # the expiry came first: the late scan is on the timeline and changed nothing
        assert (shipment.status, waiting_return.status, sweep.returns_expired) == ("expired", "expired", 1)


def test_a_scan_for_an_expired_return_is_kept_and_changes_nothing(waiting_return):
    returns_sweep(now=timezone.now() + timedelta(days=30))
    shipment = ReturnShipment.objects.get(cancellation_request=waiting_return)
    recorded = run_together(1, lambda i: return_shipment_record_scan(carrier="sandbox", scan=delivered(shipment)))[0]
    shipment.refresh_from_db()
    assert (recorded.created, recorded.scan.applied) == (True, False)
    assert shipment.status == ReturnShipmentStatus.EXPIRED
    assert CancellationRequest.objects.get(pk=waiting_return.pk).status == "expired"


def test_a_refund_without_return_and_the_parcels_arrival_at_once_put_the_goods_back_once(
    waiting_return, customer, seller_user
):
    shipment = return_shipment_mark_shipped(request_id=waiting_return.pk, shipped_by=customer)
    product_id = OrderItem.objects.get(pk=waiting_return.order_item_id).product_id

    def work(i):
        if i:
            return return_shipment_record_scan(carrier="sandbox", scan=delivered(shipment))
        return cancellation_request_approve(request_id=waiting_return.pk, approved_by=seller_user, without_return=True)

    results = run_together(2, work)
    assert not any(isinstance(r, Exception) and not isinstance(r, ReturnsError) for r in results), results
    assert Product.objects.get(pk=product_id).stock == 11  # 10 left after the sale + 1 back, once
