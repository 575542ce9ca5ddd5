"""The customers' store: My Orders, Order Details (where they cancel and return) and withdrawing a request."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import lru_cache
from typing import TypedDict

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.core.signals import setting_changed
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.formats import date_format
from django.utils.translation import get_language, override
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.cache import cache_control
from django.views.generic import ListView, TemplateView

from orders import rules
from orders.choices import OrderItemStatus, OrderStatus, choice_label
from orders.models import Order, OrderItem
from orders.selectors import (
    delivery_failed_order_ids,
    order_get_for_customer,
    order_list_for_customer,
    user_is_seller_staff,
)
from returns.choices import ReasonAudience
from returns.exceptions import ReturnsError
from returns.models import CancellationRequest
from returns.quotes import order_refund_quote
from returns.refunds import RefundQuote
from returns.selectors import (
    cancellation_reason_list_for,
    cancellation_request_get_for_customer,
    cancellation_request_list_for_order,
    order_item_eligibility_list,
    return_label_get_for_customer,
    return_shipment_get_for_customer,
)
from returns.services import cancellation_request_create, cancellation_request_withdraw, return_shipment_mark_shipped

from .forms import LineFields, RefundPreviewForm, ReturnItemsForm, ShippedForm

SELLER_STAFF_SESSION_KEY = "store_seller_staff"

# A customer's orders are theirs alone: no shared cache may keep them, and no browser may
# store them (the back button after signing out shows nothing).
private_no_store = cache_control(private=True, no_store=True)


def is_seller_staff(request) -> bool:
    """Whether the signed-in user works for a seller, looked up once per session.

    Every store page asks; the answer is stored in the session at each sign-in (see
    `store.apps`), so the store pays no query for it. A session from before that
    looks it up once.
    """
    known = request.session.get(SELLER_STAFF_SESSION_KEY)
    if known is None:
        known = request.session[SELLER_STAFF_SESSION_KEY] = user_is_seller_staff(user=request.user)
    return known


@method_decorator(private_no_store, name="dispatch")
class CustomerRequiredMixin(LoginRequiredMixin):
    """Store pages are for customers: owner staff and seller staff use their own admins."""

    def dispatch(self, request, *args, **kwargs):
        user = request.user
        if user.is_authenticated and (user.is_staff or is_seller_staff(request)):
            raise PermissionDenied("The store is for customers; use Omnitron or Seller Center.")
        return super().dispatch(request, *args, **kwargs)


def order_status_shown(order: Order) -> tuple[str, str]:
    """The status a customer is shown: "Delivery Failed" when nothing still on its way arrived.

    The order stays `shipped` (SPEC section 3); telling the customer it is on its way would be wrong.
    """
    lines = ((item.status, item.status_before_request) for item in order.items.all())
    return status_shown(order.status, delivery_failed=rules.is_delivery_failed(lines))


def status_shown(status: str, *, delivery_failed: bool) -> tuple[str, str]:
    """An order's status and its label as the customer sees them (`order_status_shown`)."""
    if status == OrderStatus.SHIPPED and delivery_failed:
        return OrderItemStatus.DELIVERY_FAILED, choice_label(OrderItemStatus, OrderItemStatus.DELIVERY_FAILED)
    return status, choice_label(OrderStatus, status)


@lru_cache(maxsize=4096)
def day_text(day: date, language: str | None) -> str:
    """A day as `language` writes it (an order's date on the store's pages), kept per process: formats and translations
    do not change while it runs, so each day is written once per language, not once per page."""
    with override(language):
        return date_format(day, "DATE_FORMAT")


setting_changed.connect(lambda **kwargs: day_text.cache_clear(), dispatch_uid="store.day_text_clear", weak=False)


