"""Reads scoped to the person asking."""

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.cache import cache
from django.db.models import Prefetch, Q, QuerySet, prefetch_related_objects
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from django_fsm_log.models import StateLog

from orders.choices import choice_labels
from orders.selectors import seller_ids_for_user

from . import carriers
from .choices import CancellationType, PlanStatus, RequestOrigin, RequestStatus, ReturnShipmentStatus
from .models import (
    CancellationPlan,
    CancellationPlanItem,
    CancellationReason,
    CancellationRequest,
    OutboundEmail,
    RefundLine,
    ReturnShipment,
)
from .rules import cancellation_type_for_status, rejection_limit_problem

SWEEP_BATCH = 500


@dataclass(frozen=True)
class ItemEligibility:
    """The request an order line may take now, or why it may take none."""

    cancellation_type: str  # CancellationType: cancel before shipment, refund (a return) after
    problem: str | None = None

    @property
    def is_eligible(self) -> bool:
        return self.problem is None


def order_item_eligibility_list(*, order, requests=()) -> dict[int, ItemEligibility]:
    """Each line of the order by id: may it be cancelled or returned now (SPEC rules 1, 2)?

    Reads the order's prefetched items and packages (`order_get_for_customer`) and `requests`
    (a line rejected too often may not be asked for again): no query. The request service
    checks the same rules again on locked rows.
    """
    rejected = Counter(
        r.order_item_id for r in requests if r.status == RequestStatus.REJECTED and r.origin == RequestOrigin.CUSTOMER
    )
    eligibility = {}
    for item in order.items.all():
        kind = cancellation_type_for_status(item.status, item.status_before_request)
        cancelling = kind == CancellationType.CANCEL
        problem = item.cancellation_ineligibility() if cancelling else item.return_ineligibility()
        problem = problem or rejection_limit_problem(
            rejected=rejected[item.pk], limit=settings.REJECTED_REQUESTS_PER_ITEM
        )
        eligibility[item.pk] = ItemEligibility(cancellation_type=kind, problem=problem)
    return eligibility


def cancellations_taken_over(requests) -> set[int]:
    """The items whose cancellation, asked for and not yet decided, the owner's Cancel takes over."""
    return {r.order_item_id for r in requests if r.is_cancel and r.is_awaiting_decision}


def order_item_problems_for_owner(*, items, requests) -> dict[int, dict[str, str | None]]:
    """Why each line (with its package and order) cannot take the owner's Cancel or Return, or None.

    The same rules as `order_items_cancel` and `order_items_return`: a Cancel takes over a
    cancellation the customer asked for and nobody decided yet. Costs no query.
    """
    taking_over = cancellations_taken_over(requests)
    return {
        item.pk: {
            CancellationType.CANCEL: None if item.pk in taking_over else item.cancellation_ineligibility(),
            CancellationType.REFUND: item.return_ineligibility(),
        }
        for item in items
    }


def cancellation_request_list_for_order(*, order, items=None, with_creators=False) -> list[CancellationRequest]:
    """The order's requests, newest first, with their reasons, plan items, return shipments and items.

    Most orders have none, so the query is a plain one (no joins to build); reasons and
    plan items (and who created each request, `with_creators`) are fetched only when
    there are requests, return shipments only when there are returns, and items come
    from `items` or the order's prefetched items.
    """
    related = ["reason", "plan_item__plan", *(["created_by"] if with_creators else [])]
    requests = list(
        CancellationRequest.objects.filter(order=order).prefetch_related(*related).order_by("-created_at", "-id")
    )
    returns = [cancellation for cancellation in requests if not cancellation.is_cancel]
    if returns:
        prefetch_related_objects(returns, "return_shipment")
    if requests:
        items = {item.pk: item for item in (order.items.all() if items is None else items)}
        for cancellation in requests:
            if cancellation.order_item_id in items:
                cancellation.order_item = items[cancellation.order_item_id]
    return requests


def cancellation_request_get_for_customer(*, user, number: str, request_id: int) -> CancellationRequest:
    return get_object_or_404(
        CancellationRequest.objects.filter(order__customer=user, order__number=number), pk=request_id
    )


ACTIVE_REASONS_CACHE_KEY = "returns:active-reasons"


def cancellation_reason_list_active() -> list[CancellationReason]:
    """The reasons customers choose from, cached: every Order Details page shows them.

    Saving or deleting a reason, or the owner's bulk deactivation, clears this process's
    copy (`cancellation_reason_cache_clear`); other processes see the change within
    `REASONS_CACHE_SECONDS`. A stale choice is harmless: the request service checks the
    reason again on the fresh row.
    """
    return cache.get_or_set(
        ACTIVE_REASONS_CACHE_KEY, lambda: list(CancellationReason.objects.active()), settings.REASONS_CACHE_SECONDS
    )


