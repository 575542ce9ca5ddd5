"""Opening, withdrawing and rejecting cancellation/return requests (approving is `approval.py`)."""

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

import django_fsm as fsm
from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User, system_user
from orders.services import order_item_hold, order_item_release, order_item_split, order_refresh_status

from .. import events, notifications
from ..choices import CancellationType, EmailKind, RequestOrigin
from ..exceptions import (
    DuplicateRequestError,
    ItemNotFoundError,
    NothingSelectedError,
    ReasonError,
    RequestNotDecidableError,
    RequestNotWithdrawableError,
    TooManyRequestsError,
)
from ..figures import figures_refresh
from ..models import CancellationReason, CancellationRequest
from .common import (
    cancellation_type_for,
    check_item_eligible,
    check_quantity,
    check_reason,
    check_rejection_limit,
    lock_order_and_items,
    lock_requests,
)
from .plans import cancellation_plan_create
from .shipments import return_shipment_close, return_shipment_lock, return_shipment_open

SUBMISSION_WINDOW = timedelta(hours=1)


@dataclass(frozen=True)
class RequestLine:
    """One ticked item of a request form: which item, how many, why."""

    item_id: int
    quantity: int
    reason_id: int | None
    description: str = ""


@transaction.atomic
def cancellation_request_create(
    *, order_id: int, lines: Sequence[RequestLine], requested_by: User, origin: str = RequestOrigin.CUSTOMER
) -> list[CancellationRequest]:
    """Open a request per line: a cancellation before shipment, a return after.

    Locks the order and the chosen items, re-checks every rule on the fresh rows,
    splits partial quantities off into their own rows and puts each item on hold. A
    return gets its shipment at once (return code, carrier, ship-by date). Queues the
    customer's "received" email (and return instructions) and the sellers' return emails
    for the mailer; with AUTO_APPROVE_CUSTOMER_CANCELLATIONS, the cancellations go straight to a plan.
    """
    if not lines:
        raise NothingSelectedError(_("Select at least one item."))
    if len({line.item_id for line in lines}) != len(lines):
        raise DuplicateRequestError(_("An item was selected twice."))
    now = timezone.now()
    if origin == RequestOrigin.CUSTOMER:
        _check_submission_rate(customer=requested_by, now=now)
    order, items = lock_order_and_items(order_id=order_id, item_ids=[line.item_id for line in lines])
    reasons = CancellationReason.objects.in_bulk([line.reason_id for line in lines if line.reason_id])
    created = [
        _create_one(line=line, items=items, reasons=reasons, by=requested_by, origin=origin, now=now) for line in lines
    ]
    order_refresh_status(order=order, by=requested_by, description=_("Request received"))
    ids = [c.pk for c in created]
    figures_refresh(request_ids=ids)
    notifications.queue(EmailKind.REQUEST_RECEIVED, request_ids=ids)
    events.publish(events.EventType.CLAIM_CREATED, request_ids=ids)
    return_ids = [c.pk for c in created if not c.is_cancel]
    if return_ids:
        notifications.queue(EmailKind.RETURN_INSTRUCTIONS, request_ids=return_ids)
        notifications.queue(EmailKind.SELLER_RETURN_REQUESTED, request_ids=return_ids)
    cancel_ids = [c.pk for c in created if c.is_cancel]
    if cancel_ids and origin == RequestOrigin.CUSTOMER and settings.AUTO_APPROVE_CUSTOMER_CANCELLATIONS:
        cancellation_plan_create(order_id=order.pk, request_ids=cancel_ids, created_by=system_user())
    return created


def _check_submission_rate(*, customer: User, now: datetime) -> None:
    """Refuse a customer's submission beyond `REQUEST_SUBMISSIONS_PER_HOUR` (each one emails someone).

    A submission's requests share their creation time, so the hour's submissions are
    its distinct times; withdrawn requests count, as their emails went out.
    """
    limit = settings.REQUEST_SUBMISSIONS_PER_HOUR
    if not limit:
        return  # 0: no limit (load tests)
    times = list(
        CancellationRequest.objects.filter(
            created_by=customer, origin=RequestOrigin.CUSTOMER, created_at__gt=now - SUBMISSION_WINDOW
        )
        .order_by("created_at")
        .values_list("created_at", flat=True)
        .distinct()
    )
    if len(times) >= limit:
        minutes = math.ceil((times[-limit] + SUBMISSION_WINDOW - now).total_seconds() / 60)
        raise TooManyRequestsError(
            _(
                "You have sent %(count)s requests in the last hour, the most we accept. "
                "Please try again in %(minutes)s minutes."
            )
            % {"count": len(times), "minutes": max(1, minutes)}
        )


