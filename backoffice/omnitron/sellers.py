"""Omnitron's Sellers: the marketplace's merchants and their Seller Center staff."""

from django.contrib import admin

from orders.models import Seller
from orders.selectors import seller_list_for_owner

from ..common.pages import ListPageMixin
from .site import owner_site


@admin.register(Seller, site=owner_site)
class SellerAdmin(ListPageMixin, admin.ModelAdmin):
    list_display = ("name", "slug", "email")
    search_fields = ("name", "slug")
    filter_horizontal = ("users",)

    def get_queryset(self, request):
        return seller_list_for_owner()
