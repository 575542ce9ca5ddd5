"""The return shipments' clocks, run by the sweeper: safe to run twice and on many machines.

Each step locks the return (`return_lock`) and re-checks its rule on the fresh rows, so
of two sweepers that reach the same shipment the second finds nothing left to do and
raises `ShipmentError`, which the sweeper counts as skipped.
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts.models import system_user
from orders.services import order_item_release, order_refresh_status

from .. import events, notifications
from ..choices import EmailKind, ReturnShipmentStatus
from ..exceptions import ShipmentError
from ..figures import figures_refresh
from ..models import ReturnShipment
from .shipments import return_lock


@transaction.atomic
def return_shipment_expire(*, shipment_id: int, now: datetime | None = None) -> ReturnShipment:
    """Expire a return not shipped by its ship-by date (SPEC section 3).

    The shipment ends Expired; a request still awaiting its decision ends Expired too, its
    item goes back to the status it had, and the customer's email is queued. (A return
    refunded without return keeps its refund; only its parcel is no longer expected.)
    """
    now = now or timezone.now()
    request_id = ReturnShipment.objects.values_list("cancellation_request_id", flat=True).get(pk=shipment_id)
    locked = return_lock(request_id=request_id)
    shipment, cancellation = locked.shipment, locked.cancellation
    if shipment.status != ReturnShipmentStatus.AWAITING_SHIPMENT or shipment.ship_by >= timezone.localdate(now):
        raise ShipmentError(_("Return %(code)s is not past its ship-by date.") % {"code": shipment.return_code})
    by = system_user()
    description = _("Not shipped by %(date)s") % {"date": date_format(shipment.ship_by)}
    shipment.expire(by=by, description=description)
    shipment.save()
    if cancellation.is_awaiting_decision:
        cancellation.expire(by=by, description=description)
        cancellation.save()
        order_item_release(item=locked.item, by=by, description=_("Return expired"))
        order_refresh_status(order=locked.order, by=by, description=_("Return expired"))
        figures_refresh(request_ids=[cancellation.pk])
        notifications.queue(EmailKind.RETURN_EXPIRED, request_id=request_id)
        events.claims_updated([request_id])
    return shipment


@transaction.atomic
def return_shipment_flag_overdue(*, shipment_id: int, now: datetime | None = None) -> ReturnShipment:
    """Flag a parcel in transit for longer than RETURN_TRANSIT_DAYS and tell the owner's staff.

    The owner may then mark it lost and decide whether to refund. Locks the return.
    """
    now = now or timezone.now()
    request_id = ReturnShipment.objects.values_list("cancellation_request_id", flat=True).get(pk=shipment_id)
    shipment = return_lock(request_id=request_id).shipment
    since = now - timedelta(days=settings.RETURN_TRANSIT_DAYS)
    if (
        shipment.status != ReturnShipmentStatus.IN_TRANSIT
        or shipment.transit_overdue_at
        or shipment.in_transit_at > since
    ):
        raise ShipmentError(_("Return %(code)s is not overdue in transit.") % {"code": shipment.return_code})
    shipment.flag_overdue(
        by=system_user(),
        description=_("In transit for more than %(days)s days") % {"days": settings.RETURN_TRANSIT_DAYS},
    )
    shipment.save()
    notifications.queue(EmailKind.RETURN_TRANSIT_OVERDUE, request_id=request_id)
    return shipment
