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


def seller_list_for_user(*, user) -> QuerySet[Seller]:
    return Seller.objects.filter(users=user)


def package_list_for_seller(*, user) -> QuerySet[Package]:
    return Package.objects.filter(seller__in=Seller.objects.filter(users=user).values("pk"))


def order_item_list_for_seller(*, user) -> QuerySet[OrderItem]:
    return OrderItem.objects.filter(seller__users=user)


def user_is_seller_staff(*, user) -> bool:
    return Seller.objects.filter(users=user).exists()
