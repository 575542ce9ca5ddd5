"""Omnitron's Order items: every order line with its status and history."""

from django.contrib import admin

from orders.models import OrderItem
from orders.selectors import order_item_list_for_owner

from ..common.pages import HistoryInline, ReadOnlyAdminMixin
from .site import owner_site


@admin.register(OrderItem, site=owner_site)
class OrderItemAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("id", "order", "product_name", "seller", "quantity", "unit_price", "status")
    list_select_related = ("order", "seller")
    list_filter = ("status",)
    search_fields = ("=order__number", "sku")
    inlines = [HistoryInline]

    def get_queryset(self, request):
        return order_item_list_for_owner()
