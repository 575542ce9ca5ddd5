"""Cancellation plans: drafting them, confirming them and the owner's and seller's item actions."""

from collections.abc import Sequence
from uuid import uuid4

import django_fsm as fsm
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import system_user
from orders.choices import UNSHIPPED_ITEM_STATUSES, OrderItemStatus
from orders.models import OrderItem, Payment

from .. import notifications, refunds, tasks
from ..choices import CancellationType, EmailKind, PlanStatus, RefundLineStatus, RequestOrigin, RequestStatus
from ..exceptions import NothingSelectedError, PlanError, RefundAmountError, ReturnsError
from ..models import CancellationPlan, CancellationPlanItem, CancellationReason, CancellationRequest, RefundLine
from .common import cancellation_type_for, check_item_eligible, lock_order_and_items, lock_requests
from .requests import RequestLine, cancellation_request_create, return_code_generate


@transaction.atomic
def cancellation_plan_create(
    *, order_id: int, request_ids: Sequence[int], created_by, approve: bool = False, note: str = ""
) -> CancellationPlan:
    """Draft a plan covering open requests of one order, with the amounts to refund.

    Locks the order, its items and the requests. A plan created `waiting` is
    confirmed by Seller Center after commit (`tasks.confirm_cancellation_plan`);
    with `approve=True` it is approved at once and its refund runs after commit.
    """
    order, items = lock_order_and_items(order_id=order_id)
    requests = lock_requests(request_ids=request_ids)
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
    if approve:
        _plan_approve(plan=plan, requests=requests, by=created_by, description=note)
    else:
        transaction.on_commit(lambda: tasks.confirm_cancellation_plan.enqueue(plan_id=plan.pk))
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


def _plan_approve(
    *, plan: CancellationPlan, requests: Sequence[CancellationRequest], by, description: str = ""
) -> None:
    """Approve a plan and its requests, and commit its money to a refund line (caller holds the locks)."""
    plan.approve(by=by, description=description)
    plan.save()
    for cancellation in requests:
        if cancellation.status != RequestStatus.APPROVED:
            cancellation.approve(by=by, description=description, return_code=return_code_generate())
            cancellation.save()
    if plan.amount > 0:
        payment = Payment.objects.select_for_update().get(order_id=plan.order_id)
        if plan.amount > payment.refundable:
            raise RefundAmountError(
                _("Refunding %(amount)s would exceed what was captured (%(left)s left).")
                % {"amount": plan.amount, "left": payment.refundable}
            )
        payment.amount_allocated += plan.amount
        payment.save(update_fields=["amount_allocated"])
        RefundLine.objects.create(
            plan=plan, payment=payment, amount=plan.amount, idempotency_key=uuid4().hex, next_attempt_at=timezone.now()
        )
    request_ids = [r.pk for r in requests]
    notifications.queue(EmailKind.REQUEST_APPROVED, request_ids=request_ids)
    transaction.on_commit(lambda: tasks.execute_refund_plan.enqueue(plan_id=plan.pk))


@transaction.atomic
def cancellation_plan_confirm(*, plan_id: int, confirmed_by=None) -> CancellationPlan:
    """Seller Center's automatic confirmation of a waiting cancellation plan (SPEC rule 6).

    Locks the order, its items, the plan and its requests. A plan whose items are no
    longer all unshipped stays waiting and says why in its note.
    """
    order_id = CancellationPlan.objects.values_list("order_id", flat=True).get(pk=plan_id)
    _order, items = lock_order_and_items(order_id=order_id)
    plan = CancellationPlan.objects.select_for_update().get(pk=plan_id)
    if plan.status != PlanStatus.WAITING:
        raise PlanError(_("Plan #%(id)s is %(status)s.") % {"id": plan.pk, "status": plan.get_status_display()})
    requests = lock_requests(request_ids=plan.items.values_list("cancellation_request_id", flat=True))
    shipped = [
        items[r.order_item_id].product_name
        for r in requests
        if items[r.order_item_id].status != OrderItemStatus.CANCELLATION_WAITING
        or items[r.order_item_id].status_before_request not in UNSHIPPED_ITEM_STATUSES
        or not items[r.order_item_id].package.is_cancellable
    ]
    if shipped:
        plan.note = _("Not confirmed automatically: already shipped or delivered: %(items)s.") % {
            "items": ", ".join(shipped)
        }
        plan.save(update_fields=["note"])
        return plan
    _plan_approve(
        plan=plan, requests=requests, by=confirmed_by or system_user(), description=_("Confirmed by Seller Center")
    )
    return plan


