"""The two back offices: Omnitron for the marketplace owner, Seller Center for sellers."""

from django import forms
from django.contrib import admin
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _


class OwnerAdminSite(admin.AdminSite):
    site_header = _("Omnitron")
    site_title = _("Omnitron")
    index_title = _("Marketplace back office")

    def has_permission(self, request) -> bool:
        return request.user.is_active and request.user.is_staff


class SellerLoginForm(AuthenticationForm):
    """Seller staff are not Django staff: they may sign in here when they belong to a seller."""

    def confirm_login_allowed(self, user):
        super().confirm_login_allowed(user)
        if user.is_staff or not user.sellers.exists():
            raise forms.ValidationError(
                _("Please enter the username and password of a seller account."), code="invalid_login"
            )


class SellerAdminSite(admin.AdminSite):
    """Sellers' own admin: every page shows only the signed-in seller's rows."""

    login_form = SellerLoginForm

    site_header = _("Seller Center")
    site_title = _("Seller Center")
    index_title = _("Your packages and requests")

    def has_permission(self, request) -> bool:
        user = request.user
        if not (user.is_active and user.is_authenticated) or user.is_staff:
            return False
        from orders.selectors import seller_ids_for_user

        return bool(seller_ids_for_user(user=user))


owner_site = OwnerAdminSite(name="admin")
seller_site = SellerAdminSite(name="seller")
