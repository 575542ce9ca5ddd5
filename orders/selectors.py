"""Reads scoped to the person asking: customers, sellers and owner staff."""

import re
from collections.abc import Iterable

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db.models import F, OuterRef, Prefetch, Q, QuerySet, StringAgg, Subquery, Value
from django.shortcuts import get_object_or_404
from django_fsm_log.models import StateLog

from . import rules
from .choices import UNSHIPPED_ITEM_STATUSES, OrderStatus
from .models import Order, OrderItem, Package, Seller
from .search import person_key, search_fold


def order_list_for_customer(*, user) -> QuerySet[Order]:
    return Order.objects.for_customer(user).order_by("-created_at", "-id")


def delivery_failed_order_ids(*, orders: Iterable[Order]) -> set[int]:
    """Which of these orders are shipped yet nothing still on its way arrives (`rules.is_delivery_failed`).

    One query of the shipped orders' item statuses, none when no order is shipped: a list of
    orders (My Orders) loads no items for it.
    """
    shipped = [order.pk for order in orders if order.status == OrderStatus.SHIPPED]
    if not shipped:
        return set()
    lines: dict[int, list[tuple[str, str]]] = {}
    statuses = (
        OrderItem.objects.filter(order_id__in=shipped)
        .order_by()
        .values_list("order_id", "status", "status_before_request")
    )
    for order_id, status, before in statuses:
        lines.setdefault(order_id, []).append((status, before))
    return {order_id for order_id, items in lines.items() if rules.is_delivery_failed(items)}


# The columns of an order's lines that its pages and the request rules read (all but the product).
ITEM_FIELDS = (
    "order",
    "package",
    "seller",
    "product_name",
    "sku",
    "unit_price",
    "quantity",
    "discount_share",
    "status",
    "status_before_request",
    "delivered_at",
    "split_from",
)


def order_get_for_customer(*, user, number: str) -> Order:
    """The customer's own order with items, packages and payment; 404 for anyone else's.

    Of the joined sellers and packages only what Order Details and the request rules read:
    the seller's name and the package's status (each column costs the ORM on every line).
    """
    items = OrderItem.objects.select_related("seller", "package").only(*ITEM_FIELDS, "seller__name", "package__status")
    items = items.order_by("id")
    queryset = Order.objects.for_customer(user).select_related("payment").prefetch_related(Prefetch("items", items))
    return get_object_or_404(queryset, number=number)


def seller_ids_for_user(*, user) -> list[int]:
    """The sellers a user works for, looked up once per request (cached on the user)."""
    if not hasattr(user, "_seller_ids"):
        # The memberships alone (no join with the sellers, no ordering): it runs on every request.
        memberships = Seller.users.through.objects.filter(user_id=user.pk)
        user._seller_ids = list(memberships.values_list("seller_id", flat=True))
    return user._seller_ids


def package_list_for_seller(*, user) -> QuerySet[Package]:
    # A literal id list (usually one): PostgreSQL then walks the (seller, newest) index in order.
    return Package.objects.filter(seller_id__in=seller_ids_for_user(user=user))


def package_list_with_items_for_seller(*, user) -> QuerySet[Package]:
    """The seller's packages with their order, seller and lines (in line order)."""
    items = OrderItem.objects.order_by("pk")
    return (
        package_list_for_seller(user=user).select_related("order", "seller").prefetch_related(Prefetch("items", items))
    )


def package_list_for_seller_api(*, user) -> QuerySet[Package]:
    """The seller's packages newest first, with their order and lines, for the integration API."""
    return package_list_with_items_for_seller(user=user).order_by("-created_at", "-id")


def package_get_for_seller(*, user, package_id: int) -> Package:
    """One of the seller's packages with its order and lines (404 for another seller's)."""
    return get_object_or_404(package_list_with_items_for_seller(user=user), pk=package_id)


def order_item_get_for_seller(*, user, item_id: int) -> OrderItem:
    """One of the seller's order lines (404 for another seller's)."""
    return get_object_or_404(OrderItem.objects.filter(seller_id__in=seller_ids_for_user(user=user)), pk=item_id)


def order_get_for_owner(*, number: str) -> Order:
    return get_object_or_404(Order.objects.all(), number=number)


def order_item_list_unshipped_in_package(*, package: Package) -> QuerySet[OrderItem]:
    return OrderItem.objects.filter(package=package, status__in=UNSHIPPED_ITEM_STATUSES)


def user_is_seller_staff(*, user, fresh: bool = False) -> bool:
    """Whether the user works for a seller; `fresh` skips the per-request cache on the user."""
    if fresh:
        return Seller.objects.filter(users=user).exists()
    return bool(seller_ids_for_user(user=user))


