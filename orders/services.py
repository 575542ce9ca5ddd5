"""Workflow steps on orders, packages and order items.

Lock order, everywhere: the order row first, then its packages, then its items
by primary key, then its payment. Every service that changes any of them takes
the order lock first, so two workflows on one order run one after the other.
"""

from collections.abc import Iterable, Sequence
from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING

import django_fsm as fsm
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.crypto import get_random_string
from django.utils.translation import gettext as _

from . import rules
from .choices import FULFILMENT_ITEM_STATUSES, OrderItemStatus, PackageMove, PaymentMethod
from .exceptions import ItemSplitError, OrderPlacementError, PackageTransitionError
from .figures import daily_sales_record
from .models import Order, OrderItem, Package, Payment, Product

if TYPE_CHECKING:
    from accounts.models import User


def order_lock(*, order_id: int) -> Order:
    """Lock and return an order row (the first lock of every order workflow)."""
    return Order.objects.select_for_update().get(pk=order_id)


def order_items_lock(
    *, order_id: int, item_ids: Iterable[int] | None = None, with_packages: bool = False
) -> list[OrderItem]:
    """Lock an order's items (or these of them) in pk order; `with_packages`: each with its
    package read, not locked, in the same statement."""
    queryset = OrderItem.objects.select_for_update(of=("self",)).filter(order_id=order_id).order_by("pk")
    if with_packages:
        queryset = queryset.select_related("package")
    if item_ids is not None:
        queryset = queryset.filter(pk__in=list(item_ids))
    return list(queryset)


@transaction.atomic
def order_place(
    *,
    customer,
    lines: Sequence[tuple[Product, int]],
    shipping_total: Decimal = Decimal("0.00"),
    discount_total: Decimal = Decimal("0.00"),
    method: str = PaymentMethod.CREDIT_CARD,
    number: str | None = None,
    created_at: datetime | None = None,
    shipping_address: str = "",
) -> Order:
    """Place an order: one package per seller, discount shares, payment captured, stock taken."""
    if not lines or any(quantity < 1 for _, quantity in lines):
        raise OrderPlacementError(_("An order needs at least one line with a positive quantity."))
    line_totals = [product.price * quantity for product, quantity in lines]
    subtotal = sum(line_totals, Decimal("0.00"))
    if not Decimal("0.00") <= discount_total <= subtotal:
        raise OrderPlacementError(_("The discount must be between 0 and the order's subtotal."))
    shares = rules.allocate_discount(line_totals, discount_total)
    order = _order_create_with_unique_number(
        number=number,
        customer=customer,
        created_at=created_at or timezone.now(),
        subtotal=subtotal,
        discount_total=discount_total,
        shipping_total=shipping_total,
        total=subtotal - discount_total + shipping_total,
        shipping_address=shipping_address,
        billing_address=shipping_address,
    )
    packages: dict[int, Package] = {}
    for (product, quantity), share in zip(lines, shares, strict=True):
        if product.seller_id not in packages:
            packages[product.seller_id] = Package.objects.create(
                order=order, seller_id=product.seller_id, created_at=order.created_at
            )
        OrderItem.objects.create(
            order=order,
            package=packages[product.seller_id],
            product=product,
            seller_id=product.seller_id,
            product_name=product.name,
            sku=product.sku,
            unit_price=product.price,
            quantity=quantity,
            discount_share=share,
        )
        if not Product.objects.filter(pk=product.pk, stock__gte=quantity).update(stock=F("stock") - quantity):
            raise OrderPlacementError(_("Not enough stock of %(product)s.") % {"product": product.name})
    Payment.objects.create(order=order, method=method, reference=f"PAY-{order.number}", amount_captured=order.total)
    daily_sales_record(order=order, lines=lines)
    return order


def order_number_generate() -> str:
    return timezone.now().strftime("%y%m%d") + get_random_string(8, allowed_chars="0123456789")


def _order_create_with_unique_number(*, number: str | None, **fields) -> Order:
    """Create the order; a generated number that is already taken is drawn again."""
    for _attempt in range(5):
        try:
            with transaction.atomic():
                return Order.objects.create(number=number or order_number_generate(), **fields)
        except IntegrityError:
            if number:
                raise OrderPlacementError(_("Order number %(number)s is taken.") % {"number": number}) from None
    raise OrderPlacementError(_("Could not draw a free order number; please try again."))


def order_refresh_status(
    *, order: Order, by: "User | None" = None, description: str = "", items: Sequence[OrderItem] | None = None
) -> Order:
    """Recompute the order's status and open-request flag from its items (order locked by caller;
    `items`: all of them, locked and up to date, when the caller has them, else they are read)."""
    if items is None:
        pairs = list(order.items.values_list("status", "status_before_request"))
    else:
        pairs = [(item.status, item.status_before_request) for item in items]
    status = rules.derive_order_status(pairs)
    open_request = rules.has_open_request(status for status, _ in pairs)
    changed = status != order.status or open_request != order.has_open_request
    if status != order.status:
        order.refresh_status(status=status, by=by, description=description)
    if changed:
        order.has_open_request = open_request
        order.save(update_fields=["status", "has_open_request"])
    return order


