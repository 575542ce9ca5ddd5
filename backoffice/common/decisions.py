"""Approving (Seller Center: confirming) and rejecting cancellation and return requests.

Single requests get a confirmation page from their change page; bulk actions follow
`delete_selected`: a confirmation page first, then one service call per request.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import F
from django.http import HttpResponseRedirect
from django.urls import path, reverse
from django.utils.timesince import timesince
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from orders.models import OrderItem
from returns.choices import CancellationType, RequestStatus
from returns.exceptions import ReturnsError
from returns.models import CancellationRequest, ReturnShipment
from returns.quotes import QuoteChoice, order_refund_quote
from returns.refunds import RefundQuote
from returns.services import cancellation_request_approve, cancellation_request_reject

from .exports import Column, CsvExportMixin, as_datetime, as_reason, field_column
from .pages import (
    HistoryInline,
    NotFoundForOthersMixin,
    ReadOnlyAdminMixin,
    action_confirmation,
    admin_render,
    choice_column,
    run_per_object,
)
from .shipments import ReturnShipmentAdminMixin


class DecisionForm(forms.Form):
    note = forms.CharField(
        label=gettext_lazy("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )

    def __init__(self, *args, note_required: bool = False, without_return: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if without_return:
            # The parcel has not reached the seller: approving is a refund without return, said twice.
            self.fields["without_return"] = forms.BooleanField(
                label=gettext_lazy("Yes, refund without return: the customer keeps the goods"),
                error_messages={"required": gettext_lazy("Tick this to refund although the parcel has not arrived.")},
            )
        if note_required:
            self.fields["note"].required = True
            self.fields["note"].label = gettext_lazy("Note to the customer (required)")
            self.fields["note"].error_messages["required"] = gettext_lazy("A note is required to reject a request.")


class RequestDecisionMixin:
    """Adds `<pk>/approve/` and `<pk>/reject/` views and bulk actions that call the services."""

    approve_label = gettext_lazy("Approve")
    approved_verb = gettext_lazy("Approved")
    actions = ["approve_selected", "reject_selected"]

    def get_urls(self):
        prefix = f"{self.opts.app_label}_{self.opts.model_name}"
        return [
            path("<path:object_id>/approve/", self.admin_site.admin_view(self.approve_view), name=f"{prefix}_approve"),
            path("<path:object_id>/reject/", self.admin_site.admin_view(self.reject_view), name=f"{prefix}_reject"),
            *super().get_urls(),
        ]

    def has_approve_permission(self, request) -> bool:
        """Whether the user may approve (confirm) requests at all: nobody, unless the site says who.

        Which requests may be approved is the request's own question (`can_be_approved_by`).
        """
        return False

    def has_reject_permission(self, request) -> bool:
        return False

    def has_decision_permission(self, request, *, approve: bool) -> bool:
        return self.has_approve_permission(request) if approve else self.has_reject_permission(request)

    def approve_view(self, request, object_id):
        return self._decision_view(request, object_id, approve=True)

    def reject_view(self, request, object_id):
        return self._decision_view(request, object_id, approve=False)

    def _decision_view(self, request, object_id, *, approve: bool):
        cancellation = self.get_object_or_404(request, object_id)
        if not self.has_decision_permission(request, approve=approve):
            raise PermissionDenied
        without_return = approve and not cancellation.has_goods_back
        form = DecisionForm(request.POST or None, note_required=not approve, without_return=without_return)
        if request.method == "POST" and form.is_valid():
            try:
                self._decide(
                    request,
                    cancellation,
                    approve=approve,
                    note=form.cleaned_data["note"],
                    without_return=form.cleaned_data.get("without_return", False),
                )
            except ReturnsError as error:
                self.message_user(request, str(error), messages.ERROR)
            else:
                verb = self.approved_verb if approve else _("Rejected")
                self.log_change(request, cancellation, str(verb))
                self.message_user(request, _("Request #%(id)s: %(verb)s.") % {"id": cancellation.pk, "verb": verb})
                return HttpResponseRedirect(self._change_url(cancellation))
        title = (_("%(verb)s request #%(id)s") if approve else _("Reject request #%(id)s")) % {
            "verb": self.approve_label,
            "id": cancellation.pk,
        }
        context = {
            "title": title,
            "original": cancellation,
            "quote": request_refund_quote(cancellation) if approve else None,
            "form": form,
            "approve": approve,
            "without_return": without_return,
            "change_url": self._change_url(cancellation),
        }
        templates = [
            "admin/returns/cancellationrequest/decision_confirmation.html",
            "admin/returns/decision_confirmation.html",
        ]
        return admin_render(self, request, templates, context)

    def _decide(self, request, cancellation, *, approve: bool, note: str, without_return: bool = False):
        if approve:
            return cancellation_request_approve(
                request_id=cancellation.pk, approved_by=request.user, note=note, without_return=without_return
            )
        return cancellation_request_reject(request_id=cancellation.pk, rejected_by=request.user, note=note)

    def _change_url(self, obj):
        return reverse(f"{self.admin_site.name}:returns_cancellationrequest_change", args=[obj.pk])

    @admin.action(description=gettext_lazy("Approve selected requests"), permissions=["approve"])
    def approve_selected(self, request, queryset):
        return self._bulk(request, queryset, approve=True)

    @admin.action(description=gettext_lazy("Reject selected requests"), permissions=["reject"])
    def reject_selected(self, request, queryset):
        return self._bulk(request, queryset, approve=False)

    def _bulk(self, request, queryset, *, approve: bool):
        if not self.has_decision_permission(request, approve=approve):
            raise PermissionDenied
        form = DecisionForm(request.POST if "post" in request.POST else None, note_required=not approve)
        if "post" in request.POST and form.is_valid():
            note = form.cleaned_data["note"]
            run_per_object(
                self,
                request,
                queryset.order_by("pk"),
                lambda obj: self._decide(request, obj, approve=approve, note=note),
                str(self.approved_verb if approve else _("Rejected")),
            )
            return None
        action = "approve_selected" if approve else "reject_selected"
        title = _("Approve these requests?") if approve else _("Reject these requests?")
        return action_confirmation(
            self,
            request,
            queryset.select_related("order_item", "order"),
            action=action,
            title=title,
            form=form,
            template="decision_selected_confirmation.html",
        )


def request_export_columns(*, with_seller: bool) -> tuple[Column, ...]:
    """The columns of a Cancellation/Return Requests export, named as the list and the request page name them."""
    request = CancellationRequest
    seller = (field_column(request, "seller", path="seller__name"),) if with_seller else ()
    return (
        field_column(request, "id"),
        field_column(request, "order", path="order__number"),
        field_column(OrderItem, "product_name", path="order_item__product_name"),
        field_column(OrderItem, "sku", path="order_item__sku"),
        *seller,
        field_column(request, "quantity"),
        field_column(request, "cancellation_type"),
        field_column(request, "reason", as_reason, path=("reason__subject", "reason__subject_tr")),
        field_column(request, "description"),
        field_column(request, "status"),
        field_column(request, "created_at", as_datetime),
        field_column(request, "decided_at", as_datetime),
        field_column(ReturnShipment, "return_code", path="return_shipment__return_code"),
    )


def request_refund_quote(cancellation: CancellationRequest) -> RefundQuote:
    """What approving this request alone would refund: the same quote its plan is drafted from."""
    order = cancellation.order
    items = list(order.items.all())
    item = next(line for line in items if line.pk == cancellation.order_item_id)
    choice = QuoteChoice(
        item=item,
        quantity=item.quantity,
        cancellation_type=cancellation.cancellation_type,
        seller_fault=not cancellation.is_cancel and cancellation.reason.is_seller_fault,
    )
    return order_refund_quote(order=order, items=items, chosen=[choice])


class RequestAdminBase(
    CsvExportMixin,
    ReturnShipmentAdminMixin,
    RequestDecisionMixin,
    ReadOnlyAdminMixin,
    NotFoundForOthersMixin,
    admin.ModelAdmin,
):
    """A site's Cancellation/Return Requests: the list, the read-only request page with its
    history, the decision buttons its `has_approve_permission` and `has_reject_permission`
    allow, and CSV exports of the list."""

    actions = ["approve_selected", "reject_selected", "export_selected"]
    export_columns = request_export_columns(with_seller=True)

    list_display = (
        "id",
        "order_number",
        "product",
        "seller_name",
        "quantity",
        choice_column(CancellationRequest, "cancellation_type", CancellationType),
        "reason",
        choice_column(CancellationRequest, "status", RequestStatus),
        "shipment_status",
        "age",  # when it was asked, as how long ago (sorted by the time); the exact time is on its page
    )
    list_select_related = ("order_item", "reason")
    list_only = (
        *("order", "order_item", "cancellation_type", "reason", "quantity", "status", "created_at"),
        *("order_item__product_name", "order_item__quantity", "order_item__status"),
        *("reason__subject", "reason__subject_tr"),
    )
    # The order's number, the seller's name and the parcel's status, as columns of the row
    # rather than three objects.
    list_values = {
        "order_number_shown": F("order__number"),
        "seller_name_shown": F("order_item__seller__name"),
        "shipment_status_shown": F("return_shipment__status"),
    }
    readonly_fields = (
        "order",
        "order_item",
        "cancellation_type",
        "reason",
        "description",
        "quantity",
        "status",
        "creator",
        "created_at",
        "decided_by",
        "decided_at",
        "rejection_note",
    )  # a return's code is in its return shipment's box below
    fields = readonly_fields
    inlines = [HistoryInline]
    ordering = ("-created_at", "-id")
    change_form_template = "admin/returns/cancellationrequest/change_form.html"

    @admin.display(description=gettext_lazy("order"), ordering="order__number")
    def order_number(self, obj):
        return obj.order_number_shown

    @admin.display(description=gettext_lazy("product"))
    def product(self, obj):
        return obj.order_item.product_name

    @admin.display(description=gettext_lazy("seller"))
    def seller_name(self, obj):
        return obj.seller_name_shown

    @admin.display(description=gettext_lazy("created by"))
    def creator(self, obj):
        """Who asked, once: the person and on whose side ("Ayşe Yılmaz (Customer)")."""
        return _("%(person)s (%(side)s)") % {"person": obj.created_by, "side": obj.get_origin_display()}

    @admin.display(description=gettext_lazy("age"), ordering="created_at")
    def age(self, obj):
        return timesince(obj.created_at, depth=1)

    def render_change_form(self, request, context, *args, obj=None, **kwargs):
        """Offer Approve (Confirm) and Reject only when the request allows it and the user may press them."""
        context["can_reject"] = obj is not None and obj.can_reject and self.has_reject_permission(request)
        context["can_approve"] = (
            obj is not None and obj.can_be_approved_by(request.user) and self.has_approve_permission(request)
        )
        context["approve_label"] = self.approve_label
        context.update(self.shipment_context(request, obj))
        return super().render_change_form(request, context, *args, obj=obj, **kwargs)
