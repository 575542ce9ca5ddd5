"""Pure refund arithmetic (SPEC rule 10): no ORM, unit-testable without a database."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from orders.rules import split_discount_share

ZERO = Decimal("0.00")


@dataclass(frozen=True)
class QuoteLine:
    """`quantity` units of an order line of `line_quantity` units that carries `discount_share`."""

    item_id: int
    unit_price: Decimal
    quantity: int
    line_quantity: int
    discount_share: Decimal


@dataclass(frozen=True)
class RefundQuote:
    """What a set of items refunds: each item's amount, shipping, and their total."""

    amounts: dict[int, Decimal]  # item id → amount
    shipping: Decimal
    refundable: Decimal  # what was left of the payment before this quote

    @property
    def items_amount(self) -> Decimal:
        return sum(self.amounts.values(), ZERO)

    @property
    def total(self) -> Decimal:
        return self.items_amount + self.shipping

    @property
    def exceeds_refundable(self) -> bool:
        return self.total > self.refundable


def refund_quote(
    *,
    lines: Sequence[QuoteLine],
    shipping_total: Decimal,
    shipping_already_refunded: bool,
    cancels_last_active_items_before_shipment: bool,
    seller_fault_return: bool,
    refundable: Decimal,
) -> RefundQuote:
    """The one calculation of what a set of items refunds (SPEC rule 10).

    Each item: unit price × quantity minus its discount share; part of a line takes the
    share its split row will carry (`split_discount_share`). Shipping by the rule. A quote
    above `refundable` (captured minus earlier refunds) says so (`exceeds_refundable`);
    plans refuse it rather than refund less than the items cost.
    """
    amounts = {line.item_id: line_refund(line) for line in lines}
    shipping = shipping_refund(
        shipping_total=shipping_total,
        shipping_already_refunded=shipping_already_refunded,
        cancels_last_active_items_before_shipment=cancels_last_active_items_before_shipment,
        seller_fault_return=seller_fault_return,
    )
    return RefundQuote(amounts=amounts, shipping=shipping, refundable=refundable)


def line_refund(line: QuoteLine) -> Decimal:
    share = line.discount_share
    if line.quantity < line.line_quantity:
        share = split_discount_share(share=share, quantity=line.line_quantity, part=line.quantity)
    return item_refund(unit_price=line.unit_price, quantity=line.quantity, discount_share=share)


def item_refund(*, unit_price: Decimal, quantity: int, discount_share: Decimal) -> Decimal:
    """What the customer paid for a line: unit price × quantity minus its discount share."""
    return unit_price * quantity - discount_share


def shipping_refund(
    *,
    shipping_total: Decimal,
    shipping_already_refunded: bool,
    cancels_last_active_items_before_shipment: bool,
    seller_fault_return: bool,
) -> Decimal:
    """Shipping goes back once: on cancelling the whole rest of an unshipped order, or a seller-fault return."""
    if shipping_already_refunded:
        return ZERO
    if cancels_last_active_items_before_shipment or seller_fault_return:
        return shipping_total
    return ZERO


def plan_total(item_amounts: Iterable[Decimal], shipping: Decimal) -> Decimal:
    return sum(item_amounts, ZERO) + shipping


def backoff_seconds(*, attempt: int, base: int, jitter: float, cap: int = 3600) -> float:
    """Exponential backoff with jitter: base × 2^(attempt-1), scaled by jitter in [0.5, 1.5]."""
    return min(cap, base * 2 ** max(0, attempt - 1)) * jitter
