"""Pure refund arithmetic (SPEC rule 10): no ORM, unit-testable without a database."""

from collections.abc import Iterable
from decimal import Decimal

ZERO = Decimal("0.00")


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
