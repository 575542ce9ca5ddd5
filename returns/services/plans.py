"""Cancellation plans: drafting them with the amounts to refund, and the owner's Retry."""

from collections.abc import Sequence

import django_fsm as fsm
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from orders.models import Order, OrderItem

from .. import events, tasks
from ..choices import CancellationType, PlanStatus, RefundLineStatus
from ..exceptions import PlanError, RefundAmountError
from ..models import CancellationPlan, CancellationPlanItem, CancellationRequest, RefundLine
from ..quotes import QuoteChoice, order_refund_quote
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
    quote = order_refund_quote(
        order=order,
        items=items.values(),
        chosen=[
            QuoteChoice(
                item=items[r.order_item_id],
                quantity=items[r.order_item_id].quantity,
                cancellation_type=plan_type,
                seller_fault=plan_type == CancellationType.REFUND and r.reason.is_seller_fault,
            )
            for r in requests
        ],
    )
    if quote.exceeds_refundable:
        raise RefundAmountError(
            _("Refunding %(amount)s would exceed what was captured (%(left)s left).")
            % {"amount": quote.total, "left": quote.refundable}
        )
    plan = CancellationPlan.objects.create(
        order=order,
        plan_type=plan_type,
        items_amount=quote.items_amount,
        shipping_amount=quote.shipping,
        amount=quote.total,
        created_by=created_by,
        note=note,
    )
    CancellationPlanItem.objects.bulk_create(
        CancellationPlanItem(
            plan=plan,
            cancellation_request=r,
            order_item_id=r.order_item_id,
            quantity=r.quantity,
            amount=quote.amounts[r.order_item_id],
        )
        for r in requests
    )
    events.publish(events.EventType.CANCELLATION_PLAN_CREATED, plan_id=plan.pk)
    return plan


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
