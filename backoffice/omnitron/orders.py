"""Omnitron's Orders: the list, the Order Detail page and its Cancel/Return Selected Items."""

from operator import attrgetter
from typing import NamedTuple

from django.contrib import admin, messages
from django.contrib.admin.views.main import SEARCH_VAR, ChangeList
from django.core.exceptions import PermissionDenied
from django.db.models import F
from django.forms.boundfield import BoundField
from django.http import HttpResponseRedirect
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.roles import CANCEL_ITEMS, RETURN_ITEMS
from orders.models import Order, OrderItem, Package
from orders.selectors import (
    SELLER_NAME_SEPARATOR,
    looks_like_order_number,
    order_history_list,
    order_item_list_for_order,
    order_list_for_owner,
    order_list_with_seller_names,
    order_search_for_owner,
)
from orders.templatetags.money import money_writer
from returns.choices import CancellationType
from returns.exceptions import ReturnsError
from returns.quotes import QuoteChoice, order_refund_quote
from returns.selectors import (
    cancellation_plan_list_for_order,
    cancellation_request_list_for_order,
    cancellations_taken_over,
    order_item_problems_for_owner,
)
from returns.services import order_items_cancel, order_items_return

from ..common.history import history_entries, order_history_subjects, status_labels
from ..common.pages import NotFoundForOthersMixin, ReadOnlyAdminMixin, admin_render, money_column
from .filters import SEARCH_HELP, SellerFilter
from .forms import OrderItemsActionForm
from .site import owner_site

# Each Transaction of Cancel/Return Selected Items needs its permission (SPEC rule 14).
TRANSACTION_PERMISSIONS = {CancellationType.CANCEL: CANCEL_ITEMS, CancellationType.REFUND: RETURN_ITEMS}
# The refusal of items that cannot take the Transaction, each named with its reason.
REFUSALS = {
    CancellationType.CANCEL: gettext_lazy("These items cannot be cancelled: %(items)s."),
    CancellationType.REFUND: gettext_lazy("These items cannot be returned: %(items)s."),
}
# Under a line's status, why it cannot take each Transaction.
CANNOT = {
    CancellationType.CANCEL: gettext_lazy("Cannot be cancelled: %(why)s"),
    CancellationType.REFUND: gettext_lazy("Cannot be returned: %(why)s"),
}


class DetailRow(NamedTuple):
    """A line of Product Information, each value its cells show computed once for the page.

    The checkbox is the line's subwidget of the form's item_ids (its value `box_value`, its id
    `box_id`, `checked` as submitted), shown when `selectable`: the user may cancel or return
    and the line can take one of them. `cancel` and `refund` ("yes"/"no") tell the page's
    script which Transaction the line can take; `quantity` (a line of more than one) and the
    notes (why it cannot take one) are for a user who may.
    """

    cancel: str
    refund: str
    selectable: bool
    box_value: str
    box_id: str
    checked: bool
    product: str
    sku: str
    seller: str
    package: str  # the package's status, and its carrier and tracking number once shipped
    quantity: BoundField | None
    count: str  # the line's quantity, written as the number it is
    unit_price: str  # amounts as `money` writes them
    discount_share: str
    amount_paid: str
    status: str
    cancel_note: str
    return_note: str


def detail_rows(form, problems, *, currency: str, can_cancel_return: bool) -> list[DetailRow]:
    """Product Information's lines: status labels and notes translated once, not per line."""
    items, packages = status_labels(OrderItem), status_labels(Package)
    cannot = {kind: str(wording) for kind, wording in CANNOT.items()} if can_cancel_return else {}
    write = money_writer(currency)
    rows, worded = [], {}  # the notes of each distinct pair of reasons, written once
    for item, box, quantity in form.item_rows():
        why = problems[item.pk]
        key = (why[CancellationType.CANCEL], why[CancellationType.REFUND])
        if key not in worded:
            worded[key] = {kind: wording % {"why": why[kind]} if why[kind] else "" for kind, wording in cannot.items()}
        notes = worded[key]
        package = item.package
        shown = packages.get(package.status, package.status)
        data = box.data
        rows.append(
            DetailRow(
                cancel="no" if why[CancellationType.CANCEL] else "yes",
                refund="no" if why[CancellationType.REFUND] else "yes",
                selectable=can_cancel_return and not (why[CancellationType.CANCEL] and why[CancellationType.REFUND]),
                box_value=data["value"],
                box_id=box.id_for_label,
                checked=data["selected"],
                product=item.product_name,
                sku=item.sku,
                seller=item.seller.name,
                package=f"{shown} ({package.carrier} {package.tracking_number})" if package.tracking_number else shown,
                quantity=quantity if can_cancel_return else None,
                count=str(item.quantity),
                unit_price=write(item.unit_price),
                discount_share=write(item.discount_share),
                amount_paid=write(item.amount_paid),
                status=items.get(item.status, item.status),
                cancel_note=notes.get(CancellationType.CANCEL, ""),
                return_note=notes.get(CancellationType.REFUND, ""),
            )
        )
    return rows


