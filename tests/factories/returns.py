"""Factories of the returns app: one per model; states are traits, and related rows agree (SPEC section 3).

A waiting request holds its item (`cancellation_waiting`, or `return_waiting` with
`refund=True`). An approved one is covered by an approved plan whose refund line is pending,
its amount allocated on the order's payment; a completed one by a completed plan, its item
cancelled or returned and its line paid (in the sandbox gateway's ledger too). A failed plan
keeps its request approved and its line failed; `needs_attention=True` is an approved plan
whose pending line's outcome is unknown. Statuses are given to the constructor; only an item
handed to `CancellationRequestFactory(order_item=...)` is moved, by its own transitions.

A return has its shipment in the state that goes with the request's (`shipments.py`).
"""

from datetime import timedelta
from decimal import Decimal
from uuid import uuid4

import factory
from django.conf import settings
from django.utils import timezone

from orders.choices import OrderItemStatus
from returns.choices import (
    OPEN_REQUEST_STATUSES,
    CancellationType,
    PlanStatus,
    ReasonAudience,
    RefundLineStatus,
    RequestOrigin,
    RequestStatus,
    ReturnShipmentStatus,
)
from returns.models import (
    CancellationPlan,
    CancellationPlanItem,
    CancellationReason,
    CancellationRequest,
    RefundLine,
)

from .orders import OrderFactory, OrderItemFactory, PaymentFactory, order_refresh
from .sandbox import LedgerRefundFactory
from .users import UserFactory

REQUEST_STATUS_IN_PLAN = {
    PlanStatus.WAITING: RequestStatus.WAITING,
    PlanStatus.APPROVED: RequestStatus.APPROVED,
    PlanStatus.FAILED: RequestStatus.APPROVED,
    PlanStatus.COMPLETED: RequestStatus.COMPLETED,
}
PLAN_STATUS_OF_REQUEST = {
    RequestStatus.WAITING: PlanStatus.WAITING,
    RequestStatus.APPROVED: PlanStatus.APPROVED,
    RequestStatus.COMPLETED: PlanStatus.COMPLETED,
}
LINE_STATUS_IN_PLAN = {
    PlanStatus.APPROVED: RefundLineStatus.PENDING,
    PlanStatus.FAILED: RefundLineStatus.FAILED,
    PlanStatus.COMPLETED: RefundLineStatus.COMPLETED,
}
PLAN_STATUS_OF_LINE = {line: plan for plan, line in LINE_STATUS_IN_PLAN.items()}
DECIDED_REQUEST_STATUSES = (RequestStatus.APPROVED, RequestStatus.COMPLETED, RequestStatus.REJECTED)
DECLINED = "Sandbox gateway: refund declined by the issuer"
UNKNOWN = (
    "Sandbox gateway: timed out waiting for the answer; "
    "lookup by key failed: Sandbox gateway: connection reset during the lookup"
)


def item_status_for(request_status: str, *, refund: bool) -> str:
    """The status of the item a request of this status is about (on hold: from `HELD_FROM`)."""
    if request_status in OPEN_REQUEST_STATUSES:
        return OrderItemStatus.RETURN_WAITING if refund else OrderItemStatus.CANCELLATION_WAITING
    if request_status == RequestStatus.COMPLETED:
        return OrderItemStatus.RETURNED if refund else OrderItemStatus.CANCELLED
    return OrderItemStatus.DELIVERED if refund else OrderItemStatus.PREPARING


class CancellationReasonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CancellationReason

    subject = factory.Sequence(lambda n: f"Reason {n}")
    cancellation_type = CancellationType.CANCEL

    class Params:
        refund = factory.Trait(cancellation_type=CancellationType.REFUND)
        for_owner = factory.Trait(audience=ReasonAudience.OWNER)
        for_seller = factory.Trait(audience=ReasonAudience.SELLER)
        needs_description = factory.Trait(extra_information_needed=True)
        seller_fault = factory.Trait(is_seller_fault=True)
        inactive = factory.Trait(is_active=False)


