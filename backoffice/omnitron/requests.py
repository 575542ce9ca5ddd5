"""Omnitron's Cancellation/Return Requests: every seller's, with approve and reject on their behalf."""

from datetime import timedelta

from django.conf import settings
from django.contrib import admin
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.roles import APPROVE_REQUESTS, REJECT_REQUESTS
from returns.choices import RequestStatus
from returns.models import CancellationRequest
from returns.selectors import cancellation_request_list_for_owner

from ..common.decisions import RequestAdminBase
from .filters import SellerFilter
from .site import owner_site


class OverdueFilter(admin.SimpleListFilter):
    title = gettext_lazy("seller deadline")
    parameter_name = "overdue"

    def lookups(self, request, model_admin):
        return [("yes", _("Overdue"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            deadline = timezone.now() - timedelta(days=settings.SELLER_RESPONSE_DAYS)
            return queryset.filter(status=RequestStatus.WAITING, created_at__lte=deadline)
        return queryset


@admin.register(CancellationRequest, site=owner_site)
class CancellationRequestAdmin(RequestAdminBase):
    list_filter = ("status", "cancellation_type", SellerFilter, OverdueFilter, "origin")
    search_fields = ("=order__number",)

    def get_queryset(self, request):
        return cancellation_request_list_for_owner()

    def has_approve_permission(self, request) -> bool:
        return request.user.has_perm(APPROVE_REQUESTS)

    def has_reject_permission(self, request) -> bool:
        return request.user.has_perm(REJECT_REQUESTS)
