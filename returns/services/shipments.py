"""Return shipments: the code issued with the return, I Have Shipped It, the carrier's scans,
Mark as Received, a parcel lost, and the stock of accepted goods.

Lock order, as in every workflow: the order, its items, the request, then its shipment.
Approving a return (approval.py) and the clocks (clocks.py) use the helpers here.
"""

from dataclasses import dataclass
from datetime import datetime

import django_fsm as fsm
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User, system_user
from orders.models import Order, OrderItem
from orders.services import order_item_restock

from .. import carriers, events, notifications
from ..carriers import CarrierScan
from ..choices import EmailKind, RequestStatus, ReturnShipmentStatus, ScanKind
from ..exceptions import ReasonError, ShipmentError, UnknownReturnCodeError
from ..figures import figures_refresh
from ..models import CancellationRequest, ReturnScan, ReturnShipment
from ..models.shipments import ship_by_date
from .common import lock_order_and_items, lock_requests

Status = ReturnShipmentStatus


@dataclass(frozen=True)
class LockedReturn:
    """A return request's rows, locked in the stable order."""

    order: Order
    item: OrderItem
    cancellation: CancellationRequest
    shipment: ReturnShipment


@dataclass(frozen=True)
class ScanRecorded:
    scan: ReturnScan
    created: bool  # False: the carrier sent this scan id before; nothing changed


def return_lock(*, request_id: int) -> LockedReturn:
    """Lock the order, the request's item, the request and its shipment (inside a transaction)."""
    order_id, item_id = CancellationRequest.objects.values_list("order_id", "order_item_id").get(pk=request_id)
    order, items = lock_order_and_items(order_id=order_id, item_ids=[item_id])
    (cancellation,) = lock_requests(request_ids=[request_id])
    shipment = return_shipment_lock(cancellation=cancellation)
    if shipment is None:
        raise ShipmentError(_("Request #%(id)s has no return shipment.") % {"id": request_id})
    return LockedReturn(order=order, item=items[item_id], cancellation=cancellation, shipment=shipment)


def return_shipment_lock(*, cancellation: CancellationRequest) -> ReturnShipment | None:
    """Lock a locked request's shipment (None for a cancellation) and keep it on the request."""
    if cancellation.is_cancel:
        return None
    shipment = ReturnShipment.objects.select_for_update().filter(cancellation_request_id=cancellation.pk).first()
    if shipment is not None:
        cancellation.return_shipment = shipment
    return shipment


def return_shipment_open(*, cancellation: CancellationRequest) -> ReturnShipment:
    """Give a new return its shipment: the carrier's return code and the ship-by date (caller holds the locks)."""
    carrier = carriers.for_new_returns()
    for _attempt in range(5):
        try:
            with transaction.atomic():
                shipment = ReturnShipment.objects.create(
                    cancellation_request=cancellation,
                    return_code=carrier.issue_return_code(),
                    carrier=carrier.code,
                    ship_by=ship_by_date(),
                )
        except IntegrityError:
            continue  # a code drawn twice: draw again
        cancellation.return_shipment = shipment
        return shipment
    raise ShipmentError(_("Could not issue a return code; please try again."))


@transaction.atomic
def return_shipment_mark_shipped(*, request_id: int, shipped_by: User, tracking_number: str = "") -> ReturnShipment:
    """The customer's I Have Shipped It: the parcel is In Transit, with its tracking number if given.

    Locks the return (`return_lock`). Queues the seller's "a parcel is on its way" email;
    after commit the carrier hears of it (the sandbox then reports its scans).
    """
    tracking_number = tracking_number.strip()
    if len(tracking_number) > 100 or "\x00" in tracking_number:
        raise ShipmentError(_("Enter a tracking number of at most 100 characters."))
    locked = return_lock(request_id=request_id)
    shipment = locked.shipment
    if not (shipped_by.pk == locked.order.customer_id or shipped_by.is_staff):
        raise ShipmentError(_("Only the customer says that a return was shipped."))
    if not shipment.can_mark_shipped:
        raise ShipmentError(_("Return %(code)s is %(status)s.") % _code_and_status(shipment))
    carrier = carriers.get(shipment.carrier)
    shipment.ship(
        shipped_at=timezone.now(),
        tracking_number=tracking_number,
        tracking_url=carrier.tracking_url(return_code=shipment.return_code, tracking_number=tracking_number),
        by=shipped_by,
        description=_("Shipped by the customer") + (f" ({tracking_number})" if tracking_number else ""),
    )
    shipment.save()
    notifications.queue(EmailKind.SELLER_RETURN_IN_TRANSIT, request_id=request_id)
    events.claims_updated([request_id])
    transaction.on_commit(lambda: carrier.handed_over(shipment_id=shipment.pk, shipped_at=shipment.shipped_at))
    return shipment