class OrderChangeList(ChangeList):
    """The Orders list: orders with their sellers' names, joined in the database for the
    page's rows only (the Order Detail reads the order without them)."""

    def get_queryset(self, request, exclude_parameters=None):
        return order_list_with_seller_names(orders=super().get_queryset(request, exclude_parameters))


@admin.register(Order, site=owner_site)
class OrderAdmin(ReadOnlyAdminMixin, NotFoundForOthersMixin, admin.ModelAdmin):
    list_display = ("number", "customer_name", "created_at", "status", "total_paid", "sellers", "has_open_request")
    list_filter = ("status", "has_open_request", SellerFilter, ("created_at", admin.DateFieldListFilter))
    search_fields = ("number", "customer__email", "customer__last_name", "customer__first_name")
    search_help_text = SEARCH_HELP
    list_select_related = ("customer",)
    object_select_related = ("customer", "payment")  # Order Detail shows both
    ordering = ("-created_at", "-id")

    def get_queryset(self, request):
        return order_list_for_owner()

    def get_search_results(self, request, queryset, search_term):
        term = search_term.strip()
        if not term:
            return queryset, False
        return order_search_for_owner(orders=queryset, term=term), False

    def get_ordering(self, request):
        """Newest first. For a number search, sort the few matches after finding them.

        Otherwise PostgreSQL may walk the whole date index looking for the number's
        matches (20 ms instead of 0.5 ms at 100,000 orders); NULLS LAST, which that
        index does not have, makes it look the number up first.
        """
        if looks_like_order_number(request.GET.get(SEARCH_VAR, "").strip()):
            return (F("created_at").desc(nulls_last=True), "-id")
        return self.ordering

    def get_changelist(self, request, **kwargs):
        return OrderChangeList

    total_paid = money_column(Order, "total", currency=attrgetter("currency"))

    @admin.display(description=gettext_lazy("customer"), ordering="customer__last_name")
    def customer_name(self, order):
        return order.customer.get_full_name() or order.customer.email

    @admin.display(description=gettext_lazy("sellers"))
    def sellers(self, order):
        return ", ".join(sorted(order.seller_names.split(SELLER_NAME_SEPARATOR))) if order.seller_names else ""

    def get_urls(self):
        return [
            path(
                "<path:object_id>/cancel-return/",
                self.admin_site.admin_view(self.cancel_return_view),
                name="orders_order_cancel_return",
            ),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        """Order Detail: product, customer, order and payment information, requests, plans, history.

        Read only, like Django's change page for a user who may view but not change: a POST is a 403.
        """
        order = self.get_object_or_404(request, object_id)
        if not self.has_view_permission(request, order) or request.method == "POST":
            raise PermissionDenied
        return self._detail(request, order, items=order_item_list_for_order(order=order), form=None)

    def transactions_allowed(self, request) -> list[str]:
        """The Transactions of Cancel/Return Selected Items the user may apply (none: no form)."""
        return [kind for kind, permission in TRANSACTION_PERMISSIONS.items() if request.user.has_perm(permission)]

    def _detail(self, request, order, *, items, form, status=200):
        transactions = self.transactions_allowed(request)
        requests = cancellation_request_list_for_order(order=order, items=items, with_creators=True)
        form = form or OrderItemsActionForm(
            order_items=items, transactions=transactions, taking_over=cancellations_taken_over(requests)
        )
        problems = order_item_problems_for_owner(items=items, requests=requests)
        logs = order_history_list(order=order, items=items)
        subjects = order_history_subjects(order=order, items=items) if logs else None  # nothing to name without history
        context = {
            "can_cancel_return": bool(transactions),
            "title": _("Order Detail"),
            "subtitle": order.number,
            "original": order,
            "order": order,
            "payment": order.payment,
            "items": items,
            "form": form,
            "rows": detail_rows(form, problems, currency=order.currency, can_cancel_return=bool(transactions)),
            "requests": requests,
            "plans": cancellation_plan_list_for_order(order=order),
            "history": history_entries(logs, subjects=subjects),
        }
        response = admin_render(self, request, "admin/orders/order/detail.html", context)
        response.status_code = status
        return response

    def cancel_return_view(self, request, object_id):
        """Apply → the Order Cancel / Order Return confirmation → Yes runs the service."""
        order = self.get_object_or_404(request, object_id)
        if request.method != "POST":
            # Nothing to confirm without the chosen items (a bookmark, or the language switch
            # reloading the confirmation): back to the order's page.
            return HttpResponseRedirect(reverse("admin:orders_order_change", args=[order.pk]))
        transactions = self.transactions_allowed(request)
        posted = request.POST.get("transaction")
        if not transactions or (posted in TRANSACTION_PERMISSIONS and posted not in transactions):
            raise PermissionDenied
        items = order_item_list_for_order(order=order)
        requests = cancellation_request_list_for_order(order=order, items=items)
        form = OrderItemsActionForm(
            request.POST, order_items=items, transactions=transactions, taking_over=cancellations_taken_over(requests)
        )
        if not form.is_valid():
            self.message_user(request, _("Please correct the errors below."), messages.ERROR)
            return self._detail(request, order, items=items, form=form)
        if request.POST.get("confirm") == "yes":
            return self._apply(request, order, form)
        return self._confirmation(request, order, form, requests)

    def _confirmation(self, request, order, form, requests):
        """Order Cancel / Order Return: the selected items' refund as the plan will have it.

        Items that cannot take the transaction are refused first, each with its reason.
        """
        selected, kind = form.selected_items(), form.cleaned_data["transaction"]
        problems = order_item_problems_for_owner(items=selected, requests=requests)
        misfits = [f"{item.product_name}: {problems[item.pk][kind]}" for item in selected if problems[item.pk][kind]]
        if misfits:
            self.message_user(request, REFUSALS[kind] % {"items": "; ".join(misfits)}, messages.ERROR)
            return self._detail(request, order, items=list(form.order_items.values()), form=form, status=400)
        # A Cancel takes over the customer's waiting cancellations with their own reasons.
        customers = {r.order_item_id: r.reason for r in requests if r.is_cancel and r.is_awaiting_decision}
        reasons = {
            i.pk: customers[i.pk]
            if kind == CancellationType.CANCEL and i.pk in customers
            else form.cleaned_data["reason"]
            for i in selected
        }
        quantities = form.quantities()
        quote = order_refund_quote(
            order=order,
            items=form.order_items.values(),
            chosen=[
                QuoteChoice(
                    item=i,
                    quantity=quantities[i.pk],
                    cancellation_type=kind,
                    seller_fault=reasons[i.pk].is_seller_fault,
                )
                for i in selected
            ],
        )
        is_cancel = kind == CancellationType.CANCEL
        context = {
            "title": _("Order Cancel") if is_cancel else _("Order Return"),
            "original": order,
            "order": order,
            "form": form,
            "amounts": [
                (item, quantities[item.pk], quote.amounts[item.pk], reasons[item.pk], item.pk in customers)
                for item in selected
            ],
            "quote": quote,
            "is_cancel": is_cancel,
        }
        return admin_render(self, request, "admin/orders/order/cancel_return_confirmation.html", context)

    def _apply(self, request, order, form):
        data = form.cleaned_data
        ids = [int(pk) for pk in data["item_ids"]]
        try:
            if data["transaction"] == CancellationType.CANCEL:
                plan = order_items_cancel(
                    order_id=order.pk,
                    item_ids=ids,
                    quantities=form.quantities(),
                    reason_id=data["reason"].pk if data["reason"] else None,
                    cancelled_by=request.user,
                    note=data["note"],
                )
                message = _("Cancellation plan #%(id)s created (Waiting).") % {"id": plan.pk}
            else:
                created = order_items_return(
                    order_id=order.pk,
                    item_ids=ids,
                    quantities=form.quantities(),
                    reason_id=data["reason"].pk,
                    returned_by=request.user,
                    note=data["note"],
                )
                message = _("%(count)d return request(s) created; they wait for the seller.") % {"count": len(created)}
        except ReturnsError as error:
            self.message_user(request, str(error), messages.ERROR)
        else:
            self.log_change(request, order, message)
            self.message_user(request, message, messages.SUCCESS)
        return HttpResponseRedirect(reverse("admin:orders_order_change", args=[order.pk]))
