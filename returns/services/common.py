"""Helpers shared by the returns services: locking in the one stable order, and rule checks."""

from django.conf import settings
from django.utils.translation import gettext as _

from orders.choices import OrderItemStatus
from orders.models import Order, OrderItem
from orders.services import order_items_lock, order_lock

from ..choices import CancellationType, RequestOrigin, RequestStatus
from ..exceptions import (
    ItemNotCancellableError,
    ItemNotReturnableError,
    QuantityError,
    ReasonError,
    RejectionLimitError,
    ReturnWindowClosedError,
)
from ..models import CancellationReason, CancellationRequest
from ..rules import cancellation_type_for_status, rejection_limit_problem


def lock_order_and_items(*, order_id: int, item_ids=None) -> tuple[Order, dict[int, OrderItem]]:
    """Lock the order, then its items by pk (the lock order of `orders.services`), each with its
    package read (not locked) in the same statement."""
    order = order_lock(order_id=order_id)
    items = {item.pk: item for item in order_items_lock(order_id=order_id, item_ids=item_ids, with_packages=True)}
    for item in items.values():
        item.order = order
    return order, items


def lock_requests(*, request_ids) -> list[CancellationRequest]:
    """Lock these requests (ids, or a query of ids: then one statement) in pk order."""
    return list(CancellationRequest.objects.select_for_update().filter(pk__in=request_ids).order_by("pk"))


def lock_plan_requests(*, plan_id: int) -> list[CancellationRequest]:
    """Lock every request of a plan in pk order (one statement), each with its plan item and
    parcel read (not locked) with it."""
    return list(
        CancellationRequest.objects.select_for_update(of=("self",))
        .filter(plan_item__plan_id=plan_id)
        .select_related("plan_item", "return_shipment")
        .order_by("pk")
    )


def cancellation_type_for(item: OrderItem) -> str:
    """Before shipment an item is cancelled; after shipment it is returned."""
    return cancellation_type_for_status(item.status, item.status_before_request)


def check_item_eligible(*, item: OrderItem, cancellation_type: str) -> None:
    """Raise unless the (locked, fresh) item may take a request of this type (SPEC rules 1, 2)."""
    if cancellation_type == CancellationType.CANCEL:
        problem = item.cancellation_ineligibility()
        if problem:
            raise ItemNotCancellableError(f"{item.product_name}: {problem}")
    else:
        problem = item.return_ineligibility()
        if problem:
            # A delivered item has one reason to refuse: its return window closed (SPEC rule 2).
            error = ReturnWindowClosedError if item.status == OrderItemStatus.DELIVERED else ItemNotReturnableError
            raise error(f"{item.product_name}: {problem}")


def check_reason(*, reason: CancellationReason | None, cancellation_type: str, audience: str, description: str) -> None:
    """Raise unless the reason is active, of the right type, one the audience (who asks) chooses
    from and described when it must be (rule 5)."""
    if reason is None:
        raise ReasonError(_("Choose a reason."))
    if not reason.is_active or reason.cancellation_type != cancellation_type or reason.audience != audience:
        raise ReasonError(_("The reason “%(reason)s” cannot be used here.") % {"reason": reason.display_subject})
    if reason.extra_information_needed and not description.strip():
        raise ReasonError(_("The reason “%(reason)s” needs a description.") % {"reason": reason.display_subject})


def check_rejection_limit(*, item: OrderItem) -> None:
    """Raise when the customer asks again for an item rejected too often (`REJECTED_REQUESTS_PER_ITEM`)."""
    rejected = CancellationRequest.objects.filter(
        order_item=item, status=RequestStatus.REJECTED, origin=RequestOrigin.CUSTOMER
    ).count()
    problem = rejection_limit_problem(rejected=rejected, limit=settings.REJECTED_REQUESTS_PER_ITEM)
    if problem:
        raise RejectionLimitError(f"{item.product_name}: {problem}")


def check_quantity(*, item: OrderItem, quantity: int) -> None:
    if not 1 <= quantity <= item.quantity:
        raise QuantityError(
            _("%(product)s: choose a quantity between 1 and %(max)s.")
            % {"product": item.product_name, "max": item.quantity}
        )