@transaction.atomic
def order_items_cancel(*, order_id: int, item_ids: Sequence[int], reason_id: int, cancelled_by, note: str = ""):
    """The owner's Cancel transaction: a waiting plan for unshipped items (taking over waiting requests).

    Every item must fit; otherwise nothing is created and the message names the items.
    """
    order, items = _lock_selection(order_id=order_id, item_ids=item_ids)
    waiting = {
        r.order_item_id: r
        for r in CancellationRequest.objects.filter(
            order_item_id__in=items,
            status=RequestStatus.WAITING,
            cancellation_type=CancellationType.CANCEL,
            plan_item__isnull=True,
        )
    }
    misfits = []
    for pk, item in items.items():
        if pk in waiting:
            continue
        try:
            check_item_eligible(item=item, cancellation_type=CancellationType.CANCEL)
        except ReturnsError:
            misfits.append(item.product_name)
    _refuse_misfits(misfits, _("These items cannot be cancelled: %(items)s."))
    new_lines = [
        RequestLine(item_id=pk, quantity=item.quantity, reason_id=reason_id, description=note)
        for pk, item in items.items()
        if pk not in waiting
    ]
    created = (
        cancellation_request_create(
            order_id=order.pk, lines=new_lines, requested_by=cancelled_by, origin=RequestOrigin.OWNER
        )
        if new_lines
        else []
    )
    request_ids = [r.pk for r in waiting.values()] + [r.pk for r in created]
    return cancellation_plan_create(order_id=order.pk, request_ids=request_ids, created_by=cancelled_by)


@transaction.atomic
def order_items_return(*, order_id: int, item_ids: Sequence[int], reason_id: int, returned_by, note: str = ""):
    """The owner's Return transaction: owner-created return requests that wait for the seller."""
    order, items = _lock_selection(order_id=order_id, item_ids=item_ids)
    misfits = []
    for item in items.values():
        try:
            check_item_eligible(item=item, cancellation_type=CancellationType.REFUND)
        except ReturnsError:
            misfits.append(item.product_name)
    _refuse_misfits(misfits, _("These items cannot be returned: %(items)s."))
    lines = [
        RequestLine(item_id=pk, quantity=i.quantity, reason_id=reason_id, description=note) for pk, i in items.items()
    ]
    return cancellation_request_create(
        order_id=order.pk, lines=lines, requested_by=returned_by, origin=RequestOrigin.OWNER
    )


def _lock_selection(*, order_id: int, item_ids: Sequence[int]):
    if not item_ids:
        raise NothingSelectedError(_("Select at least one item."))
    order, items = lock_order_and_items(order_id=order_id, item_ids=item_ids)
    if len(items) != len(set(item_ids)):
        raise PlanError(_("Some selected items are not part of order %(number)s.") % {"number": order.number})
    return order, items


def _refuse_misfits(misfits: list[str], message: str) -> None:
    if misfits:
        raise PlanError(message % {"items": ", ".join(misfits)})


@transaction.atomic
def order_item_reject_by_seller(*, item_id: int, reason_id: int, rejected_by, note: str = "") -> CancellationPlan:
    """A seller cannot fulfil an unshipped item: cancel it with a full refund, approved at once (rule 9)."""
    order_id = OrderItem.objects.values_list("order_id", flat=True).get(pk=item_id)
    order, items = lock_order_and_items(order_id=order_id, item_ids=[item_id])
    if cancellation_type_for(items[item_id]) != CancellationType.CANCEL:
        raise PlanError(_("%(product)s has already shipped.") % {"product": items[item_id].product_name})
    reason = CancellationReason.objects.filter(pk=reason_id).first()
    line = RequestLine(item_id=item_id, quantity=items[item_id].quantity, reason_id=reason_id, description=note)
    (cancellation,) = cancellation_request_create(
        order_id=order.pk, lines=[line], requested_by=rejected_by, origin=RequestOrigin.SELLER
    )
    description = _("Cancelled by the seller: %(reason)s") % {"reason": reason.subject if reason else ""}
    return cancellation_plan_create(
        order_id=order.pk, request_ids=[cancellation.pk], created_by=rejected_by, approve=True, note=description
    )


@transaction.atomic
def cancellation_plan_retry(*, plan_id: int, retried_by) -> CancellationPlan:
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
