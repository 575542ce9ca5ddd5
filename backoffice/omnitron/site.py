"""The Omnitron admin site: owner staff (`is_staff`) only."""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.urls import path
from django.utils.translation import gettext_lazy as _

from ..common.analytics import analytics_app_entry, analytics_page
from ..common.pages import AppListMixin

# Returns Analytics shows the figures of every request: whoever may view requests may see it.
VIEW_ANALYTICS = "returns.view_cancellationrequest"


class OwnerAdminSite(AppListMixin, admin.AdminSite):
    site_header = _("Omnitron")
    site_title = _("Omnitron")
    index_title = _("Marketplace back office")
    site_url = None  # no "View site": the store is for customers and refuses staff accounts

    def has_permission(self, request) -> bool:
        return request.user.is_active and request.user.is_staff

    def get_urls(self):
        analytics = path("returns/analytics/", self.admin_view(self.analytics_view), name="returns_analytics")
        return [analytics, *super().get_urls()]

    def analytics_view(self, request):
        """Returns Analytics of every seller, or of the seller the filter names."""
        if not request.user.has_perm(VIEW_ANALYTICS):
            raise PermissionDenied
        return analytics_page(self, request, sellers=None, with_sellers=True)

    def app_list_extended(self, request, apps):
        if request.user.has_perm(VIEW_ANALYTICS):
            for app in apps:
                if app["app_label"] == "returns":
                    app["models"].append(analytics_app_entry(self, request))
        return apps


owner_site = OwnerAdminSite(name="admin")
