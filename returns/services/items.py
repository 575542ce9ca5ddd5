"""The owner's Cancel and Return transactions and the seller's rejection of an unshipped item."""

from collections.abc import Sequence

from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from orders.models import Order, OrderItem

from ..choices import CancellationType, RequestOrigin
from ..exceptions import NothingSelectedError, PlanError, ReturnsError
from ..models import CancellationPlan, CancellationReason, CancellationRequest
from .approval import cancellation_request_approve
from .common import cancellation_type_for, check_item_eligible, lock_order_and_items
from .plans import cancellation_plan_create
from .requests import RequestLine, cancellation_request_create


@transaction.atomic
def order_items_cancel(
    *,
    order_id: int,
    item_ids: Sequence[int],
    reason_id: int | None,
    cancelled_by: User,
    note: str = "",
    quantities: dict[int, int] | None = None,
) -> CancellationPlan:
    """The owner's Cancel transaction: a waiting plan for unshipped items (taking over waiting requests).

    Every item must fit; otherwise nothing is created and the message names the items. The
    owner's reason (one for the owner's staff) is needed only for items nobody asked to
    cancel: a customer's waiting request keeps the customer's reason.
    """
    order, items = _lock_selection(order_id=order_id, item_ids=item_ids)
    waiting = {
        r.order_item_id: r
        for r in CancellationRequest.objects.awaiting_decision().filter(
            order_item_id__in=items, cancellation_type=CancellationType.CANCEL
        )
    }
    misfits = []
    for pk, item in items.items():
        if pk in waiting:
            continue
        try:
            check_item_eligible(item=item, cancellation_type=CancellationType.CANCEL)
        except ReturnsError as error:
            misfits.append(str(error))
    _refuse_misfits(misfits, _("These items cannot be cancelled: %(items)s."))
    new_lines = [
        RequestLine(
            item_id=pk, quantity=(quantities or {}).get(pk, item.quantity), reason_id=reason_id, description=note
        )
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
def order_items_return(
    *,
    order_id: int,
    item_ids: Sequence[int],
    reason_id: int,
    returned_by: User,
    note: str = "",
    quantities: dict[int, int] | None = None,
) -> list[CancellationRequest]:
    """The owner's Return transaction: owner-created return requests that wait for the seller.

    `quantities` returns part of a line (the rest is split off, as for the customer)."""
    order, items = _lock_selection(order_id=order_id, item_ids=item_ids)
    misfits = []
    for item in items.values():
        try:
            check_item_eligible(item=item, cancellation_type=CancellationType.REFUND)
        except ReturnsError as error:
            misfits.append(str(error))
    _refuse_misfits(misfits, _("These items cannot be returned: %(items)s."))
    lines = [
        RequestLine(item_id=pk, quantity=(quantities or {}).get(pk, i.quantity), reason_id=reason_id, description=note)
        for pk, i in items.items()
    ]
    return cancellation_request_create(
        order_id=order.pk, lines=lines, requested_by=returned_by, origin=RequestOrigin.OWNER
    )


def _lock_selection(*, order_id: int, item_ids: Sequence[int]) -> tuple[Order, dict[int, OrderItem]]:
    if not item_ids:
        raise NothingSelectedError(_("Select at least one item."))
    order, items = lock_order_and_items(order_id=order_id, item_ids=item_ids)
    if len(items) != len(set(item_ids)):
        raise PlanError(_("Some selected items are not part of order %(number)s.") % {"number": order.number})
    return order, items


def _refuse_misfits(misfits: list[str], message: str) -> None:
    if misfits:
        raise PlanError(message % {"items": "; ".join(misfits)})


@transaction.atomic
def order_item_reject_by_seller(*, item_id: int, reason_id: int, rejected_by: User, note: str = "") -> CancellationPlan:
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
    cancellation_request_approve(request_id=cancellation.pk, approved_by=rejected_by, note=description)
    return CancellationPlan.objects.get(items__cancellation_request=cancellation)