def _create_one(
    *, line: RequestLine, items: dict, reasons: dict, by: User, origin: str, now: datetime
) -> CancellationRequest:
    item = items.get(line.item_id)
    if item is None:
        raise ItemNotFoundError(_("That item is not part of this order."))
    cancellation_type = cancellation_type_for(item)
    check_item_eligible(item=item, cancellation_type=cancellation_type)
    if origin == RequestOrigin.CUSTOMER:
        check_rejection_limit(item=item)
    check_reason(
        reason=reasons.get(line.reason_id),
        cancellation_type=cancellation_type,
        audience=origin,  # a request's origin is who chose its reason
        description=line.description,
    )
    check_quantity(item=item, quantity=line.quantity)
    if line.quantity < item.quantity:
        item = order_item_split(item=item, quantity=line.quantity)
    reason = reasons[line.reason_id]
    order_item_hold(
        item=item, cancellation=cancellation_type == CancellationType.CANCEL, by=by, description=reason.subject
    )
    try:
        with transaction.atomic():
            cancellation = CancellationRequest.objects.create(
                order_id=item.order_id,
                order_item=item,
                seller_id=item.seller_id,
                cancellation_type=cancellation_type,
                reason=reason,
                description=line.description.strip(),
                quantity=item.quantity,
                origin=origin,
                created_by=by,
                created_at=now,
            )
    except IntegrityError as error:
        raise DuplicateRequestError(
            _("%(product)s already has an open request.") % {"product": item.product_name}
        ) from error
    if not cancellation.is_cancel:
        return_shipment_open(cancellation=cancellation)
    return cancellation


@transaction.atomic
def cancellation_request_withdraw(*, request_id: int, withdrawn_by: User) -> CancellationRequest:
    """Take back a waiting request that no plan covers yet, and restore its item.

    A return only while its parcel has not left the customer; its shipment is cancelled.
    Locks the order, the item, the request and its shipment.
    """
    order_id, item_id = CancellationRequest.objects.values_list("order_id", "order_item_id").get(pk=request_id)
    order, items = lock_order_and_items(order_id=order_id, item_ids=[item_id])
    (cancellation,) = lock_requests(request_ids=[request_id])
    return_shipment_lock(cancellation=cancellation)
    if not cancellation.can_withdraw:
        raise RequestNotWithdrawableError(_("This request can no longer be withdrawn."))
    cancellation.withdraw(by=withdrawn_by, description=_("Withdrawn by the customer"))
    cancellation.save()
    return_shipment_close(cancellation=cancellation, by=withdrawn_by, description=_("Request withdrawn"))
    order_item_release(item=items[item_id], by=withdrawn_by, description=_("Request withdrawn"))
    order_refresh_status(order=order, by=withdrawn_by, description=_("Request withdrawn"))
    figures_refresh(request_ids=[cancellation.pk])
    notifications.queue(EmailKind.REQUEST_WITHDRAWN, request_id=request_id)
    if not cancellation.is_cancel:  # a return the seller was to decide
        notifications.queue(EmailKind.SELLER_REQUEST_WITHDRAWN, request_id=request_id)
    events.claims_updated([request_id])
    return cancellation


@transaction.atomic
def cancellation_request_reject(*, request_id: int, rejected_by: User, note: str) -> CancellationRequest:
    """Reject a waiting request with a note, restore the item and tell the customer after commit.

    A return's parcel not yet shipped is no longer expected (its shipment is cancelled).
    """
    if not note.strip():
        raise ReasonError(_("A note is required to reject a request."))
    order_id, item_id = CancellationRequest.objects.values_list("order_id", "order_item_id").get(pk=request_id)
    order, items = lock_order_and_items(order_id=order_id, item_ids=[item_id])
    (cancellation,) = lock_requests(request_ids=[request_id])
    if not cancellation.can_reject:
        raise RequestNotDecidableError(
            _("Request #%(id)s is %(status)s and cannot be rejected.")
            % {"id": cancellation.pk, "status": cancellation.get_status_display()}
        )
    if not fsm.has_transition_perm(cancellation.reject, rejected_by):
        raise RequestNotDecidableError(_("You are not allowed to reject requests."))
    cancellation.reject(by=rejected_by, description=note.strip())
    cancellation.save()
    return_shipment_close(cancellation=cancellation, by=rejected_by, description=_("Request rejected"))
    order_item_release(item=items[item_id], by=rejected_by, description=_("Request rejected"))
    order_refresh_status(order=order, by=rejected_by, description=_("Request rejected"))
    figures_refresh(request_ids=[cancellation.pk])
    notifications.queue(EmailKind.REQUEST_REJECTED, request_id=request_id)
    events.claims_updated([request_id])
    return cancellation
