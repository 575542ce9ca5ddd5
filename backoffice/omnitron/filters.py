"""List filters more than one Omnitron list uses."""

from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters
from django.utils.translation import gettext_lazy

from orders.models import Order
from orders.selectors import order_search_for_owner, seller_list_for_owner


class SellerFilter(admin.SimpleListFilter):
    """Orders with a package of the seller, or requests for the seller's items."""

    title = gettext_lazy("seller")
    parameter_name = "seller"

    def lookups(self, request, model_admin):
        return [(str(pk), name) for pk, name in seller_list_for_owner().values_list("pk", "name")]

    def queryset(self, request, queryset):
        if not self.value():
            return queryset
        if self.value() not in dict(self.lookup_choices):
            raise IncorrectLookupParameters(f"No seller {self.value()!r}")  # the list answers 400
        if queryset.model is Order:
            return queryset.with_seller(self.value())
        return queryset.filter(order_item__seller_id=self.value())


SEARCH_HELP = gettext_lazy("Any part of an order number or an item's SKU, or of a customer's name, username or email.")


class OrderSearchMixin:
    """Search a list of an order's rows (requests, plans) as Orders is searched (`order_search_for_owner`)."""

    search_fields = ("order__number",)  # shows the search box; the search itself is below
    search_help_text = SEARCH_HELP

    def get_search_results(self, request, queryset, search_term):
        term = search_term.strip()
        if not term:
            return queryset, False
        orders = order_search_for_owner(orders=Order.objects.all(), term=term)
        return queryset.filter(order__in=orders.values("pk")), False