@transaction.atomic
def return_shipment_mark_received(*, request_id: int, received_by: User, note: str = "") -> ReturnShipment:
    """Mark as Received: the seller (or the owner for them, saying why) has the parcel.

    Locks the return. From then the seller's deadline runs (SPEC rule 8); queues the
    customer's "your parcel reached the seller" email, and the seller's "please decide"
    when someone else marked it.
    """
    locked = return_lock(request_id=request_id)
    shipment = locked.shipment
    if received_by.is_staff and not note.strip():
        raise ReasonError(_("Say why you mark the parcel received for the seller."))
    if not shipment.can_mark_received:
        raise ShipmentError(_("Return %(code)s is %(status)s.") % _code_and_status(shipment))
    if not fsm.has_transition_perm(shipment.receive, received_by):
        raise ShipmentError(_("You are not allowed to mark returns received."))
    description = note.strip() or _("Marked as received by the seller")
    _receive(locked, by=received_by, description=description, by_seller=not received_by.is_staff)
    return shipment


@transaction.atomic
def return_shipment_mark_lost(*, request_id: int, marked_by: User, note: str) -> ReturnShipment:
    """The owner marks a parcel in transit as lost (then decides: `return_shipment_lost_decide`). Locks the return."""
    if not marked_by.is_staff:
        raise ShipmentError(_("Only the marketplace's staff mark a parcel lost."))
    if not note.strip():
        raise ReasonError(_("Say why the parcel is lost."))
    locked = return_lock(request_id=request_id)
    shipment = locked.shipment
    if shipment.status != Status.IN_TRANSIT:
        raise ShipmentError(_("Return %(code)s is %(status)s.") % _code_and_status(shipment))
    if not fsm.has_transition_perm(shipment.mark_lost, marked_by):
        raise ShipmentError(_("You are not allowed to mark returns lost."))
    shipment.mark_lost(by=marked_by, description=note.strip())
    shipment.save()
    figures_refresh(request_ids=[locked.cancellation.pk])
    return shipment


@transaction.atomic
def return_shipment_record_scan(*, carrier: str, scan: CarrierScan) -> ScanRecorded:
    """Record a carrier's scan once and move the shipment as it says.

    An in-transit scan ships a parcel still awaiting shipment; a delivery scan receives it
    (as Mark as Received does); a lost scan marks it lost and tells the owner's staff. A
    scan that moves nothing (repeated, or for an expired or closed return) is kept on the
    timeline, not applied. Locks the return; the carrier's scan id is unique, so a scan
    sent twice, even at once, is recorded once.
    """
    request_id = (
        ReturnShipment.objects.filter(carrier=carrier, return_code=scan.return_code)
        .values_list("cancellation_request_id", flat=True)
        .first()
    )
    if request_id is None:
        raise UnknownReturnCodeError(_("No return %(code)s with this carrier.") % {"code": scan.return_code})
    locked = return_lock(request_id=request_id)
    seen = ReturnScan.objects.filter(carrier=carrier, scan_id=scan.scan_id).first()
    if seen is not None:
        return ScanRecorded(scan=seen, created=False)
    try:
        with transaction.atomic():
            row = ReturnScan.objects.create(
                shipment=locked.shipment,
                carrier=carrier,
                scan_id=scan.scan_id,
                kind=scan.kind,
                scanned_at=min(scan.scanned_at, timezone.now()),
                location=scan.location,
                description=scan.description,
            )
    except IntegrityError:  # recorded by a call that committed after our look
        return ScanRecorded(scan=ReturnScan.objects.get(carrier=carrier, scan_id=scan.scan_id), created=False)
    row.applied = _apply_scan(locked, scan=row, carrier_name=str(carriers.get(carrier)))
    if row.applied:
        row.save(update_fields=["applied"])
    return ScanRecorded(scan=row, created=True)


