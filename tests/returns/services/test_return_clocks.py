"""The return shipments' clocks, run by the sweeper: ship-by expiry, the seller deadline from receipt,
parcels overdue in transit, and the sandbox carrier's scans."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from django_fsm_log.models import StateLog

from orders.models import OrderItem
from returns import carriers
from returns.choices import EmailKind, ReturnShipmentStatus, ScanKind
from returns.models import OutboundEmail, ReturnScan, ReturnShipment
from returns.services import (
    RequestLine,
    cancellation_request_approve,
    cancellation_request_create,
    outbound_emails_send,
    return_shipment_mark_received,
    return_shipment_mark_shipped,
    returns_sweep,
)
from returns.tasks import report_sandbox_scan
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def day_after_ship_by(cancellation):
    ship_by = ReturnShipment.objects.get(cancellation_request=cancellation).ship_by
    return timezone.now() + timedelta(days=(ship_by - timezone.localdate()).days + 1)


# Ship-by date ---------------------------------------------------------------------------------


def test_a_return_not_shipped_by_its_date_expires_and_the_item_is_returnable_again(
    waiting_return, customer, return_reason, settings
):
    # on its ship-by date nothing happens yet
    on_the_day = timezone.now() + timedelta(days=settings.RETURN_SHIP_DAYS)
    assert returns_sweep(now=on_the_day).returns_expired == 0
    # the day after, the shipment and the request expire, and the item is restored
    report = returns_sweep(now=day_after_ship_by(waiting_return))
    assert report.returns_expired == 1
    waiting_return.refresh_from_db()
    shipment = ReturnShipment.objects.get(cancellation_request=waiting_return)
    assert (waiting_return.status, shipment.status) == ("expired", ReturnShipmentStatus.EXPIRED)
    item = OrderItem.objects.get(pk=waiting_return.order_item_id)
    assert (item.status, item.order.status, item.order.has_open_request) == ("delivered", "delivered", False)
    log = StateLog.objects.for_(waiting_return).get(transition="expire")
    assert log.by.username == "system"
    assert log.description.startswith("Not shipped by")
    # the customer is told, and may ask again
    assert OutboundEmail.objects.filter(kind=EmailKind.RETURN_EXPIRED).count() == 1
    line = RequestLine(item_id=item.pk, quantity=1, reason_id=return_reason.pk)
    (again,) = cancellation_request_create(order_id=item.order_id, lines=[line], requested_by=customer)
    assert again.status == "waiting"


def test_sweeping_twice_expires_once(waiting_return):
    later = day_after_ship_by(waiting_return)
    assert returns_sweep(now=later).returns_expired == 1
    assert returns_sweep(now=later).returns_expired == 0
    assert StateLog.objects.for_(waiting_return).filter(transition="expire").count() == 1
    assert OutboundEmail.objects.filter(kind=EmailKind.RETURN_EXPIRED).count() == 1


def test_a_shipped_return_does_not_expire(waiting_return, customer):
    return_shipment_mark_shipped(request_id=waiting_return.pk, shipped_by=customer)
    assert returns_sweep(now=day_after_ship_by(waiting_return)).returns_expired == 0


def test_a_refund_without_return_keeps_its_refund_when_the_parcel_never_comes(waiting_return, seller_user):
    cancellation_request_approve(request_id=waiting_return.pk, approved_by=seller_user, without_return=True)
    returns_sweep(now=day_after_ship_by(waiting_return))
    waiting_return.refresh_from_db()
    assert waiting_return.status == "completed"
    assert waiting_return.return_shipment.status == ReturnShipmentStatus.EXPIRED
    assert not OutboundEmail.objects.filter(kind=EmailKind.RETURN_EXPIRED).exists()


# Seller deadline --------------------------------------------------------------------------------


def test_the_seller_deadline_counts_from_receipt_not_from_the_request(waiting_return, settings):
    # a return asked for SELLER_RESPONSE_DAYS ago whose parcel has not arrived is not approved by the clock
    long_after = timezone.now() + timedelta(days=settings.SELLER_RESPONSE_DAYS, hours=1)
    assert returns_sweep(now=long_after).requests_approved == 0
    # once received, the seller has SELLER_RESPONSE_DAYS
    shipment = parcel_deliver_shipped(waiting_return.return_shipment)
    deadline = shipment.received_at + timedelta(days=settings.SELLER_RESPONSE_DAYS)
    assert returns_sweep(now=deadline - timedelta(minutes=1)).requests_approved == 0
    assert returns_sweep(now=deadline + timedelta(minutes=1)).requests_approved == 1
    waiting_return.refresh_from_db()
    assert waiting_return.status in ("approved", "completed")
    assert waiting_return.approved_without_return is False


def parcel_deliver_shipped(shipment):
    return_shipment_mark_received(request_id=shipment.cancellation_request_id, received_by=UserFactory())
    shipment.refresh_from_db()
    return shipment


# Parcels overdue in transit ---------------------------------------------------------------------------


def test_a_parcel_in_transit_too_long_is_flagged_once_and_the_owners_staff_are_told(
    waiting_return, customer, owner, staff_in, settings
):
    # given a parcel in transit the carrier does not deliver, an owner and a viewer (who cannot act on it)
    settings.RETURN_CARRIERS = {"sandbox": {**settings.RETURN_CARRIERS["sandbox"], "DELIVERED_SECONDS": 10**8}}
    carriers.reset()
    staff_in("Omnitron Viewer")
    shipment = return_shipment_mark_shipped(request_id=waiting_return.pk, shipped_by=customer)
    later = shipment.in_transit_at + timedelta(days=settings.RETURN_TRANSIT_DAYS, minutes=1)
    # when the sweeper runs before and after RETURN_TRANSIT_DAYS, twice
    assert returns_sweep(now=later - timedelta(minutes=2)).parcels_flagged == 0
    assert returns_sweep(now=later).parcels_flagged == 1
    assert returns_sweep(now=later).parcels_flagged == 0
    # then the flag shows and the owner's staff who may act were emailed once
    shipment.refresh_from_db()
    assert shipment.is_overdue_in_transit
    assert StateLog.objects.for_(shipment).get(transition="flag_overdue").by.username == "system"
    mail.outbox.clear()
    outbound_emails_send()
    overdue = [m for m in mail.outbox if "overdue in transit" in m.subject]
    assert [m.to for m in overdue] == [[owner.email]]
    # and the flag clears when it arrives
    parcel_deliver_shipped(shipment)
    shipment.refresh_from_db()
    assert not shipment.is_overdue_in_transit


# The sandbox carrier --------------------------------------------------------------------------------


def test_the_sandbox_carrier_reports_in_transit_then_delivered_by_itself_through_the_sweeper(
    waiting_return, customer, settings
):
    # given the customer shipped the parcel
    shipment = return_shipment_mark_shipped(request_id=waiting_return.pk, shipped_by=customer)
    config = settings.RETURN_CARRIERS["sandbox"]
    in_transit = shipment.shipped_at + timedelta(seconds=config["IN_TRANSIT_SECONDS"])
    delivered = shipment.shipped_at + timedelta(seconds=config["DELIVERED_SECONDS"])
    # when the sweeper runs before, between and after the sandbox's delays
    assert returns_sweep(now=in_transit - timedelta(seconds=1)).scans_reported == 0
    assert returns_sweep(now=in_transit).scans_reported == 1
    assert returns_sweep(now=in_transit).scans_reported == 0
    assert returns_sweep(now=delivered).scans_reported == 1
    # then both scans are on the timeline and the parcel was received by the carrier's scan
    shipment.refresh_from_db()
    assert list(ReturnScan.objects.values_list("kind", flat=True)) == [ScanKind.IN_TRANSIT, ScanKind.DELIVERED]
    assert shipment.status == ReturnShipmentStatus.RECEIVED
    assert returns_sweep(now=delivered + timedelta(minutes=5)).scans_reported == 0


def test_with_a_task_backend_that_defers_the_sandbox_schedules_its_scans(
    waiting_return, customer, settings, tasks_not_run, django_capture_on_commit_callbacks
):
    from django.tasks import default_task_backend

    with django_capture_on_commit_callbacks(execute=True):
        shipment = return_shipment_mark_shipped(request_id=waiting_return.pk, shipped_by=customer)
    config = settings.RETURN_CARRIERS["sandbox"]
    queued = sorted(default_task_backend.results, key=lambda result: result.task.run_after)
    assert [(r.task.name, r.kwargs["kind"]) for r in queued] == [
        ("report_sandbox_scan", ScanKind.IN_TRANSIT),
        ("report_sandbox_scan", ScanKind.DELIVERED),
    ]
    assert [r.task.run_after - shipment.shipped_at for r in queued] == [
        timedelta(seconds=config["IN_TRANSIT_SECONDS"]),
        timedelta(seconds=config["DELIVERED_SECONDS"]),
    ]


def test_the_sandbox_task_reports_its_scan_once_and_nothing_for_a_parcel_already_received(
    waiting_return, customer, seller_user
):
    shipment = return_shipment_mark_shipped(request_id=waiting_return.pk, shipped_by=customer)
    report_sandbox_scan.call(carrier="sandbox", shipment_id=shipment.pk, kind=ScanKind.IN_TRANSIT)
    report_sandbox_scan.call(carrier="sandbox", shipment_id=shipment.pk, kind=ScanKind.IN_TRANSIT)
    assert ReturnScan.objects.count() == 1
    return_shipment_mark_received(request_id=waiting_return.pk, received_by=seller_user)
    report_sandbox_scan.call(carrier="sandbox", shipment_id=shipment.pk, kind=ScanKind.DELIVERED)
    assert ReturnScan.objects.count() == 1


def test_the_sandbox_leaves_parcels_handed_over_long_before_to_the_people(waiting_return, customer):
    # given a parcel handed over two days ago, while the sandbox was not running
    shipment = return_shipment_mark_shipped(request_id=waiting_return.pk, shipped_by=customer)
    ReturnShipment.objects.filter(pk=shipment.pk).update(shipped_at=timezone.now() - timedelta(days=2))
    # when the sweeper, and a late task, ask the sandbox to report it
    assert returns_sweep().scans_reported == 0
    report_sandbox_scan.call(carrier="sandbox", shipment_id=shipment.pk, kind=ScanKind.DELIVERED)
    # then it stays in transit, for the seller to mark received
    shipment.refresh_from_db()
    assert shipment.status == ReturnShipmentStatus.IN_TRANSIT
    assert not ReturnScan.objects.exists()
