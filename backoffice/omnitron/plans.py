"""Omnitron's Cancellation Plans: what is refunded, its refund lines and history, and Retry."""

from operator import attrgetter

import django_fsm as fsm
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.urls import path, reverse
from django.utils.translation import gettext as _

from accounts.roles import RETRY_PLANS
from returns.exceptions import ReturnsError
from returns.models import CancellationPlan, CancellationPlanItem, RefundLine
from returns.selectors import cancellation_plan_list_for_owner
from returns.services import cancellation_plan_retry

from ..common.exports import CsvExportMixin, as_datetime, as_money, as_yes_no, field_column
from ..common.pages import (
    HistoryInline,
    NotFoundForOthersMixin,
    ReadOnlyAdminMixin,
    ReadOnlyTabularInline,
    money_column,
)
from .filters import OrderSearchMixin
from .site import owner_site


def _plan_currency(row) -> str:
    return row.plan.order.currency


class RefundLineInline(ReadOnlyTabularInline):
    model = RefundLine
    fields = (
        "refund_amount",
        "status",
        "needs_attention",
        "attempts",
        "next_attempt_at",
        "last_error",
        "gateway_reference",
        "idempotency_key",
    )

    # Money as every page shows it: with the currency, in the reader's format.
    refund_amount = money_column(RefundLine, "amount", currency=_plan_currency)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("plan__order")


class PlanItemInline(ReadOnlyTabularInline):
    model = CancellationPlanItem
    fields = ("order_item", "quantity", "item_amount", "cancellation_request")
    item_amount = money_column(CancellationPlanItem, "amount", currency=_plan_currency)

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("plan__order", "order_item", "cancellation_request__order_item")
        )


@admin.register(CancellationPlan, site=owner_site)
class CancellationPlanAdmin(
    OrderSearchMixin, CsvExportMixin, ReadOnlyAdminMixin, NotFoundForOthersMixin, admin.ModelAdmin
):
    list_display = (
        "id",
        "order",
        "plan_type",
        "status",
        "needs_attention",
        "items_refunded",
        "shipping_refunded",
        "amount_refunded",
        "created_at",
    )
    list_filter = ("status", "needs_attention", "plan_type")
    list_select_related = ("order",)
    readonly_fields = (
        "order",
        "plan_type",
        "status",
        "needs_attention",
        "items_refunded",
        "shipping_refunded",
        "amount_refunded",
        "note",
        "created_by",
        "created_at",
        "approved_at",
        "completed_at",
    )
    fields = readonly_fields
    inlines = [PlanItemInline, RefundLineInline, HistoryInline]
    actions = ["export_selected"]
    export_columns = (
        field_column(CancellationPlan, "id"),
        field_column(CancellationPlan, "order", path="order__number"),
        field_column(CancellationPlan, "plan_type"),
        field_column(CancellationPlan, "status"),
        field_column(CancellationPlan, "needs_attention", as_yes_no),
        field_column(CancellationPlan, "items_amount", as_money, path=("items_amount", "order__currency")),
        field_column(CancellationPlan, "shipping_amount", as_money, path=("shipping_amount", "order__currency")),
        field_column(CancellationPlan, "amount", as_money, path=("amount", "order__currency")),
        field_column(CancellationPlan, "created_at", as_datetime),
        field_column(CancellationPlan, "approved_at", as_datetime),
        field_column(CancellationPlan, "completed_at", as_datetime),
    )
    ordering = ("-created_at", "-id")
    change_form_template = "admin/returns/cancellationplan/change_form.html"

    items_refunded = money_column(CancellationPlan, "items_amount", currency=attrgetter("order.currency"))
    shipping_refunded = money_column(CancellationPlan, "shipping_amount", currency=attrgetter("order.currency"))
    amount_refunded = money_column(CancellationPlan, "amount", currency=attrgetter("order.currency"))

    def get_queryset(self, request):
        return cancellation_plan_list_for_owner()

    def get_urls(self):
        return [
            path(
                "<path:object_id>/retry/",
                self.admin_site.admin_view(self.retry_view),
                name="returns_cancellationplan_retry",
            ),
            *super().get_urls(),
        ]

    def has_retry_permission(self, request) -> bool:
        return request.user.has_perm(RETRY_PLANS)

    def render_change_form(self, request, context, *args, obj=None, **kwargs):
        # A failed plan, and staff whose role may retry it: the transition's own rule.
        context["can_retry"] = obj is not None and fsm.has_transition_perm(obj.retry, request.user)
        return super().render_change_form(request, context, *args, obj=obj, **kwargs)

    def retry_view(self, request, object_id):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        plan = self.get_object_or_404(request, object_id)
        if not self.has_retry_permission(request):
            raise PermissionDenied
        try:
            cancellation_plan_retry(plan_id=plan.pk, retried_by=request.user)
        except ReturnsError as error:
            self.message_user(request, str(error), messages.ERROR)
        else:
            self.log_change(request, plan, _("Retried"))
            self.message_user(request, _("Plan #%(id)s is being retried.") % {"id": plan.pk})
        return HttpResponseRedirect(reverse("admin:returns_cancellationplan_change", args=[plan.pk]))
