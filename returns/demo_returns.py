"""Demo returns at every step of the return shipment (SPEC section 6), built through the services.

One delivered order per customer holds a return for each step: in transit, received and
waiting for the seller, received and past the seller's deadline (the sweeper approves it on
its first run), confirmed and refunded, expired, and lost in transit (the owner decides).
The returns awaiting shipment are order 1007's. Times are moved back with plain updates
after each step, as the demo does for delivery times, so the sandbox courier leaves these
parcels where the demo put them.
"""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django_fsm_log.models import StateLog

from .carriers import CarrierScan
from .choices import ReturnShipmentStatus as ShipmentStatus
from .choices import ScanKind
from .models import CancellationPlan, CancellationRequest, ReturnShipment
from .services import (
    RequestLine,
    cancellation_request_approve,
    cancellation_request_create,
    refund_plan_execute,
    return_shipment_expire,
    return_shipment_mark_shipped,
    return_shipment_record_scan,
)

# The order's lines, one per step: (SKU, step).
STEPS = [
    ("AT-ROBE-02", "in_transit"),
    ("BE-CHRG-02", "received"),
    ("AT-TOWEL-01", "past_deadline"),
    ("BE-CABL-04", "refunded"),
    ("AT-PESH-03", "expired"),
    ("BE-HEAD-01", "lost"),
]


def demo_returns_seed(*, order, customer, reason, seller_users: dict) -> None:
    """Return each item of `order` (delivered, one line per step of STEPS) and take it to its step."""
    items = {item.sku: item for item in order.items.all()}
    lines = [RequestLine(item_id=items[sku].pk, quantity=1, reason_id=reason.pk) for sku, _step in STEPS]
    requests = {
        r.order_item.sku: r for r in cancellation_request_create(order_id=order.pk, lines=lines, requested_by=customer)
    }
    now = timezone.now()
    for sku, step in STEPS:
        cancellation = requests[sku]
        seller_user = seller_users[sku[:2]]
        times = _times(step, now)
        if step == "expired":
            ReturnShipment.objects.filter(cancellation_request=cancellation).update(
                ship_by=now.date() - timedelta(days=1)
            )
            shipment = ReturnShipment.objects.get(cancellation_request=cancellation)
            return_shipment_expire(shipment_id=shipment.pk, now=now)
            _move_back(shipment, cancellation, times)
            continue
        shipment = return_shipment_mark_shipped(
            request_id=cancellation.pk, shipped_by=customer, tracking_number=f"SBX{order.number}{sku[-2:]}"
        )
        _scan(shipment, ScanKind.IN_TRANSIT, times["in_transit"])
        if "received" in times:
            _scan(shipment, ScanKind.DELIVERED, times["received"])
        if step == "lost":
            _scan(shipment, ScanKind.LOST, times["lost"])
        _move_back(shipment, cancellation, times)
        if step == "refunded":
            cancellation_request_approve(request_id=cancellation.pk, approved_by=seller_user, note="")
            refund_plan_execute(plan_id=CancellationPlan.objects.get(items__cancellation_request=cancellation).pk)


def _times(step: str, now) -> dict:
    """When a customer who asked days ago would have asked, shipped, and when the parcel moved.

    In order: asked (the code issued), shipped, in transit, received (or lost). A parcel past the
    seller's deadline was received more than SELLER_RESPONSE_DAYS ago; an expired return was asked
    RETURN_SHIP_DAYS before its ship-by date, yesterday.
    """
    if step == "expired":
        return {"asked": now - timedelta(days=settings.RETURN_SHIP_DAYS + 1, hours=2)}
    received = now - timedelta(days=settings.SELLER_RESPONSE_DAYS, hours=2) if step == "past_deadline" else None
    in_transit = min(now - timedelta(days=2), received - timedelta(days=1)) if received else now - timedelta(days=2)
    times = {"in_transit": in_transit, "shipped": in_transit - timedelta(hours=2)}  # the carrier's first scan
    times["asked"] = times["shipped"] - timedelta(hours=3)
    if step in ("received", "past_deadline", "refunded"):
        times["received"] = received or now - timedelta(hours=20)
    if step == "lost":
        times["lost"] = now - timedelta(hours=6)
    return times


def _scan(shipment: ReturnShipment, kind: str, when) -> None:
    scan = CarrierScan(
        scan_id=f"DEMO-{shipment.return_code}-{kind}",
        return_code=shipment.return_code,
        kind=kind,
        scanned_at=when,
        location="Sandbox Cargo hub" if kind != ScanKind.DELIVERED else "Seller's warehouse",
    )
    return_shipment_record_scan(carrier=shipment.carrier, scan=scan)


def _move_back(shipment: ReturnShipment, cancellation, times: dict) -> None:
    """Put the request's and the parcel's times, and their history's, where `times` has them."""
    CancellationRequest.objects.filter(pk=cancellation.pk).update(created_at=times["asked"])
    fields = {"created_at": times["asked"]}
    if "shipped" in times:
        fields |= {"shipped_at": times["shipped"], "in_transit_at": times["shipped"]}
    if "received" in times:
        fields["received_at"] = times["received"]
    ReturnShipment.objects.filter(pk=shipment.pk).update(**fields)
    moved = {  # I Have Shipped It puts the parcel in transit; the carrier's first scan only confirms it
        ShipmentStatus.IN_TRANSIT: times.get("shipped"),
        ShipmentStatus.RECEIVED: times.get("received"),
        ShipmentStatus.LOST: times.get("lost"),
    }
    for state, at in moved.items():
        if at is not None:
            StateLog.objects.for_(shipment).filter(state=state).update(timestamp=at)