class CancellationRequestFactory(factory.django.DjangoModelFactory):
    """The customer's request for a whole line: a cancellation, or with `refund=True` a return.

    Without `order_item`, the item is a new order's, in the state that goes with the request.
    """

    class Meta:
        model = CancellationRequest
        skip_postgeneration_save = True

    class Params:
        refund = False
        approved = factory.Trait(status=RequestStatus.APPROVED)
        completed = factory.Trait(status=RequestStatus.COMPLETED)
        rejected = factory.Trait(status=RequestStatus.REJECTED)
        withdrawn = factory.Trait(status=RequestStatus.WITHDRAWN)
        expired = factory.Trait(status=RequestStatus.EXPIRED)
        with_shipment = factory.SelfAttribute("refund")
        # a waiting return whose parcel has reached the seller (the usual start of a decision)
        parcel_received = False
        decided = factory.LazyAttribute(lambda r: r.status in DECIDED_REQUEST_STATUSES)
        with_plan = factory.LazyAttribute(lambda r: r.status in (RequestStatus.APPROVED, RequestStatus.COMPLETED))

    order_item = factory.SubFactory(
        OrderItemFactory,
        status=factory.LazyAttribute(
            lambda i: item_status_for(i.factory_parent.status, refund=i.factory_parent.refund)
        ),
    )
    order = factory.SelfAttribute("order_item.order")
    seller = factory.SelfAttribute("order_item.seller")
    cancellation_type = factory.LazyAttribute(
        lambda r: CancellationType.REFUND if r.refund else CancellationType.CANCEL
    )
    reason = factory.SubFactory(
        CancellationReasonFactory, cancellation_type=factory.SelfAttribute("..cancellation_type")
    )
    quantity = factory.SelfAttribute("order_item.quantity")
    status = RequestStatus.WAITING
    origin = RequestOrigin.CUSTOMER
    created_by = factory.SelfAttribute("order.customer")
    decided_by = factory.Maybe("decided", factory.SubFactory(UserFactory), None)
    decided_at = factory.LazyAttribute(lambda r: timezone.now() if r.decided else None)
    rejection_note = factory.LazyAttribute(
        lambda r: "Not in its original packaging" if r.status == RequestStatus.REJECTED else ""
    )

    @factory.post_generation
    def hold(self, create, extracted, **kwargs):
        if create:
            item_bring_to(self)

    plan_item = factory.Maybe(
        "with_plan",
        factory.RelatedFactory("tests.factories.returns.CancellationPlanItemFactory", "cancellation_request"),
    )
    return_shipment = factory.Maybe(
        "with_shipment",
        factory.RelatedFactory(
            "tests.factories.shipments.ReturnShipmentFactory",
            "cancellation_request",
            status=factory.LazyAttribute(
                lambda s: shipment_status_of_request(s.factory_parent.status, received=s.factory_parent.parcel_received)
            ),
        ),
    )


def item_bring_to(cancellation: CancellationRequest) -> None:
    """Move an item handed to the factory into the state its request's status puts it in.

    Only the item's own transitions, on the saved item; the package is cancelled with its last
    item, and the order agrees with its items afterwards.
    """
    item = cancellation.order_item
    if cancellation.status not in (*OPEN_REQUEST_STATUSES, RequestStatus.COMPLETED):
        return
    target = item_status_for(cancellation.status, refund=not cancellation.is_cancel)
    if item.status == target:
        return
    hold, settle = (
        (item.request_cancellation, item.cancel)
        if cancellation.is_cancel
        else (item.request_return, item.mark_returned)
    )
    if not item.is_waiting:
        hold()
    if cancellation.status == RequestStatus.COMPLETED:
        settle()
    item.save()
    package = item.package
    statuses = set(package.items.values_list("status", flat=True))
    if statuses == {OrderItemStatus.CANCELLED} and package.is_cancellable:
        package.cancel()
        package.save()
    order_refresh(cancellation.order)


class CancellationPlanFactory(factory.django.DjangoModelFactory):
    """A plan covering one request of a whole line (a cancellation, or with `refund=True` a return).

    From `approved` on it has its refund line of the plan's amount, in the matching state.
    """

    class Meta:
        model = CancellationPlan
        skip_postgeneration_save = True

    class Params:
        refund = False
        with_request = True
        with_refund_line = True
        request = factory.Maybe(
            "with_request",
            factory.SubFactory(
                CancellationRequestFactory,
                refund=factory.SelfAttribute("..refund"),
                status=factory.LazyAttribute(lambda r: REQUEST_STATUS_IN_PLAN[r.factory_parent.status]),
                with_plan=False,
            ),
            None,
        )
        approved = factory.Trait(status=PlanStatus.APPROVED)
        completed = factory.Trait(status=PlanStatus.COMPLETED)
        failed = factory.Trait(status=PlanStatus.FAILED)
        pays = factory.LazyAttribute(lambda p: p.with_refund_line and p.status in LINE_STATUS_IN_PLAN and p.amount > 0)

    order = factory.Maybe("with_request", factory.SelfAttribute("request.order"), factory.SubFactory(OrderFactory))
    plan_type = factory.LazyAttribute(
        lambda p: (
            p.request.cancellation_type
            if p.request
            else (CancellationType.REFUND if p.refund else CancellationType.CANCEL)
        )
    )
    needs_attention = False
    status = factory.LazyAttribute(lambda p: PlanStatus.APPROVED if p.needs_attention else PlanStatus.WAITING)
    items_amount = factory.LazyAttribute(lambda p: p.request.order_item.amount_paid if p.request else Decimal("0.00"))
    shipping_amount = Decimal("0.00")
    amount = factory.LazyAttribute(lambda p: p.items_amount + p.shipping_amount)
    note = factory.LazyAttribute(lambda p: plan_note(status=p.status, needs_attention=p.needs_attention))
    created_by = factory.SubFactory(UserFactory)
    approved_at = factory.LazyAttribute(lambda p: timezone.now() if p.status in LINE_STATUS_IN_PLAN else None)
    completed_at = factory.LazyAttribute(lambda p: timezone.now() if p.status == PlanStatus.COMPLETED else None)

    plan_item = factory.Maybe(
        "request",
        factory.RelatedFactory(
            "tests.factories.returns.CancellationPlanItemFactory",
            "plan",
            cancellation_request=factory.SelfAttribute("..request"),
        ),
    )
    refund_line = factory.Maybe(
        "pays",
        factory.RelatedFactory(
            "tests.factories.returns.RefundLineFactory",
            "plan",
            status=factory.LazyAttribute(lambda line: LINE_STATUS_IN_PLAN[line.plan.status]),
            needs_attention=factory.SelfAttribute("plan.needs_attention"),
        ),
    )


