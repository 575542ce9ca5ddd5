"""Omnitron's Order items: every order line with its status and history."""

from operator import attrgetter

from django.contrib import admin

from orders.models import OrderItem
from orders.selectors import order_item_list_for_owner

from ..common.pages import HistoryInline, ReadOnlyAdminMixin, money_column
from .site import owner_site


@admin.register(OrderItem, site=owner_site)
class OrderItemAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("id", "order", "product_name", "seller", "quantity", "price", "status")
    list_select_related = ("order", "seller")
    list_filter = ("status",)
    search_fields = ("=order__number", "sku")
    inlines = [HistoryInline]

    price = money_column(OrderItem, "unit_price", currency=attrgetter("order.currency"))

    def get_queryset(self, request):
        return order_item_list_for_owner()
