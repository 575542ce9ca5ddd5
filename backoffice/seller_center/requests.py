"""Seller Center's Cancellation/Return Requests: the seller's own, to Confirm or Reject."""

from datetime import timedelta

from django.conf import settings
from django.contrib import admin
from django.db.models import F
from django.utils import timezone
from django.utils.timesince import timeuntil
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from returns.choices import RequestStatus
from returns.models import CancellationRequest
from returns.selectors import cancellation_request_list_for_seller

from ..common.decisions import RequestAdminBase, request_export_columns
from ..common.shipments import ShipmentStatusFilter
from .site import SellerScopedAdminMixin, seller_site


@admin.register(CancellationRequest, site=seller_site)
class SellerCancellationRequestAdmin(SellerScopedAdminMixin, RequestAdminBase):
    approve_label = gettext_lazy("Confirm")
    approved_verb = gettext_lazy("Confirmed")
    list_display = (
        "id",
        "order_number",
        "product",
        "quantity",
        "cancellation_type",
        "reason",
        "description",
        "status",
        "shipment_status",
        "age",
        "time_left",
    )
    list_filter = ("status", ShipmentStatusFilter, "cancellation_type")
    # the seller is the viewer: no seller column
    list_select_related = ("order_item", "reason", "return_shipment")
    list_only = (
        *("order", "order_item", "cancellation_type", "reason", "description", "quantity", "status", "created_at"),
        *("order_item__product_name", "order_item__quantity", "order_item__status"),
        *("reason__subject", "reason__subject_tr"),
        *("return_shipment__cancellation_request", "return_shipment__status", "return_shipment__received_at"),
    )
    list_values = {"order_number_shown": F("order__number"), "shipment_status_shown": F("return_shipment__status")}
    # and whether a plan took it, and the parcel
    object_select_related = ("order", "order_item__seller", "reason", "plan_item", "return_shipment")
    search_fields = ("=order__number",)
    actions = ["confirm_selected", "reject_selected", "export_selected"]
    export_columns = request_export_columns(with_seller=False)  # the seller's own rows: no seller column

    def get_queryset(self, request):
        return cancellation_request_list_for_seller(user=request.user)

    def has_approve_permission(self, request) -> bool:
        return self.admin_site.has_permission(request)  # a seller decides their own requests (the list's)

    def has_reject_permission(self, request) -> bool:
        return self.admin_site.has_permission(request)

    def has_shipment_permission(self, request, move: str) -> bool:
        return move == "receive" and self.admin_site.has_permission(request)  # their own parcels (the list's)

    @admin.display(description=gettext_lazy("time left"))
    def time_left(self, obj):
        """The seller's deadline counts from the parcel's receipt (SPEC rule 8)."""
        shipment = obj.shipment
        if obj.status != RequestStatus.WAITING or shipment is None or shipment.received_at is None:
            return "—"
        deadline = shipment.received_at + timedelta(days=settings.SELLER_RESPONSE_DAYS)
        if deadline <= timezone.now():
            return _("overdue")
        return timeuntil(deadline)

    @admin.action(description=gettext_lazy("Confirm selected requests"), permissions=["approve"])
    def confirm_selected(self, request, queryset):
        return self._bulk(request, queryset, approve=True)

    def _bulk(self, request, queryset, *, approve: bool):
        response = super()._bulk(request, queryset, approve=approve)
        if response is not None and approve:
            response.context_data["action"] = "confirm_selected"
            response.context_data["title"] = _("Confirm these requests?")
        return response