def cancellation_reason_list_for(*, audience: str, cancellation_type: str | None = None) -> list[CancellationReason]:
    """The active reasons one audience chooses from (of one type, or of both), from the cache.

    Every form and the API offer reasons through this or `cancellation_reason_queryset_for`,
    and the request service accepts only these (`check_reason`).
    """
    return [
        reason
        for reason in cancellation_reason_list_active()
        if reason.audience == audience and cancellation_type in (None, reason.cancellation_type)
    ]


def cancellation_reason_queryset_for(
    *, audience: str, cancellation_type: str | None = None
) -> QuerySet[CancellationReason]:
    """`cancellation_reason_list_for` as a fresh query, for a form field's validation."""
    reasons = CancellationReason.objects.active().for_audience(audience)
    return reasons if cancellation_type is None else reasons.of_type(cancellation_type)


def cancellation_reason_cache_clear() -> None:
    cache.delete(ACTIVE_REASONS_CACHE_KEY)


def cancellation_request_list_for_seller(*, user, requests: QuerySet | None = None) -> QuerySet[CancellationRequest]:
    """The requests of the sellers the user works for: of all requests, or of `requests` (a
    queryset of them, such as the API's claims' values)."""
    requests = CancellationRequest.objects.all() if requests is None else requests
    return requests.filter(seller_id__in=seller_ids_for_user(user=user))


def cancellation_plan_list_with_lines_for_owner() -> QuerySet[CancellationPlan]:
    """Plans newest first, with their order, refund lines and items."""
    return (
        cancellation_plan_list_for_owner()
        .select_related("order")
        .prefetch_related("refund_lines", "items")
        .order_by("-created_at", "-id")
    )


def refund_line_ids_due(*, now: datetime) -> list[int]:
    """Refund lines of approved plans that are due for an attempt, the longest waiting first."""
    return list(
        RefundLine.objects.claimable(now)
        .filter(plan__status=PlanStatus.APPROVED)
        .order_by("next_attempt_at", "pk")
        .values_list("pk", flat=True)[:SWEEP_BATCH]
    )


def cancellation_request_ids_overdue(*, now: datetime) -> list[int]:
    """Return requests still waiting for their seller `SELLER_RESPONSE_DAYS` after their parcel
    was received (SPEC rule 8: the clock starts at receipt, not at the request)."""
    deadline = now - timedelta(days=settings.SELLER_RESPONSE_DAYS)
    return list(
        ReturnShipment.objects.filter(
            status=ReturnShipmentStatus.RECEIVED,
            received_at__lte=deadline,
            cancellation_request__status=RequestStatus.WAITING,
            cancellation_request__plan_item__isnull=True,
        )
        .order_by("received_at", "pk")
        .values_list("cancellation_request_id", flat=True)[:SWEEP_BATCH]
    )


def cancellation_plan_ids_to_confirm() -> list[int]:
    """Waiting cancellation plans that Seller Center has not yet confirmed nor said why not."""
    return list(
        CancellationPlan.objects.filter(
            status=PlanStatus.WAITING, plan_type=CancellationType.CANCEL, note=""
        ).values_list("pk", flat=True)[:SWEEP_BATCH]
    )


# Owner staff (Omnitron) -------------------------------------------------------------------------


def cancellation_request_list_for_owner() -> QuerySet[CancellationRequest]:
    return CancellationRequest.objects.all()


def cancellation_plan_list_for_owner() -> QuerySet[CancellationPlan]:
    return CancellationPlan.objects.all()


def refund_line_list_for_owner() -> QuerySet[RefundLine]:
    return RefundLine.objects.all()


def cancellation_plan_list_for_order(*, order) -> QuerySet[CancellationPlan]:
    """The order's plans with their refund lines and items (and each item's order line)."""
    items = CancellationPlanItem.objects.select_related("order_item")
    return CancellationPlan.objects.filter(order=order).prefetch_related("refund_lines", Prefetch("items", items))


def cancellation_reason_list_for_owner() -> QuerySet[CancellationReason]:
    return CancellationReason.objects.all()


def outbound_email_list_for_owner() -> QuerySet[OutboundEmail]:
    return OutboundEmail.objects.all()


# Return shipments -------------------------------------------------------------------------------

# Seller Center's and Omnitron's filter by return shipment status, in the order a parcel moves.
SHIPMENT_FILTER_STATUSES = (
    ReturnShipmentStatus.AWAITING_SHIPMENT,
    ReturnShipmentStatus.IN_TRANSIT,
    ReturnShipmentStatus.RECEIVED,
)
_SHIPMENT_RELATED = ("cancellation_request__order__customer", "cancellation_request__order_item__seller")


def return_shipment_get_for_customer(*, user, number: str, request_id: int) -> ReturnShipment:
    """The shipment of one of the customer's returns (404 for anyone else's), with its request, order and seller."""
    return get_object_or_404(
        ReturnShipment.objects.select_related(*_SHIPMENT_RELATED),
        cancellation_request__order__customer=user,
        cancellation_request__order__number=number,
        cancellation_request_id=request_id,
    )


