"""Omnitron's Cancellation/Return Requests: every seller's, with approve and reject on their behalf."""

from datetime import timedelta

from django.conf import settings
from django.contrib import admin
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.roles import APPROVE_REQUESTS, RECEIVE_RETURNS, REJECT_REQUESTS
from returns.choices import CancellationType, RequestStatus, ReturnShipmentStatus
from returns.models import CancellationRequest
from returns.selectors import SHIPMENT_FILTER_STATUSES, cancellation_request_list_for_owner

from ..common.decisions import RequestAdminBase
from ..common.shipments import ShipmentStatusFilter
from .filters import OrderSearchMixin, SellerFilter
from .site import owner_site


class OverdueFilter(admin.SimpleListFilter):
    title = gettext_lazy("seller deadline")
    parameter_name = "overdue"

    def lookups(self, request, model_admin):
        return [("yes", _("Overdue"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            deadline = timezone.now() - timedelta(days=settings.SELLER_RESPONSE_DAYS)
            # A return's deadline counts from its parcel's receipt (SPEC rule 8).
            late = Q(cancellation_type=CancellationType.CANCEL, created_at__lte=deadline) | Q(
                return_shipment__received_at__lte=deadline
            )
            return queryset.filter(late, status=RequestStatus.WAITING)
        return queryset


class OwnerShipmentStatusFilter(ShipmentStatusFilter):
    """The owner also looks for parcels that expired or were lost, and those flagged overdue in transit."""

    statuses = (*SHIPMENT_FILTER_STATUSES, ReturnShipmentStatus.EXPIRED, ReturnShipmentStatus.LOST)
    OVERDUE = "overdue_in_transit"

    def lookups(self, request, model_admin):
        return [*super().lookups(request, model_admin), (self.OVERDUE, _("Overdue in Transit"))]

    def queryset(self, request, queryset):
        if self.value() == self.OVERDUE:
            return queryset.filter(
                return_shipment__status=ReturnShipmentStatus.IN_TRANSIT,
                return_shipment__transit_overdue_at__isnull=False,
            )
        return super().queryset(request, queryset)


@admin.register(CancellationRequest, site=owner_site)
class CancellationRequestAdmin(OrderSearchMixin, RequestAdminBase):
    list_filter = ("status", OwnerShipmentStatusFilter, "cancellation_type", SellerFilter, OverdueFilter, "origin")
    shipment_moves = ("receive", "lost")

    def get_queryset(self, request):
        return cancellation_request_list_for_owner()

    def has_approve_permission(self, request) -> bool:
        return request.user.has_perm(APPROVE_REQUESTS)

    def has_reject_permission(self, request) -> bool:
        return request.user.has_perm(REJECT_REQUESTS)

    def has_shipment_permission(self, request, move: str) -> bool:
        """Mark as Received (for the seller) and Mark as Lost: the permission to receive returns."""
        return request.user.has_perm(RECEIVE_RETURNS)
