"""Approving: the one place where a plan and the requests it covers are approved.

A request is approved by its seller (Confirm), the owner, or the system (the seller
deadline); a waiting cancellation plan by Seller Center's automatic confirmation. Either
way the plan, its requests and its refund line are approved together by `_approve`, and
the refund runs after commit.
"""

from collections.abc import Sequence
from uuid import uuid4

import django_fsm as fsm
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User, system_user
from orders.choices import UNSHIPPED_ITEM_STATUSES, OrderItemStatus
from orders.models import Payment
from orders.services import order_item_hold

from .. import events, notifications, tasks
from ..choices import EmailKind, PlanStatus, RequestStatus, ReturnShipmentStatus
from ..exceptions import (
    PlanError,
    ReasonError,
    RefundAmountError,
    RequestNotDecidableError,
    ReturnNotReceivedError,
    ShipmentError,
)
from ..figures import figures_refresh
from ..models import CancellationPlan, CancellationRequest, RefundLine
from .common import check_item_eligible, lock_order_and_items, lock_requests
from .plans import cancellation_plan_draft
from .requests import cancellation_request_reject
from .shipments import return_goods_restock, return_lock, return_shipment_lock


@transaction.atomic
def cancellation_request_approve(
    *, request_id: int, approved_by: User, note: str = "", without_return: bool = False
) -> CancellationRequest:
    """Approve a request with a plan of its own, whose refund then runs.

    Locks the order and its items, then the request and its return shipment. A request
    awaiting its decision may be approved by its seller, the owner or the system
    (deadline); a rejected return only by owner staff, which puts the item back on hold.
    A return is approved once its parcel reached the seller, whose goods then go back in
    stock; before that only with `without_return=True` (a refund without return, recorded
    on the request), else `ReturnNotReceivedError`. After commit: the customer's
    "approved" email and the refund task.
    """
    order_id = CancellationRequest.objects.values_list("order_id", flat=True).get(pk=request_id)
    order, items = lock_order_and_items(order_id=order_id)
    (cancellation,) = lock_requests(request_ids=[request_id])
    shipment = return_shipment_lock(cancellation=cancellation)
    if not cancellation.can_be_approved_by(approved_by):
        raise RequestNotDecidableError(
            _("Request #%(id)s is %(status)s and cannot be approved.")
            % {"id": cancellation.pk, "status": cancellation.get_status_display()}
        )
    if not fsm.has_transition_perm(cancellation.approve, approved_by):
        raise RequestNotDecidableError(_("You are not allowed to approve requests."))
    without_return = without_return and not cancellation.has_goods_back
    if without_return and approved_by.is_staff and not note.strip():
        raise ReasonError(_("Say why you refund without return."))
    if not cancellation.has_goods_back and not without_return:
        raise ReturnNotReceivedError(
            _(
                "The parcel of return %(code)s has not reached the seller (%(status)s). "
                "Confirm a refund without return to refund it anyway."
            )
            % {"code": shipment.return_code, "status": shipment.get_status_display()}
        )
    if without_return:
        note = f"{note.strip()} ({_('refund without return')})" if note.strip() else _("Refund without return")
    if cancellation.status == RequestStatus.REJECTED:
        item = items[cancellation.order_item_id]
        check_item_eligible(item=item, cancellation_type=cancellation.cancellation_type)
        order_item_hold(item=item, cancellation=cancellation.is_cancel, by=approved_by, description=note)
    plan = cancellation_plan_draft(order=order, items=items, requests=[cancellation], created_by=approved_by, note=note)
    _approve(plan=plan, requests=[cancellation], by=approved_by, description=note, without_return=without_return)
    if shipment is not None:
        return_goods_restock(shipment=shipment, cancellation=cancellation, item=items[cancellation.order_item_id])
    return cancellation


@transaction.atomic
def cancellation_plan_confirm(*, plan_id: int, confirmed_by: User | None = None) -> CancellationPlan:
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
    _approve(
        plan=plan, requests=requests, by=confirmed_by or system_user(), description=_("Confirmed by Seller Center")
    )
    return plan


def _approve(
    *,
    plan: CancellationPlan,
    requests: Sequence[CancellationRequest],
    by: User,
    description: str,
    without_return: bool = False,
) -> None:
    """Approve a plan and its requests, and commit its money to a refund line (caller holds the locks)."""
    plan.approve(by=by, description=description)
    plan.save()
    for cancellation in requests:
        cancellation.approve(by=by, description=description, without_return=without_return)
        cancellation.save()
    if plan.amount > 0:
        _refund_line_open(plan)
    figures_refresh(request_ids=[r.pk for r in requests])
    notifications.queue(EmailKind.REQUEST_APPROVED, request_ids=[r.pk for r in requests])
    events.claims_updated([r.pk for r in requests])
    transaction.on_commit(lambda: tasks.execute_refund_plan.enqueue(plan_id=plan.pk))


def _refund_line_open(plan: CancellationPlan) -> RefundLine:
    """Allocate the plan's amount on the order's payment and give it a refund line with its key."""
    payment = Payment.objects.select_for_update().get(order_id=plan.order_id)
    if plan.amount > payment.refundable:
        raise RefundAmountError(
            _("Refunding %(amount)s would exceed what was captured (%(left)s left).")
            % {"amount": plan.amount, "left": payment.refundable}
        )
    payment.amount_allocated += plan.amount
    payment.save(update_fields=["amount_allocated"])
    return RefundLine.objects.create(
        plan=plan, payment=payment, amount=plan.amount, idempotency_key=uuid4().hex, next_attempt_at=timezone.now()
    )


@transaction.atomic
def return_shipment_lost_decide(*, request_id: int, decided_by: User, refund: bool, note: str) -> CancellationRequest:
    """The owner's decision on a return whose parcel was lost: refund it without return, or reject it.

    Locks the return first (`return_lock`), then approves or rejects through their services.
    """
    if not decided_by.is_staff:
        raise RequestNotDecidableError(_("Only the marketplace's staff decide on lost returns."))
    if not note.strip():
        raise ReasonError(_("Say why you decide so."))
    shipment = return_lock(request_id=request_id).shipment
    if shipment.status != ReturnShipmentStatus.LOST:
        raise ShipmentError(
            _("Return %(code)s is %(status)s, not lost.")
            % {"code": shipment.return_code, "status": shipment.get_status_display()}
        )
    if refund:
        return cancellation_request_approve(
            request_id=request_id, approved_by=decided_by, note=note, without_return=True
        )
    return cancellation_request_reject(request_id=request_id, rejected_by=decided_by, note=note)
