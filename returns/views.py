"""The store's Order Details page, where customers cancel, return and withdraw."""

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from orders.selectors import order_get_for_customer
from orders.views import CustomerRequiredMixin

from .exceptions import ReturnsError
from .forms import ReturnItemsForm
from .selectors import (
    cancellation_reason_list_active,
    cancellation_request_get_for_customer,
    cancellation_request_list_for_order,
)
from .services import cancellation_request_create, cancellation_request_withdraw
from .services.common import cancellation_type_for


class OrderDetailView(CustomerRequiredMixin, TemplateView):
    """Order Details: items, payment, requests, and the Return Selected Items form."""

    template_name = "orders/order_detail.html"

    def get(self, request, *args, **kwargs):
        self.order = order_get_for_customer(user=request.user, number=kwargs["number"])
        return super().get(request, *args, **kwargs)

    def get_form(self, data=None) -> ReturnItemsForm:
        items = {item.pk: item for item in self.order.items.all()}
        for item in items.values():
            item.order = self.order
        self.problems = {}
        eligible = {}
        for pk, item in items.items():
            kind = cancellation_type_for(item)
            problem = item.cancellation_ineligibility() if kind == "cancel" else item.return_ineligibility()
            if problem:
                self.problems[pk] = problem
            else:
                eligible[pk] = kind
        return ReturnItemsForm(data, eligible=eligible, reasons=cancellation_reason_list_active(), items=items)

    def get_context_data(self, form=None, **kwargs):
        form = form or self.get_form()
        requests = cancellation_request_list_for_order(order=self.order)
        latest = {}
        for cancellation in requests:
            latest.setdefault(cancellation.order_item_id, cancellation)
        return super().get_context_data(
            order=self.order,
            payment=self.order.payment,
            form=form,
            rows=form.rows(problems=self.problems, requests_by_item=latest),
            requests=requests,
            has_eligible=bool(form.eligible),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        self.order = order_get_for_customer(user=request.user, number=kwargs["number"])
        form = self.get_form(request.POST)
        if form.is_valid():
            try:
                cancellation_request_create(order_id=self.order.pk, lines=form.lines(), requested_by=request.user)
            except ReturnsError as error:
                form.add_error(None, str(error))
            else:
                messages.success(
                    request, _("Your request has been received and is under evaluation. We will email you the outcome.")
                )
                return redirect(reverse("returns:order_detail", kwargs={"number": self.order.number}))
        return self.render_to_response(self.get_context_data(form=form), status=400)


class CancellationRequestWithdrawView(CustomerRequiredMixin, View):
    """Withdraw Request: the customer takes back a request that is still waiting."""

    def post(self, request, number: str, request_id: int):
        cancellation = cancellation_request_get_for_customer(user=request.user, number=number, request_id=request_id)
        try:
            cancellation_request_withdraw(request_id=cancellation.pk, withdrawn_by=request.user)
        except ReturnsError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Your request was withdrawn."))
        return redirect(reverse("returns:order_detail", kwargs={"number": number}))
