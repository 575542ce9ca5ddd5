"""Omnitron's Order Cancel / Order Return page: the amounts the plan will have, and refusals with reasons."""

from decimal import Decimal

import pytest
from django.urls import reverse

from returns.models import CancellationPlan, CancellationRequest
from returns.services import cancellation_request_approve
from tests.factories import CancellationReasonFactory, OrderFactory, ProductFactory

from .helpers import apply_transaction as _apply

pytestmark = pytest.mark.django_db


def _order_like_m1001(customer, **traits):
    """Two lines, a discount shared over them and shipping: 1,079.00 TRY paid."""
    return OrderFactory(
        customer=customer,
        with_items=[(ProductFactory(price=Decimal("899.00")), 1), (ProductFactory(price=Decimal("199.90")), 1)],
        discount_total=Decimal("49.80"),
        shipping_total=Decimal("29.90"),
        **traits,
    )


def test_order_cancel_of_every_item_shows_shipping_and_the_total_the_plan_refunds(
    owner_client, customer, owner_cancel_reason
):
    order = _order_like_m1001(customer)
    assert order.total == Decimal("1079.00")

    page = _apply(owner_client, order, order.items.all(), "cancel", owner_cancel_reason).content.decode()
    _apply(owner_client, order, order.items.all(), "cancel", owner_cancel_reason, confirm=True)

    plan = CancellationPlan.objects.get()
    assert plan.amount == Decimal("1079.00")
    assert plan.shipping_amount == Decimal("29.90")
    assert "Shipping</th><td>29.90 TRY" in page
    assert "Total</th><th>1,079.00 TRY" in page


def test_order_cancel_of_some_items_shows_no_shipping(owner_client, customer, owner_cancel_reason):
    order = _order_like_m1001(customer)
    first = order.items.order_by("pk").first()

    page = _apply(owner_client, order, [first], "cancel", owner_cancel_reason).content.decode()
    _apply(owner_client, order, [first], "cancel", owner_cancel_reason, confirm=True)

    plan = CancellationPlan.objects.get()
    assert plan.shipping_amount == 0
    assert f"Total</th><th>{plan.amount:,} TRY" in page
    assert 'class="shipping"' not in page


def test_order_return_for_a_seller_fault_shows_shipping_and_equals_the_sellers_plan(
    owner_client, customer, seller_user
):
    faulty = CancellationReasonFactory(refund=True, seller_fault=True, subject="Arrived damaged", for_owner=True)
    order = _order_like_m1001(customer, delivered=True)
    item = order.items.order_by("pk").last()

    page = _apply(owner_client, order, [item], "refund", faulty).content.decode()
    _apply(owner_client, order, [item], "refund", faulty, confirm=True)
    cancellation = CancellationRequest.objects.get()
    cancellation_request_approve(request_id=cancellation.pk, approved_by=seller_user, without_return=True)

    plan = CancellationPlan.objects.get()
    assert plan.shipping_amount == Decimal("29.90")
    assert f"Total</th><th>{plan.amount:,} TRY" in page
    assert "Shipping</th><td>29.90 TRY" in page


def test_order_detail_says_on_each_row_why_it_cannot_take_a_transaction(owner_client, customer):
    order = OrderFactory(customer=customer, with_items=[(ProductFactory(name="Turkish Cotton Towel Set"), 1)])

    page = owner_client.get(reverse("admin:orders_order_change", args=[order.pk])).content.decode()

    row = page.split("Turkish Cotton Towel Set")[1].split("</tr>")[0]
    assert "Cannot be returned: " in row
    assert "Cannot be cancelled" not in row


def test_apply_return_of_an_unshipped_item_is_refused_before_the_confirmation_with_the_reason(
    owner_client, customer, owner_return_reason
):
    order = OrderFactory(customer=customer, with_items=[(ProductFactory(name="Turkish Cotton Towel Set"), 1)])
    problem = order.items.get().return_ineligibility()

    response = _apply(owner_client, order, order.items.all(), "refund", owner_return_reason)

    assert response.status_code == 400
    assert "Order Return" not in response.content.decode()
    messages = [str(m) for m in response.context["messages"]]
    assert messages == [f"These items cannot be returned: Turkish Cotton Towel Set: {problem}."]
    assert not CancellationRequest.objects.exists()


def test_a_refusal_after_yes_names_the_reason_too(owner_client, customer, owner_return_reason):
    order = OrderFactory(customer=customer, with_items=[(ProductFactory(name="Turkish Cotton Towel Set"), 1)])
    problem = order.items.get().return_ineligibility()

    response = _apply(owner_client, order, order.items.all(), "refund", owner_return_reason, confirm=True)

    messages = [str(m) for m in owner_client.get(response.url).context["messages"]]
    assert f"Turkish Cotton Towel Set: {problem}" in messages[0]