def order_item_split(*, item: OrderItem, quantity: int) -> OrderItem:
    """Split `quantity` units of a locked item into a new row with the same status.

    The new row takes its exact share of the discount; the two rows add up to the
    original line to the cent.
    """
    if not 0 < quantity < item.quantity:
        raise ItemSplitError(_("Choose a quantity between 1 and %(max)s.") % {"max": item.quantity - 1})
    share = rules.split_discount_share(share=item.discount_share, quantity=item.quantity, part=quantity)
    part = OrderItem.objects.create(
        order_id=item.order_id,
        package_id=item.package_id,
        product_id=item.product_id,
        seller_id=item.seller_id,
        product_name=item.product_name,
        sku=item.sku,
        unit_price=item.unit_price,
        quantity=quantity,
        discount_share=share,
        status=item.status,
        delivered_at=item.delivered_at,
        split_from=item,
    )
    # Money is computed in Python, not SQL: SQLite would add decimals as floats.
    item.quantity -= quantity
    item.discount_share -= share
    OrderItem.objects.filter(pk=item.pk).update(quantity=item.quantity, discount_share=item.discount_share)
    return part


def order_item_hold(
    *, item: OrderItem, cancellation: bool, by: "User | None" = None, description: str = ""
) -> OrderItem:
    """Put a locked item on hold for a cancellation or return request."""
    if cancellation:
        item.request_cancellation(by=by, description=description)
    else:
        item.request_return(by=by, description=description)
    item.save(update_fields=["status", "status_before_request"])
    return item


def order_item_release(*, item: OrderItem, by: "User | None" = None, description: str = "") -> OrderItem:
    """Return a held item to the status it had before its request."""
    item.restore(by=by, description=description)
    item.save(update_fields=["status", "status_before_request"])
    return item


def order_items_settle(
    *,
    order: Order,
    items: Sequence[OrderItem],
    by: "User | None" = None,
    description: str = "",
    order_items: Sequence[OrderItem] | None = None,
) -> None:
    """Finish held items (cancelled or returned), put cancelled stock back once, and update packages.

    Cancelled stock is returned exactly once because each item can take this transition
    only once (`ConcurrentTransitionMixin` refuses a second save from the same source).
    Returned goods are back on the shelf only once the seller has them and accepted them,
    which the returns workflow decides (`order_item_restock`), not the refund.
    `order_items`: every item of the order, locked by the caller (`items` among them, the same
    objects), when at hand: the packages' and the order's statuses are then worked out from them.
    """
    for item in items:
        if item.status == OrderItemStatus.CANCELLATION_WAITING:
            item.cancel(by=by, description=description)
            order_item_restock(item=item)
        else:
            item.mark_returned(by=by, description=description)
        item.save(update_fields=["status"])
    # Only a package with an item cancelled here can have just become wholly cancelled.
    cancelled = {item.package_id for item in items if item.status == OrderItemStatus.CANCELLED}
    for package in Package.objects.select_for_update().filter(pk__in=cancelled).order_by("pk"):
        if order_items is None:
            statuses = set(package.items.values_list("status", flat=True))
        else:
            statuses = {item.status for item in order_items if item.package_id == package.pk}
        if statuses == {OrderItemStatus.CANCELLED} and package.is_cancellable:
            package.cancel(by=by, description=description)
            package.save(update_fields=["status"])
    order_refresh_status(order=order, by=by, description=description, items=order_items)


def order_item_restock(*, item: OrderItem) -> None:
    """Put an item's quantity back into its product's stock (the caller makes sure it happens once)."""
    Product.objects.filter(pk=item.product_id).update(stock=F("stock") + item.quantity)


# The item statuses each move carries along (the items' transitions have the move's name).
PACKAGE_MOVES = {
    PackageMove.MARK_READY_TO_SHIP: (OrderItemStatus.PREPARING,),
    PackageMove.SHIP: (OrderItemStatus.READY_TO_SHIP,),
    PackageMove.DELIVER: (OrderItemStatus.SHIPPED,),
    PackageMove.FAIL_DELIVERY: (OrderItemStatus.SHIPPED,),
}


@transaction.atomic
def package_move(
    *, package_id: int, move: PackageMove | str, by: "User | None" = None, description: str = "", **details
) -> Package:
    """Move a package along its fulfilment and carry its active items with it.

    Locks the order, the package and its items. Refuses to ship while an item of
    the package has an open cancellation (it must be settled first).
    """
    move = PackageMove(move)
    carried_statuses = PACKAGE_MOVES[move]
    package = Package.objects.select_related("order").get(pk=package_id)
    order = order_lock(order_id=package.order_id)
    package = Package.objects.select_for_update().get(pk=package_id)
    transition = getattr(package, move)
    if not fsm.can_proceed(transition):
        raise PackageTransitionError(
            _("Package %(package)s is %(status)s and cannot be moved that way.")
            % {"package": order.number, "status": package.get_status_display()}
        )
    items = [i for i in order_items_lock(order_id=order.pk) if i.package_id == package.pk]
    if move == PackageMove.SHIP and any(i.status == OrderItemStatus.CANCELLATION_WAITING for i in items):
        raise PackageTransitionError(
            _("Package %(package)s has an open cancellation; settle it before shipping.") % {"package": order.number}
        )
    if not any(i.status in FULFILMENT_ITEM_STATUSES or i.is_waiting for i in items):
        raise PackageTransitionError(_("Package %(package)s has no active items.") % {"package": order.number})
    transition(by=by, description=description, **details)
    package.save()
    for item in items:
        if item.status in carried_statuses:
            item_kwargs = {"delivered_at": package.delivered_at} if move == PackageMove.DELIVER else {}
            getattr(item, move)(by=by, description=description, **item_kwargs)
            item.save(update_fields=["status", "delivered_at"])
    order_refresh_status(order=order, by=by, description=description)
    return package
