"""Consistency checks of factory-built rows (SPEC section 3), used by tests/test_factories.py."""

from decimal import Decimal

import django_fsm as fsm
import pytest
from django.db.models import Sum
from django.utils import timezone

from orders import rules
from orders.choices import (
    RETURNABLE_ITEM_STATUSES,
    UNSHIPPED_ITEM_STATUSES,
    OrderItemStatus,
    PackageStatus,
)
from orders.models import Order
from returns.choices import (
    PlanStatus,
    RefundLineStatus,
    RequestStatus,
    ReturnShipmentStatus,
)
from returns.models import (
    CancellationPlan,
    CancellationRequest,
    RefundLine,
    ReturnShipment,
)
from sandbox.models import LedgerRefund
from tests.factories.orders import ITEM_STATUS_IN_PACKAGE
from tests.factories.returns import LINE_STATUS_IN_PLAN, REQUEST_STATUS_IN_PLAN, item_status_for
from tests.factories.shipments import SHIPMENT_STATUS_OF_REQUEST

pytestmark = pytest.mark.django_db


def assert_valid(obj):
    """`full_clean`, with a protected status checked by its field (cleaning it would assign it again)."""
    protected = [f.name for f in obj._meta.concrete_fields if isinstance(f, fsm.FSMField) and f.protected]
    obj.full_clean(exclude=protected)
    for name in protected:
        obj._meta.get_field(name).clean(getattr(obj, name), obj)


def assert_order_consistent(order: Order):
    """The order, its packages, items and payment agree: statuses, totals and money."""
    order = Order.objects.get(pk=order.pk)
    items = list(order.items.select_related("package"))
    assert items
    for row in [order, order.payment, *items, *{item.package for item in items}]:
        assert_valid(row)
    for item in items:
        effective = rules.effective_item_status(item.status, item.status_before_request)
        if effective == OrderItemStatus.RETURNED:
            assert item.package.status == PackageStatus.DELIVERED
        elif effective != OrderItemStatus.CANCELLED or item.package.status == PackageStatus.CANCELLED:
            assert ITEM_STATUS_IN_PACKAGE[item.package.status] == effective
        assert (item.delivered_at is not None) == (item.package.delivered_at is not None)
        assert (item.seller_id, item.package.seller_id, item.package.order_id) == (
            item.product.seller_id,
            item.seller_id,
            order.pk,
        )
    for package in {item.package for item in items}:
        shipped = package.status in (PackageStatus.SHIPPED, PackageStatus.DELIVERED, PackageStatus.DELIVERY_FAILED)
        assert bool(package.carrier and package.tracking_number and package.shipped_at) is shipped
    pairs = [(item.status, item.status_before_request) for item in items]
    assert order.status == rules.derive_order_status(pairs)
    assert order.has_open_request is rules.has_open_request(status for status, _ in pairs)
    assert order.subtotal == sum(item.line_total for item in items)
    assert order.discount_total == sum(item.discount_share for item in items)
    assert order.total == order.subtotal - order.discount_total + order.shipping_total
    payment = order.payment
    assert payment.amount_captured == order.total
    lines = RefundLine.objects.filter(payment=payment)
    assert payment.amount_allocated == (lines.aggregate(s=Sum("amount"))["s"] or Decimal("0.00"))
    completed = lines.filter(status=RefundLineStatus.COMPLETED)
    assert payment.amount_refunded == (completed.aggregate(s=Sum("amount"))["s"] or Decimal("0.00"))


