"""What chosen items of an order would refund: the input of `refunds.refund_quote`, read from the order.

Plan drafting, Omnitron's Order Cancel / Order Return page and the customer's Refund
preview all ask `order_refund_quote`, so what a screen shows is what the plan refunds.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from orders.choices import OrderItemStatus
from orders.models import Order, OrderItem

from . import refunds
from .choices import CancellationType, PlanStatus
from .models import CancellationPlanItem


@dataclass(frozen=True)
class QuoteChoice:
    """`quantity` units of an order line, to be cancelled or returned (`cancellation_type`)."""

    item: OrderItem
    quantity: int
    cancellation_type: str
    seller_fault: bool = False  # the return's reason is the seller's fault


def order_refund_quote(
    *, order: Order, items: Iterable[OrderItem], chosen: Sequence[QuoteChoice]
) -> refunds.RefundQuote:
    """What `chosen` would refund if nothing else on the order changes first.

    `items` are all the order's lines (the order's prefetched or locked rows). The
    cancellations are quoted as one plan; the returns after them, each a plan of its own
    as the seller decides them, shipping at most once. Three queries: the payment (unless
    loaded), the order's plans and the items its cancellation plans cover.
    """
    items = list(items)
    plans = list(order.cancellation_plans.values_list("status", "amount", "shipping_amount"))
    shipping_refunded = any(shipping > 0 for _status, _amount, shipping in plans)
    waiting = sum((amount for status, amount, _shipping in plans if status == PlanStatus.WAITING), refunds.ZERO)
    refundable = order.payment.refundable - waiting
    in_cancel_plans = set(
        CancellationPlanItem.objects.filter(plan__order=order, plan__plan_type=CancellationType.CANCEL).values_list(
            "order_item_id", flat=True
        )
    )
    amounts: dict[int, Decimal] = {}
    shipping = refunds.ZERO
    for kind in (CancellationType.CANCEL, CancellationType.REFUND):
        group = [choice for choice in chosen if choice.cancellation_type == kind]
        if not group:
            continue
        whole = {choice.item.pk for choice in group if choice.quantity >= choice.item.quantity}
        still_active = [
            item
            for item in items
            if item.pk not in whole and item.pk not in in_cancel_plans and item.status != OrderItemStatus.CANCELLED
        ]
        quote = refunds.refund_quote(
            lines=[_line(choice) for choice in group],
            shipping_total=order.shipping_total,
            shipping_already_refunded=shipping_refunded or shipping > 0,
            cancels_last_active_items_before_shipment=kind == CancellationType.CANCEL and not still_active,
            seller_fault_return=kind == CancellationType.REFUND and any(choice.seller_fault for choice in group),
            refundable=refundable - sum(amounts.values(), refunds.ZERO) - shipping,
        )
        amounts.update(quote.amounts)
        shipping += quote.shipping
    return refunds.RefundQuote(amounts=amounts, shipping=shipping, refundable=refundable)


def _line(choice: QuoteChoice) -> refunds.QuoteLine:
    item = choice.item
    return refunds.QuoteLine(
        item_id=item.pk,
        unit_price=item.unit_price,
        quantity=choice.quantity,
        line_quantity=item.quantity,
        discount_share=item.discount_share,
    )
