"""Cancellation plans: drafting them with the amounts to refund, and the owner's Retry."""

from collections.abc import Sequence

import django_fsm as fsm
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from orders.choices import OrderItemStatus
from orders.models import Order, OrderItem

from .. import refunds, tasks
from ..choices import CancellationType, PlanStatus, RefundLineStatus
from ..exceptions import PlanError
from ..models import CancellationPlan, CancellationPlanItem, CancellationRequest, RefundLine
from .common import lock_order_and_items, lock_requests


@transaction.atomic
def cancellation_plan_create(
    *, order_id: int, request_ids: Sequence[int], created_by: User, note: str = ""
) -> CancellationPlan:
    """Draft a waiting plan covering open requests of one order, for Seller Center to confirm.

    Locks the order, its items and the requests. After commit Seller Center's automatic
    confirmation runs (`tasks.confirm_cancellation_plan`, the sweeper as its safety net).
    """
    order, items = lock_order_and_items(order_id=order_id)
    requests = lock_requests(request_ids=request_ids)
    plan = cancellation_plan_draft(order=order, items=items, requests=requests, created_by=created_by, note=note)
    transaction.on_commit(lambda: tasks.confirm_cancellation_plan.enqueue(plan_id=plan.pk))
    return plan


def cancellation_plan_draft(
    *,
    order: Order,
    items: dict[int, OrderItem],
    requests: Sequence[CancellationRequest],
    created_by: User,
    note: str = "",
) -> CancellationPlan:
    """Create a waiting plan for requests of one order and one type (caller holds the locks)."""
    if not requests or any(r.order_id != order.pk for r in requests):
        raise PlanError(_("A plan covers requests of one order."))
    if len({r.cancellation_type for r in requests}) != 1:
        raise PlanError(_("A plan either cancels or returns items, not both."))
    if CancellationPlanItem.objects.filter(cancellation_request__in=requests).exists():
        raise PlanError(_("Some of these requests are already covered by a plan."))
    plan_type = requests[0].cancellation_type
    amounts = {r.pk: _request_amount(items[r.order_item_id]) for r in requests}
    shipping = _shipping_amount(order=order, items=items, requests=requests, plan_type=plan_type)
    plan = CancellationPlan.objects.create(
        order=order,
        plan_type=plan_type,
        items_amount=sum(amounts.values(), refunds.ZERO),
        shipping_amount=shipping,
        amount=refunds.plan_total(amounts.values(), shipping),
        created_by=created_by,
        note=note,
    )
    CancellationPlanItem.objects.bulk_create(
        CancellationPlanItem(
            plan=plan, cancellation_request=r, order_item_id=r.order_item_id, quantity=r.quantity, amount=amounts[r.pk]
        )
        for r in requests
    )
    return plan


def _request_amount(item: OrderItem):
    return refunds.item_refund(unit_price=item.unit_price, quantity=item.quantity, discount_share=item.discount_share)


def _shipping_amount(*, order, items: dict, requests: Sequence[CancellationRequest], plan_type: str):
    covered = {r.order_item_id for r in requests}
    in_other_cancel_plans = set(
        CancellationPlanItem.objects.filter(plan__order=order, plan__plan_type=CancellationType.CANCEL).values_list(
            "order_item_id", flat=True
        )
    )
    remaining_active = [
        item
        for pk, item in items.items()
        if pk not in covered and pk not in in_other_cancel_plans and item.status != OrderItemStatus.CANCELLED
    ]
    last_before_shipment = plan_type == CancellationType.CANCEL and not remaining_active
    seller_fault = plan_type == CancellationType.REFUND and any(r.reason.is_seller_fault for r in requests)
    return refunds.shipping_refund(
        shipping_total=order.shipping_total,
        shipping_already_refunded=order.cancellation_plans.filter(shipping_amount__gt=0).exists(),
        cancels_last_active_items_before_shipment=last_before_shipment,
        seller_fault_return=seller_fault,
    )


@transaction.atomic
def cancellation_plan_retry(*, plan_id: int, retried_by: User) -> CancellationPlan:
    """Owner's Retry of a failed plan: its failed refund lines go back to pending and run again."""
    order_id = CancellationPlan.objects.values_list("order_id", flat=True).get(pk=plan_id)
    lock_order_and_items(order_id=order_id, item_ids=[])
    plan = CancellationPlan.objects.select_for_update().get(pk=plan_id)
    if plan.status != PlanStatus.FAILED:
        raise PlanError(_("Only a failed plan can be retried."))
    if not fsm.has_transition_perm(plan.retry, retried_by):
        raise PlanError(_("You are not allowed to retry plans."))
    plan.retry(by=retried_by, description=_("Retried by the owner"))
    plan.save()
    for line in RefundLine.objects.select_for_update().filter(plan=plan, status=RefundLineStatus.FAILED).order_by("pk"):
        line.retry(by=retried_by, description=_("Retried by the owner"))
        line.save()
    transaction.on_commit(lambda: tasks.execute_refund_plan.enqueue(plan_id=plan.pk))
    return plan