def plan_note(*, status: str, needs_attention: bool) -> str:
    if status == PlanStatus.FAILED:
        return DECLINED
    if needs_attention:
        return f"Needs attention: the payment gateway has not said whether the refund was made ({UNKNOWN})."
    return ""


class CancellationPlanItemFactory(factory.django.DjangoModelFactory):
    """A request in a plan, refunding what was paid for its item; the plan follows the request's status."""

    class Meta:
        model = CancellationPlanItem

    cancellation_request = factory.SubFactory(CancellationRequestFactory, with_plan=False)
    plan = factory.SubFactory(
        CancellationPlanFactory,
        with_request=False,
        order=factory.SelfAttribute("..cancellation_request.order"),
        plan_type=factory.SelfAttribute("..cancellation_request.cancellation_type"),
        status=factory.LazyAttribute(lambda p: PLAN_STATUS_OF_REQUEST[p.factory_parent.cancellation_request.status]),
        items_amount=factory.SelfAttribute("..amount"),
    )
    order_item = factory.SelfAttribute("cancellation_request.order_item")
    quantity = factory.SelfAttribute("cancellation_request.quantity")
    amount = factory.LazyAttribute(lambda i: i.order_item.amount_paid)


class RefundLineFactory(factory.django.DjangoModelFactory):
    """A plan's refund on the order's payment, allocated there; once completed, refunded and in the ledger."""

    class Meta:
        model = RefundLine
        skip_postgeneration_save = True

    plan = factory.SubFactory(
        CancellationPlanFactory,
        with_refund_line=False,
        status=factory.LazyAttribute(lambda p: PLAN_STATUS_OF_LINE[p.factory_parent.status]),
        needs_attention=factory.SelfAttribute("..needs_attention"),
    )
    payment = factory.SubFactory(PaymentFactory, order=factory.SelfAttribute("..plan.order"))
    amount = factory.SelfAttribute("plan.amount")
    status = RefundLineStatus.PENDING
    needs_attention = False
    idempotency_key = factory.LazyFunction(lambda: uuid4().hex)
    attempts = factory.LazyAttribute(
        lambda line: (
            settings.REFUND_MAX_ATTEMPTS if line.needs_attention else int(line.status != RefundLineStatus.PENDING)
        )
    )
    next_attempt_at = factory.LazyAttribute(lambda line: refund_line_due_at(line))
    gateway_reference = factory.LazyAttribute(
        lambda line: f"RF-{uuid4().hex[:12].upper()}" if line.status == RefundLineStatus.COMPLETED else ""
    )
    last_error = factory.LazyAttribute(
        lambda line: DECLINED if line.status == RefundLineStatus.FAILED else (UNKNOWN if line.needs_attention else "")
    )
    completed_at = factory.LazyAttribute(
        lambda line: timezone.now() if line.status == RefundLineStatus.COMPLETED else None
    )

    class Params:
        completed = factory.Trait(status=RefundLineStatus.COMPLETED)
        failed = factory.Trait(status=RefundLineStatus.FAILED)

    @factory.post_generation
    def money(self, create, extracted, **kwargs):
        if create:
            refund_line_book(self)


def refund_line_due_at(line):
    if line.status != RefundLineStatus.PENDING:
        return None
    if line.needs_attention:
        return timezone.now() + timedelta(seconds=settings.REFUND_BACKOFF_SECONDS)
    return timezone.now()


def refund_line_book(line: RefundLine) -> None:
    """Allocate the line's amount on its payment; a completed line is refunded and in the gateway's ledger."""
    payment = line.payment
    payment.amount_allocated += line.amount
    if line.status == RefundLineStatus.COMPLETED:
        payment.amount_refunded += line.amount
        LedgerRefundFactory(
            idempotency_key=line.idempotency_key,
            payment_reference=payment.reference,
            amount=line.amount,
            reference=line.gateway_reference,
        )
    payment.save(update_fields=["amount_allocated", "amount_refunded"])


def shipment_status_of_request(status: str, *, received: bool = False) -> str:
    from .shipments import SHIPMENT_STATUS_OF_REQUEST

    return ReturnShipmentStatus.RECEIVED if received else SHIPMENT_STATUS_OF_REQUEST[status]