class OrderListView(CustomerRequiredMixin, ListView):
    """My Orders: the customer's own orders, newest first."""

    template_name = "store/order_list.html"
    context_object_name = "orders"
    paginate_by = 20

    def get_queryset(self):
        fields = ("number", "created_at", "status", "total", "currency", "has_open_request")
        return order_list_for_customer(user=self.request.user).only(*fields)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        failed = delivery_failed_order_ids(orders=context["orders"])
        # Each row's plain values (the template reads a dict's keys cheaper than a model's attributes).
        language = get_language()
        rows = []
        for order in context["orders"]:
            status, label = status_shown(order.status, delivery_failed=order.pk in failed)
            rows.append(
                {
                    "number": order.number,
                    "day": day_text(timezone.localdate(order.created_at), language),
                    "status": status,
                    "status_label": label,
                    "has_open_request": order.has_open_request,
                    "total": order.total,
                    "currency": order.currency,
                }
            )
        context["rows"] = rows
        return context


class OrderLine(TypedDict):
    """One row of the Order Details table: plain values, read by the row's template as dict keys."""

    pk: str  # the item's id as ids and values write it
    sku: str
    product_name: str
    seller_name: str
    quantity: str  # as the page writes it (no grouping): a number costs the template a localization per line
    amount_paid: Decimal
    status: str
    status_label: str  # the item's status as shown (labels are translated once per language)
    open_request: CancellationRequest | None  # shown while the item waits for it
    problem: str | None  # why the item may take no request (not shown while one is open)
    fields: LineFields | None  # the inputs of an eligible item


class OrderFormMixin:
    """The Return This Item fields of `self.order`, for the items that may take a request now."""

    form_class = ReturnItemsForm

    def get_form(self, data=None, requests=None) -> ReturnItemsForm:
        if requests is None:
            requests = cancellation_request_list_for_order(order=self.order)
        self.eligibility = order_item_eligibility_list(order=self.order, requests=requests)
        eligible = {pk: line.cancellation_type for pk, line in self.eligibility.items() if line.is_eligible}
        return self.form_class(
            data,
            eligible=eligible,
            reasons=cancellation_reason_list_for(audience=ReasonAudience.CUSTOMER),
            items=self.order.items.all(),
        )


class OrderDetailView(CustomerRequiredMixin, OrderFormMixin, TemplateView):
    """Order Details: items, payment, requests, and the Return Selected Items form."""

    template_name = "store/order_detail.html"

    def get(self, request, *args, **kwargs):
        self.order = order_get_for_customer(user=request.user, number=kwargs["number"])
        return super().get(request, *args, **kwargs)

    def get_context_data(self, form=None, requests=None, **kwargs):
        if requests is None:
            requests = cancellation_request_list_for_order(order=self.order)
        form = form or self.get_form(requests=requests)
        status, status_label = order_status_shown(self.order)
        return super().get_context_data(
            order=self.order,
            payment=self.order.payment,
            form=form,
            # What the template asks of the form besides its fields, read once (a form looks a
            # name up among its fields first, and a miss lists them all in its error message).
            has_choices=form.has_choices,
            reason_choices=form.reason_choices,
            lines=self.lines(form, requests),
            created_day=day_text(timezone.localdate(self.order.created_at), get_language()),
            order_status=status,
            order_status_label=status_label,
            requests=requests,
            shipped_form=ShippedForm() if requests else None,  # only a request can have a parcel to ship
            **kwargs,
        )

    def lines(self, form: ReturnItemsForm, requests: list[CancellationRequest]) -> list[OrderLine]:
        latest = {}
        for cancellation in requests:  # newest first
            latest.setdefault(cancellation.order_item_id, cancellation)
        lines = []
        for item in rules.split_lines_together(self.order.items.all()):
            lines.append(
                OrderLine(
                    pk=str(item.pk),
                    sku=item.sku,
                    product_name=item.product_name,
                    seller_name=item.seller.name,
                    quantity=str(item.quantity),
                    amount_paid=item.amount_paid,
                    status=item.status,
                    status_label=item.get_status_display(),
                    open_request=latest.get(item.pk) if item.is_waiting else None,
                    problem=None if item.is_waiting else self.eligibility[item.pk].problem,
                    fields=form.line_fields(item.pk),
                )
            )
        return lines

    def post(self, request, *args, **kwargs):
        self.order = order_get_for_customer(user=request.user, number=kwargs["number"])
        requests = cancellation_request_list_for_order(order=self.order)
        form = self.get_form(request.POST, requests=requests)
        if form.is_valid():
            try:
                cancellation_request_create(order_id=self.order.pk, lines=form.lines(), requested_by=request.user)
            except ReturnsError as error:
                form.add_error(None, str(error))
            else:
                messages.success(
                    request, _("Your request has been received and is under evaluation. We will email you the outcome.")
                )
                return redirect("store:order_detail", number=self.order.number)
        return self.render_to_response(self.get_context_data(form=form, requests=requests), status=400)


