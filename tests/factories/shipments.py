"""Factories of return shipments and their scans (SPEC section 3, Return shipment).

A return has its shipment in the state that goes with the request's: awaiting shipment while
it waits, received once decided (approved, completed or rejected after inspection), cancelled
when withdrawn, expired with it. `ReturnShipmentFactory(in_transit=True)` and its other traits
build a waiting return whose parcel is at that step.
"""

from datetime import timedelta

import factory
from django.conf import settings
from django.utils import timezone

from returns.choices import RequestStatus, ReturnShipmentStatus, ScanKind
from returns.models import ReturnScan, ReturnShipment

from .returns import CancellationRequestFactory

SHIPMENT_STATUS_OF_REQUEST = {
    RequestStatus.WAITING: ReturnShipmentStatus.AWAITING_SHIPMENT,
    RequestStatus.APPROVED: ReturnShipmentStatus.RECEIVED,
    RequestStatus.COMPLETED: ReturnShipmentStatus.RECEIVED,
    RequestStatus.REJECTED: ReturnShipmentStatus.RECEIVED,
    RequestStatus.WITHDRAWN: ReturnShipmentStatus.CANCELLED,
    RequestStatus.EXPIRED: ReturnShipmentStatus.EXPIRED,
}
REQUEST_STATUS_OF_SHIPMENT = {
    ReturnShipmentStatus.EXPIRED: RequestStatus.EXPIRED,
    ReturnShipmentStatus.CANCELLED: RequestStatus.WITHDRAWN,
}
SHIPPED = (ReturnShipmentStatus.IN_TRANSIT, ReturnShipmentStatus.RECEIVED, ReturnShipmentStatus.LOST)
CLOSED = (ReturnShipmentStatus.EXPIRED, ReturnShipmentStatus.LOST, ReturnShipmentStatus.CANCELLED)


def _ago(**delta):
    return timezone.now() - timedelta(**delta)


class ReturnShipmentFactory(factory.django.DjangoModelFactory):
    """A return's parcel: awaiting shipment by default; traits for each step.

    Without `cancellation_request`, the request is a new return in the status that goes with
    the parcel's (waiting, or expired with an expired parcel, withdrawn with a cancelled one).
    `overdue=True` has been in transit for longer than RETURN_TRANSIT_DAYS, not yet flagged;
    `past_ship_by=True` is still awaiting shipment after its ship-by date.
    """

    class Meta:
        model = ReturnShipment

    class Params:
        in_transit = factory.Trait(status=ReturnShipmentStatus.IN_TRANSIT)
        received = factory.Trait(status=ReturnShipmentStatus.RECEIVED)
        lost = factory.Trait(status=ReturnShipmentStatus.LOST)
        expired = factory.Trait(status=ReturnShipmentStatus.EXPIRED)
        cancelled = factory.Trait(status=ReturnShipmentStatus.CANCELLED)
        overdue = factory.Trait(
            status=ReturnShipmentStatus.IN_TRANSIT,
            in_transit_at=factory.LazyFunction(lambda: _ago(days=settings.RETURN_TRANSIT_DAYS, hours=1)),
        )
        past_ship_by = factory.Trait(ship_by=factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=1)))
        shipped = factory.LazyAttribute(lambda s: s.status in SHIPPED)

    cancellation_request = factory.SubFactory(
        CancellationRequestFactory,
        refund=True,
        with_shipment=False,
        status=factory.LazyAttribute(
            lambda r: REQUEST_STATUS_OF_SHIPMENT.get(r.factory_parent.status, RequestStatus.WAITING)
        ),
    )
    return_code = factory.Sequence(lambda n: f"RT-F{n:07d}")
    carrier = "sandbox"
    status = ReturnShipmentStatus.AWAITING_SHIPMENT
    ship_by = factory.LazyAttribute(
        lambda s: timezone.localdate() + timedelta(days=-1 if s.status == ReturnShipmentStatus.EXPIRED else 7)
    )
    created_at = factory.LazyFunction(lambda: _ago(days=1))
    shipped_at = factory.Maybe("shipped", factory.LazyFunction(lambda: _ago(hours=2)), None)
    in_transit_at = factory.Maybe("shipped", factory.LazyFunction(lambda: _ago(hours=2)), None)
    tracking_number = factory.Maybe("shipped", factory.Sequence(lambda n: f"SBX{n:09d}"), "")
    tracking_url = factory.LazyAttribute(
        lambda s: f"https://tracking.sandbox-cargo.example/{s.tracking_number}" if s.tracking_number else ""
    )
    received_at = factory.LazyAttribute(lambda s: timezone.now() if s.status == ReturnShipmentStatus.RECEIVED else None)
    closed_at = factory.LazyAttribute(lambda s: timezone.now() if s.status in CLOSED else None)
    restocked_at = factory.LazyAttribute(
        lambda s: (
            s.received_at
            if s.received_at and s.cancellation_request.status in (RequestStatus.APPROVED, RequestStatus.COMPLETED)
            else None
        )
    )


class ReturnScanFactory(factory.django.DjangoModelFactory):
    """A carrier's scan of a parcel in transit (a timeline entry that moved nothing by itself)."""

    class Meta:
        model = ReturnScan

    shipment = factory.SubFactory(ReturnShipmentFactory, in_transit=True)
    carrier = factory.SelfAttribute("shipment.carrier")
    scan_id = factory.Sequence(lambda n: f"SCAN-{n:08d}")
    kind = ScanKind.IN_TRANSIT
    scanned_at = factory.LazyFunction(lambda: _ago(hours=1))
    location = "Sandbox Cargo hub"
    description = "On its way"

    class Params:
        delivered = factory.Trait(kind=ScanKind.DELIVERED, location="Seller's warehouse", description="Delivered")


def parcel_deliver(cancellation) -> ReturnShipment:
    """Send a waiting return's parcel to its seller through the services: the customer ships it,
    the carrier's delivery scan receives it (tests of a decision start from a received return)."""
    from returns import carriers
    from returns.services import return_shipment_mark_shipped, return_shipment_record_scan

    shipment = return_shipment_mark_shipped(request_id=cancellation.pk, shipped_by=cancellation.order.customer)
    scan = carriers.CarrierScan(
        scan_id=f"DELIVERED-{shipment.return_code}",
        return_code=shipment.return_code,
        kind=ScanKind.DELIVERED,
        scanned_at=timezone.now(),
    )
    return_shipment_record_scan(carrier=shipment.carrier, scan=scan)
    shipment.refresh_from_db()
    return shipment
