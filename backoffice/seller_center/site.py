"""The Seller Center admin site: seller staff only, each seeing only their seller's rows."""

from django import forms
from django.contrib import admin
from django.contrib.auth.forms import AuthenticationForm
from django.urls import path
from django.utils.translation import gettext_lazy as _

from orders.selectors import seller_ids_for_user

from ..common.analytics import analytics_app_entry, analytics_page
from ..common.pages import AppListMixin, NotFoundForOthersMixin, ReadOnlyAdminMixin


class SellerLoginForm(AuthenticationForm):
    """Seller staff are not Django staff: they may sign in here when they belong to a seller."""

    def confirm_login_allowed(self, user):
        super().confirm_login_allowed(user)
        if user.is_staff or not user.sellers.exists():
            raise forms.ValidationError(
                _("Please enter the username and password of a seller account."), code="invalid_login"
            )


class SellerAdminSite(AppListMixin, admin.AdminSite):
    """Sellers' own admin: every page shows only the signed-in seller's rows."""

    login_form = SellerLoginForm

    site_header = _("Seller Center")
    site_title = _("Seller Center")
    index_title = _("Your packages and requests")
    site_url = None  # no "View site": the store is for customers and refuses seller accounts

    def has_permission(self, request) -> bool:
        user = request.user
        if not (user.is_active and user.is_authenticated) or user.is_staff:
            return False
        return bool(seller_ids_for_user(user=user))

    def get_urls(self):
        analytics = path("returns/analytics/", self.admin_view(self.analytics_view), name="returns_analytics")
        return [analytics, *super().get_urls()]

    def analytics_view(self, request):
        """Returns Analytics of the signed-in seller's own requests and sales."""
        return analytics_page(self, request, sellers=list(seller_ids_for_user(user=request.user)), with_sellers=False)

    def app_list_key(self, request) -> tuple:
        """Seller Center's screens show a member what the site's door lets them in to, never by
        Django permissions (`SellerScopedAdminMixin`): the door alone, without reading them."""
        return (getattr(request, "urlconf", None), self.has_permission(request))

    def app_list_extended(self, request, apps):
        for app in apps:
            if app["app_label"] == "returns":
                app["models"].append(analytics_app_entry(self, request))
        return apps


seller_site = SellerAdminSite(name="seller")


class SellerScopedAdminMixin(ReadOnlyAdminMixin, NotFoundForOthersMixin):
    """Every Seller Center screen: rows come through the seller selectors; the site checks membership."""

    def has_view_permission(self, request, obj=None):
        return self.admin_site.has_permission(request)

    def has_module_permission(self, request):
        return self.admin_site.has_permission(request)
