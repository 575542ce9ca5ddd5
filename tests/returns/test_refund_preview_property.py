"""Over random orders: the customer's Refund preview = the plans' total = what the gateway refunds.

Each example is an order of random lines, quantities, discount and shipping, some of whose
lines were refunded earlier; the customer then ticks some of the rest (part of a line's
quantity, or all of it). The preview, asked from the store like the page's script does,
must equal to the cent what the plans refund and what the sandbox gateway's ledger moves,
and never exceed what was captured.
"""

import os
import re
from decimal import Decimal

import pytest
from django.db.models import Sum
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accounts.models import system_user
from orders.models import Payment
from returns.models import CancellationPlan, CancellationRequest
from returns.services import RequestLine, cancellation_plan_create, cancellation_request_approve
from returns.services import cancellation_request_create as request_create
from sandbox.models import LedgerRefund
from tests.factories import CancellationReasonFactory, OrderFactory, ProductFactory, UserFactory

pytestmark = pytest.mark.django_db

EXAMPLES = int(os.environ.get("REFUND_PREVIEW_EXAMPLES", "25"))
CENTS = st.integers(min_value=1, max_value=250_000).map(lambda cents: Decimal(cents) / 100)


@st.composite
def orders(draw):
    """Lines (price, quantity), a discount up to half the subtotal, shipping, and the earlier and new choices."""
    lines = draw(st.lists(st.tuples(CENTS, st.integers(1, 3)), min_size=1, max_size=4))
    subtotal = sum(price * quantity for price, quantity in lines)
    discount = Decimal(draw(st.integers(0, int(subtotal * 50)))) / 100
    shipping = Decimal(draw(st.integers(0, 5_000))) / 100
    count = len(lines)
    earlier = draw(st.sets(st.integers(0, count - 1), max_size=count - 1))
    rest = [index for index in range(count) if index not in earlier]
    ticked = draw(st.lists(st.sampled_from(rest), min_size=1, max_size=len(rest), unique=True))
    quantities = {index: draw(st.integers(1, lines[index][1])) for index in ticked}
    return {
        "lines": lines,
        "discount": discount,
        "shipping": shipping,
        "earlier": sorted(earlier),
        "quantities": quantities,
        "returns": draw(st.booleans()),
        "seller_fault": draw(st.booleans()),
    }


def _total_in(fragment: str) -> Decimal:
    match = re.search(r'class="total" data-amount="([0-9.]+)"', fragment)
    assert match, fragment
    return Decimal(match.group(1))


def _refund(items, *, customer, reason, approver) -> None:
    """Open requests for (item, quantity) pairs and let them run to their refunds."""
    order_id = items[0][0].order_id
    lines = [RequestLine(item_id=item.pk, quantity=quantity, reason_id=reason.pk) for item, quantity in items]
    requests = request_create(order_id=order_id, lines=lines, requested_by=customer)
    _decide(requests, reason=reason, approver=approver)


def _decide(requests, *, reason, approver) -> None:
    if reason.cancellation_type == "cancel":
        cancellation_plan_create(
            order_id=requests[0].order_id, request_ids=[r.pk for r in requests], created_by=approver
        )
        return
    for cancellation in requests:
        cancellation_request_approve(request_id=cancellation.pk, approved_by=approver, without_return=True)


def _ledger(payment) -> Decimal:
    return LedgerRefund.objects.filter(payment_reference=payment.reference).aggregate(s=Sum("amount"))["s"] or 0


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(case=orders())
def test_preview_equals_the_plans_and_the_gateway_to_the_cent_and_never_exceeds_the_capture(
    client, django_capture_on_commit_callbacks, case
):
    kind = "refund" if case["returns"] else "cancel"
    reason = CancellationReasonFactory(
        cancellation_type=kind, is_seller_fault=kind == "refund" and case["seller_fault"]
    )
    customer, approver = UserFactory(), system_user()
    order = OrderFactory(
        customer=customer,
        with_items=[(ProductFactory(price=price), quantity) for price, quantity in case["lines"]],
        discount_total=case["discount"],
        shipping_total=case["shipping"],
        delivered=case["returns"],
    )
    items = list(order.items.order_by("pk"))
    payment = Payment.objects.get(order=order)
    with django_capture_on_commit_callbacks(execute=True):
        if case["earlier"]:
            _refund(
                [(items[i], items[i].quantity) for i in case["earlier"]],
                customer=customer,
                reason=reason,
                approver=approver,
            )
    before, plans_before = (
        _ledger(payment),
        set(CancellationPlan.objects.filter(order=order).values_list("pk", flat=True)),
    )

    client.force_login(customer)
    ticked = {items[i].pk: quantity for i, quantity in case["quantities"].items()}
    fields = {"items": [str(pk) for pk in ticked]}
    for pk, quantity in ticked.items():
        fields |= {f"reason_{pk}": str(reason.pk), f"quantity_{pk}": str(quantity)}
    response = client.get(reverse("store:refund_preview", kwargs={"number": order.number}), fields)
    assert response.status_code == 200
    preview = _total_in(response.content.decode())

    with django_capture_on_commit_callbacks(execute=True):
        submitted = client.post(
            reverse("store:order_detail", kwargs={"number": order.number}), {**fields, "accept_policy": "on"}
        )
        assert submitted.status_code == 302
        requests = list(CancellationRequest.objects.filter(order=order, status="waiting").order_by("pk"))
        _decide(requests, reason=reason, approver=approver)

    plans = CancellationPlan.objects.filter(order=order).exclude(pk__in=plans_before)
    assert all(plan.status == "completed" for plan in plans)
    planned = sum((plan.amount for plan in plans), Decimal("0.00"))
    payment.refresh_from_db()
    assert preview == planned == _ledger(payment) - before
    assert _ledger(payment) <= payment.amount_captured
    assert payment.amount_refunded <= payment.amount_captured
