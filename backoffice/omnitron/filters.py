"""List filters more than one Omnitron list uses."""

from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters
from django.utils.translation import gettext_lazy

from orders.models import Order
from orders.selectors import seller_list_for_owner


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
