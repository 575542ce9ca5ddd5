"""Reads scoped to the person asking: customers, sellers and owner staff."""

from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404

from .models import Order, OrderItem, Package, Seller


def order_list_for_customer(*, user) -> QuerySet[Order]:
    return Order.objects.for_customer(user).order_by("-created_at", "-id")


def order_get_for_customer(*, user, number: str) -> Order:
    """The customer's own order with items, packages and payment; 404 for anyone else's."""
    items = OrderItem.objects.select_related("seller", "package").order_by("id")
    queryset = Order.objects.for_customer(user).select_related("payment").prefetch_related(Prefetch("items", items))
    return get_object_or_404(queryset, number=number)


def seller_ids_for_user(*, user) -> list[int]:
    """The sellers a user works for, looked up once per request (cached on the user)."""
    if not hasattr(user, "_seller_ids"):
        user._seller_ids = list(Seller.objects.filter(users=user).values_list("pk", flat=True))
    return user._seller_ids


def package_list_for_seller(*, user) -> QuerySet[Package]:
    # A literal id list (usually one): PostgreSQL then walks the (seller, newest) index in order.
    return Package.objects.filter(seller_id__in=seller_ids_for_user(user=user))


def user_is_seller_staff(*, user, fresh: bool = False) -> bool:
    """Whether the user works for a seller; `fresh` skips the per-request cache on the user."""
    if fresh:
        return Seller.objects.filter(users=user).exists()
    return bool(seller_ids_for_user(user=user))