def assert_request_consistent(cancellation: CancellationRequest):
    cancellation = CancellationRequest.objects.select_related("order_item", "reason").get(pk=cancellation.pk)
    assert_valid(cancellation)
    item = cancellation.order_item
    assert item.status == item_status_for(cancellation.status, refund=not cancellation.is_cancel)
    if item.is_waiting:
        fulfilment = UNSHIPPED_ITEM_STATUSES if cancellation.is_cancel else RETURNABLE_ITEM_STATUSES
        assert item.status_before_request in fulfilment
    assert (cancellation.order_id, cancellation.seller_id) == (item.order_id, item.seller_id)
    assert cancellation.quantity == item.quantity
    assert cancellation.reason.cancellation_type == cancellation.cancellation_type
    undecided = (RequestStatus.WAITING, RequestStatus.WITHDRAWN, RequestStatus.EXPIRED)
    assert (cancellation.decided_at is not None) is (cancellation.status not in undecided)
    if cancellation.status in (RequestStatus.APPROVED, RequestStatus.COMPLETED):
        assert REQUEST_STATUS_IN_PLAN[cancellation.plan_item.plan.status] == cancellation.status
    if cancellation.status in (RequestStatus.REJECTED, RequestStatus.WITHDRAWN):
        assert not cancellation.has_plan
    assert_order_consistent(cancellation.order)


def assert_shipment_consistent(shipment: ReturnShipment):
    """A return's parcel agrees with its request and with its own times (SPEC section 3)."""
    shipment = ReturnShipment.objects.select_related("cancellation_request").get(pk=shipment.pk)
    assert_valid(shipment)
    cancellation = shipment.cancellation_request
    assert not cancellation.is_cancel
    assert cancellation.return_code == shipment.return_code
    assert SHIPMENT_STATUS_OF_REQUEST.get(cancellation.status) == shipment.status or (
        cancellation.status == RequestStatus.WAITING and shipment.status != ReturnShipmentStatus.CANCELLED
    )
    shipped = shipment.status in (
        ReturnShipmentStatus.IN_TRANSIT,
        ReturnShipmentStatus.RECEIVED,
        ReturnShipmentStatus.LOST,
    )
    assert (shipment.shipped_at is not None) is shipped
    assert (shipment.in_transit_at is not None) is shipped
    assert (shipment.received_at is not None) is shipment.is_received
    closed = (ReturnShipmentStatus.EXPIRED, ReturnShipmentStatus.LOST, ReturnShipmentStatus.CANCELLED)
    assert (shipment.closed_at is not None) is (shipment.status in closed)
    accepted = cancellation.status in (RequestStatus.APPROVED, RequestStatus.COMPLETED)
    assert (shipment.restocked_at is not None) is (accepted and shipment.is_received)
    if shipment.status == ReturnShipmentStatus.EXPIRED:
        assert shipment.ship_by < timezone.localdate()
    assert_request_consistent(cancellation)


def assert_plan_consistent(plan: CancellationPlan):
    plan = CancellationPlan.objects.get(pk=plan.pk)
    assert_valid(plan)
    plan_items = list(plan.items.select_related("cancellation_request", "order_item"))
    assert plan_items
    for plan_item in plan_items:
        assert_valid(plan_item)
        assert plan_item.amount == plan_item.order_item.amount_paid
        assert plan_item.cancellation_request.status == REQUEST_STATUS_IN_PLAN[plan.status]
        assert plan_item.cancellation_request.cancellation_type == plan.plan_type
        assert_request_consistent(plan_item.cancellation_request)
    assert plan.items_amount == sum(plan_item.amount for plan_item in plan_items)
    assert plan.amount == plan.items_amount + plan.shipping_amount
    lines = list(plan.refund_lines.all())
    if plan.status == PlanStatus.WAITING:
        assert lines == []
    else:
        assert sum(line.amount for line in lines) == plan.amount
        assert {line.status for line in lines} == {LINE_STATUS_IN_PLAN[plan.status]}
        assert plan.approved_at is not None
    assert plan.needs_attention is any(line.needs_attention for line in lines)
    assert (plan.completed_at is not None) is (plan.status == PlanStatus.COMPLETED)
    for line in lines:
        assert_valid(line)
        paid = LedgerRefund.objects.filter(idempotency_key=line.idempotency_key)
        if line.status == RefundLineStatus.COMPLETED:
            assert paid.get().reference == line.gateway_reference
            assert paid.get().amount == line.amount
        else:
            assert not paid.exists()