def order_history_list(*, order, items, limit: int = 100) -> list[StateLog]:
    """The transitions of an order, its lines and its packages, newest first.

    Each object's logs are matched by its own content type (an item and a package may
    share an id). Content types come from Django's per-process cache and are attached
    to the logs. Who made each transition is read as `by_name` (the user's name
    columns, as `User.__str__` shows them), not as a user object per log: a 50-line
    order has about 100 logs.
    """
    types = ContentType.objects.get_for_models(Order, OrderItem, Package)
    objects = (
        Q(content_type=types[Order], object_id=order.pk)
        | Q(content_type=types[OrderItem], object_id__in=[item.pk for item in items])
        | Q(content_type=types[Package], object_id__in={item.package_id for item in items})
    )
    logs = list(
        StateLog.objects.filter(objects)
        .annotate(by_first=F("by__first_name"), by_last=F("by__last_name"), by_username=F("by__username"))
        .order_by("-timestamp", "-id")[:limit]
    )
    by_id = {content_type.pk: content_type for content_type in types.values()}
    name = get_user_model().display_name
    for log in logs:
        log.content_type = by_id[log.content_type_id]
        log.by_name = name(log.by_first, log.by_last, log.by_username) if log.by_id else ""
    return logs


# Owner staff (Omnitron) -------------------------------------------------------------------------

ORDER_NUMBER = re.compile(r"[A-Za-z0-9-]+")
SELLER_NAME_SEPARATOR = "\x1f"  # joins seller names in SQL (`order_list_with_seller_names`)


def order_list_for_owner() -> QuerySet[Order]:
    return Order.objects.all()


def order_item_list_for_owner() -> QuerySet[OrderItem]:
    return OrderItem.objects.all()


def seller_list_for_seller_staff(*, user) -> QuerySet[Seller]:
    """The sellers the user works for (Seller Center's own profile, where the return address is kept)."""
    return Seller.objects.filter(pk__in=seller_ids_for_user(user=user))


def seller_list_for_owner() -> QuerySet[Seller]:
    return Seller.objects.all()


def order_item_list_for_order(*, order: Order) -> list[OrderItem]:
    """The order's lines in order (split parts beside their origin), with their seller and package.

    The order's few packages (with their sellers) are read once and shared by their lines,
    rather than joined to each line and built once per line: a 50-line order from two
    sellers has two packages.
    """
    packages = {package.pk: package for package in order.packages.select_related("seller")}
    sellers = {package.seller_id: package.seller for package in packages.values()}
    items = list(order.items.all())
    sellers |= Seller.objects.in_bulk({item.seller_id for item in items} - sellers.keys())
    for item in items:
        item.package, item.seller = packages[item.package_id], sellers[item.seller_id]
    return rules.split_lines_together(items)


def looks_like_order_number(term: str) -> bool:
    """Letters, digits and dashes with at least one digit: what an order number looks like."""
    return bool(ORDER_NUMBER.fullmatch(term)) and any(c.isdigit() for c in term)


def order_search_for_owner(*, orders: QuerySet[Order], term: str) -> QuerySet[Order]:
    """Orders matching a search by what the term looks like; every branch is an index scan.

    A term that looks like an order number (letters, digits and dashes with a digit: "A-100",
    "1003") finds orders whose number or an item's SKU contains it, and customers whose
    username contains it. Any other term ("Mehmet Demir", "ayse", an email) finds customers
    whose name, username or email contains it, Turkish letters folded on both sides
    (`orders.search`). On PostgreSQL each "contains" is a trigram index scan.
    """
    term = term.strip()
    customers = get_user_model().objects.alias(key=person_key()).filter(key__contains=search_fold(term))
    matches = Order.objects.filter(customer__in=customers).order_by().values("pk")
    if looks_like_order_number(term):
        code = term.upper()
        by_number = Order.objects.filter(number__contains=code).order_by().values("pk")
        by_sku = OrderItem.objects.filter(sku__contains=code).order_by().values("order_id")
        matches = by_number.union(by_sku, matches)
    return orders.filter(pk__in=matches)


def order_list_with_seller_names(*, orders: QuerySet[Order]) -> QuerySet[Order]:
    """The orders with `seller_names`: their sellers' names joined by SELLER_NAME_SEPARATOR,
    in a subquery (one value per order) rather than packages and sellers as objects."""
    names = (
        Package.objects.filter(order=OuterRef("pk"))
        .order_by()
        .values("order")
        .annotate(names=StringAgg("seller__name", delimiter=Value(SELLER_NAME_SEPARATOR)))
        .values("names")
    )
    return orders.annotate(seller_names=Subquery(names))
