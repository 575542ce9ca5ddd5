"""The Omnitron admin site: owner staff (`is_staff`) only."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _


class OwnerAdminSite(admin.AdminSite):
    site_header = _("Omnitron")
    site_title = _("Omnitron")
    index_title = _("Marketplace back office")

    def has_permission(self, request) -> bool:
        return request.user.is_active and request.user.is_staff


owner_site = OwnerAdminSite(name="admin")
