"""Omnitron's Refund lines: every payment-gateway refund of every plan, to find and export them."""

from django.contrib import admin
from django.utils.translation import gettext_lazy

from returns.models import CancellationPlan, RefundLine
from returns.selectors import refund_line_list_for_owner

from ..common.exports import CsvExportMixin, as_datetime, as_money, as_yes_no, field_column
from ..common.pages import HistoryInline, NotFoundForOthersMixin, ReadOnlyAdminMixin
from .site import owner_site


@admin.register(RefundLine, site=owner_site)
class RefundLineAdmin(CsvExportMixin, ReadOnlyAdminMixin, NotFoundForOthersMixin, admin.ModelAdmin):
    list_display = (
        "id",
        "plan",
        "order_number",
        "amount",
        "status",
        "needs_attention",
        "attempts",
        "gateway_reference",
        "completed_at",
    )
    list_filter = ("status", "needs_attention")
    list_select_related = ("plan__order",)
    search_fields = ("=plan__order__number", "=gateway_reference")
    fields = (
        "plan",
        "payment",
        "amount",
        "status",
        "needs_attention",
        "attempts",
        "next_attempt_at",
        "gateway_reference",
        "idempotency_key",
        "last_error",
        "completed_at",
    )
    readonly_fields = fields
    inlines = [HistoryInline]
    ordering = ("-id",)
    actions = ["export_selected"]
    export_columns = (
        field_column(RefundLine, "id"),
        field_column(RefundLine, "plan", path="plan_id"),
        field_column(CancellationPlan, "order", path="plan__order__number"),
        field_column(RefundLine, "amount", as_money, path=("amount", "plan__order__currency")),
        field_column(RefundLine, "status"),
        field_column(RefundLine, "needs_attention", as_yes_no),
        field_column(RefundLine, "attempts"),
        field_column(RefundLine, "gateway_reference"),
        field_column(RefundLine, "last_error"),
        field_column(RefundLine, "completed_at", as_datetime),
    )

    def get_queryset(self, request):
        return refund_line_list_for_owner()

    @admin.display(description=gettext_lazy("order"), ordering="plan__order__number")
    def order_number(self, obj):
        return obj.plan.order.number
