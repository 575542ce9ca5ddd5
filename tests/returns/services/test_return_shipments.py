"""A return's parcel: the code issued at once, I Have Shipped It, the carrier's scans, Mark as Received, lost."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from django_fsm_log.models import StateLog

from returns.carriers import CarrierScan
from returns.choices import EmailKind, ReturnShipmentStatus, ScanKind
from returns.exceptions import ReasonError, ShipmentError, UnknownReturnCodeError
from returns.models import OutboundEmail, ReturnScan, ReturnShipment
from returns.services import (
    RequestLine,
    cancellation_request_create,
    cancellation_request_reject,
    cancellation_request_withdraw,
    order_items_return,
    return_shipment_mark_lost,
    return_shipment_mark_received,
    return_shipment_mark_shipped,
    return_shipment_record_scan,
)
from tests.factories import OrderFactory

pytestmark = pytest.mark.django_db


def scan(shipment, kind, *, scan_id=None, when=None):
    return CarrierScan(
        scan_id=scan_id or f"{kind}-{shipment.return_code}",
        return_code=shipment.return_code,
        kind=kind,
        scanned_at=when or timezone.now(),
        location="Istanbul hub",
        description="Scanned",
    )


def kinds_queued():
    return list(OutboundEmail.objects.order_by("pk").values_list("kind", flat=True))


def test_a_return_gets_its_code_carrier_and_ship_by_date_at_once(waiting_return, settings):
    shipment = ReturnShipment.objects.get(cancellation_request=waiting_return)
    assert re.fullmatch(r"RT-[A-HJ-NP-Z2-9]{10}", shipment.return_code)
    assert (shipment.status, shipment.carrier) == (ReturnShipmentStatus.AWAITING_SHIPMENT, "sandbox")
    assert shipment.ship_by == timezone.localdate() + timedelta(days=settings.RETURN_SHIP_DAYS)
    assert EmailKind.RETURN_INSTRUCTIONS in kinds_queued()


def test_the_owners_return_gets_a_shipment_too_and_a_cancellation_none(
    customer, owner, owner_return_reason, cancel_reason
):
    delivered = OrderFactory(customer=customer, delivered=True)
    (returned,) = order_items_return(
        order_id=delivered.pk, item_ids=[delivered.items.get().pk], reason_id=owner_return_reason.pk, returned_by=owner
    )
    unshipped = OrderFactory(customer=customer)
    line = RequestLine(item_id=unshipped.items.get().pk, quantity=1, reason_id=cancel_reason.pk)
    (cancelled,) = cancellation_request_create(order_id=unshipped.pk, lines=[line], requested_by=customer)
    assert ReturnShipment.objects.get(cancellation_request=returned).status == "awaiting_shipment"
    assert not ReturnShipment.objects.filter(cancellation_request=cancelled).exists()


def test_return_codes_are_all_different(customer, return_reason):
    order = OrderFactory(customer=customer, with_items=5, delivered=True)
    lines = [RequestLine(item_id=i.pk, quantity=1, reason_id=return_reason.pk) for i in order.items.all()]
    cancellation_request_create(order_id=order.pk, lines=lines, requested_by=customer)
    assert len(set(ReturnShipment.objects.values_list("return_code", flat=True))) == 5


def test_i_have_shipped_it_puts_the_parcel_in_transit_with_its_tracking_and_tells_the_seller(waiting_return, customer):
    # when the customer says they shipped it with a tracking number
    shipment = return_shipment_mark_shipped(
        request_id=waiting_return.pk, shipped_by=customer, tracking_number=" SBX123 "
    )
    # then the parcel is in transit, with its tracking link, logged as the customer's
    shipment.refresh_from_db()
    assert shipment.status == ReturnShipmentStatus.IN_TRANSIT
    assert shipment.tracking_number == "SBX123"
    assert shipment.tracking_url == "https://tracking.sandbox-cargo.example/SBX123"
    assert shipment.shipped_at
    assert shipment.in_transit_at
    log = StateLog.objects.for_(shipment).get(transition="ship")
    assert (log.by, log.description) == (customer, "Shipped by the customer (SBX123)")
    assert kinds_queued()[-1] == EmailKind.SELLER_RETURN_IN_TRANSIT


def test_without_a_tracking_number_the_return_code_tracks_the_parcel(waiting_return, customer):
    shipment = return_shipment_mark_shipped(request_id=waiting_return.pk, shipped_by=customer)
    assert shipment.tracking_url.endswith(shipment.return_code)


def test_shipping_twice_or_someone_elses_return_is_refused(waiting_return, customer, other_customer):
    with pytest.raises(ShipmentError, match="Only the customer"):
        return_shipment_mark_shipped(request_id=waiting_return.pk, shipped_by=other_customer)
    return_shipment_mark_shipped(request_id=waiting_return.pk, shipped_by=customer)
    with pytest.raises(ShipmentError, match="In Transit"):
        return_shipment_mark_shipped(request_id=waiting_return.pk, shipped_by=customer)
    assert StateLog.objects.for_(waiting_return.return_shipment).filter(transition="ship").count() == 1


def test_a_tracking_number_too_long_is_refused(waiting_return, customer):
    with pytest.raises(ShipmentError, match="at most 100"):
        return_shipment_mark_shipped(request_id=waiting_return.pk, shipped_by=customer, tracking_number="X" * 101)


def test_the_carriers_delivery_scan_receives_the_parcel_and_tells_both_sides(waiting_return, customer):
    # given a parcel in transit
    shipment = return_shipment_mark_shipped(request_id=waiting_return.pk, shipped_by=customer)
    when = timezone.now() - timedelta(minutes=5)
    # when the carrier reports it delivered
    recorded = return_shipment_record_scan(carrier="sandbox", scan=scan(shipment, ScanKind.DELIVERED, when=when))
    # then it is received at the scan's time, by the system, and both sides are told
    shipment.refresh_from_db()
    assert recorded.created
    assert recorded.scan.applied
    assert (shipment.status, shipment.received_at) == (ReturnShipmentStatus.RECEIVED, when)
    log = StateLog.objects.for_(shipment).get(transition="receive")
    assert log.by.username == "system"
    assert "Sandbox Cargo" in log.description
    assert "Istanbul hub" in log.description
    assert kinds_queued()[-2:] == [EmailKind.RETURN_RECEIVED, EmailKind.SELLER_RETURN_RECEIVED]


def test_an_in_transit_scan_ships_a_parcel_the_customer_did_not_mark(waiting_return):
    shipment = waiting_return.return_shipment
    recorded = return_shipment_record_scan(carrier="sandbox", scan=scan(shipment, ScanKind.IN_TRANSIT))
    shipment.refresh_from_db()
    assert recorded.scan.applied
    assert shipment.status == ReturnShipmentStatus.IN_TRANSIT
    assert shipment.shipped_at == recorded.scan.scanned_at


def test_a_delivery_scan_of_a_parcel_never_marked_shipped_ships_and_receives_it(waiting_return):
    shipment = waiting_return.return_shipment
    return_shipment_record_scan(carrier="sandbox", scan=scan(shipment, ScanKind.DELIVERED))
    shipment.refresh_from_db()
    assert shipment.status == ReturnShipmentStatus.RECEIVED
    assert list(StateLog.objects.for_(shipment).order_by("pk").values_list("transition", flat=True)) == [
        "ship",
        "receive",
    ]


def test_a_scan_that_repeats_what_is_known_is_kept_on_the_timeline_but_moves_nothing(waiting_return, customer):
    shipment = return_shipment_mark_shipped(request_id=waiting_return.pk, shipped_by=customer)
    recorded = return_shipment_record_scan(carrier="sandbox", scan=scan(shipment, ScanKind.IN_TRANSIT))
    assert recorded.created
    assert not recorded.scan.applied
    assert StateLog.objects.for_(shipment).count() == 1


def test_a_scan_sent_twice_is_recorded_once(waiting_return, customer):
    shipment = return_shipment_mark_shipped(request_id=waiting_return.pk, shipped_by=customer)
    first = return_shipment_record_scan(carrier="sandbox", scan=scan(shipment, ScanKind.DELIVERED, scan_id="S-1"))
    again = return_shipment_record_scan(carrier="sandbox", scan=scan(shipment, ScanKind.DELIVERED, scan_id="S-1"))
    assert (first.created, again.created) == (True, False)
    assert again.scan.pk == first.scan.pk
    assert ReturnScan.objects.count() == 1
    assert StateLog.objects.for_(shipment).filter(transition="receive").count() == 1
    assert kinds_queued().count(EmailKind.RETURN_RECEIVED) == 1


def test_a_scan_for_an_unknown_code_or_another_carrier_is_refused(waiting_return):
    shipment = waiting_return.return_shipment
    with pytest.raises(UnknownReturnCodeError):
        return_shipment_record_scan(carrier="sandbox", scan=scan(ReturnShipment(return_code="RT-NOPE"), "delivered"))
    with pytest.raises(UnknownReturnCodeError):
        return_shipment_record_scan(carrier="other", scan=scan(shipment, ScanKind.DELIVERED))
    assert not ReturnScan.objects.exists()


def test_the_carriers_lost_scan_marks_the_parcel_lost_and_tells_the_owners_staff(waiting_return, customer):
    shipment = return_shipment_mark_shipped(request_id=waiting_return.pk, shipped_by=customer)
    return_shipment_record_scan(carrier="sandbox", scan=scan(shipment, ScanKind.LOST))
    shipment.refresh_from_db()
    assert shipment.status == ReturnShipmentStatus.LOST
    assert kinds_queued()[-1] == EmailKind.RETURN_LOST
    # a parcel found after all is still received when delivered
    return_shipment_record_scan(carrier="sandbox", scan=scan(shipment, ScanKind.DELIVERED))
    shipment.refresh_from_db()
    assert shipment.status == ReturnShipmentStatus.RECEIVED


def test_the_seller_marks_the_parcel_received_and_is_not_told_what_they_did(waiting_return, customer, seller_user):
    return_shipment_mark_shipped(request_id=waiting_return.pk, shipped_by=customer)
    shipment = return_shipment_mark_received(request_id=waiting_return.pk, received_by=seller_user)
    assert shipment.status == ReturnShipmentStatus.RECEIVED
    assert StateLog.objects.for_(shipment).get(transition="receive").by == seller_user
    assert kinds_queued()[-1] == EmailKind.RETURN_RECEIVED
    with pytest.raises(ShipmentError, match="Received by Seller"):
        return_shipment_mark_received(request_id=waiting_return.pk, received_by=seller_user)


def test_the_owner_marks_it_received_for_the_seller_only_saying_why(waiting_return, owner, staff_in):
    with pytest.raises(ReasonError):
        return_shipment_mark_received(request_id=waiting_return.pk, received_by=owner, note=" ")
    viewer = staff_in("Omnitron Viewer")
    with pytest.raises(ShipmentError, match="not allowed"):
        return_shipment_mark_received(request_id=waiting_return.pk, received_by=viewer, note="Seen it")
    shipment = return_shipment_mark_received(
        request_id=waiting_return.pk, received_by=owner, note="The seller called: it arrived"
    )
    log = StateLog.objects.for_(shipment).get(transition="receive")
    assert (log.by, log.description) == (owner, "The seller called: it arrived")
    assert kinds_queued()[-1] == EmailKind.SELLER_RETURN_RECEIVED


def test_only_the_owners_staff_mark_a_parcel_lost_saying_why(waiting_return, customer, seller_user, owner):
    return_shipment_mark_shipped(request_id=waiting_return.pk, shipped_by=customer)
    with pytest.raises(ShipmentError, match="staff"):
        return_shipment_mark_lost(request_id=waiting_return.pk, marked_by=seller_user, note="Gone")
    with pytest.raises(ReasonError):
        return_shipment_mark_lost(request_id=waiting_return.pk, marked_by=owner, note="")
    shipment = return_shipment_mark_lost(request_id=waiting_return.pk, marked_by=owner, note="Carrier lost it")
    assert shipment.status == ReturnShipmentStatus.LOST
    assert StateLog.objects.for_(shipment).get(transition="mark_lost").description == "Carrier lost it"


def test_a_parcel_awaiting_shipment_cannot_be_lost(waiting_return, owner):
    with pytest.raises(ShipmentError, match="Awaiting Shipment"):
        return_shipment_mark_lost(request_id=waiting_return.pk, marked_by=owner, note="Gone")


def test_withdrawing_a_return_before_shipping_cancels_its_shipment(waiting_return, customer):
    cancellation_request_withdraw(request_id=waiting_return.pk, withdrawn_by=customer)
    shipment = ReturnShipment.objects.get(cancellation_request=waiting_return)
    assert shipment.status == ReturnShipmentStatus.CANCELLED
    with pytest.raises(ShipmentError):
        return_shipment_mark_shipped(request_id=waiting_return.pk, shipped_by=customer)


def test_a_return_on_its_way_can_no_longer_be_withdrawn(waiting_return, customer):
    from returns.exceptions import RequestNotWithdrawableError

    return_shipment_mark_shipped(request_id=waiting_return.pk, shipped_by=customer)
    with pytest.raises(RequestNotWithdrawableError):
        cancellation_request_withdraw(request_id=waiting_return.pk, withdrawn_by=customer)
    waiting_return.refresh_from_db()
    assert waiting_return.status == "waiting"


def test_rejecting_before_the_parcel_left_cancels_the_shipment_and_after_keeps_it(
    waiting_return, customer, seller_user, return_reason
):
    cancellation_request_reject(request_id=waiting_return.pk, rejected_by=seller_user, note="Outside the policy")
    assert ReturnShipment.objects.get(cancellation_request=waiting_return).status == ReturnShipmentStatus.CANCELLED
    # a parcel already on its way still arrives: the seller sends it back
    order = OrderFactory(customer=customer, delivered=True)
    line = RequestLine(item_id=order.items.get().pk, quantity=1, reason_id=return_reason.pk)
    (other,) = cancellation_request_create(order_id=order.pk, lines=[line], requested_by=customer)
    return_shipment_mark_shipped(request_id=other.pk, shipped_by=customer)
    cancellation_request_reject(request_id=other.pk, rejected_by=seller_user, note="Outside the policy")
    assert ReturnShipment.objects.get(cancellation_request=other).status == ReturnShipmentStatus.IN_TRANSIT
