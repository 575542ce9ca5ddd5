"""Pure rules about orders: no ORM, no settings; unit-testable without a database."""

from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta
from decimal import ROUND_DOWN, Decimal

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from .choices import (
    CANCELLABLE_PACKAGE_STATUSES,
    RETURNABLE_ITEM_STATUSES,
    UNSHIPPED_ITEM_STATUSES,
    OrderItemStatus,
    OrderStatus,
)

CENT = Decimal("0.01")


def effective_item_status(status: str, status_before_request: str = "") -> str:
    """The fulfilment status of an item, looking through an open request."""
    if status in (OrderItemStatus.CANCELLATION_WAITING, OrderItemStatus.RETURN_WAITING):
        return status_before_request or status
    return status


def derive_order_status(items: Iterable[tuple[str, str]]) -> str:
    """Derive an order's status from its items' (status, status_before_request) pairs."""
    statuses = [effective_item_status(status, before) for status, before in items]
    if not statuses or all(s == OrderItemStatus.CANCELLED for s in statuses):
        return OrderStatus.CANCELLED
    if all(s in (OrderItemStatus.CANCELLED, OrderItemStatus.RETURNED) for s in statuses):
        return OrderStatus.RETURNED
    if any(s in UNSHIPPED_ITEM_STATUSES for s in statuses):
        return OrderStatus.WAITING_PACKAGING
    active = [s for s in statuses if s not in (OrderItemStatus.CANCELLED, OrderItemStatus.RETURNED)]
    if all(s == OrderItemStatus.DELIVERED for s in active):
        return OrderStatus.DELIVERED
    return OrderStatus.SHIPPED


def is_delivery_failed(items: Iterable[tuple[str, str]]) -> bool:
    """Whether every item still on its way failed delivery: the order is `shipped`, yet nothing arrives."""
    statuses = [effective_item_status(status, before) for status, before in items]
    active = [s for s in statuses if s not in (OrderItemStatus.CANCELLED, OrderItemStatus.RETURNED)]
    return bool(active) and all(s == OrderItemStatus.DELIVERY_FAILED for s in active)


def split_lines_together[T](items: Iterable[T]) -> list[T]:
    """Lines in id order, each split part right after the line it came from (its own parts after it).

    A split part is a new row, so id order alone lists it at the bottom, away from its origin.
    """
    items = sorted(items, key=lambda item: item.pk)
    ids = {item.pk for item in items}
    parts: dict[int | None, list[T]] = {}
    for item in items:
        parent = item.split_from_id if item.split_from_id in ids else None
        parts.setdefault(parent, []).append(item)
    ordered: list[T] = []
    pending = list(reversed(parts.get(None, [])))
    while pending:
        item = pending.pop()
        ordered.append(item)
        pending.extend(reversed(parts.get(item.pk, [])))
    return ordered


def has_open_request(item_statuses: Iterable[str]) -> bool:
    return any(s in (OrderItemStatus.CANCELLATION_WAITING, OrderItemStatus.RETURN_WAITING) for s in item_statuses)


def already_done(status: str) -> str:
    """Why a cancelled or returned item takes no request: a sentence of its own per status (a
    lower-cased status label reads wrong in Turkish, where "İade" lower-cases to "i̇ade")."""
    if status == OrderItemStatus.CANCELLED:
        return _("This item has already been cancelled.")
    return _("This item has already been returned.")


def cancellation_ineligibility(*, item_status: str, package_status: str, order_status: str) -> str | None:
    """Why an item cannot be cancelled (SPEC rule 1), or None when it can."""
    if item_status in (OrderItemStatus.CANCELLATION_WAITING, OrderItemStatus.RETURN_WAITING):
        return _("A request is already open for this item.")
    if item_status in (OrderItemStatus.CANCELLED, OrderItemStatus.RETURNED):
        return already_done(item_status)
    if item_status == OrderItemStatus.SHIPPED:
        return _("This item has already shipped; you can return it once it is delivered.")
    if item_status in RETURNABLE_ITEM_STATUSES:  # delivered, or its delivery failed
        return _("This item has already shipped.")
    if package_status not in CANCELLABLE_PACKAGE_STATUSES or order_status != OrderStatus.WAITING_PACKAGING:
        return _("This item can no longer be cancelled.")
    return None


def return_window_closes_at(delivered_at: datetime, window_days: int) -> datetime:
    return delivered_at + timedelta(days=window_days)


def return_ineligibility(*, status: str, delivered_at: datetime | None, now: datetime, window_days: int) -> str | None:
    """Why an item cannot be returned (SPEC rule 2), or None when it can."""
    if status in (OrderItemStatus.CANCELLATION_WAITING, OrderItemStatus.RETURN_WAITING):
        return _("A request is already open for this item.")
    if status in (OrderItemStatus.CANCELLED, OrderItemStatus.RETURNED):
        return already_done(status)
    if status in UNSHIPPED_ITEM_STATUSES:
        return _("This item has not shipped yet; you can cancel it instead.")
    if status == OrderItemStatus.DELIVERED and delivered_at is not None:
        closes_at = return_window_closes_at(delivered_at, window_days)
        if now > closes_at:
            return _("The return window closed on %(date)s.") % {"date": date_format(closes_at, "DATE_FORMAT")}
    return None


def allocate_discount(line_totals: Sequence[Decimal], discount: Decimal) -> list[Decimal]:
    """Split an order-level discount over lines in proportion to their totals.

    Shares are whole cents, never exceed a line's total, and sum exactly to the
    discount (largest remainder method; ties go to the earlier line).
    """
    total = sum(line_totals, Decimal("0"))
    if discount < 0 or discount > total:
        raise ValueError("discount must be between 0 and the lines' total")
    if discount == 0 or total == 0:
        return [Decimal("0.00") for _ in line_totals]
    exact = [discount * line / total for line in line_totals]
    shares = [e.quantize(CENT, rounding=ROUND_DOWN) for e in exact]
    leftover_cents = int((discount - sum(shares, Decimal("0"))) / CENT)
    by_remainder = sorted(range(len(exact)), key=lambda i: (-(exact[i] - shares[i]), i))
    for i in by_remainder[:leftover_cents]:
        shares[i] += CENT
    return shares


def split_discount_share(*, share: Decimal, quantity: int, part: int) -> Decimal:
    """The discount share of `part` units of a line whose `quantity` units carry `share`.

    The part's share rounds down to the cent, so part and remainder add up exactly.
    """
    if not 0 < part < quantity:
        raise ValueError("part must be between 1 and quantity - 1")
    return (share * part / quantity).quantize(CENT, rounding=ROUND_DOWN)
