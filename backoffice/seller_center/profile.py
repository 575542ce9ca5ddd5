"""Seller Center's seller profile: the seller's name, and the return address printed on every
return label, the one field a seller edits here."""

from django.contrib import admin

from orders.models import Seller
from orders.selectors import seller_list_for_seller_staff

from .site import SellerScopedAdminMixin, seller_site


@admin.register(Seller, site=seller_site)
class SellerProfileAdmin(SellerScopedAdminMixin, admin.ModelAdmin):
    list_display = ("name", "return_address")
    fields = ("name", "email", "return_address")
    readonly_fields = ("name", "email")

    def get_queryset(self, request):
        return seller_list_for_seller_staff(user=request.user)

    def has_change_permission(self, request, obj=None):
        """A seller's staff edit their own seller's return address (the list's rows are theirs only)."""
        return self.admin_site.has_permission(request)