class RefundPreviewView(CustomerRequiredMixin, OrderFormMixin, TemplateView):
    """The Refund preview of the ticked items, as an HTML fragment for Order Details' script.

    A GET with the form's fields; what the quote gives is what the plan will refund. Input
    the form refuses (an item not eligible, an unknown reason, a quantity out of range) is
    a 400 that says so.
    """

    template_name = "store/includes/refund_preview_body.html"
    form_class = RefundPreviewForm

    def get(self, request, *args, **kwargs):
        self.order = order_get_for_customer(user=request.user, number=kwargs["number"])
        form = self.get_form(request.GET, requests=())  # the submission checks the rejections
        if not form.is_valid():
            return self.render_to_response({"invalid": True, "order": self.order}, status=400)
        return self.render_to_response({"preview": refund_preview(order=self.order, form=form), "order": self.order})


@dataclass(frozen=True)
class PreviewLine:
    item: OrderItem
    quantity: str  # as the page writes it (no grouping): a number costs the template a localization per line
    amount: Decimal


@dataclass(frozen=True)
class RefundPreview:
    """The rows of the Refund preview: each ticked item's amount, shipping, the total."""

    lines: list[PreviewLine]
    quote: RefundQuote


def refund_preview(*, order, form: RefundPreviewForm) -> RefundPreview:
    choices = form.quote_choices()
    quote = order_refund_quote(order=order, items=order.items.all(), chosen=choices)
    lines = [PreviewLine(item=c.item, quantity=c.quantity, amount=quote.amounts[c.item.pk]) for c in choices]
    return RefundPreview(lines=lines, quote=quote)


class CancellationRequestWithdrawView(CustomerRequiredMixin, View):
    """Withdraw Request: the customer takes back a request that is still waiting, after confirming it.

    The button posts to a confirmation page; its Yes (`confirm=yes`) withdraws.
    """

    def post(self, request, number: str, request_id: int):
        cancellation = cancellation_request_get_for_customer(user=request.user, number=number, request_id=request_id)
        if request.POST.get("confirm") != "yes":
            context = {"cancellation": cancellation, "order_number": number}
            return TemplateResponse(request, "store/withdraw_confirmation.html", context)
        try:
            cancellation_request_withdraw(request_id=cancellation.pk, withdrawn_by=request.user)
        except ReturnsError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Your request was withdrawn. We have emailed you a confirmation."))
        return redirect("store:order_detail", number=number)


class ReturnShippedView(CustomerRequiredMixin, View):
    """I Have Shipped It: the customer handed the parcel to the carrier, with its tracking number if any."""

    def post(self, request, number: str, request_id: int):
        shipment = return_shipment_get_for_customer(user=request.user, number=number, request_id=request_id)
        form = ShippedForm(request.POST)
        if not form.is_valid():
            messages.error(request, " ".join(form.errors["tracking_number"]))
            return redirect("store:order_detail", number=number)
        try:
            return_shipment_mark_shipped(
                request_id=shipment.cancellation_request_id,
                shipped_by=request.user,
                tracking_number=form.cleaned_data["tracking_number"],
            )
        except ReturnsError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Thank you: return %(code)s is on its way.") % {"code": shipment.return_code})
        return redirect("store:order_detail", number=number)


class ReturnLabelView(CustomerRequiredMixin, TemplateView):
    """Print Return Label: one A4 page with the return code (as text and a QR code) and where to send it."""

    template_name = "store/return_label.html"

    def get_context_data(self, **kwargs):
        label = return_label_get_for_customer(
            user=self.request.user, number=kwargs["number"], request_id=kwargs["request_id"]
        )
        return super().get_context_data(label=label, **kwargs)