def return_shipment_get_for_seller(*, user, request_id: int) -> ReturnShipment:
    """The shipment of one of the seller's returns (404 for another seller's)."""
    return get_object_or_404(
        ReturnShipment.objects.select_related(*_SHIPMENT_RELATED),
        cancellation_request__seller_id__in=seller_ids_for_user(user=user),
        cancellation_request_id=request_id,
    )


def return_shipment_list_for_owner() -> QuerySet[ReturnShipment]:
    return ReturnShipment.objects.select_related(*_SHIPMENT_RELATED)


def return_shipment_list_needing_owner() -> QuerySet[ReturnShipment]:
    """Parcels the owner must look at: flagged overdue in transit, or lost with the return undecided."""
    undecided = Q(cancellation_request__status=RequestStatus.WAITING, cancellation_request__plan_item__isnull=True)
    return return_shipment_list_for_owner().filter(
        Q(status=ReturnShipmentStatus.IN_TRANSIT, transit_overdue_at__isnull=False)
        | Q(undecided, status=ReturnShipmentStatus.LOST)
    )


@dataclass(frozen=True)
class ReturnLabel:
    """What the printable return label shows (SPEC rule 7)."""

    return_code: str
    carrier_name: str
    ship_by: date
    order_number: str
    product_name: str
    sku: str
    quantity: int
    sender: str  # the customer's name and the order's shipping address
    seller_name: str
    return_address: str
    tracking_number: str


def _sender(name: str, address: str) -> str:
    """Who sends the parcel back: the customer's name above the order's shipping address, once
    (an address often has its recipient's name as its first line)."""
    if address.partition("\n")[0].strip() == name:
        return address
    return "\n".join(part for part in (name, address) if part)


def return_label_get_for_customer(*, user, number: str, request_id: int) -> ReturnLabel:
    """The label of one of the customer's returns (404 for anyone else's), in one query."""
    shipment = return_shipment_get_for_customer(user=user, number=number, request_id=request_id)
    cancellation = shipment.cancellation_request
    order, item = cancellation.order, cancellation.order_item
    return ReturnLabel(
        return_code=shipment.return_code,
        carrier_name=str(carriers.get(shipment.carrier)),
        ship_by=shipment.ship_by,
        order_number=order.number,
        product_name=item.product_name,
        sku=item.sku,
        quantity=cancellation.quantity,
        sender=_sender(str(order.customer), order.shipping_address),
        seller_name=item.seller.name,
        return_address=item.seller.return_address,
        tracking_number=shipment.tracking_number,
    )


@dataclass(frozen=True)
class TimelineEntry:
    """One line of a shipment's timeline: a move (who, why) or a carrier's scan that moved nothing."""

    at: datetime
    label: str  # the status reached, or the scan's kind
    detail: str
    by: str  # who acted, or the carrier's name for a scan


def return_shipment_timeline(*, shipment: ReturnShipment) -> list[TimelineEntry]:
    """The shipment's history, oldest first: its code issued, every move, and scans that moved nothing.

    Two queries: the shipment's state log (with who acted) and its scans. A scan that
    moved the shipment shows as the move it made, so nothing appears twice.
    """
    labels = choice_labels(ReturnShipment, "status")
    carrier_name = str(carriers.get(shipment.carrier))
    entries = [TimelineEntry(shipment.created_at, _("Return code issued"), shipment.return_code, carrier_name)]
    for log in StateLog.objects.for_(shipment).select_related("by").order_by("timestamp", "pk"):
        who = str(log.by) if log.by else ""
        entries.append(TimelineEntry(log.timestamp, labels.get(log.state, log.state), log.description or "", who))
    for scan in shipment.scans.filter(applied=False):
        detail = ", ".join(part for part in (scan.description, scan.location) if part)
        entries.append(TimelineEntry(scan.scanned_at, scan.get_kind_display(), detail, carrier_name))
    return sorted(entries, key=lambda entry: entry.at)


def return_shipment_ids_to_expire(*, now: datetime) -> list[int]:
    """Shipments still awaiting shipment after their ship-by date, the oldest first."""
    return list(
        ReturnShipment.objects.not_shipped_by(timezone.localdate(now))
        .order_by("ship_by", "pk")
        .values_list("pk", flat=True)[:SWEEP_BATCH]
    )


def return_shipment_ids_overdue_in_transit(*, now: datetime) -> list[int]:
    """Parcels in transit for longer than RETURN_TRANSIT_DAYS that the owner has not been told of."""
    since = now - timedelta(days=settings.RETURN_TRANSIT_DAYS)
    return list(
        ReturnShipment.objects.in_transit_since(since)
        .order_by("in_transit_at", "pk")
        .values_list("pk", flat=True)[:SWEEP_BATCH]
    )