def _apply_scan(locked: LockedReturn, *, scan: ReturnScan, carrier_name: str) -> bool:
    shipment = locked.shipment
    by = system_user()
    description = f"{carrier_name}: " + ", ".join(
        part for part in (scan.description or scan.get_kind_display(), scan.location) if part
    )
    if scan.kind == ScanKind.LOST:
        if shipment.status != Status.IN_TRANSIT:
            return False
        shipment.mark_lost(by=by, description=description)
        shipment.save()
        figures_refresh(request_ids=[locked.cancellation.pk])
        notifications.queue(EmailKind.RETURN_LOST, request_id=locked.cancellation.pk)
        events.claims_updated([locked.cancellation.pk])
        return True
    if shipment.status == Status.AWAITING_SHIPMENT:
        # The carrier took the parcel although the customer never pressed I Have Shipped It.
        shipment.ship(shipped_at=scan.scanned_at, by=by, description=description)
        shipment.save()
        notifications.queue(EmailKind.SELLER_RETURN_IN_TRANSIT, request_id=locked.cancellation.pk)
        events.claims_updated([locked.cancellation.pk])
        if scan.kind == ScanKind.IN_TRANSIT:
            return True
    if scan.kind == ScanKind.DELIVERED and shipment.status in (Status.IN_TRANSIT, Status.LOST):
        _receive(locked, by=by, description=description, received_at=scan.scanned_at)
        return True
    return False


def _receive(
    locked: LockedReturn, *, by: User, description: str, by_seller: bool = False, received_at: datetime | None = None
) -> None:
    """The parcel reached the seller (caller holds the locks): record it, tell people, restock if accepted."""
    shipment, cancellation = locked.shipment, locked.cancellation
    shipment.receive(received_at=received_at, by=by, description=description)
    shipment.save()
    notifications.queue(EmailKind.RETURN_RECEIVED, request_id=cancellation.pk)
    events.publish(events.EventType.RETURN_SHIPMENT_RECEIVED, request_ids=[cancellation.pk])
    events.claims_updated([cancellation.pk])
    if cancellation.is_awaiting_decision and not by_seller:
        notifications.queue(EmailKind.SELLER_RETURN_RECEIVED, request_id=cancellation.pk)
    return_goods_restock(shipment=shipment, cancellation=cancellation, item=locked.item)


def return_goods_restock(*, shipment: ReturnShipment, cancellation: CancellationRequest, item: OrderItem) -> bool:
    """Put returned goods back in stock once they are both received and accepted (SPEC rule 12).

    Called when a return is approved and when its parcel arrives, whichever comes last;
    `restocked_at`, set by a conditional update, makes it happen once.
    """
    accepted = cancellation.status in (RequestStatus.APPROVED, RequestStatus.COMPLETED)
    if not (accepted and shipment.is_received and shipment.restocked_at is None):
        return False
    now = timezone.now()
    if not ReturnShipment.objects.filter(pk=shipment.pk, restocked_at__isnull=True).update(restocked_at=now):
        return False
    shipment.restocked_at = now
    order_item_restock(item=item)
    return True


def return_shipment_close(*, cancellation: CancellationRequest, by: User, description: str) -> None:
    """Cancel the shipment of a return withdrawn or rejected before its parcel left (caller holds the locks)."""
    shipment = return_shipment_lock(cancellation=cancellation)
    if shipment is not None and shipment.status == Status.AWAITING_SHIPMENT:
        shipment.cancel(by=by, description=description)
        shipment.save()


def _code_and_status(shipment: ReturnShipment) -> dict:
    return {"code": shipment.return_code, "status": shipment.get_status_display()}
